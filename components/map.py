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
from components.offline import STATIC_DIR, STATIC_URL, offline_map
from components.state import DEFAULT_VIEW, ViewState
from geodata.control import ControlSnapshot
from geodata.dating import control_age_line
from geodata.layers import has_claims_not_held, snapshot_layer_data, statuses_drawn
from geodata.safe_text import escape_html
from geodata.scenarios import PARTS, Scenario, Status
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

#: Words of the region tooltips, built in the browser from these and the fetched figures.
PART_LABELS = {
    "russian_held": {"en": "Part held by Russia on {date}", "uk": "Частина під контролем Росії на {date}"},
    "ukrainian_held": {"en": "Part held by Ukraine on {date}", "uk": "Частина під контролем України на {date}"},
}
TOOLTIP_TEXT = {
    "en": {"area": "Area", "of_region": "of the region", "population": "Pre-war population (est.)",
           "control": "Share of the region held by Russia", "claimed": "Annexation claimed by Russia on {date} (not recognised)",
           "sources": "Sources"},
    "uk": {"area": "Площа", "of_region": "області", "population": "Довоєнне населення (оцінка)",
           "control": "Частка під контролем Росії", "claimed": "Анексію заявлено Росією {date} (не визнано)",
           "sources": "Джерела"},
}
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
.cm-zoom-low .cm-label.minor {{ display: none; }}
.leaflet-tooltip.cm-label::before {{ display: none; }}
.cm-asset {{ font: 13px 'DejaVu Sans', Arial, sans-serif; color: #000; text-shadow: 0 0 3px #fff; }}
</style>
"""


#: Ukraine's bounds (south-west, north-east): a map opened without a view in its link fits them.
UKRAINE_BOUNDS = [[44.3, 22.1], [52.4, 40.3]]


def build_base_map(lang: str, tiles: str, view: tuple[float, float, float], fit: bool = True, present: bool = False) -> folium.Map:
    """The part of the map that never changes within a session (so its iframe is never reloaded).

    ``fit``: fit Ukraine to whatever size the map has (a phone, a laptop, a 1920-pixel slide), with
    quarter zoom steps; a view given in the link is kept as it is instead. ``present``: leave room on
    the left for the title box and the legend.
    """
    lat, lon, zoom = view
    fmap = offline_map(
        location=(lat, lon), zoom_start=zoom, min_zoom=4, max_zoom=12, control_scale=True, prefer_canvas=False,
        zoom_snap=0.25, zoom_delta=1,
    )
    map_name = fmap.get_name()
    padding = {"paddingTopLeft": [340 if present else 8, 8], "paddingBottomRight": [8, 8]}
    fit_code = f"{map_name}.fitBounds({json.dumps(UKRAINE_BOUNDS)}, {json.dumps(padding)});" if fit else ""
    # Front-line town labels crowd the national view: shown from zoom 7 on.
    fmap.add_child(_Script(
        f"""{fit_code}
(function(map) {{
  function labels() {{ map.getContainer().classList.toggle('cm-zoom-low', map.getZoom() < 7); }}
  map.on('zoomend', labels); labels();
}})({map_name});"""
    ))
    for name, z_index in PANES.items():
        folium.map.CustomPane(name, z_index=z_index).add_to(fmap)
    fmap.get_root().header.add_child(Element(MAP_CSS), name="cm_css")
    fmap.add_child(_Script(f"document.body.insertAdjacentHTML('beforeend', {json.dumps(pattern_defs())});"))
    if tiles in TILE_LAYERS:
        folium.TileLayer(TILE_LAYERS[tiles][0], name=TILE_LAYERS[tiles][0]).add_to(fmap)
    context = {
        "url": f"{STATIC_URL}/data/context.json",
        "neighbours": tiles not in TILE_LAYERS,
        "neighbour_style": {"fillColor": NEIGHBOUR_FILL, "color": NEIGHBOUR_BORDER, "weight": 1, "fillOpacity": 1},
        "border_style": dict(REGION_BORDER_STYLE),
    }
    # The context (neighbouring countries, region borders) never changes: fetched once from the app's host.
    fmap.add_child(_Script(
        f"""(function() {{
  var ctx = {json.dumps(context)};
  var map = {fmap.get_name()};
  fetch(ctx.url).then(function(r) {{ return r.json(); }}).then(function(d) {{
    if (ctx.neighbours) {{
      L.geoJson(d.neighbours, {{pane: 'context', interactive: false, style: function() {{ return ctx.neighbour_style; }}}}).addTo(map);
    }}
    L.geoJson(d.borders, {{pane: 'borders', interactive: false, style: function() {{ return ctx.border_style; }}}}).addTo(map);
  }});
}})();"""
    ))
    return fmap


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
        swatch = '<svg width="26" height="16"><line x1="1" y1="8" x2="25" y2="8" stroke="#000" stroke-width="3"/></svg>'
        rows.append(f'<div class="row" data-status="line">{swatch}{escape_html(LINE_OF_CONTACT_LABEL[lang])}</div>')
    return "".join(rows)


def title_box_html(scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> str:
    """Title, scenario, date and sources for presentation view and screenshots."""
    title = scenario.title_uk if lang == "uk" and scenario.title_uk else scenario.title
    reported = f" ({t('as_reported', lang)})" if scenario.as_reported else ""
    date = f"{scenario.date} · " if scenario.date else ""
    sources = "; ".join([*scenario.sources[:2], *snapshot.sources[:2], "Natural Earth v4.1.0 (public domain)"])
    return (
        f'<div class="title">{escape_html(t("title", lang))}</div>'
        f'<div class="sub">{escape_html(title + reported)}</div>'
        f'<div class="sub">{escape_html(date)}{escape_html(control_age_line(snapshot.as_of, lang))}</div>'
        f'<div class="src">{escape_html(t("disclaimer", lang))}<br>{escape_html(t("source_line", lang))}: {escape_html(sources)}</div>'
    )


class _MapLayers(MacroElement):
    """Draws the status fills, claims, line, labels and places from data the browser already has.

    Shipped snapshots and places are fetched once from the app's own host
    (``static/data/``) and kept in the iframe; a toggle sends only ``cfg``,
    the status of each part and the words and styles to draw them with, and
    the shapes already on the map are restyled in place. Every text in
    ``cfg`` and in the fetched data is escaped on the server.
    """

    _template = Template(
        """{% macro script(this, kwargs) %}
(function() {
  var group = {{ this._parent.get_name() }};
  var cfg = {{ this.config|tojson }};
  // Layers live on the map itself, across toggles: a toggle restyles the shapes already drawn
  // instead of drawing them again. window.cm holds them and the data fetched for them.
  var cm = window.cm = window.cm || {data: {}, seq: 0};
  function load(url, inline, done) {
    if (inline) { done(inline); return; }
    if (cm.data[url]) { done(cm.data[url]); return; }
    fetch(url).then(function(r) { return r.json(); }).then(function(d) { cm.data[url] = d; done(d); });
  }
  function num(n) { return n === null || n === undefined ? 'n/a' : Number(n).toLocaleString(cm.cfg.locale); }
  function pct(x) { return x > 0 && x < 0.001 ? '<0.1%' : (100 * x).toFixed(1) + '%'; }
  function styleOf(f) { return cm.cfg.styles[cm.cfg.statuses[f.id]]; }
  function partTooltip(p) {
    var c = cm.cfg, status = c.statuses[p.region_id + '/' + p.part];
    var lines = [
      '<b>' + p['name_' + c.lang] + '</b> · ' + p['name_' + c.other],
      c.text.part[p.part],
      '<b>' + c.labels[status] + '</b>',
      c.text.area + ': ' + num(Math.round(p.area_km2)) + ' km² (' + pct(p.share) + ' ' + c.text.of_region + ')',
      c.text.population + ': ' + num(p.population),
      c.text.control + ': ' + pct(p.controlled_share)
    ];
    if (p.claimed) { lines.push(c.text.claimed.replace('{date}', p.claimed)); }
    lines.push('<small>' + c.text.sources + ': ' + c.sources + '</small>');
    return lines.join('<br>');
  }
  function drop(name) { if (cm[name]) { cm[name].layer.remove(); cm[name] = null; } }
  function syncSnapshot(map, data, key) {
    if (cm.fills && cm.fills.key === key) {
      cm.fills.layer.eachLayer(function(l) { l.setStyle(styleOf(l.feature)); l.setTooltipContent(partTooltip(l.feature.properties)); });
    } else {
      drop('fills'); drop('claims'); drop('line');
      var fills = L.geoJson(data.parts, {
        pane: 'fills', style: styleOf,
        onEachFeature: function(f, layer) {
          layer.bindTooltip(partTooltip(f.properties), {sticky: true});
          layer.on('mouseover', function() { layer.setStyle({weight: 2, color: '#000000'}); });
          layer.on('mouseout', function() { layer.setStyle(styleOf(f)); });
        }
      }).addTo(map);
      cm.fills = {key: key, layer: fills};
    }
    if (!cm.cfg.layers.claims) { drop('claims'); }
    else if (!cm.claims || cm.claims.key !== key) {
      drop('claims');
      cm.claims = {key: key, layer: L.geoJson(data.parts, {
        pane: 'claims', interactive: false,
        filter: function(f) { return f.properties.part === 'ukrainian_held' && f.properties.claimed; },
        style: function() { return cm.cfg.claim_style; }
      }).addTo(map)};
    }
    if (!cm.cfg.layers.line) { drop('line'); }
    else if (!cm.line || cm.line.key !== key) {
      drop('line');
      cm.line = {key: key, layer: L.geoJson(data.line, {pane: 'line', interactive: false, style: function() { return cm.cfg.line_style; }}).addTo(map)};
    }
  }
  function syncPlaces(map, places, key) {
    if (cm.places && cm.places.key === key) { return; }
    drop('places');
    var c = cm.cfg, layer = L.layerGroup();
    if (c.layers.labels) {
      places.labels.forEach(function(p) {
        L.marker([p.lat, p.lon], {interactive: false, icon: L.divIcon({className: '', iconSize: [120, 16], iconAnchor: [60, 8],
          html: '<div class="cm-label">' + p[c.lang] + '</div>'})}).addTo(layer);
      });
    }
    if (c.layers.settlements) {
      places.settlements.forEach(function(p) {
        L.circleMarker([p.lat, p.lon], {radius: p.major ? 4 : 2.5, color: '#000000', weight: 1, fillColor: '#ffffff', fillOpacity: 1})
          .bindTooltip('<b>' + p[c.lang] + '</b> · ' + p[c.other] + '<br>' + num(p.population) + ' (' + p.source + ')')
          .addTo(layer);
        if (p.labelled) {
          L.marker([p.lat, p.lon], {interactive: false, icon: L.divIcon({className: '', iconSize: [110, 14], iconAnchor: [-5, 7],
            html: '<div class="cm-label city' + (p.major ? '' : ' minor') + '">' + p[c.lang] + '</div>'})}).addTo(layer);
        }
      });
    }
    if (c.layers.assets) {
      places.assets.forEach(function(p) {
        L.marker([p.lat, p.lon], {icon: L.divIcon({className: '', iconSize: [16, 16], iconAnchor: [8, 8],
          html: '<div class="cm-asset">' + (c.asset_symbols[p.kind] || '●') + '</div>'})})
          .bindTooltip('<b>' + p[c.lang] + '</b><br>' + p.note + '<br><small>' + p.source + '</small>')
          .addTo(layer);
      });
    }
    cm.places = {key: key, layer: layer.addTo(map)};
  }
  group.on('add', function() {
    var map = group._map, seq = ++cm.seq;
    cm.cfg = cfg;
    var snapshotKey = cfg.snapshot_url || ('inline:' + cfg.snapshot_key);
    load(cfg.snapshot_url, cfg.snapshot_inline, function(data) { if (seq === cm.seq) { syncSnapshot(map, data, snapshotKey); } });
    var placesKey = [cfg.lang, cfg.layers.labels, cfg.layers.settlements, cfg.layers.assets].join('|');
    load(cfg.places_url, null, function(places) { if (seq === cm.seq) { syncPlaces(map, places, placesKey); } });
  });
})();
{% endmacro %}"""
    )

    def __init__(self, config: dict[str, Any]) -> None:
        super().__init__()
        self._name = "MapLayers"
        self.config = config


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
    """What a toggle sends to the browser: each part's status and the words and styles to draw it with."""
    lang = state.lang
    text = TOOLTIP_TEXT.get(lang, TOOLTIP_TEXT["en"])
    url = snapshot_url(snapshot)
    sources = "; ".join(list(snapshot.sources)[:2] + list(scenario.sources)[:2])
    return {
        "lang": lang,
        "other": "en" if lang == "uk" else "uk",
        "locale": "uk-UA" if lang == "uk" else "en-US",
        "statuses": {f"{r}/{part}": scenario.status(r, part).value for r in scenario.regions for part in PARTS},
        "labels": {s.value: escape_html(status_label(s, lang)) for s in Status},
        "styles": {s.value: _fill_style(s) for s in Status},
        "claim_style": {**CLAIM_OUTLINE, "fillColor": f"url(#{pattern_id('claim')})", "fillOpacity": 1},
        "line_style": dict(LINE_OF_CONTACT_STYLE),
        "layers": {layer: layer in state.layers for layer in ("line", "claims", "labels", "settlements", "assets")},
        "text": {
            **{k: escape_html(v) for k, v in text.items()},
            "part": {p: escape_html(PART_LABELS[p][lang].format(date=snapshot.as_of)) for p in PARTS},
        },
        "sources": escape_html(sources),
        "asset_symbols": ASSET_SYMBOLS,
        "snapshot_url": url,
        "snapshot_key": snapshot.key if url is None else None,
        "snapshot_inline": None if url else _inline_snapshot_data(snapshot.key, snapshot),
        "places_url": f"{STATIC_URL}/data/places.json",
    }


def dynamic_groups(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot) -> list[folium.FeatureGroup]:
    """The layers a toggle changes: one small feature group swapped in place by streamlit-folium."""
    lang = state.lang
    group = folium.FeatureGroup(name="Statuses")
    group.add_child(_MapLayers(layer_config(state, scenario, snapshot)))
    show_claims = "claims" in state.layers and has_claims_not_held(snapshot)
    legend = legend_html(statuses_drawn(scenario, snapshot), lang, show_claims, "line" in state.layers)
    group.add_child(_ControlInGroup(legend, "bottomleft", "cm-legend"))
    if state.present:
        group.add_child(_ControlInGroup(title_box_html(scenario, snapshot, lang), "topleft", "cm-titlebox"))
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
