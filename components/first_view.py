"""The dashboard's first view: the map first, the rest of the page once the map has painted.

A session's first run draws the map and the text above it (title, disclaimer, notices; so the map does not move when
the rest arrives), with one line in the sidebar saying that the options and figures follow. The map's
frame reports its first paint (``static/map/prefetch.js`` sets the map component's value to ``{"cm_painted": true}``
when ``claims-map.js`` fires ``cm-painted``, or after a few seconds if it never does), which starts the next run; that
run and every one after it draw the whole page: the sidebar's widgets and everything under the map.

Why: on a slow machine the browser's first work decides when the map appears. Drawn in the same pass as the map, the
sidebar's widgets, the title and the statistics tables made the page load their scripts and lay them out before it
attached the map's frame: with Chromium's CPU slowed 2x the map painted 0.1-0.5 s after the naive folium app's, and
0.2 s before it when drawn alone (``benchmarks/slow_machine.py``; docs/performance.md).
"""

from __future__ import annotations

import streamlit as st

from geodata.wording import word

#: Session key: the map has reported its first paint in this session (the whole page is drawn from then on).
PAINTED_KEY = "map_painted"
#: Session key under which the map's last report lands (``render_map``'s ``key`` for the main map, app.py).
MAP_REPORT_KEY = "map"
#: What the map's frame reports once it has painted (``static/map/prefetch.js``).
PAINT_REPORT = {"cm_painted": True}


def map_has_painted() -> bool:
    """Whether this session's map has reported its first paint (then the whole page is drawn)."""
    if st.session_state.get(PAINTED_KEY):
        return True
    report = st.session_state.get(MAP_REPORT_KEY)
    if isinstance(report, dict) and report.get("cm_painted") is True:
        st.session_state[PAINTED_KEY] = True
        return True
    return False


def render_first_view_notice(lang: str) -> None:
    """The sidebar's one line while the map draws: the options and figures follow it."""
    st.sidebar.caption(word("first_view_loading", lang))
