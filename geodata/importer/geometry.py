"""Checks on coordinates and geometry, and their repair: the project's own rules after GDAL has read a file.

Coordinates must be WGS 84 longitude/latitude inside :data:`REGION_OF_INTEREST` (or Web Mercator,
reprojected with pyproj); rings within the vertex limits; polygons valid, or made valid with
``shapely.make_valid`` when the user accepts repair, each change logged with its area before and after.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Protocol, cast

import numpy as np
import shapely
from shapely.errors import GEOSException
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geodata.errors import ControlFileError
from geodata.importer.crs import UNSPECIFIED, WEB_MERCATOR, crs_label, is_other, transformer_to_wgs84
from geodata.importer.limits import REGION_OF_INTEREST, WEB_MERCATOR_MAX, ImportLimits, fmt_xy

if TYPE_CHECKING:
    from pyproj import Transformer


class RegionShapes(Protocol):
    """The regions' shapes by region id: a mapping, or the ``geometry`` column of the regions' frame."""

    def items(self) -> Iterable[tuple[Hashable, BaseGeometry]]:
        """The (region id, shape) pairs; pandas types the ids as ``Hashable``, they are the regions' ``str`` ids.

        Returns
        -------
        iterable of (hashable, BaseGeometry)
            Each region's id and its shape in WGS 84 degrees.
        """
        ...


_POLYGONAL = (3, 6)  # shapely type ids of Polygon, MultiPolygon
_LINES = (1, 2, 5)
_POINTS = (0, 4)


def kinds_of(geometry: BaseGeometry | None, depth: int = 1) -> frozenset[str]:
    """The kinds of a geometry: ``area``, ``line``, ``point`` (empty for a null one).

    Parameters
    ----------
    geometry : BaseGeometry or None
        A feature's geometry.
    depth : int
        How deep in nested collections this call is (16 at most are looked into).

    Returns
    -------
    frozenset of str
        Any of ``area``, ``line`` and ``point``.
    """
    if geometry is None:
        return frozenset()
    type_id = shapely.get_type_id(geometry)
    if type_id in _POLYGONAL:
        return frozenset({"area"})
    if type_id in _LINES:
        return frozenset({"line"})
    if type_id in _POINTS:
        return frozenset({"point"})
    if type_id == 7 and depth < 16:
        kinds: set[str] = set()
        for part in shapely.get_parts(geometry):
            kinds |= kinds_of(part, depth + 1)
        return frozenset(kinds)
    return frozenset()


def polygons_of(geometry: BaseGeometry, depth: int = 1) -> list[Polygon]:
    """Every polygon of a geometry, also inside collections (lines and points are not control areas).

    Parameters
    ----------
    geometry : BaseGeometry
        Any geometry.
    depth : int
        How deep in nested collections this call is (16 at most are looked into).

    Returns
    -------
    list of Polygon
        Its non-empty polygons, in order.
    """
    if isinstance(geometry, Polygon):
        return [] if geometry.is_empty else [geometry]
    if isinstance(geometry, MultiPolygon):
        return [p for p in geometry.geoms if not p.is_empty]
    if shapely.get_type_id(geometry) == 7 and depth < 16:
        return [p for part in shapely.get_parts(geometry) for p in polygons_of(part, depth + 1)]
    return []


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (a repair or a cut can leave stray lines and points).

    Parameters
    ----------
    geometry : BaseGeometry
        Any geometry.

    Returns
    -------
    BaseGeometry
        The geometry itself when it is a (Multi)Polygon, else the union of its polygons (an empty Polygon for none).
    """
    if geometry.is_empty:
        return Polygon()
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = polygons_of(geometry)
    return shapely.union_all(polygons) if polygons else Polygon()


@lru_cache(maxsize=1)
def _from_web_mercator() -> Transformer:
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


@dataclass
class Checker:
    """The checks on one file's geometries, with the counters that enforce the vertex limits."""

    name: str
    limits: ImportLimits
    crs: str
    vertices: int = 0

    def count(self, geometry: BaseGeometry, where: str) -> None:
        """Refuse a ring over the per-ring limit, or the file over the total (before any geometry work).

        Parameters
        ----------
        geometry : BaseGeometry
            A feature's geometry.
        where : str
            The feature, for messages (``"feature 3 'Kherson'"``).

        Raises
        ------
        ControlFileError
            For a ring of more than ``limits.max_ring_vertices`` vertices, or more than ``limits.max_vertices`` in the file.
        """
        rings = shapely.get_rings(geometry)
        if len(rings):
            counts = shapely.get_num_coordinates(rings)
            largest = int(counts.max())
            if largest > self.limits.max_ring_vertices:
                raise ControlFileError(
                    f"{self.name}: {where} has a ring of {largest:,} vertices; the limit is {self.limits.max_ring_vertices:,} "
                    "per ring"
                )
            self.vertices += int(counts.sum())
        if self.vertices > self.limits.max_vertices:
            raise ControlFileError(
                f"{self.name} has more than {self.limits.max_vertices:,} vertices in its areas; simplify it first"
            )

    def to_degrees(self, geometry: BaseGeometry, where: str) -> BaseGeometry:
        """Check a geometry's coordinates and return it in longitude/latitude (reprojected from Web Mercator).

        Parameters
        ----------
        geometry : BaseGeometry
            A feature's geometry, in the file's CRS.
        where : str
            The feature, for messages (``"feature 3 'Kherson'"``).

        Returns
        -------
        BaseGeometry
            The geometry in WGS 84 longitude/latitude degrees.

        Raises
        ------
        ControlFileError
            For NaN or infinite coordinates, numbers that are not degrees, or the antimeridian
            (:meth:`beyond_reach` says whether it lies outside :data:`REGION_OF_INTEREST`).
        """
        xy = shapely.get_coordinates(geometry)
        if len(xy) == 0:
            return geometry
        if not np.isfinite(xy).all():
            raise ControlFileError(f"{self.name}: {where} has a coordinate that is not a finite number (NaN or Infinity)")
        if self.crs == WEB_MERCATOR:
            largest = float(np.abs(xy).max())
            if largest <= 180:
                raise ControlFileError(
                    f"{self.name} declares Web Mercator (EPSG:3857, metres) but {where} has coordinates that look like degrees "
                    f"({fmt_xy(*xy[0])}); fix or remove the crs"
                )
            if largest > WEB_MERCATOR_MAX * 1.001:
                raise ControlFileError(f"{self.name}: {where} has coordinates outside Web Mercator's range ({fmt_xy(*xy[0])})")
            transformer = _from_web_mercator()
            geometry = shapely.transform(geometry, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))
            xy = shapely.get_coordinates(geometry)
        elif is_other(self.crs):
            transformer = transformer_to_wgs84(self.crs)
            if transformer.source_crs is not None and transformer.source_crs.is_projected and float(np.abs(xy).max()) <= 180:
                raise ControlFileError(
                    f"{self.name} declares the projected {crs_label(self.crs)} (metres) but {where} has coordinates that look "
                    "like "
                    f"degrees ({fmt_xy(*xy[0])}); fix or remove the crs"
                )
            geometry = shapely.transform(geometry, lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))
            xy = shapely.get_coordinates(geometry)
            if not np.isfinite(xy).all():
                raise ControlFileError(
                    f"{self.name}: {where} has coordinates outside what its coordinate reference system can reproject"
                )
        self._check_degrees(xy, where)
        return geometry

    def _check_degrees(self, xy: np.ndarray, where: str) -> None:
        x, y = xy[:, 0], xy[:, 1]
        if np.abs(x).max() > 180 or np.abs(y).max() > 90:
            i = int(np.argmax((np.abs(x) > 180) | (np.abs(y) > 90)))
            message = f"{self.name}: {where} has coordinates that are not longitude/latitude degrees ({fmt_xy(x[i], y[i])})"
            if self.crs == UNSPECIFIED:
                looks = (
                    " and looks projected (metres, perhaps Web Mercator)" if np.abs(xy).max() <= WEB_MERCATOR_MAX * 1.001 else ""
                )
                message += f"; the file declares no coordinate reference system{looks}: export it in WGS 84 (EPSG:4326)"
            raise ControlFileError(message)
        span = float(x.max() - x.min())
        if span > 180:
            raise ControlFileError(f"{self.name}: {where} crosses the antimeridian (it spans {span:.0f}° of longitude)")

    def beyond_reach(self, geometry: BaseGeometry, where: str) -> str | None:
        """Why a geometry in degrees lies wholly outside the map's reach (:data:`REGION_OF_INTEREST`), or ``None``.

        A geometry partly outside is within reach (what lies outside Ukraine is clipped off later).

        Parameters
        ----------
        geometry : BaseGeometry
            A feature's geometry in WGS 84 degrees.
        where : str
            The feature, for messages (``"feature 3 'Kherson'"``).

        Returns
        -------
        str or None
            One line naming the feature, the map's reach and a position of it; ``None`` when it is within reach.

        Raises
        ------
        ControlFileError
            When the geometry would lie in Ukraine with latitude and longitude swapped.
        """
        xy = shapely.get_coordinates(geometry)
        if len(xy) == 0:
            return None
        x, y = xy[:, 0], xy[:, 1]
        west, south, east, north = REGION_OF_INTEREST
        if x.max() >= west and x.min() <= east and y.max() >= south and y.min() <= north:
            return None
        swapped_inside = (y >= west) & (y <= east) & (x >= south) & (x <= north)
        if swapped_inside.all():
            raise ControlFileError(
                f"{self.name}: {where} looks like latitude and longitude are swapped ({fmt_xy(x[0], y[0])} would be "
                f"in Ukraine as {fmt_xy(y[0], x[0])}); GeoJSON and KML put longitude first"
            )
        return (
            f"{self.name}: {where} lies outside the area this map covers (longitude {west:g} to {east:g}, latitude "
            f"{south:g} to {north:g}): e.g. longitude {x[0]:.5g}, latitude {y[0]:.5g}"
        )


def readable_reason(reason: str) -> str:
    """GEOS's validity reason ("Self-intersection[37.5 48.5]") as "self-intersection at 37.5, 48.5".

    Parameters
    ----------
    reason : str
        What ``shapely.is_valid_reason`` says.

    Returns
    -------
    str
        The reason in lower case, its place as "at x, y" when it has one.
    """
    match = re.match(r"^(.*?)\[\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\]$", reason)
    if match:
        text, x, y = match.groups()
        try:
            return f"{text.strip().lower()} at {fmt_xy(float(x), float(y))}"
        except ValueError:
            pass
    return reason.strip().lower()


@dataclass
class RepairLog:
    """What the repair changed: rings closed, and geometries made valid with their area before and after."""

    closed_rings: int = 0
    dropped_rings: int = 0
    made_valid: list[tuple[str, str, BaseGeometry, BaseGeometry]] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        """Whether anything was repaired."""
        return bool(self.closed_rings or self.dropped_rings or self.made_valid)


def valid_area(polygons: list[Polygon], where: str, name: str, repair: bool, log: RepairLog) -> BaseGeometry:
    """A valid (Multi)Polygon of a feature's polygons; made valid and logged when repairing; else an error saying where.

    Parameters
    ----------
    polygons : list of Polygon
        The feature's polygons, in WGS 84 degrees.
    where : str
        The feature, for messages (``"feature 3 'Kherson'"``).
    name : str
        The file's name as shown in messages.
    repair : bool
        Make an invalid geometry valid (``make_valid``, method ``structure``) instead of refusing it.
    log : RepairLog
        Where a repair is logged (the feature, the reason, the geometry before and after).

    Returns
    -------
    BaseGeometry
        A valid (Multi)Polygon; an empty Polygon for no polygons.

    Raises
    ------
    ControlFileError
        For an invalid geometry without ``repair``, with GEOS's reason and place.
    """
    if not polygons:
        return Polygon()
    geometry = polygons[0] if len(polygons) == 1 else MultiPolygon(polygons)
    reason = shapely.is_valid_reason(geometry)
    if reason == "Valid Geometry":
        return geometry
    if not repair:
        raise ControlFileError(
            f"{name}: {where} is an invalid geometry ({readable_reason(reason)}); re-run with repair accepted (--repair)"
        )
    # "structure": outer boundaries united, holes cut out; a bow tie becomes its two triangles.
    fixed = polygonal(shapely.make_valid(geometry, method="structure", keep_collapsed=False))
    log.made_valid.append((where, readable_reason(reason), geometry, fixed))
    return fixed


def as_drawn(geometry: BaseGeometry) -> BaseGeometry:
    """An invalid polygon as map programs fill it (even-odd: every face its rings enclose an odd number of times).

    A bow tie is its two triangles (GEOS's area of the ring itself is 0: the triangles' signed areas cancel);
    a valid polygon is itself.

    Parameters
    ----------
    geometry : BaseGeometry
        A polygonal geometry, valid or not.

    Returns
    -------
    BaseGeometry
        The faces as filled, as valid polygons.
    """
    if geometry.is_valid:
        return geometry
    try:
        return polygonal(shapely.make_valid(geometry, method="linework"))
    except shapely.errors.GEOSException:  # a ring collapsed to a point beside polygons: linework refuses the mix
        return polygonal(shapely.make_valid(geometry, method="structure"))


def merged(areas: Sequence[BaseGeometry]) -> BaseGeometry:
    """The union of valid areas, overlaid only where their bounding boxes meet.

    Areas whose boxes touch no other's box are disjoint from everything else and kept as they are;
    each group of areas whose boxes meet (a connected group, found with an STRtree) is united with
    ``shapely.union_all``. The groups are disjoint from one another, so their polygons together are a
    valid MultiPolygon: the same area as ``union_all`` of everything, without an overlay of the whole
    file (the slow, memory-hungry part for files of many separate areas).

    Parameters
    ----------
    areas : sequence of BaseGeometry
        Valid polygonal geometries (at least one).

    Returns
    -------
    BaseGeometry
        Their union, valid.
    """
    if len(areas) == 1:
        return areas[0]
    array = np.asarray(areas, dtype=object)
    left, right = shapely.STRtree(array).query(array)
    group = list(range(len(array)))

    def root(i: int) -> int:
        while group[i] != i:
            group[i] = group[group[i]]
            i = group[i]
        return i

    for a, b in zip(left.tolist(), right.tolist(), strict=False):
        ra, rb = root(a), root(b)
        if ra != rb:
            group[max(ra, rb)] = min(ra, rb)
    members: dict[int, list[int]] = {}
    for i in range(len(array)):
        members.setdefault(root(i), []).append(i)
    if len(members) == 1:
        return shapely.union_all(array)
    polygons: list[Polygon] = []
    for indices in members.values():
        united = array[indices[0]] if len(indices) == 1 else shapely.union_all(array[indices])
        polygons += polygons_of(united)
    return polygons[0] if len(polygons) == 1 else shapely.multipolygons(polygons)


def on_grid(geometry: BaseGeometry) -> BaseGeometry:
    """A polygonal geometry on the 5-decimal grid, valid and oriented, as :func:`geodata.geojson.snap` makes it.

    Coordinates are rounded point by point (fast); only when that leaves the geometry invalid (an edge
    collapsed or crossed) does ``snap``'s snap-rounding overlay run.

    Parameters
    ----------
    geometry : BaseGeometry
        A polygonal geometry in WGS 84 degrees.

    Returns
    -------
    BaseGeometry
        The geometry on the grid of :data:`geodata.geojson.GRID_SIZE` degrees, exteriors counter-clockwise.
    """
    from geodata.geojson import GRID_SIZE, snap

    try:
        rounded = shapely.remove_repeated_points(shapely.set_precision(geometry, GRID_SIZE, mode="pointwise"), 0.0)
    except GEOSException:  # a ring collapsed to fewer than 3 points
        return snap(geometry)
    if rounded.is_empty or not rounded.is_valid:
        return snap(geometry)
    return shapely.orient_polygons(rounded, exterior_cw=False)


def cut_to_regions(held: BaseGeometry, regions: RegionShapes) -> dict[str, BaseGeometry]:
    """The part of a valid area inside each region, on the 5-decimal grid (regions it does not cover are absent).

    Each region is cut against its candidates only (an STRtree of the area's polygons): polygons the
    region contains are kept as they are, and only those crossing its border are overlaid with it,
    instead of an overlay of the whole area with every region it touches.

    Parameters
    ----------
    held : BaseGeometry
        A valid polygonal area in WGS 84 degrees (the file's areas merged).
    regions : RegionShapes
        The regions' shapes by id, in WGS 84 degrees.

    Returns
    -------
    dict of str to BaseGeometry
        Each region's id and the (non-empty, positive-area) part of ``held`` inside it.
    """
    polygons = np.asarray(polygons_of(held), dtype=object)
    if not len(polygons):
        return {}
    tree = shapely.STRtree(polygons)
    parts: dict[str, BaseGeometry] = {}
    for region_id, region in regions.items():
        touching = tree.query(region, predicate="intersects")
        if not len(touching):
            continue
        inside = tree.query(region, predicate="contains")
        crossing = np.setdiff1d(touching, inside)
        pieces = list(polygons[np.sort(inside)])
        if len(crossing):
            across = polygons[crossing[0]] if len(crossing) == 1 else shapely.multipolygons(polygons[crossing])
            # Two geometries in, one out: the stubs type shapely's vectorised result as geometry or array, hence the cast.
            pieces += polygons_of(cast(BaseGeometry, shapely.intersection(across, region)))
        if not pieces:
            continue
        part = polygonal(on_grid(pieces[0] if len(pieces) == 1 else shapely.multipolygons(pieces)))
        if not part.is_empty and part.area > 0:
            parts[str(region_id)] = part
    return parts
