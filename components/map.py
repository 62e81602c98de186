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

A toggle renders nothing with folium or Jinja: :func:`_map_frame` renders the base map and the feature
group's script once per process for each base (with a placeholder for the layer data) into the arguments
streamlit-folium would send, and each run puts the layer data (JSON, cached per scenario, snapshot, language,
layers and view mode) into that script. The arguments are the ones ``st_folium`` builds (same component, same
key, so the iframe is kept); ``tests/test_serve_map.py`` checks them against ``st_folium``'s own.
"""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import folium
import streamlit as st
import streamlit_folium
from branca.element import MacroElement
from jinja2 import Template
from jinja2.utils import htmlsafe_json_dumps

from components.offline import STATIC_DIR, STATIC_URL, offline_map
from components.state import DEFAULT_VIEW, ViewState
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.layers import snapshot_layer_data
from geodata.mapconfig import PANES, base_config as map_base_config, map_config
from geodata.scenarios import Scenario

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
    lang: str,
    tiles: str,
    view: tuple[float, float, float],
    fit: bool = True,
    present: bool = False,
    prefetch: tuple[str, ...] = (),
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
        location=(lat, lon),
        zoom_start=zoom,
        min_zoom=4,
        max_zoom=12,
        control_scale=False,
        prefer_canvas=False,
        zoom_snap=0.25,
        zoom_delta=1,
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
            scenario,
            snapshot,
            state.lang,
            state.layers,
            letter=letter,
            changes=map_changes(state, snapshot),
            dataset=default_dataset(),
        ),
        "snapshot_url": url,
        "snapshot_key": snapshot.key if url is None else None,
        "snapshot_inline": None if url else _inline_snapshot_data(snapshot),
        "places_url": PLACES_URL,
    }


def dynamic_groups(
    state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, letter: str = ""
) -> list[folium.FeatureGroup]:
    """The layers a toggle changes: one small feature group, swapped in place by streamlit-folium,
    whose only content is a call to the map's script with :func:`layer_config`."""
    group = folium.FeatureGroup(name="Statuses")
    group.add_child(_Call("layers", layer_config(state, scenario, snapshot, letter)))
    return [group]


#: Stands for the layer data in the feature group's script rendered once (:func:`_map_frame`).
_LAYERS_MARK = "__claims_map_layers__"


@dataclass(frozen=True)
class MapFrame:
    """What streamlit-folium sends for one base map, rendered once: everything but the layer data."""

    args: dict[str, Any]  # the component's arguments except ``feature_group``, ``height`` and ``on_change``
    group_script: str  # the feature group's script, with ``_LAYERS_MARK`` where the layer data go


def _links(fmap: folium.Map) -> tuple[list[str], list[str]]:
    # As st_folium collects them: the map's and its children's scripts and style sheets, in order, once each.
    css: list[str] = []
    js: list[str] = []
    elements = [fmap]
    while elements:
        element = elements.pop(0)
        css.extend(href for _, href in getattr(element, "default_css", []))
        js.extend(src for _, src in getattr(element, "default_js", []))
        elements.extend(getattr(element, "_children", {}).values())
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


@st.cache_resource(max_entries=64, show_spinner=False)
def _map_frame(
    tiles: str,
    view: tuple[float, float, float],
    fit: bool,
    present: bool,
    prefetch: tuple[str, ...],
    key: str,
    returned: tuple[str, ...],
) -> MapFrame:
    """The arguments ``st_folium`` would build for this base map, its feature group's script with a placeholder.

    Rendered once per process for each base (folium and Jinja run here only); shared by every session, read only.
    """
    fmap = build_base_map("en", tiles, view, fit=fit, present=present, prefetch=prefetch)
    fmap.get_root().render()
    fmap.render()
    html = streamlit_folium._get_html(fmap)
    header = streamlit_folium._get_header(fmap)
    script = streamlit_folium._get_map_string(fmap)
    map_id = streamlit_folium.get_full_id(fmap)
    css_links, js_links = _links(fmap)
    group = folium.FeatureGroup(name="Statuses")
    group.add_child(_Call("layers", _LAYERS_MARK))  # type: ignore[arg-type]
    group_script = streamlit_folium._get_feature_group_string(group, map=fmap, idx=0)
    southwest, northeast = fmap.get_bounds()
    defaults = {
        "bounds": {
            "_southWest": {"lat": southwest[0], "lng": southwest[1]},
            "_northEast": {"lat": northeast[0], "lng": northeast[1]},
        },
        "zoom": fmap.options.get("zoom"),
    }
    args = {
        "script": script,
        "header": header,
        "html": html,
        "id": map_id,
        "key": streamlit_folium.generate_js_hash(script, key, False),
        "width": None,
        "returned_objects": list(returned),
        "default": {k: v for k, v in defaults.items() if k in returned},
        "zoom": None,
        "center": None,
        "return_on_hover": False,
        "layer_control": None,
        "pixelated": False,
        "css_links": css_links,
        "js_links": js_links,
        "wrap_longitude": False,
    }
    return MapFrame(args=args, group_script=group_script)


class _BySnapshotKey:
    """A snapshot in a cache key: equal when the keys are (the content hash for an imported file)."""

    __slots__ = ("snapshot",)

    def __init__(self, snapshot: ControlSnapshot) -> None:
        self.snapshot = snapshot

    def __hash__(self) -> int:
        return hash(self.snapshot.key)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _BySnapshotKey) and other.snapshot.key == self.snapshot.key


_LAYER_JSON: OrderedDict[tuple[Any, ...], str] = OrderedDict()
_LAYER_JSON_LOCK = threading.Lock()
#: Layer data kept per process (a few KB each; an imported line's inline shapes make an entry larger).
LAYER_JSON_ENTRIES = 128


def layer_json(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, letter: str = "") -> str:
    """:func:`layer_config` as the script's JSON (as Jinja's ``tojson`` writes it: ``<``, ``>``, ``&``, ``'`` as
    ``\\u`` escapes), computed once per process for each scenario, snapshot, language, layers, view mode, letter,
    "changes since" date and day (the title box says how old the line is)."""
    since = default_dataset().snapshot(state.since) if state.since in default_dataset().snapshot_dates() else None
    # The "since" line by its key too: a fetch that replaces that date's file changes the gains and losses drawn.
    key = (
        scenario,
        _BySnapshotKey(snapshot),
        state.lang,
        state.layers,
        state.present,
        letter,
        _BySnapshotKey(since) if since is not None else None,
        date.today(),
    )
    with _LAYER_JSON_LOCK:
        if key in _LAYER_JSON:
            _LAYER_JSON.move_to_end(key)
            return _LAYER_JSON[key]
    text = htmlsafe_json_dumps(layer_config(state, scenario, snapshot, letter), sort_keys=True)
    with _LAYER_JSON_LOCK:
        _LAYER_JSON[key] = text
        while len(_LAYER_JSON) > LAYER_JSON_ENTRIES:
            _LAYER_JSON.popitem(last=False)
    return text


def map_arguments(
    state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, height: int = 640, key: str = "map", letter: str = ""
) -> dict[str, Any]:
    """The streamlit-folium component's arguments for this view (what ``st_folium`` would send), without folium work."""
    initial_view = st.session_state.get("initial_view", state.view)
    # The data files this view draws from. streamlit-folium loads the iframe's scripts once, when it builds the
    # map, so the list matters only then; it keys the iframe on the map's script, not on this list.
    prefetch = tuple(url for url in (CONTEXT_URL, snapshot_url(snapshot), PLACES_URL) if url)
    returned = ("center", "zoom") if state.sync_view else ()
    frame = _map_frame(state.tiles, tuple(initial_view), initial_view == DEFAULT_VIEW, state.present, prefetch, key, returned)
    group = frame.group_script.replace(json.dumps(_LAYERS_MARK), layer_json(state, scenario, snapshot, letter), 1)
    return {**frame.args, "feature_group": group, "height": height}


def render_map(
    state: ViewState,
    scenario: Scenario,
    snapshot: ControlSnapshot,
    height: int = 640,
    key: str = "map",
    letter: str = "",
) -> dict[str, Any] | None:
    """Draw the map; return what the map reports back (its view) when the view is kept in the link."""
    args = map_arguments(state, scenario, snapshot, height=height, key=key, letter=letter)
    hash_key = args["key"]

    def on_change() -> None:  # as st_folium's: the map's last report under the caller's key
        st.session_state[key] = st.session_state.get(hash_key, {})

    return streamlit_folium._component_func(**args, on_change=on_change)


def forget_layer_data(keep: Callable[[Scenario, str, date], bool]) -> int:
    """Drop the layer data (:func:`layer_json`) of every view ``keep(scenario, snapshot key, day)`` refuses, and the
    inline shapes of imported lines; returns how many views were dropped. For the memory janitor, once every session
    has left (:func:`components.serving.forget_crowd_views`); the base maps (:func:`_map_frame`) stay."""
    with _LAYER_JSON_LOCK:
        dropped = [key for key in _LAYER_JSON if not keep(key[0], key[1].snapshot.key, key[-1])]
        for key in dropped:
            del _LAYER_JSON[key]
    _inline_snapshot_data.clear()
    return len(dropped)
