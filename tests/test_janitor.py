"""The memory janitor (components/serving.py): once every session has left, the views the crowd made leave the caches;
while a session is open, or one is kept for reconnecting, nothing is dropped. Real caches filled by real calls."""

from __future__ import annotations

import dataclasses
import threading

import pytest

from components.map import layer_json
from components.serving import expire_kept_sessions, forget_crowd_views, release_memory_after_sessions_leave
from components.state import ViewState, scenario_for
from components.stats_panel import cached_panel_texts, cached_stats
from geodata.dataset import default_dataset
from geodata.scenarios import Status
from geodata.scenarios.options import Options, custom_scenario


@pytest.fixture
def views():
    """A preset's view and a custom scenario's view (what a toggle makes), each in the map's and the panel's caches."""
    dataset = default_dataset()
    snapshot = dataset.snapshot(dataset.snapshot_dates()[-1])
    state = ViewState()
    preset = scenario_for(state)
    custom = custom_scenario(dataclasses.replace(Options(), crimea=Status.RETURNED), preset, region_ids=dataset.regions().index)
    assert preset in dataset.scenarios().values() and custom not in dataset.scenarios().values()

    def cached() -> dict[str, object]:
        # Each cache returns the very object it holds: the same object again means the entry was kept.
        return {
            "preset_map": layer_json(state, preset, snapshot),
            "custom_map": layer_json(state, custom, snapshot),
            "preset_panel": cached_panel_texts(cached_stats(preset, snapshot), preset, snapshot, "en"),
            "custom_panel": cached_panel_texts(cached_stats(custom, snapshot), custom, snapshot, "en"),
        }

    first = cached()
    assert cached() == first and all(cached()[name] is first[name] for name in first)  # cached, not built again
    return cached, first


def _forget() -> int:
    return forget_crowd_views(default_dataset())


def test_while_a_session_is_open_nothing_is_dropped(views):
    cached, first = views
    # 5 sessions, then 1: 4 left and none is kept for reconnecting, so memory is released, but one is still open.
    last, did, pending = release_memory_after_sessions_leave(lambda: 1, lambda: 0, 5, False, forget=_forget)
    assert (last, did, pending) == (1, True, False)
    # A session that opens while the janitor looks (none open when it counted, one when it is about to forget).
    counts = iter([0, 1])
    last, did, pending = release_memory_after_sessions_leave(lambda: next(counts), lambda: 0, 1, False, forget=_forget)
    assert (last, did, pending) == (0, True, False)
    now = cached()
    assert all(now[name] is first[name] for name in first)


def test_while_sessions_are_kept_for_reconnecting_nothing_is_dropped(views):
    cached, first = views
    # Every session closed, but 3 may still come back within their reconnect time.
    released = []
    last, pending = 3, False
    for kept in (3, 1):
        last, did, pending = release_memory_after_sessions_leave(lambda: 0, lambda kept=kept: kept, last, pending, forget=_forget)
        released.append(did)
    assert released == [True, True] and pending
    now = cached()
    assert all(now[name] is first[name] for name in first)


def test_once_every_session_left_the_crowds_views_go_and_the_presets_stay(views):
    cached, first = views
    # 3 open, then none open with 2 kept for reconnecting, then none kept: the caches are trimmed on that last look.
    last, pending = 3, False
    last, _, pending = release_memory_after_sessions_leave(lambda: 0, lambda: 2, last, pending, forget=None)
    assert pending
    last, did, pending = release_memory_after_sessions_leave(lambda: 0, lambda: 0, last, pending, forget=_forget)
    assert did and not pending
    now = cached()
    # The preset's view is what a first visitor needs: the very same objects. The custom view was dropped and is
    # built again, equal to what it was.
    assert now["preset_map"] is first["preset_map"] and now["preset_panel"] is first["preset_panel"]
    assert now["custom_map"] is not first["custom_map"] and now["custom_panel"] is not first["custom_panel"]
    assert now["custom_map"] == first["custom_map"] and now["custom_panel"] == first["custom_panel"]


def test_forgetting_counts_the_views_dropped(views):
    cached, first = views
    # The custom scenario's layer data and panel texts (one each); the presets' stay. Nothing is left to drop after.
    assert forget_crowd_views(default_dataset()) >= 2
    assert forget_crowd_views(default_dataset()) == 0
    assert cached()["preset_map"] is first["preset_map"]


class _Session:
    def __init__(self) -> None:
        self.shut = 0

    def shutdown(self) -> None:
        self.shut += 1


def test_sessions_past_their_reconnect_time_are_dropped_and_shut_down():
    from streamlit.runtime.caching.ttl_cache import TTLCache
    from streamlit.runtime.session_manager import SessionInfo

    now = [0.0]
    storage = TTLCache(maxsize=128, ttl=120, timer=lambda: now[0])
    sessions = [_Session() for _ in range(3)]
    for index, session in enumerate(sessions):
        now[0] = 10.0 * index  # disconnected at 0, 10 and 20 s
        storage[f"s{index}"] = SessionInfo(client=None, session=session)  # type: ignore[arg-type]
    now[0] = 125.0  # the first one's reconnect time (120 s) is over
    assert expire_kept_sessions(storage, threading.Lock()) == 2
    assert [s.shut for s in sessions] == [1, 0, 0] and "s0" not in storage
    now[0] = 200.0
    assert expire_kept_sessions(storage, threading.Lock()) == 0
    assert [s.shut for s in sessions] == [1, 1, 1] and len(storage) == 0


def test_once_every_session_left_what_was_derived_from_uploaded_lines_goes():
    from geodata.stats import part_population

    dataset = default_dataset()
    shipped = dataset.snapshot(dataset.snapshot_dates()[-1])
    # A user's uploaded line: the same shapes under an upload's key (geodata.importer keys them "upload:…").
    uploaded = dataclasses.replace(shipped, key="upload:0123:strict:test")
    state = ViewState()
    kept_figures = part_population(shipped, dataset=dataset)
    uploaded_figures = part_population(uploaded, dataset=dataset)
    uploaded_map = layer_json(state, scenario_for(state), uploaded)
    assert part_population(uploaded, dataset=dataset) is uploaded_figures  # cached until then
    assert forget_crowd_views(dataset) >= 1  # the uploaded line's view
    assert part_population(shipped, dataset=dataset) is kept_figures
    again = part_population(uploaded, dataset=dataset)
    assert again is not uploaded_figures and again == uploaded_figures
    assert layer_json(state, scenario_for(state), uploaded) is not uploaded_map


def test_the_pinned_streamlit_has_the_session_storage_the_janitor_reads():
    """The janitor reads Streamlit's private session storage and its lock (no public API in 1.67); should a Streamlit
    upgrade rename them, this fails rather than the janitor quietly doing less (it then only collects and trims)."""
    from streamlit.runtime.memory_session_storage import MemorySessionStorage
    from streamlit.runtime.websocket_session_manager import WebsocketSessionManager

    manager = WebsocketSessionManager(MemorySessionStorage(), None, None, None)  # type: ignore[arg-type]
    storage = manager._session_storage
    assert hasattr(manager, "_storage_lock") and hasattr(storage, "_cache")
    assert callable(storage._cache.expire)
    assert callable(manager.num_active_sessions)


def test_a_past_days_views_go_and_todays_presets_stay(views):
    """A preset's view made yesterday says an age that is no longer true: once every session has left it goes, while the
    same preset's view of today stays (the same object)."""
    from datetime import date, timedelta

    from components import map as map_component, stats_panel

    cached, first = views
    yesterday = date.today() - timedelta(days=1)
    with stats_panel._PANEL_LOCK:
        today_panel = next(k for k, v in stats_panel._PANEL_TEXTS.items() if v is first["preset_panel"])
        old_panel = (*today_panel[:-1], yesterday)
        stats_panel._PANEL_TEXTS[old_panel] = first["preset_panel"]
    with map_component._LAYER_JSON_LOCK:
        today_map = next(k for k, v in map_component._LAYER_JSON.items() if v is first["preset_map"])
        old_map = (*today_map[:-1], yesterday)
        map_component._LAYER_JSON[old_map] = first["preset_map"]
    release_memory_after_sessions_leave(lambda: 0, lambda: 0, 1, False, forget=_forget)
    assert old_panel not in stats_panel._PANEL_TEXTS and old_map not in map_component._LAYER_JSON
    assert today_panel in stats_panel._PANEL_TEXTS and today_map in map_component._LAYER_JSON
    now = cached()
    assert now["preset_map"] is first["preset_map"] and now["preset_panel"] is first["preset_panel"]
