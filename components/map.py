"""The map: folium through streamlit-folium, drawn by the app's own script (``static/map/``).

The base map (panes, patterns, neighbours, region borders) is the same on
every run, so streamlit-folium keeps its iframe and the user's zoom; what a
toggle changes (fills, claims, line, labels, points, legend) travels as
``feature_group_to_add`` and is swapped in place. Both are data for
``static/map/claims-map.js`` and ``claims-map.css``, which the iframe loads
once beside Leaflet: a toggle sends no code. Texts travel as plain text and
the browser shows them with ``textContent``. ``returned_objects=[]`` keeps
panning and zooming from re-running the script, unless the user asks for
the view to be kept in the link.
"""

from __future__ import annotations

from typing import Any

import folium
import streamlit as st
from branca.element import MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

from components.offline import STATIC_DIR, STATIC_URL, offline_map
from components.state import DEFAULT_VIEW, ViewState
from geodata.control import ControlSnapshot
from geodata.layers import snapshot_layer_data
from geodata.mapconfig import PANES, base_config as map_base_config, map_config
from geodata.scenarios import Scenario
from geodata.dataset import default_dataset

#: The data files every view draws from (written by ``python -m geodata build``).
CONTEXT_URL = f"{STATIC_URL}/data/context.json"
PLACES_URL = f"{STATIC_URL}/data/places.json"

TILE_LAYERS = {
    "osm": ("OpenStreetMap", None),
    "carto": ("CartoDB positron", None),
}


class _Call(MacroElement):
    """``ClaimsMap.<function>(<target>, cfg)``: a call into ``static/map/claims-map.js`` with data only.

    ``cfg`` goes through Jinja's ``tojson``, which writes ``<``, ``>``, ``&``
    and ``'`` as ``\\u`` escapes, so no text in it can end the script or
    become markup; the browser shows its texts with ``textContent``.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
var cfg = {{ this.config|tojson }};
ClaimsMap.{{ this.function }}({{ this.target() }}, cfg);
})();
{% endmacro %}"""
    )

    def __init__(self, function: str, config: dict[str, Any], target: str | None = None) -> None:
        super().__init__()
        self._name = "ClaimsMapCall"
        self.function = function
        self.config = config
        self._target = target

    def target(self) -> str:
        return self._target or self._parent.get_name()


def base_config(tiles: str, fit: bool, present: bool) -> dict[str, Any]:
    """What the base map draws once per session (:func:`geodata.mapconfig.base_config`), with the context's address."""
    return {
        **map_base_config(neighbours=tiles not in TILE_LAYERS, present=present),
        "fit": fit,
        "tiles": tiles in TILE_LAYERS,
        "context_url": CONTEXT_URL,
    }


def build_base_map(
    lang: str, tiles: str, view: tuple[float, float, float], fit: bool = True, present: bool = False, prefetch: tuple[str, ...] = ()
) -> folium.Map:
    """The part of the map that never changes within a session (so its iframe is never reloaded).

    ``fit``: fit Ukraine to whatever size the map has (a phone, a laptop, a 1920-pixel slide), with
    quarter zoom steps, leaving room for the legend (and in presentation view the title box), and again
    when the map's size changes until the user moves it; a view given in the link is kept as it is
    instead. ``lang`` is not used: a language switch is a toggle. The scale bar (metric, worded in the
    interface's language) is added by the map's script. ``prefetch``: the data files of the first view, whose
    fetches start before Leaflet loads (:func:`components.offline.prefetch_js`).
    """
    lat, lon, zoom = view
    fmap = offline_map(
        prefetch=prefetch,
        location=(lat, lon), zoom_start=zoom, min_zoom=4, max_zoom=12, control_scale=False, prefer_canvas=False,
        zoom_snap=0.25, zoom_delta=1,
    )
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index).add_to(fmap)
    if tiles in TILE_LAYERS:
        folium.TileLayer(TILE_LAYERS[tiles][0], name=TILE_LAYERS[tiles][0]).add_to(fmap)
    fmap.add_child(_Call("base", base_config(tiles, fit, present), target=fmap.get_name()))
    return fmap


def snapshot_url(snapshot: ControlSnapshot) -> str | None:
    """Where the browser fetches a shipped snapshot's map data; None for an imported one (sent inline)."""
    if snapshot.key == f"shipped:{snapshot.as_of}" and (STATIC_DIR / "data" / f"snapshot-{snapshot.as_of}.json").is_file():
        return f"{STATIC_URL}/data/snapshot-{snapshot.as_of}.json"
    return None


@st.cache_resource(max_entries=16, hash_funcs={ControlSnapshot: lambda snapshot: snapshot.key})
def _inline_snapshot_data(snapshot: ControlSnapshot) -> dict[str, Any]:
    # Keyed on the snapshot's key: the content hash for an imported file.
    return snapshot_layer_data(snapshot, dataset=default_dataset())


def layer_config(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, letter: str = "") -> dict[str, Any]:
    """What a toggle sends to the browser: the map's one contract (:func:`geodata.mapconfig.map_config`, title box
    included in every view), with where the shapes come from; ``letter``: ``A`` or ``B`` for one side of a
    comparison in presentation view. Texts are plain text."""
    url = snapshot_url(snapshot)
    from components.changes import map_changes  # gains and losses since state.since, drawn over the fills

    return {
        **map_config(
            scenario, snapshot, state.lang, state.layers, letter=letter, changes=map_changes(state, snapshot), dataset=default_dataset()
        ),
        "snapshot_url": url,
        "snapshot_key": snapshot.key if url is None else None,
        "snapshot_inline": None if url else _inline_snapshot_data(snapshot),
        "places_url": PLACES_URL,
    }


def dynamic_groups(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, letter: str = "") -> list[folium.FeatureGroup]:
    """The layers a toggle changes: one small feature group, swapped in place by streamlit-folium,
    whose only content is a call to the map's script with :func:`layer_config`."""
    group = folium.FeatureGroup(name="Statuses")
    group.add_child(_Call("layers", layer_config(state, scenario, snapshot, letter)))
    return [group]


def render_map(
    state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, height: int = 640, key: str = "map",
    letter: str = "",
) -> dict[str, Any] | None:
    """Draw the map; return what the map reports back (its view) when the view is kept in the link."""
    initial_view = st.session_state.get("initial_view", state.view)
    # The data files this view draws from. streamlit-folium loads the iframe's scripts once, when it builds the
    # map, so the list matters only then; it keys the iframe on the map's script, not on this list.
    prefetch = tuple(url for url in (CONTEXT_URL, snapshot_url(snapshot), PLACES_URL) if url)
    base = build_base_map(
        state.lang, state.tiles, initial_view, fit=initial_view == DEFAULT_VIEW, present=state.present, prefetch=prefetch
    )
    groups = dynamic_groups(state, scenario, snapshot, letter)
    return st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups,
        returned_objects=["center", "zoom"] if state.sync_view else [],
    )
