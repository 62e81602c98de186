"""The claims map dashboard. Run with ``streamlit run app.py``.

This file only wires the components together; the domain lives in ``geodata``.
"""

import os
import sys
import time

import streamlit as st

from components.changes import render_changes_panel, render_trend_chart
from components.connections import tune_server_connections
from components.escaping import escape_markdown
from components.export import render_export_panel
from components.first_view import MAP_REPORT_KEY, map_has_painted, note_map_report, render_first_view_notice
from components.map import render_map
from components.notices import compare_heading, render_stale_line_notice, render_upload_in_use_notice
from components.operator_fetch import render_operator_fetch
from components.serving import notice_new_snapshots, skip_post_run_gc, start_fetch_schedule, start_memory_janitor
from components.sidebar import (
    CAPTION_STYLE,
    current_state,
    init_session,
    keep_hidden_widget_values,
    render_sidebar,
    scenario_label,
)
from components.state import notice_text, scenario_for, to_query, view_from_map
from components.stats_panel import cached_stats, render_stats_panel
from components.upload import render_upload
from geodata.dataset import default_dataset
from geodata.wording import word

#: Presentation view's page styles: no chrome, no scroll; each map's frame fills the window.
MAP_IFRAME = "iframe[title='streamlit_folium.st_folium']"
PRESENT_CSS = f"""<style>
[data-testid='stSidebar'], [data-testid='stSidebarCollapsedControl'], header, footer {{ display: none !important; }}
html, body, [data-testid='stAppViewContainer'], [data-testid='stMain'] {{ overflow: hidden !important; }}
.block-container {{ padding: 0 !important; max-width: 100% !important; }}
{MAP_IFRAME} {{ position: fixed !important; top: 0; left: 0;
  width: 100vw !important; height: 100vh !important; z-index: 999; border: 0; }}
</style>"""
#: With a comparison, A fills the left half and B the right half, side by side.
PRESENT_COMPARE_CSS = f"""<style>
{MAP_IFRAME} {{ width: 50vw !important; }}
.stElementContainer:has({MAP_IFRAME}) ~ .stElementContainer {MAP_IFRAME} {{
  left: 50vw; border-left: 2px solid #ffffff; box-sizing: border-box; }}
</style>"""

_run_started = time.perf_counter()
tune_server_connections(st.get_option("server.port"))  # before anything is sent: see components/connections.py
skip_post_run_gc()  # once per process: no full garbage collection after every run (components/serving.py)
start_fetch_schedule()  # once per process, off unless CLAIMS_MAP_FETCH_EVERY is set
start_memory_janitor()  # once per process: memory goes back when a crowd leaves
notice_new_snapshots()  # a snapshot fetched or copied in since the last run is listed and read on this one
init_session(st.query_params.to_dict())  # session state only: the page is configured next, in its language
# 400 px: the options' common wordings ("Held by Russia (occupied, not recognised)") fit their select boxes.
st.set_page_config(page_title=word("title", st.session_state["lang"]), layout="wide", initial_sidebar_state=400)
keep_hidden_widget_values()  # the figure title survives the downloads being closed
# A session's first run draws the map and the text above it; the run the map's first paint starts draws the rest: the
# sidebar's widgets and everything under the map (components/first_view.py).
whole_page = map_has_painted()
if whole_page:
    state = render_sidebar()
    uploaded = render_upload(state.lang)
    render_operator_fetch(state.lang)  # off unless the operator sets CLAIMS_MAP_FETCH_SOURCE
else:
    state = current_state()  # what the sidebar's widgets will show, read before they are drawn
    uploaded = None  # nobody can have uploaded a file before the sidebar is drawn
    render_first_view_notice(state.lang)
lang = state.lang
scenario = scenario_for(state)
snapshot = uploaded or default_dataset().snapshot(state.control)

# Everything above the map in one container, so the map keeps its place on the page (and its frame is never
# reloaded) whatever this holds. Drawn on the first run too: text only, it costs the map's first paint little, and the
# map does not move down when the rest of the page arrives.
with st.container():
    if state.present:
        # Presentation view: exactly one screen. No sidebar, header, padding or button; the map (or, with a
        # comparison, the two maps side by side) fills the window and carries title, legend and sources.
        # Esc (in the map or on the page) leaves it.
        st.markdown(PRESENT_CSS + (PRESENT_COMPARE_CSS if state.compare else ""), unsafe_allow_html=True)
    else:
        for notice in st.session_state.get("notices", []):
            st.warning(escape_markdown(word("notice_fallback", lang).format(detail=notice_text(notice, lang))))
        st.title(word("title", lang))
        # The captions' readable colour (CAPTION_CSS) with the first caption on the page: the first view has no sidebar
        # widgets yet, and the sidebar's styles come with them.
        st.caption(word("disclaimer", lang) + CAPTION_STYLE, unsafe_allow_html=True)
        if uploaded is not None:
            render_upload_in_use_notice(uploaded, lang)
        else:
            render_stale_line_notice(lang, snapshot)

map_height = 1080 if state.present else 720 if state.compare else 640
if state.compare and state.present:
    other = default_dataset().scenarios()[state.compare]
    returned = render_map(state, scenario, snapshot, height=map_height, key=MAP_REPORT_KEY, letter=word("map_a", lang))
    render_map(state, other, snapshot, height=map_height, key="map_compare", letter=word("map_b", lang))
elif state.compare:
    other = default_dataset().scenarios()[state.compare]
    left, right = st.columns(2)
    with left:
        # Each side names the line it is drawn on (both are on the same control date), and says so where that is
        # not the proposal's own line: its figures differ from those it has alone.
        st.markdown(compare_heading(word("map_a", lang), scenario_label(scenario, lang), scenario, snapshot, lang))
        returned = render_map(state, scenario, snapshot, height=map_height, key=MAP_REPORT_KEY)
    with right:
        st.markdown(compare_heading(word("map_b", lang), scenario_label(other, lang), other, snapshot, lang))
        render_map(state, other, snapshot, height=map_height, key="map_compare")
else:
    returned = render_map(state, scenario, snapshot, height=map_height, key=MAP_REPORT_KEY)

if not whole_page:
    note_map_report(returned)  # a page that reconnected to this new session: its map has painted already

if state.sync_view and returned and returned.get("center") and returned.get("zoom"):
    center = returned["center"]
    st.session_state["view"] = view_from_map(center["lat"], center["lng"], returned["zoom"])

if whole_page and not state.present:
    # Right under the map, what a briefer takes away from it; drawn only while open (opening it reruns the
    # script): before it is asked for, the download buttons and the title box cost the page nothing, neither
    # code nor messages (README, Performance). In the page's flow, not a pop-over, so it is never cut off at the
    # bottom of the window.
    downloads = st.expander(word("downloads", lang), key="downloads_open", on_change="rerun")
    if downloads.open:
        with downloads:
            render_export_panel(
                state, scenario, snapshot, compare=default_dataset().scenarios()[state.compare] if state.compare else None
            )
    if state.compare:
        st.divider()
        st.subheader(f"{word('map_a', lang)}: {escape_markdown(scenario_label(scenario, lang))}")
    render_stats_panel(cached_stats(scenario, snapshot), scenario, snapshot, lang)
    render_changes_panel(state, snapshot, lang)  # what changed since the "changes since" date, if one is chosen
    trend = st.expander(word("trend_heading", lang), key="trend_open", on_change="rerun")
    if trend.open:
        with trend:
            render_trend_chart(lang)
    if state.compare:
        other = default_dataset().scenarios()[state.compare]
        st.divider()
        st.subheader(f"{word('map_b', lang)}: {escape_markdown(scenario_label(other, lang))}")
        render_stats_panel(cached_stats(other, snapshot), other, snapshot, lang, panel="b")

query = to_query(state)
st.query_params.from_dict(query)
st.session_state["written_query"] = query  # init_session tells a changed link from the app's own

if os.environ.get("CLAIMS_MAP_TIMING"):
    # Read by benchmarks/run.py: how long the server spent on this run of the script.
    sys.stderr.write(f"claims-map-run-ms {1000 * (time.perf_counter() - _run_started):.1f}\n")  # one write: runs are concurrent
