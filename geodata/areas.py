"""Areas of WGS 84 geometries, the one way the project measures them: in an equal-area projection, never in
degrees. Used by the build, the control snapshots, the statistics and the importer alike."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

#: The equal-area CRS every area is computed in (NSIDC EASE-Grid 2.0 Global, cylindrical equal-area).
EQUAL_AREA_CRS = "EPSG:6933"
#: Coordinates projected at once: a batch's copy in EPSG:6933 is freed before the next (peak memory for a
#: file at the importer's vertex limit).
AREA_BATCH_COORDINATES = 100_000


def equal_area_km2(geometries: Sequence[BaseGeometry]) -> list[float]:
    """Areas in km² of geometries in WGS 84 degrees, computed in :data:`EQUAL_AREA_CRS`.

    Parameters
    ----------
    geometries : sequence of shapely geometries
        Polygons or multipolygons in WGS 84 (longitude, latitude degrees); any other kind has area 0.

    Returns
    -------
    list of float
        One area per geometry, km², in the same order. Projected in batches of about
        :data:`AREA_BATCH_COORDINATES` coordinates (each geometry whole), so a large file is never
        copied whole into the projection.
    """
    import geopandas as gpd

    geometries = list(geometries)
    if not geometries:
        return []
    counts = shapely.get_num_coordinates(np.asarray(geometries, dtype=object)).tolist()
    areas: list[float] = []
    batch: list[BaseGeometry] = []
    size = 0
    for geometry, count in zip(geometries, counts):
        if batch and size + count > AREA_BATCH_COORDINATES:
            areas += [a / 1e6 for a in gpd.GeoSeries(batch, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area]
            batch, size = [], 0
        batch.append(geometry)
        size += count
    areas += [a / 1e6 for a in gpd.GeoSeries(batch, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area]
    return areas
