"""The map: folium through streamlit-folium.

The base map (panes, patterns, neighbours, region borders) is the same on
every run, so streamlit-folium keeps its iframe and the user's zoom; what a
toggle changes (fills, claims, line, labels, points, legend) travels as
``feature_group_to_add`` and is swapped in place. ``returned_objects=[]``
keeps panning and zooming from re-running the script, unless the user asks
for the view to be kept in the link.
"""

from __future__ import annotations

import json
from typing import Any

import folium
import streamlit as st
from branca.element import Element, MacroElement
from jinja2 import Template
from streamlit_folium import st_folium

from components.i18n import t
from components.offline import offline_map
from components.state import ViewState
from geodata.control import ControlSnapshot
from geodata.layers import (
    claims_not_held_collection,
    context_collection,
    line_of_contact_collection,
    part_collection,
    region_borders_collection,
    settlement_collection,
)
from geodata.regions import load_assets, load_neighbours, load_regions
from geodata.safe_text import escape_html
from geodata.scenarios import Scenario, Status
from geodata.style import (
    CLAIM_LABEL,
    CLAIM_OUTLINE,
    LINE_OF_CONTACT_LABEL,
    LINE_OF_CONTACT_STYLE,
    NEIGHBOUR_BORDER,
    NEIGHBOUR_FILL,
    REGION_BORDER_STYLE,
    SEA_COLOR,
    STATUS_STYLES,
    status_label,
)

PANES = {"context": 350, "fills": 410, "claims": 420, "borders": 430, "line": 440}
TILE_LAYERS = {
    "osm": ("OpenStreetMap", None),
    "carto": ("CartoDB positron", None),
}


def pattern_id(name: str) -> str:
    return f"cm-p-{name}"


def _pattern_svg(name: str, fill: str, pattern: str, ink: str) -> str:
    """One SVG ``<pattern>``: the status colour with its own marks on top."""
    size = 8
    marks = {
        "none": "",
        "dots": f'<circle cx="2" cy="2" r="1.1" fill="{ink}"/><circle cx="6" cy="6" r="1.1" fill="{ink}"/>',
        "cross": f'<path d="M0,0 L8,8 M8,0 L0,8" stroke="{ink}" stroke-width="1.2"/>',
        "diagonal": f'<path d="M-2,2 L2,-2 M0,8 L8,0 M6,10 L10,6" stroke="{ink}" stroke-width="1.4"/>',
        "backdiagonal": f'<path d="M-2,6 L2,10 M0,0 L8,8 M6,-2 L10,2" stroke="{ink}" stroke-width="1.4"/>',
        "horizontal": f'<path d="M0,4 L8,4" stroke="{ink}" stroke-width="1.4"/>',
        "vertical": f'<path d="M4,0 L4,8" stroke="{ink}" stroke-width="1.4"/>',
        "claim": f'<path d="M0,8 L8,0" stroke="{ink}" stroke-width="0.9"/>',
    }[pattern]
    background = f'<rect width="{size}" height="{size}" fill="{fill}"/>' if fill != "none" else ""
    return (
        f'<pattern id="{pattern_id(name)}" patternUnits="userSpaceOnUse" width="{size}" height="{size}">'
        f"{background}{marks}</pattern>"
    )


def pattern_defs() -> str:
    """Hidden SVG with every status pattern, referenced by ``fill="url(#cm-p-<status>)"``."""
    patterns = [_pattern_svg(s.value, st_.fill, st_.pattern, st_.pattern_color) for s, st_ in STATUS_STYLES.items()]
    patterns.append(_pattern_svg("claim", "none", "claim", "#222222"))
    return (
        '<svg id="cm-patterns" width="0" height="0" style="position:absolute" aria-hidden="true"><defs>'
        + "".join(patterns)
        + "</defs></svg>"
    )


class _Script(MacroElement):
    """Raw JavaScript added to the map's script block (our own code only, never user text)."""

    _template = Template("{% macro script(this, kwargs) %}{{ this.code }}{% endmacro %}")

    def __init__(self, code: str) -> None:
        super().__init__()
        self._name = "Script"
        self.code = code


class _ControlInGroup(MacroElement):
    """A Leaflet control (legend, title box) that comes and goes with its feature group."""

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var group = {{ this._parent.get_name() }};
  var control = L.control({position: {{ this.position|tojson }}});
  control.onAdd = function() {
    var div = L.DomUtil.create('div', {{ this.css_class|tojson }});
    div.innerHTML = {{ this.html|tojson }};
    L.DomEvent.disableClickPropagation(div);
    return div;
  };
  group.on('add', function() { control.addTo(group._map); });
  group.on('remove', function() { control.remove(); });
})();
{% endmacro %}"""
    )

    def __init__(self, html: str, position: str, css_class: str) -> None:
        super().__init__()
        self._name = "ControlInGroup"
        self.html = html
        self.position = position
        self.css_class = css_class


MAP_CSS = f"""
<style>
.folium-map, .leaflet-container {{ background: {SEA_COLOR}; }}
.cm-legend, .cm-titlebox {{ background: rgba(255,255,255,0.94); padding: 8px 10px; border-radius: 4px;
  box-shadow: 0 1px 4px rgba(0,0,0,0.35); font: 12px/1.35 'DejaVu Sans', Arial, sans-serif; color: #111; max-width: 380px; }}
.cm-legend .row {{ display: flex; align-items: center; margin: 2px 0; }}
.cm-legend svg {{ flex: none; margin-right: 6px; }}
.cm-legend .head {{ font-weight: bold; margin-bottom: 4px; }}
.cm-titlebox .title {{ font-size: 18px; font-weight: bold; }}
.cm-titlebox .sub {{ font-size: 13px; margin-top: 2px; }}
.cm-titlebox .src {{ font-size: 10px; color: #333; margin-top: 4px; }}
.cm-label {{ font: 11px 'DejaVu Sans', Arial, sans-serif; color: #222; white-space: nowrap; text-align: center;
  text-shadow: 0 0 3px #fff, 0 0 3px #fff, 0 0 2px #fff; pointer-events: none; }}
.cm-label.city {{ font-size: 10px; color: #000; text-align: left; }}
.leaflet-tooltip.cm-label {{ background: transparent; border: none; box-shadow: none; padding: 0; }}
.leaflet-tooltip.cm-label::before {{ display: none; }}
.cm-asset {{ font: 13px 'DejaVu Sans', Arial, sans-serif; color: #000; text-shadow: 0 0 3px #fff; }}
</style>
"""


def build_base_map(lang: str, tiles: str, view: tuple[float, float, int]) -> folium.Map:
    """The part of the map that never changes within a session (so its iframe is never reloaded)."""
    lat, lon, zoom = view
    fmap = offline_map(location=(lat, lon), zoom_start=zoom, min_zoom=4, max_zoom=12, control_scale=True, prefer_canvas=False)
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index).add_to(fmap)
    fmap.get_root().header.add_child(Element(MAP_CSS), name="cm_css")
    fmap.add_child(_Script(f"document.body.insertAdjacentHTML('beforeend', {json.dumps(pattern_defs())});"))
    if tiles in TILE_LAYERS:
        folium.TileLayer(TILE_LAYERS[tiles][0], name=TILE_LAYERS[tiles][0]).add_to(fmap)
    else:
        folium.GeoJson(
            _neighbours_data(),
            name="Neighbouring countries",
            style_function=lambda _f: {"fillColor": NEIGHBOUR_FILL, "color": NEIGHBOUR_BORDER, "weight": 1, "fillOpacity": 1},
            pane="context",
            interactive=False,
        ).add_to(fmap)
    folium.GeoJson(
        _regions_outline_data(),
        name="Region borders",
        style_function=lambda _f: dict(REGION_BORDER_STYLE),
        pane="borders",
        interactive=False,
    ).add_to(fmap)
    return fmap


@st.cache_resource(max_entries=1)
def _neighbours_data() -> dict[str, Any]:
    return context_collection(load_neighbours(), simplify_deg=0.01)


def _regions_outline_data() -> dict[str, Any]:
    return region_borders_collection()


@st.cache_resource(max_entries=64)
def _parts_data(scenario_key: str, snapshot_key: str, lang: str, _scenario: Scenario, _snapshot: ControlSnapshot) -> dict[str, Any]:
    # Keyed on plain strings: the scenario's id and options, the snapshot's own key, the language.
    return part_collection(_scenario, _snapshot, lang)


def _fill_style(feature: dict[str, Any]) -> dict[str, Any]:
    status = feature["properties"]["status"]
    has_pattern = STATUS_STYLES[Status(status)].pattern != "none"
    return {
        "fillColor": f"url(#{pattern_id(status)})" if has_pattern else feature["properties"]["fill"],
        "fillOpacity": 0.9,
        "color": "#ffffff",
        "weight": 0.3,
    }


def legend_html(statuses: list[Status], lang: str, show_claims: bool, show_line: bool, title: str = "") -> str:
    """The legend: one row per status on the map, each with its pattern, plus claims and line when drawn."""
    rows = [f'<div class="head">{escape_html(title)}</div>'] if title else []
    for status in statuses:
        style = STATUS_STYLES[status]
        fill = f"url(#{pattern_id(status.value)})" if style.pattern != "none" else style.fill
        swatch = f'<svg width="26" height="16"><rect x="0.5" y="0.5" width="25" height="15" fill="{fill}" stroke="#555"/></svg>'
        rows.append(f'<div class="row" data-status="{status.value}">{swatch}{escape_html(status_label(status, lang))}</div>')
    if show_claims:
        swatch = (
            f'<svg width="26" height="16"><rect x="1.5" y="1.5" width="23" height="13" fill="url(#{pattern_id("claim")})" '
            f'stroke="{CLAIM_OUTLINE["color"]}" stroke-width="2" stroke-dasharray="4 3"/></svg>'
        )
        rows.append(f'<div class="row" data-status="claim">{swatch}{escape_html(CLAIM_LABEL[lang])}</div>')
    if show_line:
        swatch = f'<svg width="26" height="16"><line x1="1" y1="8" x2="25" y2="8" stroke="#000" stroke-width="3"/></svg>'
        rows.append(f'<div class="row" data-status="line">{swatch}{escape_html(LINE_OF_CONTACT_LABEL[lang])}</div>')
    return "".join(rows)


def statuses_on_map(scenario: Scenario, snapshot: ControlSnapshot, parts: dict[str, Any]) -> list[Status]:
    """Statuses of the parts actually drawn, in legend order."""
    present = {f["properties"]["status"] for f in parts["features"]}
    return [s for s in Status if s.value in present]


def title_box_html(scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> str:
    """Title, scenario, date and sources for presentation view and screenshots."""
    title = scenario.title_uk if lang == "uk" and scenario.title_uk else scenario.title
    reported = f" ({t('as_reported', lang)})" if scenario.as_reported else ""
    date = f"{scenario.date} · " if scenario.date else ""
    sources = "; ".join([*scenario.sources[:2], *snapshot.sources[:2], "Natural Earth v4.1.0 (public domain)"])
    return (
        f'<div class="title">{escape_html(t("title", lang))}</div>'
        f'<div class="sub">{escape_html(title + reported)}</div>'
        f'<div class="sub">{escape_html(date)}{escape_html(t("control", lang))} {escape_html(snapshot.as_of)}</div>'
        f'<div class="src">{escape_html(t("disclaimer", lang))}<br>{escape_html(t("source_line", lang))}: {escape_html(sources)}</div>'
    )


def dynamic_groups(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, scenario_key: str) -> list[folium.FeatureGroup]:
    """The layers a toggle changes, as feature groups swapped in place by streamlit-folium."""
    lang = state.lang
    parts = _parts_data(scenario_key, snapshot.key, lang, scenario, snapshot)
    groups: list[folium.FeatureGroup] = []

    fills = folium.FeatureGroup(name="Statuses")
    folium.GeoJson(
        parts,
        style_function=_fill_style,
        highlight_function=lambda _f: {"weight": 2, "color": "#000000"},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False, sticky=True),
        pane="fills",
    ).add_to(fills)
    legend = legend_html(statuses_on_map(scenario, snapshot, parts), lang, "claims" in state.layers, "line" in state.layers)
    fills.add_child(_ControlInGroup(legend, "bottomright", "cm-legend"))
    if state.present:
        fills.add_child(_ControlInGroup(title_box_html(scenario, snapshot, lang), "topleft", "cm-titlebox"))
    groups.append(fills)

    if "claims" in state.layers:
        claims = folium.FeatureGroup(name="Claims")
        folium.GeoJson(
            claims_not_held_collection(snapshot),
            style_function=lambda _f: {**CLAIM_OUTLINE, "fillColor": f"url(#{pattern_id('claim')})", "fillOpacity": 1},
            pane="claims",
            interactive=False,
        ).add_to(claims)
        groups.append(claims)
    if "line" in state.layers:
        line = folium.FeatureGroup(name="Line of contact")
        folium.GeoJson(
            line_of_contact_collection(snapshot), style_function=lambda _f: dict(LINE_OF_CONTACT_STYLE), pane="line", interactive=False
        ).add_to(line)
        groups.append(line)
    if "labels" in state.layers:
        groups.append(_region_labels(lang))
    if "settlements" in state.layers:
        groups.append(_settlements(lang))
    if "assets" in state.layers:
        groups.append(_assets(lang))
    return groups


def _region_labels(lang: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Region names")
    regions = load_regions()
    column = "name_uk" if lang == "uk" else "name_en"
    for region_id, row in regions.iterrows():
        if region_id == "UA-30":
            continue  # the city's label would sit on Kyiv Oblast's; the settlement layer names Kyiv
        point = row.geometry.representative_point()
        name = row[column].replace(" Oblast", "").replace(" область", "")
        name = name.replace("Autonomous Republic of ", "").replace("Автономна Республіка ", "")
        folium.Marker(
            (point.y, point.x),
            icon=folium.DivIcon(html=f'<div class="cm-label">{escape_html(name)}</div>', icon_size=(120, 16), icon_anchor=(60, 8)),
            interactive=False,
        ).add_to(group)
    return group


@st.cache_resource(max_entries=2)
def _settlements_data(lang: str) -> dict[str, Any]:
    return settlement_collection(lang)


_PERMANENT_LABEL = folium.JsCode(
    """function(feature, layer) {
        // Label text is escaped on the server (geodata.layers.settlement_collection).
        layer.bindTooltip(feature.properties.label,
            {permanent: true, direction: 'right', offset: [3, 0], className: 'cm-label city', interactive: false});
    }"""
)


def _settlements(lang: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Settlements")
    data = _settlements_data(lang)
    folium.GeoJson(
        data,
        marker=folium.CircleMarker(radius=3, color="#000000", weight=1, fill=True, fill_color="#ffffff", fill_opacity=1),
        style_function=lambda f: {"radius": 4 if f["properties"]["major"] else 2.5},
        tooltip=folium.GeoJsonTooltip(fields=["tooltip"], labels=False),
    ).add_to(group)
    labelled = {"type": "FeatureCollection", "features": [f for f in data["features"] if f["properties"]["label"]]}
    folium.GeoJson(
        labelled,
        marker=folium.CircleMarker(radius=0, opacity=0, fill=False, interactive=False),
        on_each_feature=_PERMANENT_LABEL,
        interactive=False,
    ).add_to(group)
    return group


ASSET_SYMBOLS = {"nuclear_plant": "☢", "dam": "▬", "canal": "≈", "bridge": "═", "port": "⚓", "lithium_deposit": "◆"}


def _assets(lang: str) -> folium.FeatureGroup:
    group = folium.FeatureGroup(name="Key assets")
    for _id, row in load_assets().iterrows():
        name = row["name_uk"] if lang == "uk" and row["name_uk"] else row["name_en"]
        tooltip = f"<b>{escape_html(name)}</b><br>{escape_html(row['note'])}<br><small>{escape_html(row['source'])}</small>"
        folium.Marker(
            (row.geometry.y, row.geometry.x),
            icon=folium.DivIcon(
                html=f'<div class="cm-asset">{escape_html(ASSET_SYMBOLS.get(row["kind"], "●"))}</div>', icon_size=(16, 16), icon_anchor=(8, 8)
            ),
            tooltip=folium.Tooltip(tooltip),
        ).add_to(group)
    return group


def render_map(
    state: ViewState, scenario: Scenario, snapshot: ControlSnapshot, scenario_key: str, height: int = 640, key: str = "map"
) -> dict[str, Any] | None:
    """Draw the map; return what the map reports back (its view) when the view is kept in the link."""
    base = build_base_map(state.lang, state.tiles, st.session_state.get("initial_view", state.view))
    groups = dynamic_groups(state, scenario, snapshot, scenario_key)
    return st_folium(
        base,
        key=key,
        height=height,
        use_container_width=True,
        feature_group_to_add=groups,
        returned_objects=["center", "zoom"] if state.sync_view else [],
    )
