"""The deck's trend and changes slides, written by the command line and the dashboard, read back with python-pptx.

Each table is compared with what the domain computes (``trend_rows``, ``region_table``), never with typed-in
figures; the notes must hold every source of the lines the slide is about.
"""

from __future__ import annotations

import io

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from geodata import paths
from geodata.changes import changes_between, region_table
from geodata.dataset import default_dataset
from geodata.margin import margin_cell
from geodata.published import margin_area_text
from geodata.slides import FIRST_VIEW_SCENARIO
from geodata.trend import PUBLISHED_FIGURES_NAME, compute_trend, trend_rows
from geodata.wording import format_number, format_percent, format_signed, public_text, scenario_line, word
from tests.test_slides import _assert_inside_and_apart, _cli, _notes, _table, _texts, _title


def _expected_changes_rows(changes, lang: str) -> list[list[str]]:
    rows = []
    for row in region_table(changes):
        name = word("changes_total", lang) if row["region_id"] == "total" else row[f"name_{lang}"]
        rows.append(
            [
                name,
                format_number(row["gained_km2"], lang),
                format_number(row["lost_km2"], lang),
                # The net with its margin (the two lines' margins added; "not stated" where a line states none).
                f"{format_signed(row['net_km2'], lang)} {margin_cell(row['margin_km2'], lang)}",
            ]
        )
    return rows


def _assert_changes_slide(prs, slide, changes, lang: str) -> None:
    s = changes.summary
    assert _title(slide) == word("changes_heading", lang, from_date=s["from"], to_date=s["to"], days=s["days"])
    assert len([x for x in slide.shapes if x.shape_type == MSO_SHAPE_TYPE.PICTURE]) == 1
    rows = _table(slide)
    assert rows[0] == [word(f"changes_col_{k}", lang) for k in ("region", "gained", "lost", "net")]
    assert rows[1:] == _expected_changes_rows(changes, lang)
    footer = _texts(slide)[-1]
    assert s["from"] in footer and s["to"] in footer
    notes = _notes(slide)
    for source in [*s["from_sources"], *s["to_sources"]]:
        assert public_text(source) in notes, source
    legend = " ".join(_texts(slide))
    for kind in ("gained", "lost"):
        assert word(f"changes_{kind}", lang, from_date=s["from"], to_date=s["to"]) in legend
    _assert_inside_and_apart(prs, slide)


def _assert_trend_slide(prs, slide, lang: str) -> None:
    dataset = default_dataset()
    trend = compute_trend(dataset, paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME)
    assert _title(slide) == word("trend_heading", lang)
    assert len([x for x in slide.shapes if x.shape_type == MSO_SHAPE_TYPE.PICTURE]) == 1
    rows = _table(slide)
    assert rows[0] == [
        word("trend_col_date", lang),
        word("trend_col_km2", lang),
        word("col_margin", lang),
        word("trend_col_share", lang),
    ]
    totals = [row for row in trend_rows(trend) if row["region_id"] == "total"]
    margins = {item["as_of"]: item.get("margin_km2") for item in trend["dates"]}
    assert [row[0] for row in rows[1:]] == [row["as_of"] for row in totals] == list(dataset.snapshot_dates())
    assert rows[1:] == [
        [
            row["as_of"],
            format_number(row["russian_held_km2"], lang),
            margin_area_text(margins[row["as_of"]], lang),
            format_percent(row["share"], lang),
        ]
        for row in totals
    ]
    notes = _notes(slide)
    for as_of in dataset.snapshot_dates():
        for source in dataset.snapshot(as_of).sources:
            assert public_text(source) in notes, source
    for gap in trend["gaps"]:
        assert f"{gap['from']} – {gap['to']}" in notes
    _assert_inside_and_apart(prs, slide)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_all_presets_deck_ends_with_the_trend_and_the_newest_changes(tmp_path, lang):
    out = tmp_path / "deck.pptx"
    result = _cli("render", "--all", "--out", str(out), "--lang", lang)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    dataset = default_dataset()
    presets = dataset.scenarios()
    assert len(prs.slides) == len(presets) + 2
    titles = [_title(slide) for slide in prs.slides]
    assert titles[: len(presets)] == [scenario_line(s, lang) for s in presets.values()]
    _assert_trend_slide(prs, prs.slides[len(presets)], lang)
    shipped = list(dataset.shipped_snapshots())
    changes = changes_between(dataset, dataset.snapshot(shipped[-2]), dataset.snapshot(shipped[-1]))
    _assert_changes_slide(prs, prs.slides[len(presets) + 1], changes, lang)
    if lang == "uk":
        # The Ukrainian interface writes Ukrainian slides: no English title, no English disclaimer in the notes.
        assert not any(word("trend_heading", "en") == t or t.startswith("Changes from") for t in titles)
        assert all(word("disclaimer", "en") not in _notes(slide) for slide in prs.slides)


def test_since_writes_the_changes_slide(tmp_path):
    out = tmp_path / "changes.pptx"
    result = _cli("render", "--since", "2025-04-20", "--control", "2025-11-20", "--out", str(out))
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) == 1
    dataset = default_dataset()
    changes = changes_between(dataset, dataset.snapshot("2025-04-20"), dataset.snapshot("2025-11-20"))
    _assert_changes_slide(prs, prs.slides[0], changes, "en")
    scenario = dataset.scenario(FIRST_VIEW_SCENARIO)
    assert any(scenario_line(scenario, "en") in text for text in _texts(prs.slides[0]))


def test_dashboard_powerpoint_download_follows_the_changes_since_date():
    from components.export import slide_bytes
    from components.state import ViewState

    dataset = default_dataset()
    scenario, snapshot = dataset.scenario("status-quo"), dataset.snapshot("2026-07-01")
    data = slide_bytes(ViewState(lang="uk", since="2026-01-01"), scenario, snapshot, ("line", "claims"), None)
    prs = Presentation(io.BytesIO(data))
    assert len(prs.slides) == 2
    changes = changes_between(dataset, dataset.snapshot("2026-01-01"), snapshot)
    # The map slide names the gains and losses it draws; the changes slide follows.
    legend = " ".join(_texts(prs.slides[0]))
    assert word("changes_gained", "uk", from_date="2026-01-01", to_date="2026-07-01") in legend
    _assert_changes_slide(prs, prs.slides[1], changes, "uk")
    without = Presentation(io.BytesIO(slide_bytes(ViewState(lang="uk"), scenario, snapshot, ("line",), None)))
    assert len(without.slides) == 1
