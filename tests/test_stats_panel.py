"""The statistics panel: its tables built from the figures, with their margins, cached per value, and readable on a
phone (no sideways scrolling, no scrolling region axe finds unreachable)."""

from __future__ import annotations

import pytest

from components.stats_panel import (
    Table,
    cached_panel_texts,
    html_table,
    panel_texts,
    region_rows,
    status_rows,
)
from geodata.dataset import default_dataset
from geodata.published import margin_area_text
from geodata.scenarios import Status
from geodata.stats import compute_stats
from geodata.wording import format_number, status_label, word
from tests.browser import MAP_FRAME, OutsideRequests


def _figures(scenario_id: str = "plan-28-points-2025-11", as_of: str = "2025-11-20"):
    scenario, snapshot = default_dataset().scenarios()[scenario_id], default_dataset().snapshot(as_of)
    return scenario, snapshot, compute_stats(scenario, snapshot, dataset=default_dataset())


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_by_status_table_gives_each_status_its_own_margin(lang):
    _, _, stats = _figures()
    table = status_rows(stats, lang)
    assert table.header[2] == word("col_status_margin", lang)
    held = [s for s in Status if stats["totals"][s.value]["area_km2"] > 0]
    assert [row[0] for row in table.rows] == [status_label(s, lang) for s in held]
    for status, row in zip(held, table.rows, strict=True):
        totals = stats["totals"][status.value]
        assert row[1] == format_number(totals["area_km2"], lang)
        assert row[2] == margin_area_text(totals["margin_km2"], lang)
    # The statuses' margins are the line's length in each status times the vertices' accuracy: some status carries
    # the line, so some row has a margin above zero, and none is larger than the whole line's.
    margins = [stats["totals"][s.value]["margin_km2"] for s in held]
    assert max(margins) > 0
    assert all(m <= stats["margin_km2"] for m in margins)


def test_a_margin_not_stated_is_said_so():
    _, _, stats = _figures()
    status = next(s for s in Status if stats["totals"][s.value]["area_km2"] > 0)
    stats["totals"][status.value]["margin_km2"] = None
    row = next(r for r in status_rows(stats, "en").rows if r[0] == status_label(status, "en"))
    assert row[2] == word("margin_not_stated", "en")


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_region_rows_are_the_tables_sorted_by_share_held(lang):
    scenario, _, stats = _figures()
    table = region_rows(stats, lang, scenario)
    assert len(table.rows) == len(stats["regions"]) == 27
    name = "name_uk" if lang == "uk" else "name_en"
    expected = sorted(stats["regions"], key=lambda r: (-r["controlled_share"], r[name]))
    assert [row[0] for row in table.rows] == [r[name] for r in expected]
    plain = region_rows(stats, lang)  # without the proposal: no note column
    assert word("col_note", lang) not in plain.header
    assert [record[word("col_region", lang)] for record in plain.records()] == [r[name] for r in expected]


def test_html_tables_escape_every_text_and_label_every_cell():
    table = Table(("name <b>", 'say "x"'), (("<script>alert(1)</script>", "a & b"),))
    html = html_table("<i>caption</i>", table, "regions")
    assert "<script>" not in html and "<b>" not in html and "<i>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "a &amp; b" in html
    assert 'data-label="say &quot;x&quot;"' in html
    assert html.count("<td ") == 2 and html.count('<th scope="col">') == 2


def test_the_panel_texts_are_computed_once_per_value():
    scenario, snapshot, stats = _figures()
    first = cached_panel_texts(stats, scenario, snapshot, "en")
    assert cached_panel_texts(stats, scenario, snapshot, "en") is first
    assert first == panel_texts(stats, scenario, snapshot, "en")  # the cache gives what a fresh build gives
    other = cached_panel_texts(stats, scenario, snapshot, "uk")
    assert other is not first and word("per_region", "uk") in other.per_region


# --- In Chromium: a phone and a laptop -------------------------------------------------------------------------------

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 5)]);
}"""
LAYOUT = """() => ({
  scroll: document.documentElement.scrollWidth, inner: window.innerWidth,
  tables: Array.from(document.querySelectorAll('.claims-table')).map(t => ({
    right: Math.max(...Array.from(t.querySelectorAll('td')).map(td => td.getBoundingClientRect().right)),
    cell: getComputedStyle(t.querySelector('td')).display,
    rows: t.querySelectorAll('tbody tr').length})),
  scrollers: Array.from(document.querySelectorAll('.claims-table, .claims-table *'))
    .filter(e => e.scrollWidth > e.clientWidth + 1 && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).length,
})"""


@pytest.fixture(scope="module")
def server():
    from tests.browser import streamlit_server

    with streamlit_server() as url:
        yield url


def _layout(browser, server, size, lang="en"):
    from pathlib import Path

    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    outside = OutsideRequests()
    context.route("**/*", outside)
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11&lang={lang}")
        page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=60_000)
        page.locator(".claims-table-regions td").first.wait_for(state="attached", timeout=60_000)
        page.locator(".claims-table-regions").scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        layout = page.evaluate(LAYOUT)
        page.add_script_tag(path=str(Path(__file__).parent / "vendor" / "axe-core" / "axe.min.js"))
        violations = page.evaluate(AXE_RUN)
        return layout, violations, outside.urls
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_on_a_phone_the_tables_stack_and_the_page_does_not_scroll_sideways(browser, server, lang):
    layout, violations, outside = _layout(browser, server, (390, 844), lang)
    assert layout["scroll"] <= layout["inner"], layout
    assert [t["cell"] for t in layout["tables"]] == ["block", "block"]  # rows stacked, one cell a line
    assert all(t["right"] <= layout["inner"] for t in layout["tables"]), layout
    assert layout["tables"][1]["rows"] == 27
    assert layout["scrollers"] == 0  # no scrolling region inside the tables (the hidden column heads clip, not scroll)
    assert violations == []
    assert outside == []


def test_on_a_wide_screen_the_tables_are_tables(browser, server):
    layout, violations, _ = _layout(browser, server, (1600, 1000))
    assert [t["cell"] for t in layout["tables"]] == ["table-cell", "table-cell"]
    assert layout["scroll"] <= layout["inner"], layout
    assert violations == []
