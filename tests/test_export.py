"""Open data out: exports read back with GDAL and agree with the statistics."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import geopandas as gpd
import pyogrio
import pytest
import shapely

from geodata.control import load_snapshot
from geodata.export import DISCLAIMER, FORMATS, export_bytes
from geodata.regions import load_regions
from geodata.scenarios import load_scenarios
from geodata.stats import compute_stats
from tests.conftest import ROOT

SCENARIO = "plan-28-points-2025-11"


@pytest.fixture(scope="module")
def plan():
    scenario = load_scenarios()[SCENARIO]
    snapshot = load_snapshot("2025-11-20")
    return scenario, snapshot, compute_stats(scenario, snapshot)


def _expected_parts(stats):
    return {
        (row["id"], part): row[part]
        for row in stats["regions"]
        for part in ("russian_held", "ukrainian_held")
        if row[part]["area_km2"] > 0
    }


def _check_parts(frame, stats):
    parts = frame[frame["part"].isin(["russian_held", "ukrainian_held"])]
    expected = _expected_parts(stats)
    assert set(zip(parts["region_id"], parts["part"])) == set(expected)
    assert set(parts["region_id"]) == set(load_regions().index)
    for row in parts.itertuples():
        want = expected[(row.region_id, row.part)]
        assert row.status == want["status"]
        assert row.area_km2 == pytest.approx(want["area_km2"], abs=0.05)
        assert row.population_estimate == want["population"]
        assert row.scenario == SCENARIO and str(row.control_as_of)[:10] == "2025-11-20"
        assert row.sources
    assert parts.geometry.is_valid.all()


def test_geojson_reads_back_and_equals_stats(tmp_path, plan):
    scenario, snapshot, stats = plan
    data = export_bytes(scenario, snapshot, "geojson")
    raw = json.loads(data)
    assert raw["metadata"]["statement"] == DISCLAIMER
    assert raw["metadata"]["scenario_sources"] == list(scenario.sources)
    path = tmp_path / "x.geojson"
    path.write_bytes(data)
    frame = gpd.read_file(path)
    assert frame.crs.to_epsg() == 4326
    _check_parts(frame, stats)
    assert (frame["part"] == "line_of_contact").sum() == 1


def test_gpkg_reads_back_with_layers(tmp_path, plan):
    scenario, snapshot, stats = plan
    path = tmp_path / "x.gpkg"
    path.write_bytes(export_bytes(scenario, snapshot, "gpkg"))
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"region_parts", "line_of_contact", "about"} <= layers
    _check_parts(gpd.read_file(path, layer="region_parts"), stats)
    about = pyogrio.read_dataframe(path, layer="about")
    assert DISCLAIMER in set(about["value"])


def test_parts_cover_each_region_without_overlap(tmp_path, plan):
    scenario, snapshot, _stats = plan
    path = tmp_path / "x.geojson"
    path.write_bytes(export_bytes(scenario, snapshot, "geojson"))
    frame = gpd.read_file(path)
    frame = frame[frame["part"] != "line_of_contact"]
    regions = load_regions()
    for region_id, group in frame.groupby("region_id"):
        region = regions.loc[region_id].geometry
        union = shapely.union_all(list(group.geometry))
        assert union.symmetric_difference(region).area / region.area < 0.001, region_id
        geoms = list(group.geometry)
        overlap = sum(shapely.intersection(a, b).area for i, a in enumerate(geoms) for b in geoms[i + 1 :])
        assert overlap / region.area < 0.0005, region_id


def test_kml_reads_back_with_gdal(tmp_path, plan):
    scenario, snapshot, stats = plan
    path = tmp_path / "x.kml"
    path.write_bytes(export_bytes(scenario, snapshot, "kml"))
    frame = pyogrio.read_dataframe(path, driver="KML")
    expected = _expected_parts(stats)
    assert len(frame) == len(expected) + 1  # the parts, and the line of contact
    names = set(frame["Name"])
    assert "Donetsk Oblast: Demilitarised buffer zone (proposed)" in names
    assert "Zaporizhzhia Oblast: Frozen on the line of contact, status left open (proposed)" in names
    text = path.read_text(encoding="utf-8")
    assert "<Style id=\"buffer_zone\">" in text and DISCLAIMER.split(";")[0] in text


def test_csv_parses_and_totals_equal_stats(plan):
    scenario, snapshot, stats = plan
    text = export_bytes(scenario, snapshot, "csv").decode("utf-8")
    comments = [line for line in text.splitlines() if line.startswith("#")]
    assert any(line.startswith("# scenario: plan-28-points-2025-11") for line in comments)
    assert any("statement:" in line for line in comments)
    rows = list(csv.DictReader(io.StringIO("\n".join(line for line in text.splitlines() if not line.startswith("#")))))
    assert "area_km2 (km²)" in rows[0]
    totals = {r["status"]: r for r in rows if r["table"] == "status_total"}
    for status, values in stats["totals"].items():
        assert float(totals[status]["area_km2 (km²)"]) == pytest.approx(values["area_km2"])
        assert int(totals[status]["population_estimate (people)"]) == values["population"]
    parts = [r for r in rows if r["table"] == "region_part"]
    assert sum(float(r["area_km2 (km²)"]) for r in parts) == pytest.approx(stats["ukraine_area_km2"], abs=1)


@pytest.mark.parametrize("scenario_id", sorted(load_scenarios()))
def test_every_preset_exports(scenario_id, tmp_path):
    for fmt in FORMATS:
        out = tmp_path / f"{scenario_id}.{fmt}"
        result = subprocess.run(
            [sys.executable, "-m", "geodata", "export", "--scenario", scenario_id, "--format", fmt, "--out", str(out)],
            cwd=ROOT, capture_output=True, text=True, timeout=120,
        )
        assert result.returncode == 0, result.stderr
        assert out.stat().st_size > 1000


@pytest.mark.parametrize(
    "args, message",
    [
        (("--scenario", "nope", "--format", "csv"), "unknown scenario"),
        (("--scenario", "status-quo", "--control", "2000-01-01", "--format", "csv"), "unknown control snapshot"),
        (("--scenario", "status-quo", "--format", "shp"), "unknown format 'shp'"),
    ],
)
def test_export_errors_exit_2(args, message, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "export", *args, "--out", str(tmp_path / "x")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_unwritable_path_exits_2(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "export", "--scenario", "status-quo", "--format", "csv", "--out", str(tmp_path / "missing" / "x.csv")],
        cwd=ROOT, capture_output=True, text=True, timeout=60,
    )
    assert result.returncode == 2 and "cannot write" in result.stderr and len(result.stderr.splitlines()) == 1
