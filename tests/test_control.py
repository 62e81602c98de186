"""Control snapshots against published figures: per-region shares and places on their reported side."""

from __future__ import annotations

import csv

import pytest
import shapely
from shapely.geometry import Point
from shapely.ops import nearest_points

from geodata import paths
from geodata.control import list_snapshots, load_snapshot, region_parts
from geodata.regions import load_regions, ukraine_outline

# Published shares of each region's area under Russian control (DeepStateMap figures as reported
# by Interfax-Ukraine and Ukrainska Pravda; KHPG 2016 for the pre-invasion line). Tolerance: 2 points.
TARGETS = {
    "2025-11-20": {"UA-14": 0.765, "UA-09": 0.99, "UA-23": 0.74, "UA-65": 0.72, "UA-43": 1.0, "UA-40": 1.0, "UA-63": 0.04},
    "2022-02-23": {"UA-14": 0.32, "UA-09": 0.31, "UA-43": 1.0, "UA-40": 1.0},
    # DeepStateMap on 2023-01-01; the line barely moved after the Kherson right bank was retaken on 2022-11-11.
    "2022-11-12": {"UA-14": 0.567, "UA-09": 0.979, "UA-23": 0.728, "UA-65": 0.72, "UA-43": 1.0, "UA-40": 1.0},
}
# Regions with small Russian-held areas on the date (Kharkiv, Sumy, Dnipropetrovsk, the Kinburn spit).
SMALL_AREAS = {"2025-11-20": {"UA-59", "UA-12", "UA-48"}, "2022-02-23": set(), "2022-11-12": {"UA-63", "UA-48"}}
TOLERANCE = 0.02


def test_required_snapshots_are_shipped():
    assert {"2022-02-23", "2025-11-20"} <= set(list_snapshots())


@pytest.mark.parametrize("as_of", sorted(TARGETS))
def test_controlled_shares_match_published_figures(as_of):
    shares = region_parts(load_snapshot(as_of)).controlled_share
    report = {r: round(shares[r], 3) for r in sorted(shares) if shares[r] > 0}
    print(f"\n{as_of}: {report}")
    for region_id, expected in TARGETS[as_of].items():
        assert shares[region_id] == pytest.approx(expected, abs=TOLERANCE), (region_id, shares[region_id])
    for region_id in SMALL_AREAS[as_of]:
        assert 0 < shares[region_id] < 0.03, (region_id, shares[region_id])
    expected_nonzero = set(TARGETS[as_of]) | SMALL_AREAS[as_of]
    elsewhere = {r: s for r, s in shares.items() if r not in expected_nonzero and s > 0.0001}
    assert not elsewhere, elsewhere


def _places():
    with (paths.SOURCES_DIR / "line_of_contact_places.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_spring_2022_peak_as_far_as_sources_agree():
    # The peak's published figures mix months (Luhansk April, Zaporizhzhia and Kherson June): only Donetsk
    # and the whole-country total are compared; the README gives every figure reached and why.
    parts = region_parts(load_snapshot("2022-03-25"))
    shares = parts.controlled_share
    assert shares["UA-14"] == pytest.approx(0.545, abs=TOLERANCE)
    assert shares["UA-43"] == pytest.approx(1.0) and shares["UA-40"] == pytest.approx(1.0) and shares["UA-30"] == 0
    regions = load_regions()
    held_km2 = sum(regions.loc[r, "official_area_km2"] * s for r, s in shares.items())
    # ISW: about 22% of Ukraine at the March 2022 peak; this line's northern bands are drawn generously.
    assert 0.20 < held_km2 / 603_628 < 0.25


@pytest.mark.parametrize("as_of", [*sorted(TARGETS), "2022-03-25"])
def test_places_lie_on_their_reported_side(as_of):
    column = "side_" + as_of.replace("-", "_")
    snapshot = load_snapshot(as_of)
    held = shapely.union_all(list(snapshot.by_region.values()))
    land = ukraine_outline()
    places = [p for p in _places() if p.get(column)]
    assert len(places) >= 10
    wrong = []
    for place in places:
        point = Point(float(place["lon"]), float(place["lat"]))
        if not land.covers(point):
            # A few places (Kinburn Spit, the Kerch bridge, Ochakiv's centre) fall just off Natural
            # Earth's generalised coast: judge them by the nearest land.
            point = nearest_points(land.boundary, point)[0]
            inside = held.distance(point) < 1e-6
        else:
            inside = held.covers(point)
        if inside != (place[column] == "RU"):
            wrong.append(place["name"])
    assert not wrong, f"on the wrong side on {as_of}: {wrong}"


def test_contested_places_have_a_stated_choice():
    for place in _places():
        if "contested" in place["reported"].lower():
            assert place["choice_note"].strip(), place["name"]


def test_snapshot_files_carry_date_method_and_sources():
    regions = load_regions()
    for as_of in list_snapshots():
        snapshot = load_snapshot(as_of)
        assert snapshot.as_of == as_of and snapshot.method and snapshot.sources
        for region_id, geometry in snapshot.by_region.items():
            assert geometry.is_valid and not geometry.is_empty
            # Clipped to its region.
            assert geometry.difference(regions.loc[region_id].geometry).area < 1e-6


def test_line_of_contact_runs_inside_ukraine():
    snapshot = load_snapshot("2025-11-20")
    line = region_parts(snapshot).line_of_contact
    assert line.length > 5  # degrees: well over 500 km
    from geodata.regions import ukraine_outline

    assert ukraine_outline().buffer(0.01).covers(line)
