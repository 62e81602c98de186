"""The committed regions dataset: ids, tags, areas, topology."""

from __future__ import annotations

import csv
import json

import pytest
import shapely
from pyproj import Geod

from geodata import paths
from geodata.areas import EQUAL_AREA_CRS
from geodata.dataset import default_dataset
from geodata.regions import UKRAINE_OFFICIAL_AREA_KM2

ISO_UA = {
    "UA-05",
    "UA-07",
    "UA-09",
    "UA-12",
    "UA-14",
    "UA-18",
    "UA-21",
    "UA-23",
    "UA-26",
    "UA-30",
    "UA-32",
    "UA-35",
    "UA-40",
    "UA-43",
    "UA-46",
    "UA-48",
    "UA-51",
    "UA-53",
    "UA-56",
    "UA-59",
    "UA-61",
    "UA-63",
    "UA-65",
    "UA-68",
    "UA-71",
    "UA-74",
    "UA-77",
}
# Documented in the README (Data: known source limits): Natural Earth's generalised polygons
# of the two cities with special status are far from their official areas.
KNOWN_AREA_EXCEPTIONS = {"UA-30", "UA-40"}


@pytest.fixture(scope="module")
def regions():
    return default_dataset().regions()


def test_exactly_the_27_iso_ids(regions):
    assert set(regions.index) == ISO_UA
    assert len(regions) == 27


def test_annexation_claim_dates(regions):
    claimed = {rid: d for rid, d in regions["annexation_claimed"].items() if isinstance(d, str)}
    assert claimed == {
        "UA-43": "2014-03-18",
        "UA-40": "2014-03-18",
        "UA-14": "2022-09-30",
        "UA-09": "2022-09-30",
        "UA-23": "2022-09-30",
        "UA-65": "2022-09-30",
    }
    raw = json.loads(paths.REGIONS_PATH.read_text(encoding="utf-8"))
    nulls = [f["id"] for f in raw["features"] if f["properties"]["annexation_claimed"] is None]
    assert len(nulls) == 21


def test_names_use_current_transliteration(regions):
    names = set(regions["name_en"])
    for expected in ("Kyiv", "Odesa Oblast", "Zaporizhzhia Oblast", "Mykolaiv Oblast", "Luhansk Oblast", "Kharkiv Oblast"):
        assert expected in names
    assert not any("'" in n or "Kiev" in n for n in names)
    assert all(any("\u0400" <= ch <= "\u04ff" for ch in n) for n in regions["name_uk"])


def test_total_area_within_1_5_percent_of_official(regions):
    total = regions.geometry.to_crs(EQUAL_AREA_CRS).area.sum() / 1e6
    assert abs(total / UKRAINE_OFFICIAL_AREA_KM2 - 1) < 0.015, total


def test_area_field_is_computed_equal_area(regions):
    computed = regions.geometry.to_crs(EQUAL_AREA_CRS).area / 1e6
    assert (abs(computed - regions["area_km2"]) < 0.5).all()


def test_equal_area_figures_agree_with_geodesic_areas(regions):
    # An independent method: areas on the WGS 84 ellipsoid (pyproj Geod) against the EPSG:6933 projection.
    geod = Geod(ellps="WGS84")
    for region_id, region in regions.iterrows():
        geodesic = abs(geod.geometry_area_perimeter(region.geometry)[0]) / 1e6
        assert region["area_km2"] == pytest.approx(geodesic, rel=0.001), region_id


def test_each_region_near_its_official_area(regions):
    deviation = regions["area_km2"] / regions["official_area_km2"] - 1
    report = deviation.sort_values().map(lambda d: f"{d:+.1%}")
    print("\nregion area deviation from official:\n" + report.to_string())
    beyond = set(deviation[deviation.abs() > 0.10].index)
    assert beyond == KNOWN_AREA_EXCEPTIONS, report.to_string()


def test_no_overlaps_and_shared_borders(regions):
    geoms = regions.geometry.to_crs(EQUAL_AREA_CRS)
    union = shapely.union_all(geoms.values)
    assert abs(geoms.area.sum() / union.area - 1) < 0.001
    # A valid coverage: no overlaps, and neighbours share identical vertices along their borders.
    assert shapely.coverage_is_valid(regions.geometry.values)
    assert regions.geometry.is_valid.all()


def test_coordinates_at_most_5_decimals_and_file_small():
    text = paths.REGIONS_PATH.read_text(encoding="utf-8")
    assert len(text.encode()) <= 400_000
    raw = json.loads(text)

    def walk(value):
        if isinstance(value, float):
            yield value
        elif isinstance(value, list):
            for v in value:
                yield from walk(v)

    for f in raw["features"]:
        for x in walk(f["geometry"]["coordinates"]):
            assert round(x, 5) == x


def test_figures_match_the_committed_source_table(regions):
    with (paths.SOURCES_DIR / "regions.csv").open(encoding="utf-8") as handle:
        rows = {r["id"]: r for r in csv.DictReader(handle)}
    for rid, row in rows.items():
        assert regions.loc[rid, "official_area_km2"] == int(row["official_area_km2"])
        assert regions.loc[rid, "population"] == int(row["population"])
        assert regions.loc[rid, "population_source"]


def test_every_settlement_lies_in_its_region(regions):
    settlements = default_dataset().settlements()
    assert len(settlements) > 300
    for sid, row in settlements.iterrows():
        assert regions.loc[row["region_id"]].geometry.covers(row.geometry), (sid, row["name_en"], row["region_id"])


def test_required_places_are_labelled():
    settlements = default_dataset().settlements()
    labelled = settlements[settlements["role"].notna()]
    names = set(labelled["name_en"])
    for name in (
        "Kyiv",
        "Simferopol",
        "Sevastopol",
        "Mariupol",
        "Melitopol",
        "Berdiansk",
        "Nova Kakhovka",
        "Enerhodar",
        "Kramatorsk",
        "Sloviansk",
        "Pokrovsk",
        "Bakhmut",
        "Sievierodonetsk",
        "Lysychansk",
        "Kupiansk",
        "Kerch",
    ):
        assert name in names, name
    assert (labelled["role"] == "front_line").sum() >= 25
    centres = labelled[labelled["role"].isin(["capital", "regional_centre"])]
    # Kyiv is the centre of both Kyiv city and Kyiv Oblast and lies in the city.
    assert set(centres["region_id"]) == ISO_UA - {"UA-32"}
    assert labelled["population_source"].notna().all()


def test_every_asset_lies_in_its_region(regions):
    assets = default_dataset().assets()
    kinds = set(assets["kind"])
    assert {"nuclear_plant", "dam", "canal", "bridge", "port"} <= kinds
    for aid, row in assets.iterrows():
        assert regions.loc[row["region_id"]].geometry.covers(row.geometry), aid
        assert row["source"]
