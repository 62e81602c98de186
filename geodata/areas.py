"""Areas of WGS 84 geometries, the one way the project measures them: in an equal-area projection, never in
degrees. Used by the build, the control snapshots, the statistics and the importer alike."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geodata.regions import UKRAINE_OFFICIAL_AREA_KM2
from geodata.wording import format_number, word

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
    for geometry, count in zip(geometries, counts, strict=False):
        if batch and size + count > AREA_BATCH_COORDINATES:
            areas += [a / 1e6 for a in gpd.GeoSeries(batch, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area]
            batch, size = [], 0
        batch.append(geometry)
        size += count
    areas += [a / 1e6 for a in gpd.GeoSeries(batch, crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area]
    return areas


#: :data:`geodata.regions.UKRAINE_OFFICIAL_AREA_KM2` (603,628 km²) is Ukraine's area as Ukraine publishes it and as
#: DeepStateMap's shares of the country are taken of (19.24% of it = 116,165 km², 2026-01-01). The 27
#: regions' listed official areas add to 603,540 km² (Wikipedia, "oblasts and territories of Ukraine by area").
__all__ = ["EQUAL_AREA_CRS", "UKRAINE_OFFICIAL_AREA_KM2", "area_method_text", "country_factor", "equal_area_km2"]
UKRAINE_OFFICIAL_AREA_SOURCE = "Ukraine's official area, 603,628 km² (the figure DeepStateMap's shares are taken of)"


def country_factor(ukraine_computed_km2: float, official_km2: float = UKRAINE_OFFICIAL_AREA_KM2) -> float:
    """The one factor that turns a computed area (EPSG:6933, km²) into the figure the project shows.

    Parameters
    ----------
    ukraine_computed_km2 : float
        The area of Ukraine's 27 regions as computed from the map's shapes in EPSG:6933, km².
    official_km2 : float
        Ukraine's official area, km² (:data:`UKRAINE_OFFICIAL_AREA_KM2`).

    Returns
    -------
    float
        ``official_km2 / ukraine_computed_km2`` (about 1.0074 for the shipped Natural Earth regions): the
        same for every region, so every share is the computed share and the parts add up to Ukraine's area.

    Raises
    ------
    ValueError
        When the computed area is not positive.
    """
    if ukraine_computed_km2 <= 0:
        raise ValueError(f"Ukraine's computed area must be positive, got {ukraine_computed_km2}")
    return official_km2 / ukraine_computed_km2


def area_method_text(factor: float, lang: str = "en") -> str:
    """How every area and share the project shows is computed, with the factor written in (plain text; the
    catalogue's ``method_area``).

    Parameters
    ----------
    factor : float
        The equal-area factor to write in (four decimals).
    lang : {"en", "uk"}
        Language (the statistics' JSON keeps English).

    Returns
    -------
    str
        The method's description.

    Raises
    ------
    ValueError
        For another language.
    """
    return word("method_area", lang, factor=format_number(factor, lang, decimals=4))
