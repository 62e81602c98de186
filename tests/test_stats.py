"""Statistics: totals add up, the JSON contract holds, the command line reports errors in one line."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib

import pytest
from pyproj import Geod

from geodata import paths
from geodata.areas import UKRAINE_OFFICIAL_AREA_KM2
from geodata.cli import main
from geodata.control import list_snapshots, load_snapshot, region_parts
from geodata.regions import ANNEXED_2022, load_regions
from geodata.scenarios import Status, load_scenarios
from geodata.stats import compute_stats
from tests.conftest import ROOT

GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def regions():
    return load_regions()


def _geodesic_km2(geometry) -> float:
    """Area on the WGS 84 ellipsoid (pyproj Geod), an independent method from the EPSG:6933 projection."""
    if geometry.is_empty:
        return 0.0
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


@pytest.mark.parametrize("scenario_id", sorted(load_scenarios()))
def test_status_totals_agree_with_geodesic_areas_of_the_parts(scenario_id, regions):
    # Each status's total recomputed from the parts' geometry on the ellipsoid (pyproj Geod): another
    # area method and another path than compute_stats's projected shares.
    scenario = load_scenarios()[scenario_id]
    snapshot = load_snapshot(scenario.control)
    stats = compute_stats(scenario, snapshot)
    parts = region_parts(snapshot)
    expected = {s.value: 0.0 for s in Status}
    # The method (docs/method.md): computed areas scaled by one country-wide factor to Ukraine's official area.
    ukraine = sum(_geodesic_km2(g) for g in regions.geometry)
    for region_id, region in regions.iterrows():
        for part, geometries in (("russian_held", parts.russian_held), ("ukrainian_held", parts.ukrainian_held)):
            area = _geodesic_km2(geometries[region_id]) / ukraine * UKRAINE_OFFICIAL_AREA_KM2
            expected[scenario.status(region_id, part).value] += area
    for status, area in expected.items():
        assert stats["totals"][status]["area_km2"] == pytest.approx(area, rel=0.002, abs=2.0), status
    # The population of every region is split between its two parts, none lost or counted twice.
    population = sum(v["population"] for v in stats["totals"].values())
    assert population == regions["population"].sum()


def test_json_contract(regions):
    scenario = load_scenarios()["plan-28-points-2025-11"]
    stats = compute_stats(scenario, load_snapshot("2025-11-20"))
    raw_statuses = tomllib.loads((paths.SCENARIOS_DIR / "plan-28-points-2025-11.toml").read_text(encoding="utf-8"))["regions"]
    assert stats["scenario"] == "plan-28-points-2025-11"
    assert stats["control_as_of"] == "2025-11-20"
    assert set(stats["totals"]) == {s.value for s in Status}
    for values in stats["totals"].values():
        assert set(values) >= {"area_km2", "share_of_ukraine", "population"}
        assert 0 <= values["share_of_ukraine"] <= 1
    assert len(stats["regions"]) == 27
    for row in stats["regions"]:
        assert 0 <= row["controlled_share"] <= 1
        for part in ("russian_held", "ukrainian_held"):
            # The status as the scenario file itself writes it, read without the scenario loader.
            assert row[part]["status"] == raw_statuses[row["id"]][part], (row["id"], part)
            assert row[part]["area_km2"] >= 0
        whole = row["russian_held"]["area_km2"] + row["ukrainian_held"]["area_km2"]
        assert whole == pytest.approx(row["area_km2"], abs=0.2)
        assert row["official_area_km2"] == regions.loc[row["id"], "official_area_km2"]
    # One country-wide factor: the regions add up to Ukraine's official area, and every status's total too.
    assert sum(row["area_km2"] for row in stats["regions"]) == pytest.approx(UKRAINE_OFFICIAL_AREA_KM2, abs=2)
    assert sum(v["area_km2"] for v in stats["totals"].values()) == pytest.approx(UKRAINE_OFFICIAL_AREA_KM2, abs=1)
    factors = [row["area_km2"] / regions.loc[row["id"], "area_km2"] for row in stats["regions"]]
    assert max(factors) - min(factors) < 1e-3
    assert 0 < stats["annexed_2022_controlled_share"] < 1
    assert all(isinstance(n, str) for names in stats["settlements"].values() for n in names)


def test_annexed_2022_share_is_computed_from_the_parts(regions):
    stats = compute_stats(load_scenarios()["status-quo"], load_snapshot("2025-11-20"))
    rows = {r["id"]: r for r in stats["regions"]}
    held = sum(rows[r]["russian_held"]["area_km2"] for r in ANNEXED_2022)
    total = sum(rows[r]["area_km2"] for r in ANNEXED_2022)
    assert stats["annexed_2022_controlled_share"] == pytest.approx(held / total, abs=0.0005)
    # Reported figures for late 2025 put the four oblasts near 78-80%: not the 70% often quoted.
    assert 0.74 < stats["annexed_2022_controlled_share"] < 0.84


def test_plan_28_points_names_what_ukraine_gives_up():
    stats = compute_stats(load_scenarios()["plan-28-points-2025-11"], load_snapshot("2025-11-20"))
    given = stats["ukraine_gives_up"]
    # The Ukrainian-held part of Donetsk oblast (buffer zone) and of Luhansk (de facto, whole oblast).
    assert set(given["regions"]) == {"UA-14", "UA-09"}
    assert {"Kramatorsk", "Sloviansk"} <= set(given["settlements"])
    assert "Kramatorsk" in stats["settlements"][Status.BUFFER_ZONE.value]
    returned = stats["russia_returns"]
    assert "UA-63" in returned["regions"] and returned["area_km2"] > 0


def test_status_quo_gives_up_and_returns_nothing():
    stats = compute_stats(load_scenarios()["status-quo"], load_snapshot("2025-11-20"))
    assert stats["ukraine_gives_up"]["area_km2"] == 0
    assert stats["russia_returns"]["area_km2"] == 0
    assert "Mariupol" in stats["settlements"]["occupied"]
    assert "Kramatorsk" in stats["settlements"]["ukraine"]


def _cli(capsys, *args: str) -> tuple[int, str, str]:
    """Run a command in-process, as ``python -m geodata`` would: exit status, stdout, stderr."""
    try:
        status = main(list(args))
    except SystemExit as exc:  # argparse's own errors
        status = exc.code
    out = capsys.readouterr()
    return status, out.out, out.err


def test_python_m_geodata_runs_as_a_module():
    # One real subprocess: the package's __main__ entry point; the other command tests run in-process.
    result = subprocess.run([sys.executable, "-m", "geodata", "snapshots", "--json"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert [s["as_of"] for s in json.loads(result.stdout)] == list(list_snapshots())


def test_cli_stats_json_matches_the_function(capsys):
    status, out, err = _cli(capsys, "stats", "--scenario", "us-2025-04", "--control", "2025-11-20", "--json")
    assert status == 0, err
    data = json.loads(out)
    expected = compute_stats(load_scenarios()["us-2025-04"], load_snapshot("2025-11-20"))
    assert data == json.loads(json.dumps(expected))


def test_cli_lists_scenarios_and_snapshots(capsys):
    status, out, _ = _cli(capsys, "scenarios")
    assert status == 0
    for scenario_id in load_scenarios():
        assert scenario_id in out
    status, out, _ = _cli(capsys, "snapshots", "--json")
    assert [s["as_of"] for s in json.loads(out)] == list(list_snapshots())


@pytest.mark.parametrize(
    "args, message",
    [
        (("stats", "--scenario", "no-such-plan"), "unknown scenario 'no-such-plan'"),
        (("stats", "--scenario", "status-quo", "--control", "1999-01-01"), "unknown control snapshot '1999-01-01'"),
        (("stats", "--scenario", "status-quo", "--control", "../../etc/passwd"), "unknown control snapshot"),
    ],
)
def test_cli_errors_exit_2_with_one_line(capsys, args, message):
    status, _, err = _cli(capsys, *args)
    assert status == 2
    assert message in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err
