"""PowerPoint slides and decks: written by the command line, read back with python-pptx.

Each deck is checked for what a briefer relies on: one slide per thing asked for, 16:9, the title in the title
placeholder, the headline numbers as a native table whose cells equal ``stats``, the line's date in the footer,
and speaker notes that hold every source in full.
"""

from __future__ import annotations

import subprocess
import sys

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.util import Inches

from geodata.dataset import default_dataset
from geodata.layers import statuses_drawn
from geodata.margin import margin_cell
from geodata.published import margin_area_text
from geodata.scenarios import Status
from geodata.slides import FIRST_VIEW_SCENARIO, SlideSpec, build_deck, deck_bytes, map_slide_builder, new_presentation
from geodata.stats import compute_stats
from geodata.wording import format_number, format_percent, format_signed, public_text, scenario_line, status_label, word
from tests.conftest import ROOT


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geodata", *args], check=False, cwd=ROOT, capture_output=True, text=True, timeout=300
    )


def _title(slide) -> str:
    placeholder = slide.shapes.title
    assert placeholder is not None and placeholder.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
    return placeholder.text_frame.text


def _table(slide) -> list[list[str]]:
    tables = [shape for shape in slide.shapes if shape.has_table]
    assert len(tables) == 1
    return [[cell.text for cell in row.cells] for row in tables[0].table.rows]


def _texts(slide) -> list[str]:
    return [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]


def _notes(slide) -> str:
    return slide.notes_slide.notes_text_frame.text


def _assert_sources_in_notes(slide, scenarios, snapshot) -> None:
    notes = _notes(slide)
    for scenario in scenarios:
        for source in scenario.sources:
            assert source in notes, source
    for source in snapshot.sources:
        assert public_text(source) in notes, source
    assert snapshot.as_of in notes and word("disclaimer", "en") in notes


def _assert_inside_and_apart(prs, slide) -> None:
    """Every shape lies on the slide, and no two of the picture, the table and the text boxes overlap."""
    boxes = []
    for shape in slide.shapes:
        box = (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
        assert box[0] >= 0 and box[1] >= 0 and box[2] <= prs.slide_width and box[3] <= prs.slide_height, shape.name
        boxes.append((shape.name, box))
    for index, (name, (x0, y0, x1, y1)) in enumerate(boxes):
        for other, (a0, b0, a1, b1) in boxes[index + 1 :]:
            assert x1 <= a0 or a1 <= x0 or y1 <= b0 or b1 <= y0, (name, other)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_one_slide_briefing_reads_back_with_title_table_footer_and_notes(tmp_path, lang):
    out = tmp_path / "briefing.pptx"
    result = _cli("render", "--out", str(out), "--lang", lang)
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) == 1
    assert abs(prs.slide_width / prs.slide_height - 16 / 9) < 0.001
    scenario = default_dataset().scenarios()[FIRST_VIEW_SCENARIO]
    snapshot = default_dataset().snapshot(scenario.control or default_dataset().latest_snapshot())
    slide = prs.slides[0]
    assert _title(slide) == scenario_line(scenario, lang)
    assert len([s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]) == 1
    totals = compute_stats(scenario, snapshot, dataset=default_dataset())["totals"]
    rows = _table(slide)
    assert rows[0][1:] == [
        word("status_heading", lang),
        word("area", lang),
        word("col_margin", lang),
        word("share", lang),
        word("population", lang),
    ]
    expected = [
        [
            status_label(s, lang),
            format_number(totals[s.value]["area_km2"], lang),
            margin_area_text(totals[s.value]["margin_km2"], lang),
            format_percent(totals[s.value]["share_of_ukraine"], lang),
            format_number(totals[s.value]["population"], lang),
        ]
        for s in Status
        if s in statuses_drawn(scenario, snapshot, dataset=default_dataset())
    ]
    assert [row[1:] for row in rows[1:]] == expected
    footer = _texts(slide)[-1]
    assert snapshot.as_of in footer and word("sources", lang) in footer
    _assert_sources_in_notes(slide, [scenario], snapshot) if lang == "en" else None
    if lang == "uk":
        # The Ukrainian interface writes a Ukrainian deck: its words, not English ones.
        assert word("disclaimer", "uk") in _notes(slide) and word("disclaimer", "en") not in _notes(slide)
    _assert_inside_and_apart(prs, slide)


def test_comparison_slide_names_both_and_its_numbers_equal_stats_on_the_line(tmp_path):
    out = tmp_path / "compare.pptx"
    result = _cli("render", "--scenario", "us-2025-04", "--compare", "plan-28-points-2025-11", "--out", str(out))
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    assert len(prs.slides) == 1
    slide = prs.slides[0]
    scenarios = default_dataset().scenarios()
    first, second = scenarios["us-2025-04"], scenarios["plan-28-points-2025-11"]
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())  # the newest line, as no --control was given
    title = _title(slide)
    assert scenario_line(first, "en") in title and scenario_line(second, "en") in title
    assert any(word("compare_same_line", "en", line="") in text and snapshot.as_of in text for text in _texts(slide))
    rows = _table(slide)
    a, b = (compute_stats(s, snapshot, dataset=default_dataset())["totals"] for s in (first, second))
    by_label = {row[1]: row[2:] for row in rows[1:]}
    for status in Status:
        label = status_label(status, "en")
        if label in by_label:
            x, y = a[status.value]["area_km2"], b[status.value]["area_km2"]
            # A and B each with its own stated margin, as the figure's comparison table writes them.
            with_margin = [
                f"{format_number(t[status.value]['area_km2'], 'en')} {margin_cell(t[status.value]['margin_km2'])}" for t in (a, b)
            ]
            assert by_label[label] == [*with_margin, format_signed(y - x, "en")]
    buffer = b["buffer_zone"]
    assert (
        by_label[status_label(Status.BUFFER_ZONE, "en")][1]
        == f"{format_number(buffer['area_km2'], 'en')} ±\u00a0{format_number(buffer['margin_km2'], 'en')}"
    )
    _assert_sources_in_notes(slide, [first, second], snapshot)
    _assert_inside_and_apart(prs, slide)


def test_all_presets_make_one_deck_a_slide_each(tmp_path):
    out = tmp_path / "deck.pptx"
    result = _cli("render", "--all", "--out", str(out))
    assert result.returncode == 0, result.stderr
    prs = Presentation(str(out))
    presets = default_dataset().scenarios()
    # A slide per preset, then the trend slide and the changes slide (tests/test_slides_changes.py).
    assert [_title(slide) for slide in prs.slides][: len(presets)] == [scenario_line(s, "en") for s in presets.values()]
    assert len(prs.slides) == len(presets) + 2
    for slide, scenario in zip(prs.slides, presets.values(), strict=False):
        snapshot = default_dataset().snapshot(scenario.control or default_dataset().latest_snapshot())
        assert scenario.sources[0] in _notes(slide) and snapshot.as_of in _notes(slide)


def test_all_with_outdir_writes_the_deck_there(tmp_path):
    result = _cli("render", "--all", "--format", "pptx", "--outdir", str(tmp_path / "decks"), "--lang", "uk")
    assert result.returncode == 0, result.stderr
    decks = list((tmp_path / "decks").glob("*.pptx"))
    assert [d.name for d in decks] == ["claims-map-presets-uk.pptx"]
    assert len(Presentation(str(decks[0])).slides) == len(default_dataset().scenarios()) + 2


def test_a_deck_is_its_list_of_slide_builders_in_order():
    scenarios = default_dataset().scenarios()
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())
    added = []

    def closing_slide(prs):
        slide = prs.slides.add_slide(prs.slide_layouts[5])
        slide.shapes.title.text = "Questions"
        added.append(len(prs.slides))

    data = deck_bytes([SlideSpec(scenarios["status-quo"], snapshot, dataset=default_dataset())], extra=[closing_slide])
    import io

    prs = Presentation(io.BytesIO(data))
    assert [_title(s) for s in prs.slides] == [scenario_line(scenarios["status-quo"], "en"), "Questions"] and added == [2]
    again = build_deck(
        [closing_slide, map_slide_builder(SlideSpec(scenarios["minsk-2015"], snapshot, "uk", dataset=default_dataset()))]
    )
    assert [_title(s) for s in Presentation(io.BytesIO(again)).slides] == [
        "Questions",
        scenario_line(scenarios["minsk-2015"], "uk"),
    ]
    assert new_presentation().slide_width == Inches(13.333)


def test_the_first_slide_is_the_dashboards_first_view():
    from components.state import DEFAULT_SCENARIO

    assert FIRST_VIEW_SCENARIO == DEFAULT_SCENARIO


@pytest.mark.parametrize(
    "args, message",
    [
        (("render", "--out", "{tmp}/x.pptx", "--size", "800x450"), "--size does not apply"),
        (("render", "--all", "--format", "pptx"), "needs --out DECK.pptx or --outdir DIR"),
        (("render", "--all", "--out", "{tmp}/x.pptx", "--scenario", "status-quo"), "drop --scenario"),
    ],
)
def test_deck_user_errors_are_one_line(tmp_path, args, message):
    result = _cli(*(a.format(tmp=tmp_path) for a in args))
    assert result.returncode == 2 and message in result.stderr and "Traceback" not in result.stderr


def test_dashboard_offers_a_powerpoint_download_of_the_view_in_its_language():
    import io

    from components.export import slide_bytes
    from components.state import ViewState
    from tests.apphelpers import run_app

    at = run_app(
        {"scenario": "us-2025-04", "compare": "plan-28-points-2025-11", "lang": "uk"}, session_state={"downloads_open": True}
    )
    labels = [button.proto.label for button in at.get("download_button")]
    assert word("download_pptx", "uk") in labels, labels
    scenarios = default_dataset().scenarios()
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())
    data = slide_bytes(
        ViewState(lang="uk"), scenarios["us-2025-04"], snapshot, ("line",), None, compare=scenarios["plan-28-points-2025-11"]
    )
    slide = Presentation(io.BytesIO(data)).slides[0]
    assert (
        _title(slide)
        == f"А: {scenario_line(scenarios['us-2025-04'], 'uk')} — Б: {scenario_line(scenarios['plan-28-points-2025-11'], 'uk')}"
    )
    assert _table(slide)[0][1] == word("compare_table_heading", "uk")


def test_downloads_offer_the_embed_snippet_of_the_presentation_view_and_the_pack():
    from tests.apphelpers import run_app

    at = run_app({"scenario": "us-2025-04", "compare": "plan-28-points-2025-11"}, session_state={"downloads_open": True})
    assert not at.exception
    codes = [c.value for c in at.code if "<iframe" in c.value]
    assert len(codes) == 1
    assert "present=1" in codes[0] and "scenario=us-2025-04" in codes[0] and "compare=plan-28-points-2025-11" in codes[0]
    captions = " ".join(c.value for c in at.caption)
    assert "claims-map-briefing-us-2025-04-vs-plan-28-points-2025-11.html" in captions


# --- Short sources still say who reported and when (geodata.shortsource) ------------------------------------


def _top_level(text: str, separator: str) -> list[str]:
    # The test's own split outside parentheses (not the module's), so the rule is checked against the data.
    parts, depth, start, index = [], 0, 0, 0
    while index < len(text):
        depth += (text[index] in "([") - (text[index] in ")]")
        if depth == 0 and text.startswith(separator, index):
            parts.append(text[start:index])
            index = start = index + len(separator)
        else:
            index += 1
    return [*parts, text[start:]]


def _shipped_sources() -> list[str]:
    import csv

    from geodata import paths
    from geodata.trend import PUBLISHED_FIGURES_NAME

    dataset = default_dataset()
    texts = [s for scenario in dataset.scenarios().values() for lang in ("en", "uk") for s in scenario.sources_in(lang)]
    texts += [public_text(s) for as_of in dataset.snapshot_dates() for s in dataset.snapshot(as_of).sources]
    with (paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME).open(encoding="utf-8") as handle:
        texts += [row["source"] for row in csv.DictReader(handle)]
    return sorted(set(texts))


YEAR = r"\b(?:19|20)\d\d\b"


@pytest.mark.parametrize("limit", [60, 80])  # the default (every footer and title box) and a longer one
@pytest.mark.parametrize("source", _shipped_sources())
def test_a_short_source_keeps_the_publisher_and_the_date(source, limit):
    """The trial's deck named "Siversk;" for "Siversk: Ukrainian withdrawal 2025-12-23 (General Staff via UNN)", and
    cut "… as reported by Interfax-Ukraine…" before its date: the short form never cuts who reported it, or when."""
    import re

    from geodata.mapconfig import short_source

    short = short_source(source, limit) if limit != 60 else short_source(source)
    assert short.split()[0].rstrip(",:") == source.split()[0].rstrip(",:"), "the publisher (or title) it starts with is kept"
    assert short.count("(") == short.count(")") and not short.endswith("…")
    item = source if len(source) <= limit else _top_level(source, "; ")[0]
    head = _top_level(item, ": ")[0]
    clauses = _top_level(head, ", ")
    dated = next((i for i, c in enumerate(clauses) if re.search(YEAR, c)), None)
    lead = ", ".join(clauses[: dated + 1]) if dated is not None else ""
    if dated is not None and dated <= 1 and len(lead) <= limit * 3 // 2:
        # "Publisher, date[ (attribution)]": kept whole, at the start.
        assert short.startswith(lead), lead
        return
    # Otherwise who reported it is where the data writes it: the closing parenthesis, else after the last comma.
    key = head if re.search(YEAR, head) or "(" in head else item
    if key.endswith(")"):
        depth, index = 0, len(key)
        while True:
            index -= 1
            depth += (key[index] == ")") - (key[index] == "(")
            if depth == 0:
                break
        attribution = key[index:]
    else:
        attribution = _top_level(key, ", ")[-1] if len(_top_level(key, ", ")) > 1 else ""
    assert attribution in short, attribution


def test_the_trials_cut_sources_now_name_their_publisher_and_date():
    from geodata.mapconfig import short_source

    siversk = "Siversk: Ukrainian withdrawal 2025-12-23 (General Staff via UNN); Pokrovsk: Russian claim 2025-12-01"
    assert short_source(siversk).startswith("Siversk:")
    assert short_source(siversk).endswith("2025-12-23 (General Staff via UNN)")
    summary = (
        "DeepStateMap year summary for 2026-01-01 as reported by Interfax-Ukraine (2026-01-01): Donetsk 78.1%, Luhansk 99.6%"
    )
    assert short_source(summary).endswith("Interfax-Ukraine (2026-01-01)")


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_slide_gives_the_russian_held_total_with_its_margin_as_the_figure_does(lang):
    """A proposal that returns Crimea: the status table does not add up to the Russian-held total, so the slide states
    it, with its margin and the published figure beside it, as the figure's numbers box does (new-user trial)."""
    import io
    from dataclasses import replace

    from geodata.published import headline_texts
    from geodata.scenarios import custom_scenario, options_from_statuses

    dataset = default_dataset()
    snapshot = dataset.snapshot("2026-01-01")
    base = dataset.scenarios()["plan-28-points-2025-11"]
    options = options_from_statuses(base.regions)
    assert options is not None
    custom = custom_scenario(replace(options, crimea=Status.RETURNED), base=base, region_ids=dataset.regions().index)
    data = deck_bytes([SlideSpec(custom, snapshot, lang, dataset=dataset)])
    slide = Presentation(io.BytesIO(data)).slides[0]
    total = headline_texts(compute_stats(custom, snapshot, dataset=dataset), lang)
    wanted = word("headline_total", lang, area=total["area"], share=total["share"])
    assert any(wanted in text for text in _texts(slide))


@pytest.mark.parametrize("limit", [60, 80])
@pytest.mark.parametrize("source", _shipped_sources())
def test_a_short_sources_end_never_starts_with_a_joining_word(source, limit):
    """The trial read "28-point plan … and The Telegraph, as reported in the press" as if The Telegraph were the source:
    the end runs back to the name before "and" ("… Axios and The Telegraph, …")."""
    from geodata.mapconfig import short_source

    short = short_source(source, limit) if limit != 60 else short_source(source)
    if " … " in short:
        assert short.split(" … ", 1)[1].split()[0].lower() not in {"and", "or", "&", "і", "й", "та", "або"}, short


def test_the_28_point_plans_source_names_both_publishers():
    from geodata.mapconfig import short_source

    plan = "28-point plan, point 21, text leaked 2025-11-20 and published by Axios and The Telegraph, as reported in the press"
    assert short_source(plan) == "28-point plan … Axios and The Telegraph, as reported in the press"
