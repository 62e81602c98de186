"""Open data out: exports read back with GDAL and agree with the statistics."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import geopandas as gpd
import pandas as pd
import pyogrio
import pytest
import shapely

from geodata.cli import main
from geodata.dataset import default_dataset
from geodata.export import DISCLAIMER, FORMATS, ExportError, export_bytes, export_format
from geodata.stats import compute_stats
from tests.conftest import ROOT

SCENARIO = "plan-28-points-2025-11"


@pytest.fixture(scope="module")
def plan():
    scenario = default_dataset().scenarios()[SCENARIO]
    snapshot = default_dataset().snapshot("2025-11-20")
    return scenario, snapshot, compute_stats(scenario, snapshot, dataset=default_dataset())


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
    assert set(zip(parts["region_id"], parts["part"], strict=False)) == set(expected)
    assert set(parts["region_id"]) == set(default_dataset().regions().index)
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
    data = export_bytes(scenario, snapshot, "geojson", dataset=default_dataset())
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
    path.write_bytes(export_bytes(scenario, snapshot, "gpkg", dataset=default_dataset()))
    layers = {name for name, _ in pyogrio.list_layers(path)}
    assert {"region_parts", "line_of_contact", "about"} <= layers
    _check_parts(gpd.read_file(path, layer="region_parts"), stats)
    about = pyogrio.read_dataframe(path, layer="about")
    assert DISCLAIMER in set(about["value"])


def test_parts_cover_each_region_without_overlap(tmp_path, plan):
    scenario, snapshot, _stats = plan
    path = tmp_path / "x.geojson"
    path.write_bytes(export_bytes(scenario, snapshot, "geojson", dataset=default_dataset()))
    frame = gpd.read_file(path)
    frame = frame[frame["part"] != "line_of_contact"]
    regions = default_dataset().regions()
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
    path.write_bytes(export_bytes(scenario, snapshot, "kml", dataset=default_dataset()))
    frame = pyogrio.read_dataframe(path, driver="KML")
    expected = _expected_parts(stats)
    assert len(frame) == len(expected) + 1  # the parts, and the line of contact
    names = set(frame["Name"])
    assert "Donetsk Oblast: Demilitarised buffer zone (proposed)" in names
    # Point 21(b): the freeze on the line of contact means de facto recognition along it (as reported).
    assert "Zaporizhzhia Oblast: Russian control accepted de facto, not recognised de jure (proposed)" in names
    text = path.read_text(encoding="utf-8")
    assert '<Style id="buffer_zone">' in text and DISCLAIMER.split(";")[0] in text


def test_csv_reads_with_default_options_and_totals_equal_stats(plan):
    scenario, snapshot, stats = plan
    data = export_bytes(scenario, snapshot, "csv", dataset=default_dataset())
    assert not data.startswith(b"#")
    # What spreadsheets and pandas do with no options at all.
    frame = pd.read_csv(io.BytesIO(data))
    assert "area_km2 (km²)" in frame.columns
    assert set(frame["scenario"]) == {"plan-28-points-2025-11"} and set(frame["control_as_of"]) == {snapshot.as_of}
    assert frame["statement"].str.contains("not endorsements").all()
    totals = frame[frame["table"] == "status_total"].set_index("status")
    for status, values in stats["totals"].items():
        assert float(totals.loc[status, "area_km2 (km²)"]) == pytest.approx(values["area_km2"])
        assert int(totals.loc[status, "population_estimate (people)"]) == values["population"]
    parts = frame[frame["table"] == "region_part"]
    rows = {(r["id"], part): r[part]["area_km2"] for r in stats["regions"] for part in ("russian_held", "ukrainian_held")}
    for _, row in parts.iterrows():
        assert row["area_km2 (km²)"] == pytest.approx(rows[(row["region_id"], row["part"])])
    rows_csv = list(csv.DictReader(io.StringIO(data.decode("utf-8"))))
    assert len(rows_csv) == len(frame)


def _export(capsys, *args: str) -> tuple[int, str]:
    try:
        status = main(["export", *args])
    except SystemExit as exc:
        status = exc.code
    out = capsys.readouterr()
    return status, out.out + out.err


@pytest.mark.parametrize("scenario_id", sorted(default_dataset().scenarios()))
def test_every_preset_exports(scenario_id, tmp_path, capsys):
    for fmt in FORMATS:
        out = tmp_path / f"{scenario_id}.{fmt}"
        status, output = _export(capsys, "--scenario", scenario_id, "--out", str(out))
        assert status == 0, output
        assert out.stat().st_size > 1000
        assert f"({fmt})" in output


@pytest.mark.parametrize(
    "out, fmt, expected",
    [
        ("x.geojson", None, "geojson"),
        ("x.GeoJSON", None, "geojson"),
        ("x.json", None, "geojson"),
        ("X.GPKG", None, "gpkg"),
        ("x.kml", None, "kml"),
        ("x.csv", None, "csv"),
        ("x.csv", "CSV", "csv"),
        ("x.geojson", "GeoJSON", "geojson"),
        ("x", "kml", "kml"),
    ],
)
def test_export_format_from_the_file_name_any_case(out, fmt, expected):
    assert export_format(out, fmt) == expected


@pytest.mark.parametrize(
    "out, fmt, message",
    [
        ("x.geojson", "csv", "does not match"),
        ("x.txt", None, "cannot tell the format"),
        ("x", None, "cannot tell the format"),
        ("x.shp", "shp", "unknown format 'shp' (known: geojson, gpkg, kml, csv)"),
    ],
)
def test_export_format_refusals_name_what_to_do(out, fmt, message):
    with pytest.raises(ExportError, match=re.escape(message)):
        export_format(out, fmt)


@pytest.mark.parametrize(
    "args, message",
    [
        (("--scenario", "nope", "--format", "csv"), "unknown scenario"),
        (("--scenario", "status-quo", "--control", "2000-01-01", "--format", "csv"), "unknown control snapshot"),
        (("--scenario", "status-quo", "--format", "shp"), "unknown format 'shp'"),
        (("--scenario", "status-quo", "--format", "csv", "--out-suffix", ".geojson"), "does not match"),
    ],
)
def test_export_errors_exit_2(args, message, tmp_path, capsys):
    args = list(args)
    out = tmp_path / "x"
    if "--out-suffix" in args:
        out = tmp_path / f"x{args.pop(args.index('--out-suffix') + 1)}"
        args.remove("--out-suffix")
    status, output = _export(capsys, *args, "--out", str(out))
    assert status == 2 and message in output and "Traceback" not in output
    assert len(output.strip().splitlines()) == 1
    assert not out.exists()


def test_unwritable_path_exits_2(tmp_path):
    # A real process once: the exit status and stderr as a shell sees them.
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "export", "--scenario", "status-quo", "--out", str(tmp_path / "missing" / "x.csv")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2 and "cannot write" in result.stderr and len(result.stderr.splitlines()) == 1
