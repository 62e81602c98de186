"""A session's first run draws the map and the text above it; the run the map's first paint starts draws the whole
page, with the map's element unchanged (same place, same arguments: its frame is kept). components/first_view.py."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from streamlit.testing.v1 import AppTest

from benchmarks.wsclient import Session, run_async
from components.first_view import MAP_REPORT_KEY, PAINT_REPORT, PAINTED_KEY, WHOLE_PAGE_AFTER_S
from geodata.wording import word
from tests.apphelpers import ROOT, map_payloads, run_app
from tests.browser import streamlit_server


def _map_places(at: AppTest) -> list[tuple[int, ...]]:
    """Where each map element sits on the page (its path of block indices, as the browser places it), in page order."""
    places: list[tuple[int, ...]] = []

    def walk(node: Any, path: tuple[int, ...]) -> None:
        for index, child in getattr(node, "children", {}).items():
            if getattr(child, "type", None) == "component_instance" and '"script"' in child.proto.json_args:
                places.append((*path, index))
            walk(child, (*path, index))

    walk(at._tree, ())
    return places


def _painted(at: AppTest) -> AppTest:
    """What the browser does once the map has painted: the map's component reports, and the script runs again."""
    at.session_state[MAP_REPORT_KEY] = dict(PAINT_REPORT)
    return at.run()


def _stable_args(at: AppTest) -> list[dict[str, Any]]:
    # What streamlit-folium compares to decide whether to build the map's page again: everything but the layer data.
    return [{k: v for k, v in payload.items() if k not in ("feature_group",)} for payload in map_payloads(at)]


@pytest.mark.parametrize(
    "query",
    [
        {"scenario": "status-quo"},
        {"scenario": "plan-28-points-2025-11", "lang": "uk"},
        {"scenario": "status-quo", "compare": "us-2025-04"},
    ],
)
def test_first_run_draws_the_map_alone_then_the_whole_page(query: dict[str, str]) -> None:
    lang = query.get("lang", "en")
    at = run_app(query, painted=False)
    assert not at.exception, at.exception
    maps = len(map_payloads(at))
    assert maps == (2 if "compare" in query else 1)
    # The map and the text above it (title, disclaimer): no figures, no widgets; the sidebar says the rest follows.
    assert [t.value for t in at.title] == [word("title", lang)]
    assert len(at.subheader) == 0
    assert len(at.selectbox) == 0 and len(at.radio) == 0
    assert [c.value for c in at.sidebar.caption] == [word("first_view_loading", lang)]
    assert PAINTED_KEY not in at.session_state
    first_places, first_args = _map_places(at), _stable_args(at)
    # The link is written on the first run too (a reload of the page keeps its view).
    assert at.query_params["scenario"] == query["scenario"]

    at = _painted(at)
    assert not at.exception, at.exception
    assert at.session_state[PAINTED_KEY] is True
    assert len(map_payloads(at)) == maps
    assert [t.value for t in at.title] == [word("title", lang)]
    assert word("headline", lang) in [s.value for s in at.subheader]
    assert at.selectbox(key="scenario").value == query["scenario"]
    assert word("first_view_loading", lang) not in [c.value for c in at.sidebar.caption]
    # The map stays where it was, with the same page (streamlit-folium keeps its frame): only the layer data may change.
    assert _map_places(at) == first_places
    assert _stable_args(at) == first_args

    # And from then on, every run draws the whole page.
    at.run()
    assert [t.value for t in at.title] == [word("title", lang)]


def test_presentation_view_is_presentation_view_from_the_first_run() -> None:
    at = run_app({"scenario": "status-quo", "present": "1"}, painted=False)
    assert not at.exception, at.exception
    # The page's presentation styles come with the map, so the map never jumps from the page into full screen.
    styles = [m.value for m in at.markdown if "<style>" in m.value]
    assert styles and "position: fixed" in styles[0]
    assert map_payloads(at)[0]["height"] == 1080
    places = _map_places(at)
    at = _painted(at)
    assert not at.exception, at.exception
    assert _map_places(at) == places


def test_a_report_that_is_not_the_maps_paint_changes_nothing() -> None:
    """Only the map's own report opens the page: anything else under the map's key (a view report) does not."""
    at = run_app({"scenario": "status-quo"}, painted=False)
    at.session_state[MAP_REPORT_KEY] = {"center": {"lat": 48.0, "lng": 31.0}, "zoom": 6, "cm_painted": "yes"}
    at.run()
    assert len(at.subheader) == 0
    assert len(at.selectbox) == 0


def test_a_first_view_that_lasts_draws_the_whole_page() -> None:
    """With no report from the map (its script never ran, say), the sidebar line's timer finds the first view older
    than WHOLE_PAGE_AFTER_S and draws the whole page (here the line's own run, as the timer starts it)."""
    at = run_app({"scenario": "status-quo"}, painted=False)
    assert len(at.selectbox) == 0
    at.session_state["first_view_shown_at"] = time.monotonic() - WHOLE_PAGE_AFTER_S - 0.5
    at.run()
    assert not at.exception, at.exception
    assert at.session_state[PAINTED_KEY] is True
    assert at.selectbox(key="scenario").value == "status-quo"
    assert word("headline", "en") in [s.value for s in at.subheader]


def test_the_main_map_reports_under_the_key_the_first_view_reads() -> None:
    """app.py draws the main map under MAP_REPORT_KEY, where render_map's on_change puts the map's report."""
    import ast

    tree = ast.parse((ROOT / "app.py").read_text(encoding="utf-8"))
    keys = [
        ast.unparse(kw.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "render_map"
        for kw in node.value.keywords
        if kw.arg == "key"
    ]
    assert keys and set(keys) == {"MAP_REPORT_KEY"}


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    with streamlit_server() as url:
        yield url


def test_a_page_that_reconnects_to_a_new_session_gets_the_whole_page_at_once(server: str) -> None:
    """A page that reconnects to a new session (a server restart, a replica's failover) sends its map's last value, the
    paint report, with its first run: that run draws the whole page, as the old session did (no first view)."""

    async def sessions() -> tuple[int, int, int]:
        first = Session(server, "scenario=status-quo")
        await first.open()  # the map reports its paint: the whole page
        whole = len(first.widgets)
        again = Session(server, "scenario=status-quo")
        again.states = dict(first.states)  # what the reconnecting page sends: its widgets' last values, the map's too
        await again.open(report=False)
        fresh = Session(server, "scenario=status-quo")
        await fresh.open(report=False)  # a new page: its first view
        counts = (whole, len(again.widgets), len(fresh.widgets))
        for session in (first, again, fresh):
            await session.close()
        return counts

    whole, reconnected, fresh = run_async(sessions())
    assert whole >= 4
    assert reconnected == whole
    assert fresh == 0
