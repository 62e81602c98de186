"""Deterministic GeoJSON writing and plain reading.

Derived files are committed and checked against their checksums, so the
writer fixes everything that could vary between runs: key order, float
formatting, ring orientation and coordinate precision.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

#: Coordinates are stored with 5 decimals (about 1 m), enough for a national map.
COORDINATE_DECIMALS = 5
GRID_SIZE = 10**-COORDINATE_DECIMALS


def snap(geometry: BaseGeometry) -> BaseGeometry:
    """Snap a geometry to the 5-decimal grid, keep it valid and orient it as RFC 7946 asks.

    Parameters
    ----------
    geometry : shapely geometry
        Any geometry in WGS 84 degrees.

    Returns
    -------
    shapely geometry
        The geometry on the 1e-5 degree grid. Shared vertices of neighbours
        snap to the same grid point, so shared borders stay identical.
    """
    snapped = shapely.set_precision(geometry, GRID_SIZE)
    if not snapped.is_valid:
        snapped = shapely.make_valid(snapped, method="structure", keep_collapsed=False)
    return shapely.orient_polygons(snapped, exterior_cw=False)


def json_value(value: Any) -> Any:
    """A JSON-ready value from a data frame cell: pandas gives NaN for a missing string, numpy scalars for numbers.

    Parameters
    ----------
    value : Any
        The cell.

    Returns
    -------
    Any
        None for a missing value (None or NaN), a plain Python scalar for a numpy one, else the value itself.
    """
    if value is None or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry: cutting polygons can leave stray lines and points where edges touch.

    Parameters
    ----------
    geometry : shapely geometry
        Any geometry.

    Returns
    -------
    shapely geometry
        The geometry itself when it is (multi)polygonal or empty, else the union of its polygons (an empty polygon when
        it has none).
    """
    if geometry.is_empty or geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else shapely.Polygon()


def _round_coords(value: Any, decimals: int = COORDINATE_DECIMALS) -> Any:
    if isinstance(value, float):
        rounded = round(value, decimals)
        return 0.0 if rounded == 0 else rounded
    if isinstance(value, (list, tuple)):
        return [_round_coords(v, decimals) for v in value]
    return value


def feature(
    geometry: BaseGeometry | None,
    properties: dict[str, Any],
    feature_id: str | None = None,
    decimals: int = COORDINATE_DECIMALS,
) -> dict[str, Any]:
    """Build a GeoJSON feature dict with coordinates rounded to ``decimals`` (5 for files, fewer for the browser).

    Parameters
    ----------
    geometry : shapely geometry or None
        The geometry, WGS 84 degrees; None for a feature without one.
    properties : dict
        The feature's properties (values already JSON-ready).
    feature_id : str, optional
        The feature's id.
    decimals : int
        Decimals kept in coordinates (5: about 1 m).

    Returns
    -------
    dict
        A GeoJSON Feature.
    """
    out: dict[str, Any] = {"type": "Feature"}
    if feature_id is not None:
        out["id"] = feature_id
    out["properties"] = properties
    if geometry is None:
        out["geometry"] = None
    else:
        geo = mapping(geometry)
        out["geometry"] = {"type": geo["type"], "coordinates": _round_coords(geo["coordinates"], decimals)}
    return out


def dumps_feature_collection(features: Iterable[dict[str, Any]], metadata: dict[str, Any] | None = None) -> str:
    """Serialise features as a compact, deterministic FeatureCollection (one feature a line).

    ``allow_nan=False``: a NaN in GeoJSON is invalid JSON and blanks a Leaflet map, so it is an error here.

    Parameters
    ----------
    features : iterable of dict
        GeoJSON features.
    metadata : dict, optional
        A top-level ``metadata`` member.

    Returns
    -------
    str
        The text, UTF-8 ready, ending with a newline.

    Raises
    ------
    ValueError
        When a value is NaN or infinite (from :func:`json.dumps`).
    """
    head: dict[str, Any] = {"type": "FeatureCollection"}
    if metadata:
        head["metadata"] = metadata
    opening = json.dumps(head, ensure_ascii=False, sort_keys=False)[:-1]
    lines = [json.dumps(f, ensure_ascii=False, separators=(",", ":"), allow_nan=False) for f in features]
    return opening + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


def write_feature_collection(path: Path, features: Iterable[dict[str, Any]], metadata: dict[str, Any] | None = None) -> Path:
    """Write features to ``path`` byte for byte the same on every run.

    Parameters
    ----------
    path : Path
        The file to write (its folder is created).
    features : iterable of dict
        GeoJSON features.
    metadata : dict, optional
        A top-level ``metadata`` member.

    Returns
    -------
    Path
        ``path``.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(dumps_feature_collection(features, metadata), encoding="utf-8", newline="\n")
    return path


def read_feature_collection(path: Path) -> dict[str, Any]:
    """Read a GeoJSON FeatureCollection written by this package.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    dict
        The parsed FeatureCollection.
    """
    with path.open(encoding="utf-8") as handle:
        collection: dict[str, Any] = json.load(handle)
    return collection
