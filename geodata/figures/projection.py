"""The map's projection: shapes in longitude/latitude projected to metres, cached per snapshot, as matplotlib paths.

The projection is a Lambert conformal conic fitted to Ukraine (:data:`MAP_CRS`); every shape the
map draws goes through :func:`_project` once and is cached, since a figure (and a batch of them)
draws the same snapshot many times.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pyproj
import shapely
from matplotlib.path import Path as MplPath
from shapely.geometry import Polygon, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.layers import claims_not_held_collection, region_borders_collection, simplified_parts

#: Lambert conformal conic fitted to Ukraine: north is up everywhere and distances are within 0.5%
#: along the whole country, so one scale bar holds for the whole map.
MAP_CRS = "+proj=lcc +lat_0=48.5 +lon_0=31.5 +lat_1=45.5 +lat_2=51.5 +datum=WGS84 +units=m +no_defs"


@lru_cache(maxsize=1)
def _transformer() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


def _project(geometry: BaseGeometry) -> BaseGeometry:
    transformer = _transformer()
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _project_point(lon: float, lat: float) -> tuple[float, float]:
    x, y = _transformer().transform(lon, lat)
    return float(x), float(y)


def _projected_parts(snapshot: ControlSnapshot, *, dataset: Dataset) -> dict[tuple[str, str], BaseGeometry]:
    return dataset.memo(_project_parts, snapshot, dataset)


def _project_parts(snapshot: ControlSnapshot, dataset: Dataset) -> dict[tuple[str, str], BaseGeometry]:
    return {key: _project(geometry) for key, geometry in simplified_parts(snapshot, dataset=dataset).items()}


def _projected_claims(snapshot: ControlSnapshot, *, dataset: Dataset) -> list[BaseGeometry]:
    return dataset.memo(_project_claims, snapshot, dataset)


def _project_claims(snapshot: ControlSnapshot, dataset: Dataset) -> list[BaseGeometry]:
    # Not unioned: the features are rounded for the browser and neighbours may touch imperfectly.
    return [_project(shape(f["geometry"])) for f in claims_not_held_collection(snapshot, dataset=dataset)["features"]]


def _projected_line(snapshot: ControlSnapshot, *, dataset: Dataset) -> BaseGeometry:
    return dataset.memo(_project_line, snapshot, dataset)


def _project_line(snapshot: ControlSnapshot, dataset: Dataset) -> BaseGeometry:
    return _project(dataset.region_parts(snapshot).line_of_contact)


def _projected_context(*, dataset: Dataset) -> dict[str, Any]:
    return dataset.memo(_project_context, dataset)


def _project_context(dataset: Dataset) -> dict[str, Any]:
    borders = shape(region_borders_collection(dataset=dataset)["features"][0]["geometry"])
    neighbours = dataset.neighbours()
    return {
        "neighbours": {iso: _project(geometry.simplify(0.01)) for iso, geometry in neighbours.geometry.items()},
        "neighbour_names": dict(neighbours["name_en"]),
        "borders": _project(borders),
        "outline": _project(dataset.outline()),
        # The area the context layers cover (their clipping box, projected): the map never shows past it.
        "data_area": shapely.union_all([_project(g) for g in neighbours.geometry] + [_project(dataset.outline())]).convex_hull,
        "regions": {region_id: _project(geometry) for region_id, geometry in dataset.regions().geometry.items()},
    }


def _polygons(geometry: BaseGeometry) -> list[Polygon]:
    if geometry.is_empty:
        return []
    if isinstance(geometry, Polygon):
        return [geometry]
    return [g for part in getattr(geometry, "geoms", []) for g in _polygons(part)]


def _lines(geometry: BaseGeometry) -> list[np.ndarray]:
    if geometry.is_empty:
        return []
    if geometry.geom_type in ("LineString", "LinearRing"):
        return [np.asarray(geometry.coords)]
    return [line for part in getattr(geometry, "geoms", []) for line in _lines(part)]


def _polygon_path(geometries: Sequence[BaseGeometry]) -> MplPath | None:
    """One compound path for many polygons; rings are oriented so holes stay holes under any fill rule."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            polygon = orient(polygon, 1.0)
            for ring in (polygon.exterior, *polygon.interiors):
                xy = np.asarray(ring.coords)
                ring_codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
                ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
                vertices.append(xy)
                codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))
