"""Control snapshots: the area Russia holds on a date, and each region split into its two parts."""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import Any, Mapping

import shapely
from shapely.geometry import MultiLineString, shape
from shapely.geometry.base import BaseGeometry

from geodata.areas import equal_area_km2
from geodata.dataset import default_dataset
from geodata.errors import SnapshotError
from geodata.geojson import polygonal
from geodata.regions import load_regions, ukraine_outline

AS_OF_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Where the control area's edge runs within this distance (degrees, about 300 m) of Ukraine's
#: border or coast it is that border, not the line of contact.
BORDER_TOLERANCE_DEG = 0.003


@dataclass(frozen=True, eq=False)
class ControlSnapshot:
    """The area under Russian control on one date, per region.

    Attributes
    ----------
    as_of : str
        The date, YYYY-MM-DD.
    method : str
        How the area was drawn.
    sources : tuple of str
        Who reported the figures it was checked against.
    by_region : mapping of region id to geometry
        The Russian-held area inside each region (regions with none are absent).
    key : str
        What caches are keyed on: the date for shipped snapshots, a content hash for imports.
    """

    as_of: str
    method: str
    sources: tuple[str, ...]
    by_region: Mapping[str, BaseGeometry]
    key: str
    label: str = ""
    extra: Mapping[str, Any] = field(default_factory=dict)

    def __hash__(self) -> int:
        return hash(self.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ControlSnapshot) and other.key == self.key


def list_snapshots() -> tuple[str, ...]:
    """Dates of the snapshots in the dataset's control folder (shipped, imported or fetched), oldest first.

    Returns
    -------
    tuple of str
        ISO dates (``YYYY-MM-DD``), one per ``<date>.geojson`` in :attr:`geodata.dataset.DataPaths.control_dir`.
    """
    folder = default_dataset().paths.control_dir
    return tuple(sorted(p.stem for p in folder.glob("*.geojson") if AS_OF_PATTERN.match(p.stem)))


def shipped_snapshots() -> tuple[str, ...]:
    """Dates of the snapshots the build wrote (listed in ``PROVENANCE.json``), oldest first: not the ones a user
    imported or an operator fetched into the same folder."""
    built = default_dataset().built_outputs()
    return tuple(d for d in list_snapshots() if f"control/{d}.geojson" in built)


def latest_snapshot() -> str:
    """The date of the newest shipped snapshot."""
    snapshots = list_snapshots()
    if not snapshots:
        raise SnapshotError("no control snapshots are shipped")
    return snapshots[-1]


def snapshot_from_collection(collection: Mapping[str, Any], key: str, label: str = "") -> ControlSnapshot:
    """Build a snapshot from a FeatureCollection whose features carry ``region_id``, ``as_of``, ``method``, ``sources``."""
    features = collection.get("features") or []
    if not features:
        raise SnapshotError("the snapshot has no features")
    first = features[0]["properties"]
    by_region: dict[str, BaseGeometry] = {}
    for feat in features:
        region_id = feat["properties"]["region_id"]
        geometry = shape(feat["geometry"])
        by_region[region_id] = shapely.union_all([by_region[region_id], geometry]) if region_id in by_region else geometry
    return ControlSnapshot(
        as_of=first["as_of"],
        method=first.get("method", ""),
        sources=tuple(first.get("sources", ())),
        by_region=MappingProxyType(by_region),
        key=key,
        label=label or first["as_of"],
    )


def load_snapshot(as_of: str) -> ControlSnapshot:
    """A snapshot in the package's control folder by date (cached by :mod:`geodata.dataset`).

    Raises
    ------
    SnapshotError
        When no snapshot of that date is there (the message lists those that are).
    """
    return default_dataset().snapshot(as_of)


def read_snapshot_file(control_dir: Path, as_of: str, provenance_path: Path) -> ControlSnapshot:
    """Read ``control_dir/<as_of>.geojson``; keyed ``shipped:<as_of>`` when it is the file the build wrote.

    Raises
    ------
    SnapshotError
        When there is no snapshot of that date (the message lists those there are).
    """
    known = tuple(sorted(p.stem for p in control_dir.glob("*.geojson") if AS_OF_PATTERN.match(p.stem)))
    if as_of not in known:
        raise SnapshotError(f"unknown control snapshot {as_of!r} (known: {', '.join(known)})")
    raw = (control_dir / f"{as_of}.geojson").read_bytes()
    collection = json.loads(raw)
    # Only the file the build wrote is "shipped" (and has its map data in static/data): a snapshot
    # imported over it with --force is keyed on its content instead.
    digest = hashlib.sha256(raw).hexdigest()
    shipped = read_built_outputs(provenance_path).get(f"control/{as_of}.geojson") == digest
    return snapshot_from_collection(collection, key=f"shipped:{as_of}" if shipped else f"file:{as_of}:{digest}")


def read_built_outputs(provenance_path: Path) -> dict[str, str]:
    """The checksums the build recorded for the files it wrote (empty when there is no record)."""
    try:
        return dict(json.loads(provenance_path.read_text(encoding="utf-8")).get("outputs", {}))
    except (OSError, ValueError):
        return {}


@dataclass(frozen=True)
class RegionParts:
    """Each region split at the line of contact, with the Russian-held share of its area."""

    russian_held: Mapping[str, BaseGeometry]
    ukrainian_held: Mapping[str, BaseGeometry]
    controlled_share: Mapping[str, float]
    line_of_contact: BaseGeometry


def region_parts(snapshot: ControlSnapshot) -> RegionParts:
    """Split every region into the part Russia holds on the snapshot's date and the part Ukraine holds.

    The controlled share is the Russian-held part's area over the region's
    area, both computed in an equal-area projection (EPSG:6933). Cached per snapshot by
    :mod:`geodata.dataset`.
    """
    return default_dataset().memo(_region_parts, snapshot)


def _region_parts(snapshot: ControlSnapshot) -> RegionParts:
    regions = load_regions()
    russian: dict[str, BaseGeometry] = {}
    ukrainian: dict[str, BaseGeometry] = {}
    for region_id, region in regions.geometry.items():
        held = snapshot.by_region.get(region_id)
        held = shapely.intersection(held, region) if held is not None else shapely.Polygon()
        held = polygonal(held)
        russian[region_id] = held
        ukrainian[region_id] = polygonal(shapely.difference(region, held)) if not held.is_empty else region
    ids = list(regions.index)
    region_areas = equal_area_km2(list(regions.geometry))
    held_areas = equal_area_km2([russian[r] for r in ids])
    shares = {r: min(1.0, h / a) for r, h, a in zip(ids, held_areas, region_areas)}
    return RegionParts(
        russian_held=MappingProxyType(russian),
        ukrainian_held=MappingProxyType(ukrainian),
        controlled_share=MappingProxyType(shares),
        line_of_contact=line_of_contact(snapshot),
    )


def _border_zone() -> BaseGeometry:
    """Ukraine's border and coast, widened by the tolerance (built once: buffering it is the slow part)."""
    return default_dataset().memo(_widened_border)


def _widened_border() -> BaseGeometry:
    zone = ukraine_outline().boundary.buffer(BORDER_TOLERANCE_DEG)
    shapely.prepare(zone)
    return zone


def line_of_contact(snapshot: ControlSnapshot) -> BaseGeometry:
    """The line of contact: the edge of the Russian-held area that is not Ukraine's border or coast.

    Derived from the control area and the merged regions, never drawn separately,
    so the line and the areas always agree.
    """
    held = shapely.union_all(list(snapshot.by_region.values()))
    if held.is_empty:
        return MultiLineString()
    line = shapely.difference(held.boundary, _border_zone())
    line = shapely.line_merge(line) if line.geom_type == "MultiLineString" else line
    return line
