"""The map's configuration as plain data: what ``static/map/claims-map.js`` is given, by the dashboard and the pack alike.

The dashboard (:mod:`components.map`) and the briefing pack (:mod:`geodata.pack`) draw the same map
with the same script; everything they hand it that does not depend on Streamlit lives here: panes,
Ukraine's bounds, the first view's rule, patterns and fill styles, asset symbols, the map's words,
the legend and the title box. Plain data and plain text only (the script shows texts with
``textContent``).
"""

from __future__ import annotations

from typing import Any, Sequence

from geodata.control import ControlSnapshot
from geodata.dating import control_age_line
from geodata.scenarios import Scenario
from geodata.style import (
    CLAIM_OUTLINE,
    LINE_OF_CONTACT_STYLE,
    NEIGHBOUR_BORDER,
    NEIGHBOUR_FILL,
    REGION_BORDER_STYLE,
    SEA_COLOR,
    STATUS_STYLES,
)
from geodata.vocabulary import PARTS, Status
from geodata.wording import BROWSER_LOCALES, PERCENT_SIGNS, public_text, scenario_title, status_label, word

#: Map panes and their z-index (context below the fills, borders and the line above them).
PANES: dict[str, int] = {"context": 350, "fills": 410, "claims": 420, "borders": 430, "line": 440}
#: Ukraine's bounds (south-west, north-east): the first view fits them.
UKRAINE_BOUNDS: list[list[float]] = [[44.3, 22.1], [52.4, 40.3]]
#: Pixels kept free around Ukraine in the first view (besides the room the legend and title box take).
FIT_MARGIN = 8
#: Zoom steps the map snaps to (the first view is the largest quarter step that fits).
ZOOM_SNAP = 0.25
#: Front-line town labels crowd the national view of the dashboard: shown from this zoom on there
#: (presentation view and the figures show every labelled place that fits).
MINOR_LABEL_ZOOM = 7
#: The symbol each kind of key asset is drawn with; the legend lists each one drawn.
ASSET_SYMBOLS: dict[str, str] = {
    "nuclear_plant": "☢", "dam": "▬", "canal": "≈", "bridge": "═", "port": "⚓", "lithium_deposit": "◆", "coal_mine": "⛏",
}
#: Regions whose name is not drawn as a region label: Kyiv city is named by its settlement label (one
#: "Kyiv" per zoom); Sevastopol likewise when settlements are shown (the figures' rule).
CITY_REGIONS_NAMED_BY_SETTLEMENT = {"UA-30": "always", "UA-40": "settlements"}

#: Regions whose label is worded apart from ``places.json``'s short name (Kyiv Oblast, beside the capital).
RENAMED_REGION_LABELS = ("UA-32",)
#: The words the map's script uses (its keys), from the catalogue.
MAP_WORDS: dict[str, str] = {
    "area": "map_area", "of_region": "map_of_region", "population": "map_population", "control": "map_control",
    "claimed": "map_claimed", "sources": "sources", "km2": "unit_km2", "km": "unit_km", "m": "unit_m", "n_a": "n_a",
    "load_failed": "map_load_failed", "what_context": "map_what_context", "what_snapshot": "map_what_snapshot",
    "what_places": "map_what_places", "reason_status": "map_reason_status", "reason_network": "map_reason_network",
    "reason_format": "map_reason_format", "tiles_failed": "map_tiles_failed", "settlement": "legend_settlement",
    "key_asset": "legend_key_asset",
}


def pattern_id(name: str) -> str:
    """The id of a status's SVG pattern, referenced by ``fill="url(#cm-p-<status>)"``."""
    return f"cm-p-{name}"


def pattern_specs() -> dict[str, list[str]]:
    """Every status pattern as data, ``{name: [fill, marks, ink]}``: the map's script draws them."""
    specs = {s.value: [style.fill, style.pattern, style.pattern_color] for s, style in STATUS_STYLES.items()}
    specs["claim"] = ["none", "claim", "#222222"]
    return specs


def fill_style(status: Status) -> dict[str, Any]:
    """Leaflet's path style for a region part with ``status``: its pattern where it has marks, else its colour."""
    has_pattern = STATUS_STYLES[status].pattern != "none"
    return {
        "fillColor": f"url(#{pattern_id(status.value)})" if has_pattern else STATUS_STYLES[status].fill,
        "fillOpacity": 0.9,
        "color": "#ffffff",
        "weight": 0.3,
    }


def claim_style() -> dict[str, Any]:
    """The style of land claimed as annexed but not held: the claim's hatching and dashed outline."""
    return {**CLAIM_OUTLINE, "fillColor": f"url(#{pattern_id('claim')})", "fillOpacity": 1}


def base_config(neighbours: bool = True, present: bool = False) -> dict[str, Any]:
    """What the base map draws once: panes, patterns, background, context styles and the first view's rule.

    Parameters
    ----------
    neighbours : bool
        Draw the neighbouring countries from the map's own data (off under a tile basemap, which
        draws them; turned on by the script if the tiles fail to load).
    present : bool
        Presentation view: every labelled place is named at any zoom, as on the figures.

    Returns
    -------
    dict
        ``fit`` (fit :data:`UKRAINE_BOUNDS` with :data:`FIT_MARGIN` pixels and the room the legend and
        title box take, on :data:`ZOOM_SNAP` steps; redone when the map's size changes, until the
        user moves the map), styles and words-free data only.
    """
    return {
        "sea": SEA_COLOR,
        "panes": dict(PANES),
        "patterns": pattern_specs(),
        "fit": True,
        "bounds": UKRAINE_BOUNDS,
        "margin": FIT_MARGIN,
        "label_zoom": 0 if present else MINOR_LABEL_ZOOM,
        "present": present,
        "neighbours": neighbours,
        "neighbour_style": {"fillColor": NEIGHBOUR_FILL, "color": NEIGHBOUR_BORDER, "weight": 1, "fillOpacity": 1},
        "border_style": dict(REGION_BORDER_STYLE),
    }


def map_words(lang: str, as_of: str) -> dict[str, Any]:
    """Every word the map's script shows, in ``lang``: tooltips, parts, legend, scale, load failures."""
    return {
        **{name: word(key, lang) for name, key in MAP_WORDS.items()},
        "part": {p: word(f"map_part_{p}", lang, date=as_of) for p in PARTS},
        "assets": {kind: word(f"asset_{kind}", lang) for kind in ASSET_SYMBOLS},
        # The browser formats with Intl for the same locale, and writes the percent sign as Babel does here.
        "percent_sign": PERCENT_SIGNS[lang],
        "less_than": word("less_than", lang),
    }


def legend_config(
    statuses: Sequence[Status], lang: str, show_claims: bool, show_line: bool, title: str = "", scenario: Scenario | None = None
) -> dict[str, Any]:
    """The legend as data: one row ``[key, label]`` per status on the map, plus claims and line when drawn.

    The script draws each row's swatch and adds rows for settlements and for each asset symbol drawn
    when those layers are on (their words are in :func:`map_words`). ``notes``: how the scenario
    qualifies a status in its own words (``{status: note}``), drawn as a smaller line under that row.
    """
    rows = [[status.value, status_label(status, lang)] for status in statuses]
    if show_claims:
        rows.append(["claim", word("claim_label", lang)])
    if show_line:
        rows.append(["line", word("line_label", lang)])
    notes = {}
    if scenario is not None:
        notes = {s.value: note for s in statuses if (note := scenario.status_note(s, lang))}
    return {"title": title, "rows": rows, "notes": notes}


def hidden_region_labels(settlements_shown: bool) -> list[str]:
    """Regions whose name the map does not draw as a region label (see :data:`CITY_REGIONS_NAMED_BY_SETTLEMENT`)."""
    return [r for r, when in CITY_REGIONS_NAMED_BY_SETTLEMENT.items() if when == "always" or settlements_shown]


def short_source(source: str, limit: int = 80) -> str:
    """Who reported a source, in at most about ``limit`` characters (what a slide names; the figures' rule).

    Snapshot sources carry the reported figures after a colon, and where they were compiled after a comma.
    """
    head = source.split(":", 1)[0].strip()
    if len(head) <= limit:
        return head
    clause = head[:limit].rsplit(", ", 1)[0]
    short = clause if clause != head[:limit] else head[:limit].rsplit(" ", 1)[0] + "…"
    return short + ")" * max(0, short.count("(") - short.count(")"))


def sources_line(scenario: Scenario, snapshot: ControlSnapshot, lang: str, limit: int = 2) -> str:
    """The sources a screenshot carries, in plain words and short: the scenario's, the control date's, the boundaries'."""
    items = [*scenario.sources[:limit], *(public_text(s) for s in snapshot.sources[:limit])]
    return "; ".join([*dict.fromkeys(short_source(s) for s in items), word("boundaries_source", lang)])


def title_box_config(
    scenario: Scenario, snapshot: ControlSnapshot, lang: str, title: str = "", letter: str = "", today: Any = None
) -> dict[str, Any]:
    """Title, scenario, control date with its age, disclaimer and sources, as plain text, for presentation view.

    ``letter``: ``A`` or ``B`` (in ``lang``) for one side of a comparison: the scenario line then
    starts with it, and the control line names the date that side is drawn with.
    """
    date = f"{scenario.date} · " if scenario.date else ""
    name = scenario_title(scenario, lang)
    return {
        "title": title or word("title", lang),
        "heading": word("map_heading", lang).format(letter=letter, scenario=name) if letter else "",
        "lines": ([] if letter else [name]) + [date + control_age_line(snapshot.as_of, lang, today)],
        "disclaimer": word("disclaimer", lang),
        "sources": f"{word('source_line', lang)}: {sources_line(scenario, snapshot, lang)}",
    }


def layer_config(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    lang: str,
    layers: Sequence[str],
    statuses_drawn: Sequence[Status],
    show_claims: bool,
) -> dict[str, Any]:
    """What the map draws for one scenario on one control date, as data (no data address, no title box).

    Parameters
    ----------
    scenario, snapshot : Scenario, ControlSnapshot
        What is shown.
    lang : str
        ``en`` or ``uk``.
    layers : sequence of str
        The layers switched on (``line``, ``claims``, ``labels``, ``settlements``, ``assets``).
    statuses_drawn : sequence of Status
        The statuses on the map, in legend order (:func:`geodata.layers.statuses_drawn`).
    show_claims : bool
        Whether land claimed but not held is hatched (the layer is on and there is such land).

    Returns
    -------
    dict
        Each part's status, the words and styles to draw it with, the legend, the region labels left
        out; the caller adds where the shapes come from and, in presentation view, the title box.
    """
    return {
        "lang": lang,
        "other": "en" if lang == "uk" else "uk",
        "locale": BROWSER_LOCALES[lang],
        "statuses": {f"{r}/{part}": scenario.status(r, part).value for r in scenario.regions for part in PARTS},
        "labels": {s.value: status_label(s, lang) for s in Status},
        "styles": {s.value: fill_style(s) for s in Status},
        "claim_style": claim_style(),
        "line_style": dict(LINE_OF_CONTACT_STYLE),
        "layers": {layer: layer in layers for layer in ("line", "claims", "labels", "settlements", "assets")},
        "text": map_words(lang, snapshot.as_of),
        # How the scenario qualifies a part's status, in its own words, for the tooltips.
        "part_notes": {
            f"{r}/{part}": note for r in scenario.regions for part in PARTS if (note := scenario.part_note(r, part, lang))
        },
        "sources": "; ".join([*(public_text(s) for s in list(snapshot.sources)[:2]), *list(scenario.sources)[:2]]),
        "asset_symbols": dict(ASSET_SYMBOLS),
        "hide_region_labels": hidden_region_labels("settlements" in layers),
        # Kyiv Oblast's label says "Oblast", so the capital's is the one "Kyiv" on the map.
        "region_label_names": {region: word(f"region_label_{region}", lang) for region in RENAMED_REGION_LABELS},
        "legend": legend_config(statuses_drawn, lang, show_claims, "line" in layers, scenario=scenario),
    }
