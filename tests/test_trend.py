"""The trend: every control date with the statistics' own totals, gaps over 90 days marked, published figures
read where the table exists, cached until a control file changes."""

from __future__ import annotations

import itertools
import json
import os
from dataclasses import replace
from datetime import date

import pytest

from geodata.cli import main
from geodata.dataset import DataPaths, Dataset, default_dataset
from geodata.stats import compute_stats
from geodata.trend import MAX_GAP_DAYS, compute_trend, read_published_figures, segments


def test_every_date_with_the_statistics_totals_and_gaps():
    trend = compute_trend(default_dataset())
    dates = default_dataset().snapshot_dates()
    assert [d["as_of"] for d in trend["dates"]] == list(dates)
    for item in trend["dates"]:
        stats = compute_stats(
            default_dataset().scenario("status-quo"), default_dataset().snapshot(item["as_of"]), dataset=default_dataset()
        )
        assert item["russian_held_km2"] == stats["russian_held_area_km2"]
        assert item["share_of_ukraine"] == stats["russian_held_share_of_ukraine"]
        assert item["margin_km2"] == stats["margin_km2"]
        for row in stats["regions"]:
            assert item["regions"][row["id"]]["area_km2"] == row["russian_held"]["area_km2"]
    assert any(d["margin_km2"] for d in trend["dates"]), "the shipped lines state their vertices' accuracy"
    expected_gaps = [
        (a, b) for a, b in itertools.pairwise(dates) if (date.fromisoformat(b) - date.fromisoformat(a)).days > MAX_GAP_DAYS
    ]
    assert [(g["from"], g["to"]) for g in trend["gaps"]] == expected_gaps
    assert expected_gaps, "the shipped dates have gaps over 90 days (2022-11-12 to 2025-04-20)"
    assert [d["gap_before"] for d in trend["dates"]] == [False] + [(a, b) in expected_gaps for a, b in itertools.pairwise(dates)]
    # Lines are broken at the gaps: nothing joins two runs.
    runs = segments(trend)
    assert len(runs) == len(expected_gaps) + 1
    assert sum(len(r) for r in runs) == len(dates)


def test_trend_is_cached_until_a_control_file_changes(tmp_path):
    source = default_dataset().snapshot(default_dataset().snapshot_dates()[-1])
    folder = tmp_path / "control"
    folder.mkdir()
    raw = (DataPaths.package().control_dir / f"{source.as_of}.geojson").read_text(encoding="utf-8")
    (folder / "2030-01-01.geojson").write_text(raw.replace(source.as_of, "2030-01-01"), encoding="utf-8")
    dataset = Dataset(replace(DataPaths.package(), control_dir=folder))
    first = compute_trend(dataset)
    assert compute_trend(dataset)["dates"] is first["dates"]
    (folder / "2030-06-01.geojson").write_text(raw.replace(source.as_of, "2030-06-01"), encoding="utf-8")
    os.utime(folder / "2030-06-01.geojson")
    second = compute_trend(dataset)
    assert [d["as_of"] for d in second["dates"]] == ["2030-01-01", "2030-06-01"]
    assert second["dates"][1]["gap_before"] and second["gaps"] == [{"from": "2030-01-01", "to": "2030-06-01", "days": 151}]


def test_published_figures_are_read_when_the_table_exists(tmp_path):
    assert read_published_figures(tmp_path / "absent.csv") == []
    table = tmp_path / "published_figures.csv"
    # The project's own table (geodata/data/sources/published_figures.csv): levels are points, changes are not;
    # an oblast's share keeps its region (Donetsk's too, whose name holds "net").
    table.write_text(
        "figure,region_id,value,unit,as_of,published,publisher,source,counts\n"
        "russian_held_area,,116165,km2,2026-01-01,2026-01-01,DeepStateMap,Interfax-Ukraine,Russian-held area\n"
        "russian_held_share,,0.1924,share,2026-01-01,2026-01-01,DeepStateMap,Interfax-Ukraine,share of Ukraine\n"
        "controlled_share,UA-09,0.996,share,2026-01-01,2026-01-01,DeepStateMap,Interfax-Ukraine,share of Luhansk oblast\n"
        "controlled_share,UA-14,0.781,share,2026-01-01,2026-01-01,DeepStateMap,Interfax-Ukraine,share of Donetsk oblast\n"
        "month_gain,,245,km2,2026-01-31,2026-02-04,DeepStateMap,Interfax-Ukraine,net change in January\n",
        encoding="utf-8",
    )
    rows = read_published_figures(table)
    assert [(r["region_id"], r.get("area_km2"), r.get("share")) for r in rows] == [
        (None, 116165.0, None),
        (None, None, pytest.approx(0.1924)),
        ("UA-09", None, pytest.approx(0.996)),
        ("UA-14", None, pytest.approx(0.781)),
    ]
    assert all(r["source"].startswith("DeepStateMap: ") for r in rows)
    assert compute_trend(default_dataset(), table)["published"] == rows


def test_cli_trend_json_and_csv(capsys):
    assert main(["trend", "--json"]) == 0
    printed = json.loads(capsys.readouterr().out)
    assert [d["as_of"] for d in printed["dates"]] == list(default_dataset().snapshot_dates())
    assert main(["trend", "--csv"]) == 0
    import io

    import pandas as pd

    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    totals = table[table["region_id"] == "total"]
    assert list(totals["as_of"]) == list(default_dataset().snapshot_dates())
    assert list(totals["russian_held_km2"]) == [d["russian_held_km2"] for d in printed["dates"]]


def test_trend_figure_breaks_the_line_at_every_gap_and_labels_it(tmp_path):
    from geodata.figures.trend import render_trend, trend_bytes

    trend = compute_trend(default_dataset())
    fig = render_trend(trend, size="1280x720")
    ax = fig.axes[0]
    runs = [line for line in ax.get_lines() if (line.get_gid() or "").startswith("trend-run-")]
    assert len(runs) == len(segments(trend))
    # No line crosses a gap: every run's x values lie between two gaps.
    drawn = sorted(len(line.get_xdata()) for line in runs)
    assert drawn == sorted(len(run) for run in segments(trend))
    labels = [t.get_text() for t in ax.texts if (t.get_gid() or "").startswith("trend-gap-label-")]
    assert labels == [f"no line for {gap['days']} days" for gap in trend["gaps"]]
    for fmt, magic in (("png", b"\x89PNG"), ("svg", b"<?xml"), ("pdf", b"%PDF")):
        assert trend_bytes(trend, fmt, size="800x450" if fmt != "pdf" else None).startswith(magic)
    assert main(["trend", "--out", str(tmp_path / "t.png"), "--region", "UA-14"]) == 0
    assert main(["trend", "--out", str(tmp_path / "t.png"), "--region", "UA-99"]) == 2


def test_a_long_history_shared_among_processes_gives_the_same_series(tmp_path, monkeypatch):
    import geodata.trend as trend_module

    folder = tmp_path / "control"
    folder.mkdir()
    for as_of in default_dataset().snapshot_dates()[-3:]:
        (folder / f"{as_of}.geojson").write_bytes((DataPaths.package().control_dir / f"{as_of}.geojson").read_bytes())
    serial = compute_trend(Dataset(replace(DataPaths.package(), control_dir=folder)))
    monkeypatch.setattr(trend_module, "PARALLEL_MIN_DATES", 2)
    monkeypatch.setattr(trend_module.os, "cpu_count", lambda: 2)
    shared = compute_trend(Dataset(replace(DataPaths.package(), control_dir=folder)))
    assert shared == serial
    assert [d["as_of"] for d in shared["dates"]] == list(default_dataset().snapshot_dates()[-3:])


def test_the_trend_of_lines_not_shipped_has_the_statistics_figures(tmp_path):
    """Imported lines (keyed on their content, no stated margin) through the trend-only path: the figures
    ``compute_stats`` gives for the same files, every region, including a line that spills over its regions'
    edges (cut to each region) and one that leaves regions out."""
    import shapely
    from shapely.geometry import mapping, shape

    latest = default_dataset().snapshot_dates()[-1]
    collection = json.loads((DataPaths.package().control_dir / f"{latest}.geojson").read_text(encoding="utf-8"))
    folder = tmp_path / "control"
    folder.mkdir()
    wider = [
        {
            **f,
            "geometry": mapping(shapely.buffer(shape(f["geometry"]), 0.05)),
            "properties": {**f["properties"], "as_of": "2030-01-01"},
        }
        for f in collection["features"]
    ]
    fewer = [{**f, "properties": {**f["properties"], "as_of": "2030-01-02"}} for f in collection["features"][::2]]
    for as_of, features in (("2030-01-01", wider), ("2030-01-02", fewer)):
        (folder / f"{as_of}.geojson").write_text(
            json.dumps({"type": "FeatureCollection", "features": features}), encoding="utf-8"
        )
    dataset = Dataset(replace(DataPaths.package(), control_dir=folder))
    trend = compute_trend(dataset)
    assert [d["as_of"] for d in trend["dates"]] == ["2030-01-01", "2030-01-02"]
    for item in trend["dates"]:
        stats = compute_stats(dataset.scenario("status-quo"), dataset.snapshot(item["as_of"]), dataset=dataset)
        assert item["russian_held_km2"] == stats["russian_held_area_km2"]
        assert item["share_of_ukraine"] == stats["russian_held_share_of_ukraine"]
        assert item["margin_km2"] is None and stats["margin_km2"] is None
        for row in stats["regions"]:
            held, other = row["russian_held"]["area_km2"], row["ukrainian_held"]["area_km2"]
            assert item["regions"][row["id"]]["area_km2"] == held
            assert item["regions"][row["id"]]["share"] == (round(held / (held + other), 4) if held + other else 0.0)
    assert trend["dates"][0]["russian_held_km2"] > trend["dates"][1]["russian_held_km2"] > 0


def test_a_users_lines_join_the_series_in_date_order_each_date_once(tmp_path):
    """The user's folder holds an older line and one replacing a shipped date: each date is listed once, in order,
    and the replaced date carries the user's figures (as dataset.snapshot reads them)."""
    shipped = default_dataset().snapshot_dates()
    source = (DataPaths.package().control_dir / f"{shipped[-1]}.geojson").read_text(encoding="utf-8")
    user = tmp_path / "user"
    user.mkdir()
    (user / "2021-06-01.geojson").write_text(source.replace(shipped[-1], "2021-06-01"), encoding="utf-8")
    (user / f"{shipped[0]}.geojson").write_text(source.replace(shipped[-1], shipped[0]), encoding="utf-8")
    dataset = Dataset(DataPaths.package(user_control_dir=user))
    trend = compute_trend(dataset)
    assert [d["as_of"] for d in trend["dates"]] == ["2021-06-01", *shipped]
    assert all(d["days_since_previous"] is None or d["days_since_previous"] > 0 for d in trend["dates"])
    latest = compute_trend(default_dataset())["dates"][-1]["russian_held_km2"]
    assert trend["dates"][0]["russian_held_km2"] == trend["dates"][1]["russian_held_km2"] == latest


def _chart_spec(lang: str) -> dict:
    """The dashboard's trend chart (its section open) as the Vega-Lite spec Streamlit sends to the browser."""
    from tests.apphelpers import run_app

    at = run_app({"lang": lang}, session_state={"trend_open": True})
    assert not at.exception, at.exception
    found = []

    def walk(node) -> None:
        for child in getattr(node, "children", {}).values():
            if getattr(child, "type", "") == "vega_lite_chart":
                found.append(json.loads(child.proto.spec))
            walk(child)

    walk(at._tree)
    assert len(found) == 1
    return found[0]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_dashboards_trend_chart_leaves_every_gap_open_and_writes_numbers_in_the_interfaces_language(lang):
    from components.changes import trend_chart_data
    from geodata import paths
    from geodata.trend import PUBLISHED_FIGURES_NAME, compute_trend
    from geodata.wording import format_area, word

    trend = compute_trend(default_dataset(), paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME)
    spec = _chart_spec(lang)
    layers = spec["layer"]
    values = [v for layer in layers for v in layer.get("data", {}).get("values", [])]
    # One shaded band per gap over 90 days, labelled with its length in the interface's words.
    gap_labels = {v["label"] for v in values if "label" in v}
    assert gap_labels == {word("trend_gap", lang, days=g["days"]) for g in trend["gaps"]} and gap_labels
    # The line is drawn per run between gaps (detail on "run"), so no segment bridges a gap.
    line = next(layer for layer in layers if layer.get("mark", {}).get("type") == "line")
    assert line["encoding"]["detail"]["field"] == "run"
    ours, _published, _gaps = trend_chart_data(trend, None, lang)
    runs = {p["run"] for p in ours}
    assert len(runs) == len(trend["gaps"]) + 1
    # Every date's tooltip text is the figure as written elsewhere, with its stated margin.
    shipped = {item["as_of"]: item for item in trend["dates"]}
    for point in ours:
        assert point["text"].startswith(format_area(shipped[point["date"]]["russian_held_km2"], lang))
    # Dates as ISO year-month (no English month names); thousands grouped as the interface writes them.
    axis_x = line["encoding"]["x"]["axis"]
    assert axis_x["format"] == "%Y-%m"
    label_expr = line["encoding"]["y"]["axis"]["labelExpr"]
    assert ("'\u00a0'" if lang == "uk" else "','") in label_expr
