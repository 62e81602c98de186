"""The map's arguments come from a base rendered once per process: they must be the ones st_folium builds."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest
import streamlit_folium

from components import map as map_component
from components.state import ViewState
from geodata.dataset import default_dataset


def st_folium_arguments(state: ViewState, scenario, snapshot, height: int, key: str, letter: str = "") -> dict[str, Any]:
    """What streamlit-folium itself sends for the map as the dashboard built it before (full folium render)."""
    captured: dict[str, Any] = {}
    original = streamlit_folium._component_func
    streamlit_folium._component_func = lambda **kwargs: captured.update(kwargs)
    try:
        prefetch = tuple(
            u for u in (map_component.CONTEXT_URL, map_component.snapshot_url(snapshot), map_component.PLACES_URL) if u
        )
        base = map_component.build_base_map(
            state.lang,
            state.tiles,
            state.view,
            fit=state.view == map_component.DEFAULT_VIEW,
            present=state.present,
            prefetch=prefetch,
        )
        streamlit_folium.st_folium(
            base,
            key=key,
            height=height,
            use_container_width=True,
            feature_group_to_add=map_component.dynamic_groups(state, scenario, snapshot, letter),
            returned_objects=["center", "zoom"] if state.sync_view else [],
        )
    finally:
        streamlit_folium._component_func = original
    captured.pop("on_change")
    return captured


SCENARIOS = sorted(default_dataset().scenarios())


@pytest.mark.parametrize(
    "changes",
    [
        {},
        {"lang": "uk"},
        {"present": True},
        {"layers": frozenset({"line", "settlements"})},
        {"sync_view": True},
        {"tiles": "osm", "view": (47.0, 35.0, 7.0)},
    ],
)
@pytest.mark.parametrize("scenario_id", [SCENARIOS[0], SCENARIOS[-1]])
def test_map_arguments_equal_st_folium_s_own(changes, scenario_id):
    snapshot = default_dataset().snapshot(default_dataset().snapshot_dates()[-1])
    state = dataclasses.replace(ViewState(control=snapshot.as_of), **changes)
    scenario = default_dataset().scenarios()[scenario_id]
    letter = "A" if state.present else ""
    expected = st_folium_arguments(state, scenario, snapshot, height=640, key="map", letter=letter)
    # Twice: the second comes from the caches, and must be the same.
    for _ in range(2):
        got = map_component.map_arguments(state, scenario, snapshot, height=640, key="map", letter=letter)
        assert got == expected


def test_a_toggle_changes_only_the_layer_data():
    snapshot = default_dataset().snapshot(default_dataset().snapshot_dates()[-1])
    state = ViewState(control=snapshot.as_of)
    scenarios = default_dataset().scenarios()
    first = map_component.map_arguments(state, scenarios[SCENARIOS[0]], snapshot)
    second = map_component.map_arguments(state, scenarios[SCENARIOS[-1]], snapshot)
    assert first["feature_group"] != second["feature_group"]
    assert {k: v for k, v in first.items() if k != "feature_group"} == {k: v for k, v in second.items() if k != "feature_group"}
