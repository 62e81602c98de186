"""The 27 regions of Ukraine inside its 1991 borders: the annexation claims, and reading the region files.

Nothing here holds data: :class:`geodata.dataset.Dataset` reads the files with :func:`read_geojson_frame` and
keeps them (``dataset.regions()``, ``dataset.settlements()``, ``dataset.assets()``, ``dataset.neighbours()``,
``dataset.outline()``).
"""

from __future__ import annotations

import json
from pathlib import Path

import geopandas as gpd
import shapely
from shapely.geometry.base import BaseGeometry

#: The four oblasts whose annexation Russia claimed on 2022-09-30.
ANNEXED_2022: tuple[str, ...] = ("UA-09", "UA-14", "UA-23", "UA-65")
#: Crimea and Sevastopol, whose annexation Russia claimed on 2014-03-18.
ANNEXED_2014: tuple[str, ...] = ("UA-40", "UA-43")

#: Date of each annexation claim (the treaty Russia signed), not recognised by Ukraine or the UN General
#: Assembly (resolutions 68/262 of 2014-03-27 and ES-11/4 of 2022-10-12). The regions file's
#: ``annexation_claimed`` column holds the same dates.
ANNEXATION_CLAIM_DATES: dict[str, str] = {
    **{region_id: "2014-03-18" for region_id in ANNEXED_2014},
    **{region_id: "2022-09-30" for region_id in ANNEXED_2022},
}
#: The date Russia claimed the four oblasts of :data:`ANNEXED_2022`.
ANNEXED_2022_CLAIM_DATE = "2022-09-30"

#: Ukraine's area within its 1991 borders, km² (official).
UKRAINE_OFFICIAL_AREA_KM2 = 603_628


def read_geojson_frame(path: Path) -> gpd.GeoDataFrame:
    """Read a GeoJSON FeatureCollection into a GeoDataFrame indexed by feature ``id``.

    Parameters
    ----------
    path : Path
        A FeatureCollection whose features carry an ``id``.

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature in EPSG:4326, properties as columns.
    """
    with path.open(encoding="utf-8") as handle:
        collection = json.load(handle)
    features = collection["features"]
    frame = gpd.GeoDataFrame.from_features(features, crs="EPSG:4326")
    frame.index = [f.get("id") for f in features]
    frame.index.name = "id"
    return frame


def union_of_regions(path: Path) -> BaseGeometry:
    """The union of the regions in a regions file: Ukraine within its 1991 borders (merged, never drawn).

    Parameters
    ----------
    path : Path
        A regions GeoJSON file (:func:`read_geojson_frame`).

    Returns
    -------
    shapely geometry
        In EPSG:4326.
    """
    return shapely.union_all(read_geojson_frame(path).geometry.values)


def claim_as_of(region_id: str, as_of: str | None) -> str | None:
    """The date of Russia's annexation claim on a region, if the claim had been made by ``as_of``.

    A claim exists only from its date on: at a control date of 2022-03-25, Donetsk
    carries no claim (it was first made on 2022-09-30), while Crimea carries 2014-03-18.

    Parameters
    ----------
    region_id : str
        ISO 3166-2:UA code, e.g. ``"UA-14"``.
    as_of : str or None
        The date the map describes, ``YYYY-MM-DD``; None means today (every claim made so far).

    Returns
    -------
    str or None
        The claim's date (``YYYY-MM-DD``), or None where no claim had been made by ``as_of``.
        Source: the treaties of 2014-03-18 and 2022-09-30 (see :data:`ANNEXATION_CLAIM_DATES`).
    """
    claimed = ANNEXATION_CLAIM_DATES.get(region_id)
    if claimed is None or (as_of is not None and as_of < claimed):
        return None
    return claimed
