"""Control snapshots: the area Russia holds on a date, and each region split into its two parts.

Pure functions of what they are given: :class:`geodata.dataset.Dataset` lists and reads the snapshot files
(``dataset.snapshot_dates()``, ``dataset.snapshot(as_of)``) and caches each region's parts
(``dataset.region_parts(snapshot)``), computed here by :func:`split_regions`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import MultiLineString, shape
from shapely.geometry.base import BaseGeometry

from geodata.areas import equal_area_km2
from geodata.errors import SnapshotError
from geodata.geojson import polygonal

if TYPE_CHECKING:
    import geopandas as gpd

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


def snapshot_dates(control_dir: Path) -> tuple[str, ...]:
    """Dates of the snapshots in a control folder, oldest first.

    Parameters
    ----------
    control_dir : Path
        A folder of ``<YYYY-MM-DD>.geojson`` files (other names are not snapshots); it need not exist.

    Returns
    -------
    tuple of str
        ISO dates (``YYYY-MM-DD``).
    """
    return tuple(sorted(p.stem for p in control_dir.glob("*.geojson") if AS_OF_PATTERN.match(p.stem)))


def snapshot_from_collection(collection: Mapping[str, Any], key: str, label: str = "") -> ControlSnapshot:
    """Build a snapshot from a FeatureCollection whose features carry ``region_id``, ``as_of``, ``method``, ``sources``.

    Parameters
    ----------
    collection : mapping
        The FeatureCollection, parsed; the first feature's ``as_of``, ``method`` and ``sources`` stand for all.
    key : str
        The snapshot's cache key (``shipped:<date>``, ``file:<date>:<sha256>``, ``upload:…``).
    label : str
        The label shown for it; by default its ``as_of``.

    Returns
    -------
    ControlSnapshot
        The held area per region (features of one region united), in WGS 84 degrees.

    Raises
    ------
    SnapshotError
        When the collection has no features.
    """
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


def read_snapshot_file(control_dir: Path, as_of: str, provenance_path: Path) -> ControlSnapshot:
    """Read ``control_dir/<as_of>.geojson``; keyed ``shipped:<as_of>`` when it is the file the build wrote.

    Parameters
    ----------
    control_dir : Path
        The folder of snapshot files (``<YYYY-MM-DD>.geojson``).
    as_of : str
        The snapshot's date, YYYY-MM-DD.
    provenance_path : Path
        The build's ``PROVENANCE.json``, whose checksums tell the file the build wrote.

    Returns
    -------
    ControlSnapshot
        The snapshot, as :func:`snapshot_from_collection` builds it.

    Raises
    ------
    SnapshotError
        When there is no snapshot of that date (the message lists those there are).
    """
    known = snapshot_dates(control_dir)
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
    """The checksums the build recorded for the files it wrote (empty when there is no record).

    Parameters
    ----------
    provenance_path : Path
        The build's ``PROVENANCE.json``.

    Returns
    -------
    dict of str to str
        Each written file's path under ``geodata/data/`` and its SHA-256, hex; empty when the file is missing or not JSON.
    """
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


def split_regions(regions: gpd.GeoDataFrame, border_zone: BaseGeometry, snapshot: ControlSnapshot) -> RegionParts:
    """Split every region into the part Russia holds on the snapshot's date and the part Ukraine holds.

    The controlled share is the Russian-held part's area over the region's area, both computed in an
    equal-area projection (EPSG:6933). :meth:`geodata.dataset.Dataset.region_parts` caches it per snapshot.

    Parameters
    ----------
    regions : geopandas.GeoDataFrame
        The regions, indexed by id, EPSG:4326.
    border_zone : shapely geometry
        Ukraine's border and coast, widened (:func:`widen_border`).
    snapshot : ControlSnapshot
        The Russian-held area per region.

    Returns
    -------
    RegionParts
    """
    russian: dict[str, BaseGeometry] = {}
    ukrainian: dict[str, BaseGeometry] = {}
    for region_id, region in zip(regions.index.astype(str), regions.geometry, strict=False):
        held = snapshot.by_region.get(region_id)
        held = shapely.intersection(held, region) if held is not None else shapely.Polygon()
        held = polygonal(held)
        russian[region_id] = held
        ukrainian[region_id] = polygonal(shapely.difference(region, held)) if not held.is_empty else region
    ids = list(regions.index)
    region_areas = equal_area_km2(list(regions.geometry))
    held_areas = equal_area_km2([russian[r] for r in ids])
    shares = {r: min(1.0, h / a) for r, h, a in zip(ids, held_areas, region_areas, strict=False)}
    return RegionParts(
        russian_held=MappingProxyType(russian),
        ukrainian_held=MappingProxyType(ukrainian),
        controlled_share=MappingProxyType(shares),
        line_of_contact=line_of_contact(snapshot, border_zone),
    )


def widen_border(outline: BaseGeometry) -> BaseGeometry:
    """Ukraine's border and coast, widened by :data:`BORDER_TOLERANCE_DEG` and prepared (buffering is the slow part).

    Parameters
    ----------
    outline : shapely geometry
        Ukraine within its 1991 borders (the union of the regions), EPSG:4326.

    Returns
    -------
    shapely geometry
    """
    zone = outline.boundary.buffer(BORDER_TOLERANCE_DEG)
    shapely.prepare(zone)
    return zone


def line_of_contact(snapshot: ControlSnapshot, border_zone: BaseGeometry) -> BaseGeometry:
    """The line of contact: the edge of the Russian-held area that is not Ukraine's border or coast.

    Derived from the control area and the merged regions, never drawn separately,
    so the line and the areas always agree.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The Russian-held area per region.
    border_zone : shapely geometry
        Ukraine's border and coast, widened (:func:`widen_border`).

    Returns
    -------
    shapely geometry
        Lines, EPSG:4326 (empty where Russia holds nothing).
    """
    held = shapely.union_all(list(snapshot.by_region.values()))
    if held.is_empty:
        return MultiLineString()
    line = shapely.difference(held.boundary, border_zone)
    line = shapely.line_merge(line) if line.geom_type == "MultiLineString" else line
    return line
