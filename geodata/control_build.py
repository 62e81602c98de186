"""The line of contact built from committed named vertices: each ``sources/control/<as_of>.toml`` cut into the regions.

Part of the one deterministic build (:mod:`geodata.build`): a vertex file names the points of the line and the
regions it clips; this module reads it and cuts every region into its Russian-held and Ukrainian-held parts.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geodata.errors import BuildError
from geodata.geojson import feature, polygonal, snap


@dataclass(frozen=True)
class ControlSpec:
    """A committed line-of-contact vertex file (``sources/control/<as_of>.toml``)."""

    path: Path
    as_of: str
    method: str
    sources: list[str]
    whole_regions: list[str]
    areas: list[dict[str, Any]]


def read_control_spec(path: Path) -> ControlSpec:
    """Read and check one vertex file; errors name the file and the key.

    Parameters
    ----------
    path : Path
        A vertex file, ``geodata/data/sources/control/<as_of>.toml``.

    Returns
    -------
    ControlSpec
        Its date, method, sources, regions held whole and areas.

    Raises
    ------
    BuildError
        When a key is missing, ``as_of`` differs from the file's name, or a vertex has no name.
    """
    with path.open("rb") as handle:
        data = tomllib.load(handle)
    for key in ("as_of", "method", "sources", "area"):
        if key not in data:
            raise BuildError(f"{path.name}: missing key {key!r}")
    if data["as_of"] != path.stem:
        raise BuildError(f"{path.name}: as_of {data['as_of']!r} does not match the file name")
    for index, area in enumerate(data["area"]):
        for key in ("name", "clip_to", "vertices"):
            if key not in area:
                raise BuildError(f"{path.name}: area[{index}] is missing {key!r}")
        for vertex in area["vertices"]:
            if len(vertex) < 3 or not isinstance(vertex[0], str) or not vertex[0].strip():
                raise BuildError(f"{path.name}: area {area['name']!r} has a vertex without a name: {vertex!r}")
    return ControlSpec(
        path=path,
        as_of=data["as_of"],
        method=data["method"],
        sources=list(data["sources"]),
        whole_regions=list(data.get("whole_regions", [])),
        areas=list(data["area"]),
    )


def control_by_region(spec: ControlSpec, regions: gpd.GeoDataFrame) -> dict[str, BaseGeometry]:
    """The area under Russian control in each region, from a vertex file.

    Each ``[[area]]`` ring is closed, cut to the regions in its ``clip_to``
    (so that a front on a region border leaves no slivers in the neighbour),
    and the ``whole_regions`` are added entire.

    Parameters
    ----------
    spec : ControlSpec
        The vertex file, as :func:`read_control_spec` reads it.
    regions : geopandas.GeoDataFrame
        The 27 regions.

    Returns
    -------
    dict of str to shapely geometry
        For each region that holds Russian-controlled land, by id, its polygons on the 5-decimal grid.

    Raises
    ------
    BuildError
        When the file names an unknown region id, or a ring is not a valid polygon.
    """
    by_id = regions.set_index("id").geometry
    unknown = [r for r in spec.whole_regions if r not in by_id.index]
    for area in spec.areas:
        unknown += [r for r in area["clip_to"] if r not in by_id.index]
    if unknown:
        raise BuildError(f"{spec.path.name}: unknown region ids {sorted(set(unknown))}")
    pieces: dict[str, list[BaseGeometry]] = {}
    for region_id in spec.whole_regions:
        pieces.setdefault(region_id, []).append(by_id[region_id])
    for area in spec.areas:
        ring = Polygon([(float(v[2]), float(v[1])) for v in area["vertices"]])
        if not ring.is_valid:
            raise BuildError(f"{spec.path.name}: area {area['name']!r} ring is not valid ({shapely.is_valid_reason(ring)})")
        for region_id in area["clip_to"]:
            part = ring.intersection(by_id[region_id])
            if not part.is_empty:
                pieces.setdefault(region_id, []).append(part)
    result: dict[str, BaseGeometry] = {}
    for region_id in sorted(pieces):
        merged = polygonal(snap(shapely.union_all(pieces[region_id])))
        if not merged.is_empty:
            result[region_id] = merged
    return result


def build_control(spec: ControlSpec, regions: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """A control snapshot's features, one per region Russia holds land in.

    Parameters
    ----------
    spec : ControlSpec
        The vertex file.
    regions : geopandas.GeoDataFrame
        The 27 regions.

    Returns
    -------
    list of dict
        Features with id ``<as_of>/<region id>`` and the fields ``as_of``, ``region_id``, ``method``, ``sources``.
    """
    features = []
    for region_id, geometry in control_by_region(spec, regions).items():
        properties = {"as_of": spec.as_of, "region_id": region_id, "method": spec.method, "sources": spec.sources}
        features.append(feature(geometry, properties, feature_id=f"{spec.as_of}/{region_id}"))
    return features
