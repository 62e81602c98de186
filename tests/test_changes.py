"""Changes between two control dates: nets agree with `stats` computed now, polygons with what was built,
places that changed side with the shapes that moved, and the files open in pandas and GDAL."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import geopandas as gpd
import pandas as pd
import pytest
import shapely
from pyproj import Geod
from shapely.geometry import box, mapping

from geodata.changes import SLIVER_MAX_KM2, ChangesError, changes_features, compute_changes, region_table
from geodata.cli import main
from geodata.dataset import DataPaths, Dataset, default_dataset
from geodata.stats import compute_stats
from geodata.wording import public_text

GEOD = Geod(ellps="WGS84")
REGION = "UA-14"


def _stats(as_of: str) -> dict:
    return compute_stats(default_dataset().scenario("status-quo"), default_dataset().snapshot(as_of), dataset=default_dataset())


def _held(stats: dict) -> dict[str, float]:
    return {row["id"]: row["russian_held"]["area_km2"] for row in stats["regions"]}


@pytest.mark.parametrize("pair", [("2025-11-20", "2026-07-01"), ("2022-02-23", "2022-03-25"), ("2022-03-25", "2022-11-12")])
def test_net_equals_the_difference_of_stats_on_the_two_dates(pair):
    earlier, later = pair
    changes = compute_changes(default_dataset(), earlier, later).summary
    before, after = _stats(earlier), _stats(later)
    assert changes["net_km2"] == pytest.approx(after["russian_held_area_km2"] - before["russian_held_area_km2"], abs=1.0)
    held_before, held_after = _held(before), _held(after)
    listed = {row["id"]: row for row in changes["regions"]}
    for region_id in held_before:
        expected = held_after[region_id] - held_before[region_id]
        if region_id not in listed:
            assert abs(expected) < 0.2, region_id
            continue
        row = listed[region_id]
        assert row["net_km2"] == pytest.approx(expected, abs=1.0)
        # Polygons and the statistics agree: gained − lost (slivers apart) is the net.
        assert row["gained_km2"] - row["lost_km2"] + row["sliver_net_km2"] == pytest.approx(row["net_km2"], abs=0.5)
    assert changes["days"] == (pd.Timestamp(later) - pd.Timestamp(earlier)).days
    assert changes["net_per_30_days_km2"] == pytest.approx(changes["net_km2"] * 30 / changes["days"], abs=0.1)


def test_settlements_that_changed_side_are_those_the_shipped_lines_move():
    summary = compute_changes(default_dataset(), "2025-11-20", "2026-07-01").summary

    held = [
        shapely.union_all(list(default_dataset().region_parts(default_dataset().snapshot(d)).russian_held.values()))
        for d in ("2025-11-20", "2026-07-01")
    ]
    settlements = default_dataset().settlements()
    expected = {
        place_id
        for place_id, point in settlements.geometry.items()
        if bool(shapely.covers(held[0], point)) != bool(shapely.covers(held[1], point))
    }
    assert {s["id"] for s in summary["settlements"]} == expected
    assert expected, "the two newest lines move at least one town (the issue's example)"
    for item in summary["settlements"]:
        assert item["kind"] == ("gained" if item["to_side"] == "russian_held" else "lost")


def _snapshot_file(folder: Path, as_of: str, geometry) -> None:
    feature = {
        "type": "Feature",
        "properties": {"region_id": REGION, "as_of": as_of, "method": "test", "sources": ["built by the test"]},
        "geometry": mapping(geometry),
    }
    (folder / f"{as_of}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}), encoding="utf-8")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """Two dates built by hand in Donetsk oblast: a box held, then a box beside it taken (over a town), a strip
    of the first given up, and one tiny square (a sliver) added."""
    region = default_dataset().regions().geometry[REGION]
    towns = default_dataset().settlements()
    towns = towns[towns["region_id"] == REGION]
    town_id, town = next(
        (i, p) for i, p in towns.geometry.items() if region.contains(box(p.x - 0.1, p.y - 0.1, p.x + 0.35, p.y + 0.1))
    )
    held_a = box(town.x + 0.05, town.y - 0.05, town.x + 0.30, town.y + 0.05)
    taken = box(town.x - 0.05, town.y - 0.05, town.x + 0.05, town.y + 0.05)
    given_up = box(town.x + 0.25, town.y - 0.05, town.x + 0.30, town.y + 0.05)
    sliver = box(town.x + 0.32, town.y + 0.07, town.x + 0.324, town.y + 0.074)
    held_b = shapely.union_all([shapely.difference(held_a, given_up), taken, sliver])
    folder = tmp_path_factory.mktemp("control")
    _snapshot_file(folder, "2030-01-01", held_a)
    _snapshot_file(folder, "2030-03-02", held_b)
    dataset = Dataset(replace(DataPaths.package(), control_dir=folder))
    return {
        "dataset": dataset,
        "town_id": town_id,
        "taken": taken,
        "given_up": given_up,
        "sliver": sliver,
        "held_a": held_a,
        "held_b": held_b,
        "towns": towns,
    }


def _geodesic_km2(geometry) -> float:
    return abs(GEOD.geometry_area_perimeter(geometry)[0]) / 1e6


def test_built_changes_match_the_shapes_built(built):
    changes = compute_changes(built["dataset"], "2030-01-01", "2030-03-02")
    summary = changes.summary
    stats_rows = {
        row["id"]: row
        for row in compute_stats(
            default_dataset().scenario("status-quo"), built["dataset"].snapshot("2030-01-01"), dataset=default_dataset()
        )["regions"]
    }
    row = stats_rows[REGION]
    # The statistics' area for the region over its area on the ellipsoid: the scale a part's area takes.
    region_geodesic = _geodesic_km2(default_dataset().regions().geometry[REGION])
    scale = (row["russian_held"]["area_km2"] + row["ukrainian_held"]["area_km2"]) / region_geodesic
    assert summary["gained_km2"] == pytest.approx(_geodesic_km2(built["taken"]) * scale, rel=0.005)
    assert summary["lost_km2"] == pytest.approx(_geodesic_km2(built["given_up"]) * scale, rel=0.005)
    assert summary["slivers"]["count"] == 1
    assert summary["slivers"]["gained_km2"] == pytest.approx(_geodesic_km2(built["sliver"]) * scale, abs=0.006)  # rounded to 0.01
    assert _geodesic_km2(built["sliver"]) * scale < SLIVER_MAX_KM2
    assert {p.kind for p in changes.polygons} == {"gained", "lost"} and len(changes.polygons) == 2
    assert summary["days"] == 60
    # The towns inside the box taken, and only those, changed side.
    expected = {i for i, p in built["towns"].geometry.items() if built["taken"].covers(p) and not built["held_a"].covers(p)}
    assert built["town_id"] in expected
    assert {s["id"] for s in summary["settlements"]} == expected
    assert all(s["kind"] == "gained" and s["from_side"] == "ukrainian_held" for s in summary["settlements"])
    features = changes_features(changes)["features"]
    gained = next(f for f in features if f["properties"]["kind"] == "gained")
    assert shapely.geometry.shape(gained["geometry"]).symmetric_difference(built["taken"]).area < 1e-6


def test_dates_out_of_order_or_unknown_are_refused(built):
    with pytest.raises(ChangesError, match="earlier"):
        compute_changes(built["dataset"], "2030-03-02", "2030-01-01")
    with pytest.raises(ChangesError, match="2030-01-01"):
        compute_changes(built["dataset"], "2029-01-01", "2030-03-02")


def test_cli_json_and_files_open_in_pandas_and_gdal(tmp_path, capsys):
    earlier, later = default_dataset().snapshot_dates()[-3], default_dataset().snapshot_dates()[-1]
    assert main(["changes", "--from", earlier, "--to", later, "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    for key in (
        "gained_km2",
        "lost_km2",
        "net_km2",
        "days",
        "net_per_30_days_km2",
        "regions",
        "settlements",
        "assets",
        "slivers",
    ):
        assert key in printed
    expected = compute_changes(default_dataset(), earlier, later)
    csv_path, geojson_path, gpkg_path = tmp_path / "c.csv", tmp_path / "c.geojson", tmp_path / "c.gpkg"
    for path in (csv_path, geojson_path, gpkg_path):
        assert main(["changes", "--from", earlier, "--to", later, "--out", str(path)]) == 0
    table = pd.read_csv(csv_path)
    assert list(table["region_id"]) == [r["region_id"] for r in region_table(expected)]
    assert table.set_index("region_id").loc["total", "net_km2"] == pytest.approx(printed["net_km2"])
    margins = table.set_index("region_id")["margin_km2"]
    assert margins["total"] == pytest.approx(printed["margin_km2"])
    assert [margins[r["id"]] for r in printed["regions"]] == pytest.approx([r["margin_km2"] for r in printed["regions"]])
    for path in (geojson_path, gpkg_path):
        frame = gpd.read_file(path)
        assert len(frame) == len(expected.polygons)
        assert set(frame["kind"]) == {p.kind for p in expected.polygons}
    assert main(["changes", "--from", later, "--to", earlier]) == 2
    assert main(["changes", "--from", earlier, "--to", later, "--out", str(tmp_path / "c.kml")]) == 2


@pytest.mark.parametrize("pair", [("2025-11-20", "2026-07-01"), ("2022-03-25", "2022-11-12")])
def test_the_net_change_carries_the_two_lines_stated_margins_added(pair):
    """The net change's margin: each line's stated margin (stats) added, in total and per region; a bound."""
    earlier, later = pair
    summary = compute_changes(default_dataset(), earlier, later).summary
    before, after = _stats(earlier), _stats(later)
    assert before["margin_km2"] and after["margin_km2"], "the shipped lines state their vertices' accuracy"
    assert summary["from_margin_km2"] == before["margin_km2"] and summary["to_margin_km2"] == after["margin_km2"]
    assert summary["margin_km2"] == pytest.approx(before["margin_km2"] + after["margin_km2"], abs=0.051)
    rows_before = {row["id"]: row for row in before["regions"]}
    rows_after = {row["id"]: row for row in after["regions"]}
    for row in summary["regions"]:
        expected = rows_before[row["id"]]["margin_km2"] + rows_after[row["id"]]["margin_km2"]
        assert row["margin_km2"] == pytest.approx(expected, abs=0.051), row["id"]
    assert "added" in summary["margin_method"] and "bound" in summary["margin_method"]
    total = region_table(compute_changes(default_dataset(), earlier, later))[-1]
    assert total["region_id"] == "total" and total["margin_km2"] == summary["margin_km2"]


def test_a_line_that_states_no_accuracy_gives_a_change_with_its_margin_not_stated(built, capsys):
    from geodata.margin import changes_margin_text, margin_cell, net_change_margin_km2

    summary = compute_changes(built["dataset"], "2030-01-01", "2030-03-02").summary
    assert summary["margin_km2"] is None and summary["from_margin_km2"] is None and summary["to_margin_km2"] is None
    assert all(row["margin_km2"] is None for row in summary["regions"]) and summary["regions"]
    assert "2030-01-01 and 2030-03-02" in summary["margin_method"] and "not stated" in summary["margin_method"]
    assert changes_margin_text(summary, "en") == (
        "Margin of the net change: not stated (the line of 2030-01-01 and 2030-03-02 does not state its accuracy)"
    )
    assert "не зазначено" in changes_margin_text(summary, "uk")
    assert margin_cell(None, "en") == "not stated" and margin_cell(None, "uk") == "не зазначено"
    assert net_change_margin_km2(None, 12.0) is None and net_change_margin_km2(12.0, None) is None
    # One line with a stated margin is not enough: the change's margin would be a bound on one side only.
    shipped = compute_changes(default_dataset(), "2025-11-20", "2026-07-01").summary
    margin = f"±\u00a0{shipped['margin_km2']:,.0f}\u00a0km²"
    assert changes_margin_text(shipped, "en").startswith(f"Margin of the net change: {margin}")


def test_dashboard_since_draws_changes_on_the_map_and_lists_them():
    from tests.apphelpers import layer_config, map_payloads, run_app

    at = run_app({"since": "2025-11-20", "control": "2026-07-01"})
    assert not at.exception
    expected = compute_changes(default_dataset(), "2025-11-20", "2026-07-01")
    # The map's configuration carries the polygons, their kinds and legend rows naming both dates.
    config = layer_config(map_payloads(at)[0])
    changes = config["changes"]
    assert [f["properties"]["kind"] for f in changes["geojson"]["features"]] == [p.kind for p in expected.polygons]
    rows = {key: label for key, label in config["legend"]["rows"]}
    for kind in ("gained", "lost"):
        assert "2025-11-20" in rows[f"changes_{kind}"] and "2026-07-01" in rows[f"changes_{kind}"]
    # The table: one row per region with a change, then the total, and the towns that changed side.
    table = at.table[0]
    assert len(table.value) == len(expected.summary["regions"]) + 1
    # Every row's net carries its margin, the two lines' stated margins added.
    margins = list(table.value["Net margin, km²"])
    wanted = [r["margin_km2"] for r in expected.summary["regions"]] + [expected.summary["margin_km2"]]
    assert margins == [f"±\u00a0{m:,.0f}" for m in wanted]
    text = " ".join(m.value for m in at.markdown)
    assert f"±\u00a0{expected.summary['margin_km2']:,.0f}\u00a0km²" in text
    for town in expected.summary["settlements"]:
        assert town["name_en"] in text
    assert at.session_state["since"] == "2025-11-20"
    # The gains and losses rest on both lines: the title box names the earlier line's control sources too, after the
    # shown line's (the new-user trial found them missing).
    from geodata.footer import short_source

    sources = config["titlebox"]["sources"]
    earlier = default_dataset().snapshot("2025-11-20")
    assert "2025-11-20" in sources
    for source in earlier.sources[:2]:
        assert short_source(public_text(source)) in sources
    # The slivers' sentence and the method's are two sentences: a full stop between them.
    note = next(c.value.replace("\\", "") for c in at.caption if "Net per region" in c.value)
    assert "). Net per region" in note and note.endswith("noise.")


def test_dashboard_without_since_draws_no_changes_and_a_bad_since_is_a_notice():
    from tests.apphelpers import layer_config, map_payloads, run_app

    at = run_app({})
    config = layer_config(map_payloads(at)[0])
    assert config["changes"] is None and not at.table
    at = run_app({"since": "1999-01-01"})
    assert not at.exception and at.session_state["since"] == ""
    assert any("since" in w.value for w in at.warning)


@pytest.fixture(scope="module")
def server():
    from tests.browser import streamlit_server

    with streamlit_server() as url:
        yield url


def _map_page(browser, viewport=(1600, 1000)):
    from tests.browser import OutsideRequests

    context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
    page = context.new_page()
    page.outside = OutsideRequests()
    context.route("**/*", page.outside)
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


def _changes_drawn(frame, expected) -> None:
    counts = {kind: sum(1 for p in expected.polygons if p.kind == kind) for kind in ("gained", "lost")}
    for kind, count in counts.items():
        assert count > 0
        frame.locator(f"path.cm-change-{kind}").first.wait_for(state="attached", timeout=30_000)
        assert frame.locator(f"path.cm-change-{kind}").count() == count
        fill = frame.locator(f"path.cm-change-{kind}").first.get_attribute("fill")
        assert fill == f"url(#cm-p-change-{kind})"
        row = frame.locator(f'.cm-legend .row[data-status="changes_{kind}"]')
        assert row.count() == 1
        text = row.inner_text()
        assert "2025-11-20" in text and "2026-07-01" in text


@pytest.mark.parametrize("present", [False, True])
def test_browser_since_draws_gains_and_losses_with_their_legend_rows(browser, server, present):
    from tests.browser import map_frame

    expected = compute_changes(default_dataset(), "2025-11-20", "2026-07-01")
    context, page = _map_page(browser)
    try:
        page.goto(f"{server}/?since=2025-11-20&control=2026-07-01" + ("&present=1" if present else ""))
        frame = map_frame(page)
        _changes_drawn(frame, expected)
        if not present:
            # The table names both dates; a toggle keeps the gains and losses and the view.
            page.get_by_text("Changes from 2025-11-20 to 2026-07-01", exact=False).first.wait_for(timeout=30_000)
            frame.locator(".leaflet-control-zoom-in").click()
            page.wait_for_timeout(600)
            view = frame.locator("body").evaluate(
                "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
            )
            line_rows = frame.locator('.cm-legend .row[data-status="line"]')
            assert line_rows.count() == 1
            # The layers are in the sidebar's section of what the map shows, drawn once opened.
            page.locator('[data-testid="stSidebar"] summary').filter(has_text="Map: layers").first.click()
            page.locator('[data-testid="stSidebar"] [data-testid="stCheckbox"]').filter(has_text="Line of contact").first.click()
            # The toggle took effect (the line's legend row went) and the gains and losses are still drawn.
            for _ in range(100):
                if line_rows.count() == 0:
                    break
                page.wait_for_timeout(100)
            assert line_rows.count() == 0
            _changes_drawn(frame, expected)
            after = frame.locator("body").evaluate(
                "() => [window.map.getCenter().lat, window.map.getCenter().lng, window.map.getZoom()]"
            )
            assert after == view
        assert page.outside.urls == []
        assert page.console_errors == []
    finally:
        context.close()


def test_date_choosers_list_a_few_dates_and_slide_through_many():
    from streamlit.testing.v1 import AppTest

    def page(count: int) -> None:
        from components.changes import usable_date_chooser

        usable_date_chooser("Control date", [f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(count)], key="control")

    few = AppTest.from_function(page, args=(7,)).run()
    assert len(few.radio) == 1 and len(few.radio[0].options) == 7 and not few.select_slider
    many = AppTest.from_function(page, args=(300,)).run()
    assert len(many.select_slider) == 1 and not many.radio
    assert many.select_slider[0].value == "2026-01-01"
