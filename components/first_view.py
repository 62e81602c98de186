"""The dashboard's first view: the map first, the rest of the page once the map has painted.

A session's first run draws the map and the text above it (title, disclaimer, notices; so the map does not move when
the rest arrives), with one line in the sidebar saying that the options and figures follow. The map's frame reports
its first paint (``static/map/prefetch.js`` sets the map component's value to ``{"cm_painted": true}`` when
``claims-map.js`` fires ``cm-painted``), which starts the next run; that run and every one after it draw the whole
page: the sidebar's widgets and everything under the map.

Three more ways lead to the whole page, so that a session is never left with the map alone:

- the map's value already carries the report on a session's first run (a page that reconnected to a new session, after
  a server restart or a replica's failover, sends its map's last value with its first run): :func:`note_map_report`;
- the sidebar's line is a fragment that runs again every :data:`WHOLE_PAGE_AFTER_S` seconds while it is shown, and
  draws the whole page when it does (the map's script never ran, its report was replaced by a view report before it
  reached the server, a slow network): :func:`render_first_view_notice`;
- a client that is not a browser sends the report itself (``benchmarks/wsclient.py``); tests set :data:`PAINTED_KEY`.

Why: on a slow machine the browser's first work decides when the map appears. Drawn in the same pass as the map, the
sidebar's widgets and the statistics tables made the page load their scripts and lay them out before it attached the
map's frame (docs/performance.md, "Page load on a slower machine").
"""

from __future__ import annotations

import time
from typing import Any

import streamlit as st

from geodata.wording import word

#: Session key: the map has reported its first paint in this session (the whole page is drawn from then on).
PAINTED_KEY = "map_painted"
#: The main map's key (``render_map``'s ``key`` in app.py): its last report lands in the session under it.
MAP_REPORT_KEY = "map"
#: What the map's frame reports once it has painted (``static/map/prefetch.js``).
PAINT_REPORT = {"cm_painted": True}
#: Seconds after which the first view draws the whole page even with no report from the map.
WHOLE_PAGE_AFTER_S = 5.0


def _is_paint_report(report: Any) -> bool:
    return isinstance(report, dict) and report.get("cm_painted") is True


def map_has_painted() -> bool:
    """Whether this session's map has reported its first paint (then the whole page is drawn)."""
    if st.session_state.get(PAINTED_KEY):
        return True
    if _is_paint_report(st.session_state.get(MAP_REPORT_KEY)):
        st.session_state[PAINTED_KEY] = True
        return True
    return False


def note_map_report(returned: Any) -> None:
    """On a first-view run, the value the main map returned: its paint report (sent before this session began, by a
    page that reconnected) draws the whole page at once (the run starts again)."""
    if not st.session_state.get(PAINTED_KEY) and _is_paint_report(returned):
        st.session_state[PAINTED_KEY] = True
        st.rerun()


#: Session key: when (``time.monotonic()``) this session first showed its first view.
_SHOWN_KEY = "first_view_shown_at"


@st.fragment(run_every=WHOLE_PAGE_AFTER_S)
def _first_view_notice(lang: str) -> None:
    shown_at = st.session_state.setdefault(_SHOWN_KEY, time.monotonic())
    if time.monotonic() - shown_at >= WHOLE_PAGE_AFTER_S:
        # Still the first view this long after it was shown: the map's report is not coming. Draw the whole page.
        st.session_state[PAINTED_KEY] = True
        st.rerun(scope="app")
    st.caption(word("first_view_loading", lang))


def render_first_view_notice(lang: str) -> None:
    """The sidebar's one line while the map draws: the options and figures follow it (at the latest
    :data:`WHOLE_PAGE_AFTER_S` seconds later)."""
    with st.sidebar:
        _first_view_notice(lang)
