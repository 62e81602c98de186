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

from components.i18n import t
from geodata.wording import BROWSER_LOCALES, PERCENT_SIGNS, public_text, scenario_title, status_label, word
from components.offline import STATIC_DIR, STATIC_URL, offline_map
from components.state import DEFAULT_VIEW, ViewState
from geodata.control import ControlSnapshot
from geodata.dating import control_age_line
from geodata.layers import has_claims_not_held, snapshot_layer_data, statuses_drawn
from geodata.scenarios import PARTS, Scenario, Status
from geodata.style import (
    CLAIM_OUTLINE,
    LINE_OF_CONTACT_STYLE,
    NEIGHBOUR_BORDER,
    NEIGHBOUR_FILL,
    REGION_BORDER_STYLE,
    SEA_COLOR,
    STATUS_STYLES,
)

#: The words the map's script uses (its keys), from the catalogue's ``map_*`` entries and shared ones.
MAP_WORDS = {
    "area": "map_area", "of_region": "map_of_region", "population": "map_population", "control": "map_control",
    "claimed": "map_claimed", "sources": "sources", "km2": "unit_km2", "n_a": "n_a",
    "load_failed": "map_load_failed", "what_context": "map_what_context", "what_snapshot": "map_what_snapshot",
    "what_places": "map_what_places", "reason_status": "map_reason_status", "reason_network": "map_reason_network",
    "reason_format": "map_reason_format",
}


def map_words(lang: str, as_of: str) -> dict[str, Any]:
    """Every word the map's script shows, in ``lang``: tooltips, parts, percent sign, load failures."""
    return {
        **{name: word(key, lang) for name, key in MAP_WORDS.items()},
        "part": {p: word(f"map_part_{p}", lang, date=as_of) for p in PARTS},
        # The browser formats with Intl for the same locale, and writes the percent sign as Babel does here.
        "percent_sign": PERCENT_SIGNS[lang],
        "less_than": word("less_than", lang),
    }


PANES = {"context": 350, "fills": 410, "claims": 420, "borders": 430, "line": 440}
TILE_LAYERS = {
    "osm": ("OpenStreetMap", None),
    "carto": ("CartoDB positron", None),
}
#: Ukraine's bounds (south-west, north-east): a map opened without a view in its link fits them.
UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.3]]
#: Front-line town labels crowd the national view: shown from this zoom on.
MINOR_LABEL_ZOOM = 7


def pattern_id(name: str) -> str:
    """The id of a status's SVG pattern, referenced by ``fill="url(#cm-p-<status>)"``."""
    return f"cm-p-{name}"


def pattern_specs() -> dict[str, list[str]]:
    """Every status pattern as data, ``{name: [fill, marks, ink]}``: the map's script draws them."""
    specs = {s.value: [style.fill, style.pattern, style.pattern_color] for s, style in STATUS_STYLES.items()}
    specs["claim"] = ["none", "claim", "#222222"]
    return specs


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
    """What the base map draws once per session: patterns, background, context layers, first view."""
    return {
        "sea": SEA_COLOR,
        "patterns": pattern_specs(),
        "fit": fit,
        "bounds": UKRAINE_BOUNDS,
        # Presentation view leaves room on the left for the title box and the legend.
        "padding": {"paddingTopLeft": [340 if present else 8, 8], "paddingBottomRight": [8, 8]},
        "label_zoom": MINOR_LABEL_ZOOM,
        "context_url": f"{STATIC_URL}/data/context.json",
        "neighbours": tiles not in TILE_LAYERS,
        "neighbour_style": {"fillColor": NEIGHBOUR_FILL, "color": NEIGHBOUR_BORDER, "weight": 1, "fillOpacity": 1},
        "border_style": dict(REGION_BORDER_STYLE),
    }


def build_base_map(lang: str, tiles: str, view: tuple[float, float, float], fit: bool = True, present: bool = False) -> folium.Map:
    """The part of the map that never changes within a session (so its iframe is never reloaded).

    ``fit``: fit Ukraine to whatever size the map has (a phone, a laptop, a 1920-pixel slide), with
    quarter zoom steps; a view given in the link is kept as it is instead. ``present``: leave room on
    the left for the title box and the legend. ``lang`` is not used: a language switch is a toggle.
    """
    lat, lon, zoom = view
    fmap = offline_map(
        location=(lat, lon), zoom_start=zoom, min_zoom=4, max_zoom=12, control_scale=True, prefer_canvas=False,
        zoom_snap=0.25, zoom_delta=1,
    )
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index).add_to(fmap)
    if tiles in TILE_LAYERS:
        folium.TileLayer(TILE_LAYERS[tiles][0], name=TILE_LAYERS[tiles][0]).add_to(fmap)
    fmap.add_child(_Call("base", base_config(tiles, fit, present), target=fmap.get_name()))
    return fmap


def legend_config(
    statuses: list[Status], lang: str, show_claims: bool, show_line: bool, title: str = "", scenario: Scenario | None = None
) -> dict[str, Any]:
    """The legend as data: one row ``[key, label]`` per status on the map, plus claims and line when drawn.

    The map's script draws each row's swatch (the status's pattern) and puts the label in as text.
    ``notes``: how the scenario qualifies a status in its own words (``{status: note}``), drawn as a
    smaller line under that row.
    """
    rows = [[status.value, status_label(status, lang)] for status in statuses]
    if show_claims:
        rows.append(["claim", word("claim_label", lang)])
    if show_line:
        rows.append(["line", word("line_label", lang)])
    notes = {}
    if scenario is not None:
        notes = {s.value: scenario.status_note(s, lang) for s in statuses if scenario.status_note(s, lang)}
    return {"title": title, "rows": rows, "notes": notes}


def title_box_config(scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> dict[str, Any]:
    """Title, scenario, date and sources for presentation view and screenshots, as plain text."""
    date = f"{scenario.date} · " if scenario.date else ""
    sources = "; ".join([*scenario.sources[:2], *(public_text(s) for s in snapshot.sources[:2]), word("boundaries_source", lang)])
    return {
        "title": t("title", lang),
        "lines": [scenario_title(scenario, lang), date + control_age_line(snapshot.as_of, lang)],
        "disclaimer": t("disclaimer", lang),
        "sources": f"{t('source_line', lang)}: {sources}",
    }


ASSET_SYMBOLS = {"nuclear_plant": "☢", "dam": "▬", "canal": "≈", "bridge": "═", "port": "⚓", "lithium_deposit": "◆"}


def _fill_style(status: Status) -> dict[str, Any]:
    has_pattern = STATUS_STYLES[status].pattern != "none"
    return {
        "fillColor": f"url(#{pattern_id(status.value)})" if has_pattern else STATUS_STYLES[status].fill,
        "fillOpacity": 0.9,
        "color": "#ffffff",
        "weight": 0.3,
    }


def snapshot_url(snapshot: ControlSnapshot) -> str | None:
    """Where the browser fetches a shipped snapshot's map data; None for an imported one (sent inline)."""
    if snapshot.key == f"shipped:{snapshot.as_of}" and (STATIC_DIR / "data" / f"snapshot-{snapshot.as_of}.json").is_file():
        return f"{STATIC_URL}/data/snapshot-{snapshot.as_of}.json"
    return None


@st.cache_resource(max_entries=16)
def _inline_snapshot_data(snapshot_key: str, _snapshot: ControlSnapshot) -> dict[str, Any]:
    # Keyed on the snapshot's key: the content hash for an imported file.
    return snapshot_layer_data(_snapshot)


def layer_config(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot) -> dict[str, Any]:
    """What a toggle sends to the browser, as data only: each part's status, the words and styles to
    draw it with, the legend and (in presentation view) the title box. Texts are plain text."""
    lang = state.lang
    url = snapshot_url(snapshot)
    sources = "; ".join([*(public_text(s) for s in list(snapshot.sources)[:2]), *list(scenario.sources)[:2]])
    show_claims = "claims" in state.layers and has_claims_not_held(snapshot)
    return {
        "lang": lang,
        "other": "en" if lang == "uk" else "uk",
        "locale": BROWSER_LOCALES[lang],
        "statuses": {f"{r}/{part}": scenario.status(r, part).value for r in scenario.regions for part in PARTS},
        "labels": {s.value: status_label(s, lang) for s in Status},
        "styles": {s.value: _fill_style(s) for s in Status},
        "claim_style": {**CLAIM_OUTLINE, "fillColor": f"url(#{pattern_id('claim')})", "fillOpacity": 1},
        "line_style": dict(LINE_OF_CONTACT_STYLE),
        "layers": {layer: layer in state.layers for layer in ("line", "claims", "labels", "settlements", "assets")},
        "text": map_words(lang, snapshot.as_of),
        # How the scenario qualifies a part's status, in its own words, for the tooltips.
        "part_notes": {
            f"{r}/{part}": note for r in scenario.regions for part in PARTS if (note := scenario.part_note(r, part, lang))
        },
        "sources": sources,
        "asset_symbols": ASSET_SYMBOLS,
        "legend": legend_config(statuses_drawn(scenario, snapshot), lang, show_claims, "line" in state.layers, scenario=scenario),
        "titlebox": title_box_config(scenario, snapshot, lang) if state.present else None,
        "snapshot_url": url,
        "snapshot_key": snapshot.key if url is None else None,
        "snapshot_inline": None if url else _inline_snapshot_data(snapshot.key, snapshot),
        "places_url": f"{STATIC_URL}/data/places.json",
    }


def dynamic_groups(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot) -> list[folium.FeatureGroup]:
    """The layers a toggle changes: one small feature group, swapped in place by streamlit-folium,
    whose only content is a call to the map's script with :func:`layer_config`."""
    group = folium.FeatureGroup(name="Statuses")
    group.add_child(_Call("layers", layer_config(state, scenario, snapshot)))
    return [group]


def render_map(
    state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, scenario_key: str, height: int = 640, key: str = "map"
) -> dict[str, Any] | None:
    """Draw the map; return what the map reports back (its view) when the view is kept in the link."""
    initial_view = st.session_state.get("initial_view", state.view)
    base = build_base_map(state.lang, state.tiles, initial_view, fit=initial_view == DEFAULT_VIEW, present=state.present)
    groups = dynamic_groups(state, scenario, snapshot)
    return st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups,
        returned_objects=["center", "zoom"] if state.sync_view else [],
    )
