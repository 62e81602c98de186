"""Writing: an imported snapshot into the control folder with its provenance, and any snapshot in DeepStateMap's shape."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geodata import __version__, paths
from geodata.control import AS_OF_PATTERN, ControlSnapshot
from geodata.errors import ImportWriteError
from geodata.geojson import COORDINATE_DECIMALS, feature, write_feature_collection
from geodata.importer.categories import DEEPSTATE_OCCUPIED_NAME
from geodata.importer.limits import validate_as_of
from geodata.importer.results import ImportResult


def export_deepstate(snapshot: ControlSnapshot) -> bytes:
    """Write a snapshot in DeepStateMap's shape: ``{"datetime": …, "map": FeatureCollection}``.

    Parameters
    ----------
    snapshot : ControlSnapshot
        Any snapshot, e.g. ``dataset.snapshot("2025-11-20")``.

    Returns
    -------
    bytes
        UTF-8 JSON, one feature per region named ``"Окуповано /// Occupied /// occupied"``,
        polygons with a Z coordinate of 0 as DeepStateMap writes them. Reading it back with
        :func:`read_control_file` gives the same per-region shares.
    """
    features = []
    for region_id in sorted(snapshot.by_region):
        geometry = shapely.force_3d(snapshot.by_region[region_id], 0.0)
        features.append(feature(geometry, {"name": DEEPSTATE_OCCUPIED_NAME, "region_id": region_id}))
    document = {
        "datetime": f"{snapshot.as_of}T00:00:00Z" if AS_OF_PATTERN.fullmatch(snapshot.as_of) else None,
        "map": {"type": "FeatureCollection", "features": features},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _feature(geometry: BaseGeometry, properties: dict[str, Any], feature_id: str) -> dict[str, Any]:
    """:func:`geodata.geojson.feature`, without rounding each number in Python when the geometry is on the grid.

    An imported snapshot is on the 5-decimal grid already (each coordinate is the double nearest to
    ``N / 10**5`` for an integer ``N``), and for such a number ``round(x, 5) == x``: the rounding is
    checked once for all coordinates with numpy and skipped, and the file is byte for byte the same.
    """
    xy = shapely.get_coordinates(geometry)
    if not len(xy) or (xy == 0).any() or not np.array_equal(xy, np.rint(xy * 10**COORDINATE_DECIMALS) / 10**COORDINATE_DECIMALS):
        return feature(geometry, properties, feature_id=feature_id)
    del xy
    geo = mapping(geometry)
    return {
        "type": "Feature",
        "id": feature_id,
        "properties": properties,
        "geometry": {"type": geo["type"], "coordinates": geo["coordinates"]},
    }


def _protected_dates(out_dir: Path) -> dict[str, str]:
    """Snapshot dates the package ships or builds (listed in PROVENANCE.json, or with a vertex file), and why."""
    package = out_dir.parent
    protected: dict[str, str] = {}
    provenance = package / "PROVENANCE.json"
    if provenance.is_file():
        try:
            outputs = json.loads(provenance.read_text(encoding="utf-8")).get("outputs", {})
        except (OSError, ValueError):
            outputs = {}
        for relative in outputs:
            stem = Path(relative).stem
            if Path(relative).parent.name == out_dir.name and AS_OF_PATTERN.fullmatch(stem):
                protected[stem] = "a shipped snapshot (listed in PROVENANCE.json)"
    sources = package / "sources" / out_dir.name
    if sources.is_dir():
        for spec in sources.glob("*.toml"):
            protected.setdefault(spec.stem, f"built from sources/{out_dir.name}/{spec.name} by `python -m geodata build`")
    return protected


def write_imported_snapshot(
    result: ImportResult,
    as_of: str,
    out_dir: Path = paths.CONTROL_DIR,
    *,
    force: bool = False,
    replace_import: bool = False,
    extra: Mapping[str, Any] | None = None,
    protected: Mapping[str, str] | None = None,
) -> Path:
    """Write an imported snapshot as ``<out_dir>/<as_of>.geojson`` plus ``<as_of>.provenance.json``.

    The snapshot file has the build's format (one feature per region with ``as_of``,
    ``region_id``, ``method``, ``sources``), so the app lists and loads it like a
    shipped one. The provenance file records the original file name, its sha256,
    the format, the categories used and the tool's version (no clock time, so the
    same import writes the same bytes).

    Parameters
    ----------
    result : ImportResult
        What :func:`read_control_file` returned.
    as_of : str
        The date, YYYY-MM-DD; it becomes the file name.
    out_dir : Path
        The control folder (the package's by default).
    force : bool
        Replace an existing file, even a shipped snapshot.
    replace_import : bool
        Replace a file imported earlier, but never a shipped or built snapshot (``fetch-control``
        replaces its own earlier fetch of a date with it).
    extra : mapping, optional
        Further JSON-ready members of the provenance file (``fetch-control`` adds ``fetch``: address,
        time fetched, sha256, licence); they cannot replace the import's own members.
    protected : mapping of str to str, optional
        Further dates refused without ``force``, each with the reason (writing into the user data folder:
        the package's dates, :meth:`geodata.dataset.Dataset.protected_dates`).

    Returns
    -------
    Path
        The snapshot file written.

    Raises
    ------
    ImportWriteError
        For a malformed date, or a file that exists (shipped or imported before) without ``force``.
    """
    try:
        validate_as_of(as_of)
    except ValueError as exc:
        raise ImportWriteError(str(exc)) from None
    out_dir = Path(out_dir)
    target = out_dir / f"{as_of}.geojson"
    sidecar = out_dir / f"{as_of}.provenance.json"
    # The validated date cannot leave the folder; the check guards against a future change of the pattern.
    if target.resolve().parent != out_dir.resolve():
        raise ImportWriteError(f"{as_of!r} would write outside {out_dir}")
    if not force:
        why = _protected_dates(out_dir).get(as_of)
        if why:
            raise ImportWriteError(f"{out_dir.name}/{target.name} is {why}; pass --force to replace it")
        why = (protected or {}).get(as_of)
        if why:
            raise ImportWriteError(
                f"{as_of} is {why}; pass --force to use yours for that date instead (the package's file stays)"
            )
        if target.exists() and not replace_import:
            raise ImportWriteError(f"{out_dir.name}/{target.name} exists (an earlier import?); pass --force to replace it")
    summary = result.summary
    method = result.snapshot.method
    sources = list(result.snapshot.sources)
    # A generator: each region's coordinates are built as Python lists only while its line is written (memory).
    features = (
        _feature(
            result.snapshot.by_region[region_id],
            {"as_of": as_of, "region_id": region_id, "method": method, "sources": sources},
            f"{as_of}/{region_id}",
        )
        for region_id in sorted(result.snapshot.by_region)
    )
    out_dir.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed into place, so a reader never sees half a file.
    temporary = out_dir / f".{as_of}.geojson.tmp"
    write_feature_collection(temporary, features)
    os.replace(temporary, target)
    provenance = {
        "as_of": as_of,
        "snapshot": target.name,
        "snapshot_sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        "file_name": summary.label,
        "file_sha256": summary.sha256,
        "file_size_bytes": summary.size_bytes,
        "format": summary.format,
        "repair": summary.repair,
        "categories_found": dict(summary.categories),
        "categories_used": list(summary.categories_used),
        "features_read": summary.features_read,
        "features_used": summary.features_used,
        "warnings": list(summary.warnings),
        "repairs": list(summary.repairs),
        "tool": f"geodata {__version__}",
        "libraries": _libraries(),
    }
    for key, value in (extra or {}).items():
        provenance.setdefault(key, value)
    temporary = out_dir / f".{as_of}.provenance.json.tmp"
    temporary.write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    os.replace(temporary, sidecar)
    return target


def _libraries() -> dict[str, str]:
    """The versions of the libraries that read and computed the snapshot."""
    import pyogrio
    import pyproj

    return {
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "pyogrio": pyogrio.__version__,
        "gdal": pyogrio.__gdal_version_string__,
        "pyproj": pyproj.__version__,
    }
