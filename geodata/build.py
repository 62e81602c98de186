"""The one deterministic build: Natural Earth + committed source tables -> every derived file.

``python -m geodata build --source PATH/world_map.gpkg`` regenerates, byte for byte:

- ``regions.geojson``: the 27 regions inside the 1991 borders, tagged;
- ``context/neighbours.geojson``, ``context/settlements.geojson``, ``context/assets.geojson``;
- ``control/<as_of>.geojson`` from each ``sources/control/<as_of>.toml``;
- ``PROVENANCE.json``: source edition, licence, checksums and library versions.

Aggregates (Ukraine's outline, the area Russia controls in a region) are
derived by merging or cutting these base units, never drawn again.
"""

from __future__ import annotations

import csv
import hashlib
import json
import logging
import platform
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio
import pyproj
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from geodata import paths
from geodata.areas import EQUAL_AREA_CRS, equal_area_km2
from geodata.control_build import build_control, read_control_spec
from geodata.errors import BuildError
from geodata.geojson import feature, snap, write_feature_collection

#: The pinned source edition. The build refuses another file unless told otherwise,
#: because any other edition changes every checksum and every area.
SOURCE: dict[str, str] = {
    "name": "Natural Earth 1:10m Cultural Vectors: Admin 1 – States, Provinces; Admin 0 – Countries",
    "edition": "v4.1.0, generalised by the QGIS project as world_map.gpkg",
    "distribution": "Debian package qgis-common 3.22.16+dfsg-1, file usr/share/qgis/resources/data/world_map.gpkg",
    "licence": "Public domain (Natural Earth terms of use)",
    "url": "https://www.naturalearthdata.com/downloads/10m-cultural-vectors/",
    "sha256": "ff5cceefc4b27abea094fa82459d8aef9417023236c326a666978b62ffe85db2",
}

#: Equal-area projection for every area computed from geometry (World Cylindrical Equal Area).

OFFICIAL_AREA_SOURCE = "Wikipedia, 'Oblasts and territories of Ukraine by area' (official areas)"

#: Russia's claimed annexation dates (treaties signed); not recognised by Ukraine or the UN General Assembly.
ANNEXATION_CLAIMED: dict[str, str] = {
    "UA-43": "2014-03-18",
    "UA-40": "2014-03-18",
    "UA-14": "2022-09-30",
    "UA-09": "2022-09-30",
    "UA-23": "2022-09-30",
    "UA-65": "2022-09-30",
}

#: Neighbouring countries drawn as context (Natural Earth's admin-0 NAME field).
#: Natural Earth's Moldova includes Transnistria, as it should.
NEIGHBOURS: tuple[str, ...] = ("Russia", "Belarus", "Poland", "Slovakia", "Hungary", "Romania", "Moldova")

#: Extent of the context layers, in degrees (west, south, east, north): wide enough that a 1920-pixel
#: screen showing all of Ukraine never reaches its edge.
CONTEXT_EXTENT: tuple[float, float, float, float] = (12.0, 38.0, 52.0, 58.0)

#: Tolerance (degrees) of the context layers' simplification: they are background only.
NEIGHBOURS_SIMPLIFY_DEG = 0.01
#: Pieces of a neighbour smaller than this (square degrees, about 8 km²) are slivers, not land.
NEIGHBOURS_MIN_PIECE_DEG2 = 0.001

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RegionRecord:
    id: str
    name_en: str
    name_uk: str
    kind: str
    official_area_km2: int
    population: int
    population_as_of: str
    population_source: str
    ne_fips: str


def sha256_file(path: Path) -> str:
    """The hex sha256 of a file's bytes, read in 1 MiB pieces.

    Parameters
    ----------
    path : Path
        The file.

    Returns
    -------
    str
        64 lower-case hex digits.
    """
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def read_region_records(path: Path = paths.SOURCES_DIR / "regions.csv") -> list[RegionRecord]:
    """Read the committed table of the 27 regions' names and official figures.

    Parameters
    ----------
    path : Path
        The table (``geodata/data/sources/regions.csv`` by default).

    Returns
    -------
    list of RegionRecord
        One record per region, in the table's order.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return [
            RegionRecord(
                id=row["id"],
                name_en=row["name_en"],
                name_uk=row["name_uk"],
                kind=row["kind"],
                official_area_km2=int(row["official_area_km2"]),
                population=int(row["population"]),
                population_as_of=row["population_as_of"],
                population_source=row["population_source"],
                ne_fips=row["ne_fips"],
            )
            for row in csv.DictReader(handle)
        ]


def build_regions(source: Path) -> gpd.GeoDataFrame:
    """Select Ukraine's 27 units from Natural Earth admin-1 and tag them.

    Natural Earth files Crimea and Sevastopol under Russia (its de facto
    convention); this dataset lists them as Ukraine's regions, inside the 1991
    borders, and tags Russia's annexation claim in ``annexation_claimed``.

    Parameters
    ----------
    source : Path
        Natural Earth ``world_map.gpkg`` (layer ``states_provinces``).

    Returns
    -------
    geopandas.GeoDataFrame
        The 27 regions sorted by id, WGS 84, snapped to the 5-decimal grid, with the region table's fields and
        ``area_km2`` (EPSG:6933, km², one decimal).

    Raises
    ------
    BuildError
        When the source lacks one of the 27 units (by FIPS code) or a geometry is invalid after snapping.
    """
    provinces = gpd.read_file(source, layer="states_provinces", engine="pyogrio")
    selected = provinces[(provinces["admin"] == "Ukraine") | provinces["name"].isin(["Crimea", "Sevastopol"])]
    by_fips: dict[str, BaseGeometry] = dict(zip(selected["fips"].astype(str), selected.geometry, strict=True))
    records = read_region_records()
    missing = [r.ne_fips for r in records if r.ne_fips not in by_fips]
    if missing or len(selected) != len(records):
        raise BuildError(f"source does not hold the 27 expected units (missing FIPS codes: {missing})")
    geometries = [snap(by_fips[r.ne_fips]) for r in records]
    frame = gpd.GeoDataFrame(
        {
            "id": [r.id for r in records],
            "name_en": [r.name_en for r in records],
            "name_uk": [r.name_uk for r in records],
            "kind": [r.kind for r in records],
            "official_area_km2": [r.official_area_km2 for r in records],
            "population": [r.population for r in records],
            "population_as_of": [r.population_as_of for r in records],
            "population_source": [r.population_source for r in records],
            "annexation_claimed": pd.Series([ANNEXATION_CLAIMED.get(r.id) for r in records], dtype=object),
        },
        geometry=geometries,
        crs="EPSG:4326",
    ).sort_values("id", ignore_index=True)
    frame.insert(5, "area_km2", pd.Series(equal_area_km2(list(frame.geometry)), index=frame.index, dtype=float).round(1))
    invalid = frame.loc[~frame.geometry.is_valid, "id"].tolist()
    if invalid:
        raise BuildError(f"invalid region geometries after snapping: {invalid}")
    return frame


def region_features(regions: gpd.GeoDataFrame) -> list[dict[str, Any]]:
    """The regions as GeoJSON features, in the fields of ``regions.geojson``.

    Parameters
    ----------
    regions : geopandas.GeoDataFrame
        The frame :func:`build_regions` returns.

    Returns
    -------
    list of dict
        One feature per region, its id the ISO code; official area and population as integers.
    """
    features = []
    row: Any  # a named tuple of the frame's columns
    for row in regions.itertuples(index=False):
        properties = {
            "name_en": row.name_en,
            "name_uk": row.name_uk,
            "kind": row.kind,
            "area_km2": float(row.area_km2),
            "official_area_km2": int(row.official_area_km2),
            "official_area_source": OFFICIAL_AREA_SOURCE,
            "population": int(row.population),
            "population_as_of": row.population_as_of,
            "population_source": row.population_source,
            "annexation_claimed": row.annexation_claimed if isinstance(row.annexation_claimed, str) else None,
        }
        features.append(feature(row.geometry, properties, feature_id=row.id))
    return features


def build_neighbours(source: Path, ukraine: BaseGeometry) -> list[dict[str, Any]]:
    """Neighbouring countries, clipped to the map's extent, with Ukraine's 1991 territory cut out.

    Parameters
    ----------
    source : Path
        Natural Earth ``world_map.gpkg`` (layer ``countries``).
    ukraine : shapely geometry
        Ukraine's territory (the union of the 27 regions), cut out of every neighbour.

    Returns
    -------
    list of dict
        One feature per country of :data:`NEIGHBOURS`, its id the ISO 3166-1 alpha-3 code, simplified for the background.

    Raises
    ------
    BuildError
        When the source does not hold exactly one country of a given name.
    """
    countries = gpd.read_file(source, layer="countries", engine="pyogrio")
    extent = box(*CONTEXT_EXTENT)
    features = []
    for name in NEIGHBOURS:
        rows = countries[countries["NAME"] == name]
        if len(rows) != 1:
            raise BuildError(f"source has {len(rows)} countries named {name!r}")
        geometry = rows.geometry.iloc[0].intersection(extent).difference(ukraine)
        # Natural Earth's countries and provinces differ slightly along Crimea's coast: drop the slivers
        # that cutting Ukraine out of Russia leaves there.
        pieces = [p for p in getattr(geometry, "geoms", [geometry]) if p.area > NEIGHBOURS_MIN_PIECE_DEG2]
        geometry = shapely.union_all(pieces)
        geometry = snap(geometry.simplify(NEIGHBOURS_SIMPLIFY_DEG, preserve_topology=True))
        features.append(feature(geometry, {"name_en": name, "iso_a3": rows["ISO_A3"].iloc[0]}, feature_id=rows["ISO_A3"].iloc[0]))
    return features


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def build_points(
    rows: list[dict[str, str]],
    regions: gpd.GeoDataFrame,
    id_field: str,
    int_fields: tuple[str, ...] = (),
    what: str = "settlement",
) -> list[dict[str, Any]]:
    """Point features from a source table, each checked to lie in the region its record names.

    Parameters
    ----------
    rows : list of dict
        The table's rows (``settlements.csv`` or ``assets.csv``), ``lat`` and ``lon`` in WGS 84 degrees.
    regions : geopandas.GeoDataFrame
        The regions, to check each point's ``region_id`` against.
    id_field : str
        The column that gives each feature's id.
    int_fields : tuple of str
        Columns written as integers (null where empty).
    what : str
        What a row is, for error messages.

    Returns
    -------
    list of dict
        One point feature per row, in the table's order; a row without an id gets ``local-<name>``.

    Raises
    ------
    BuildError
        When a row names an unknown region, or its point does not lie in that region.
    """
    by_id = regions.set_index("id").geometry
    features = []
    for row in rows:
        point = Point(float(row["lon"]), float(row["lat"]))
        region_id = row["region_id"]
        if region_id not in by_id.index:
            raise BuildError(f"{what} {row['name_en']!r}: unknown region {region_id!r}")
        if not by_id[region_id].covers(point):
            raise BuildError(f"{what} {row['name_en']!r} does not lie in {region_id}")
        properties: dict[str, Any] = {}
        for key, value in row.items():
            if key in ("lat", "lon", id_field):
                continue
            if key in int_fields:
                properties[key] = int(value) if value else None
            else:
                properties[key] = value if value != "" else None
        # A place GeoNames lacks gets a readable local id instead.
        feature_id = row[id_field] or "local-" + row["name_en"].lower().replace(" ", "-")
        features.append(feature(point, properties, feature_id=feature_id))
    return features


def write_static_map_data(static_dir: Path) -> list[Path]:
    """Write the map data the browser fetches (``static/data/``): one file per shipped snapshot, and places.

    Derived from the files just written, through the same functions the app
    uses for imported snapshots, so the two can never differ.

    Parameters
    ----------
    static_dir : Path
        The folder to write into.

    Returns
    -------
    list of Path
        The files written: ``snapshot-<as_of>.json`` per snapshot, ``places.json``, ``context.json``.
    """
    from geodata import layers
    from geodata.dataset import DataPaths, Dataset, default_dataset

    # The app's dataset caches what it read; the build has just rewritten its files.
    default_dataset().clear()
    # Only the package's own snapshots: a user's (imported or fetched) never goes into static/data.
    dataset = Dataset(DataPaths.package())
    static_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for as_of in dataset.snapshot_dates():
        data = layers.snapshot_layer_data(dataset.snapshot(as_of), dataset=dataset)
        written.append(_write_json(static_dir / f"snapshot-{as_of}.json", data))
    written.append(_write_json(static_dir / "places.json", layers.places_layer_data(dataset=dataset)))
    written.append(_write_json(static_dir / "context.json", layers.context_layer_data(dataset=dataset)))
    return written


def _write_json(path: Path, data: Any) -> Path:
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    path.write_text(text + "\n", encoding="utf-8", newline="\n")
    return path


def library_versions() -> dict[str, str]:
    """The versions of Python and of the libraries a build's bytes depend on, for the provenance.

    Returns
    -------
    dict of str to str
        Python, geopandas, shapely, GEOS, pyproj, PROJ, pyogrio, GDAL and numpy.
    """
    import geopandas
    import numpy

    return {
        "python": platform.python_version(),
        "geopandas": geopandas.__version__,
        "shapely": shapely.__version__,
        "geos": shapely.geos_version_string,
        "pyproj": pyproj.__version__,
        "proj": pyproj.proj_version_str,
        "pyogrio": pyogrio.__version__,
        "gdal": pyogrio.__gdal_version_string__,
        "numpy": numpy.__version__,
    }


def build(
    source: Path,
    out_dir: Path = paths.DATA_DIR,
    allow_other_source: bool = False,
    static_dir: Path = paths.STATIC_DATA_DIR,
) -> list[Path]:
    """Regenerate every derived file from ``source`` and the committed source tables.

    Parameters
    ----------
    source : Path
        Natural Earth ``world_map.gpkg`` from Debian's ``qgis-common`` package.
    out_dir : Path
        Package data folder to write into (the package itself by default).
    allow_other_source : bool
        Build from a file whose checksum differs from the pinned edition.
    static_dir : Path
        Folder for the browser's copy of the map data (``static/data/`` beside the package by default).

    Returns
    -------
    list of Path
        The files written, PROVENANCE.json last.

    Raises
    ------
    BuildError
        When ``source`` is missing, or is not the pinned edition and ``allow_other_source`` is false.
    """
    source = Path(source)
    if not source.is_file():
        raise BuildError(f"source not found: {source}")
    source_sha = sha256_file(source)
    if source_sha != SOURCE["sha256"] and not allow_other_source:
        raise BuildError(
            f"source sha256 {source_sha[:12]}… is not the pinned edition {SOURCE['sha256'][:12]}… "
            "(pass --allow-other-source to build anyway)"
        )
    regions = build_regions(source)
    ukraine = shapely.union_all(regions.geometry.values)
    written: list[Path] = []
    written.append(write_feature_collection(out_dir / "regions.geojson", region_features(regions)))
    written.append(write_feature_collection(out_dir / "context" / "neighbours.geojson", build_neighbours(source, ukraine)))
    settlements_csv = paths.SOURCES_DIR / "settlements.csv"
    if settlements_csv.exists():
        rows = _read_csv(settlements_csv)
        written.append(
            write_feature_collection(
                out_dir / "context" / "settlements.geojson",
                build_points(rows, regions, "geonames_id", int_fields=("population",)),
            )
        )
    assets_csv = paths.SOURCES_DIR / "assets.csv"
    if assets_csv.exists():
        written.append(
            write_feature_collection(
                out_dir / "context" / "assets.geojson", build_points(_read_csv(assets_csv), regions, "id", what="asset")
            )
        )
    for spec_path in sorted(paths.CONTROL_SOURCES_DIR.glob("*.toml")):
        log.info("control snapshot %s", spec_path.stem)
        spec = read_control_spec(spec_path)
        written.append(write_feature_collection(out_dir / "control" / f"{spec.as_of}.geojson", build_control(spec, regions)))
    written_static = write_static_map_data(static_dir)
    provenance = {
        "source": {**SOURCE, "sha256": source_sha},
        "inputs": {
            str(p.relative_to(paths.DATA_DIR)): sha256_file(p)
            for p in sorted(paths.SOURCES_DIR.rglob("*"))
            if p.is_file() and p.suffix in (".csv", ".toml")
        },
        "outputs": {str(p.relative_to(out_dir)): sha256_file(p) for p in sorted(written)},
        # The browser's copy of the map data, served by the app from static/ (beside the package).
        "static_outputs": {f"static/data/{p.name}": sha256_file(p) for p in sorted(written_static)},
        "equal_area_crs": EQUAL_AREA_CRS,
        "coordinate_decimals": 5,
        "libraries": library_versions(),
        "command": "python -m geodata build --source PATH/world_map.gpkg",
    }
    provenance_path = out_dir / "PROVENANCE.json"
    provenance_path.write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    written.append(provenance_path)
    log.info("build from %s wrote %d data files and %d map files", source.name, len(written), len(written_static))
    return written
