"""The map's configuration as plain data: what ``static/map/claims-map.js`` is given, by the dashboard and the pack alike.

The dashboard (:mod:`components.map`) and the briefing pack (:mod:`geodata.pack`) draw the same map
with the same script; everything they hand it that does not depend on Streamlit lives here: panes,
Ukraine's bounds, the first view's rule, patterns and fill styles (from :mod:`geodata.mapstyles`), asset symbols, the map's words,
the legend and the title box. Plain data and plain text only (the script shows texts with
``textContent``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any, TypedDict

from geodata.control import ControlSnapshot
from geodata.dating import control_age_line
from geodata.footer import (
    short_source as short_source,  # re-exported: callers name it from here
    short_sources,
)
from geodata.layers import has_claims_not_held, statuses_drawn
from geodata.mapstyles import claim_style, fill_style, pattern_specs
from geodata.scenarios import Scenario
from geodata.stats import compute_stats
from geodata.style import LINE_OF_CONTACT_STYLE, NEIGHBOUR_BORDER, NEIGHBOUR_FILL, REGION_BORDER_STYLE, SEA_COLOR
from geodata.vocabulary import PARTS, Status
from geodata.wording import (
    BROWSER_LOCALES,
    PERCENT_SIGNS,
    format_area,
    format_percent,
    public_text,
    scenario_title,
    status_label,
    word,
)

if TYPE_CHECKING:
    from geodata.dataset import Dataset

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
    "nuclear_plant": "☢",
    "dam": "▬",
    "canal": "≈",
    "bridge": "═",
    "port": "⚓",
    "lithium_deposit": "◆",
    "coal_mine": "⛏",
}
#: Regions whose name is not drawn as a region label: Kyiv city is named by its settlement label (one
#: "Kyiv" per zoom); Sevastopol likewise when settlements are shown (the figures' rule).
CITY_REGIONS_NAMED_BY_SETTLEMENT = {"UA-30": "always", "UA-40": "settlements"}

#: Regions whose label is worded apart from ``places.json``'s short name (Kyiv Oblast, beside the capital).
RENAMED_REGION_LABELS = ("UA-32",)
#: The catalogue's words the map's script uses, under their catalogue ids (no renames).
MAP_WORD_KEYS: tuple[str, ...] = (
    "map_area",
    "map_of_region",
    "map_population",
    "map_control",
    "map_claimed",
    "sources",
    "unit_km2",
    "unit_km",
    "unit_m",
    "n_a",
    "map_load_failed",
    "map_what_context",
    "map_what_snapshot",
    "map_what_places",
    "map_reason_status",
    "map_reason_network",
    "map_reason_format",
    "map_tiles_failed",
    "legend_settlement",
    "legend_key_asset",
)
#: The scenario the dashboard's first view shows (``components.state.DEFAULT_SCENARIO``; the pack opens on it too).
FIRST_SCENARIO = "status-quo"


class Legend(TypedDict):
    """The legend as data: ``rows`` ``[key, label]`` in order, ``notes`` ``{status: the proposal's own words}``.

    Rows ``claim`` and ``line`` are drawn only while their layer is on (the script decides, from ``layers``).
    """

    title: str
    rows: list[list[str]]
    notes: dict[str, str]


class TitleBox(TypedDict):
    """What makes a screenshot of the map a complete slide: title, scenario, line date and age, disclaimer, sources."""

    title: str
    heading: str
    lines: list[str]
    disclaimer: str
    sources: str


class MapConfig(TypedDict):
    """Everything ``static/map/claims-map.js`` draws one scenario on one line with, in one language.

    Built by :func:`map_config` alone, for the dashboard (one per toggle) and the briefing pack (one per
    scenario × date it holds); the callers add only where the shapes come from (``snapshot_url`` etc.).
    """

    lang: str
    other: str
    locale: str
    statuses: dict[str, str]
    labels: dict[str, str]
    styles: dict[str, dict[str, Any]]
    claim_style: dict[str, Any]
    line_style: dict[str, Any]
    layers: dict[str, bool]
    text: dict[str, Any]
    part_notes: dict[str, str]
    sources: str
    asset_symbols: dict[str, str]
    hide_region_labels: dict[str, str]
    region_label_names: dict[str, str]
    legend: Legend
    titlebox: TitleBox
    summary: str
    #: Gains and losses since a date (geodata.changes.changes_map_config), or None.
    changes: dict[str, Any] | None


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
    """Every word the map's script shows, in ``lang``, under its catalogue id: tooltips, parts, legend, scale, failures.

    Parameters
    ----------
    lang : {"en", "uk"}
        The language.
    as_of : str
        The line's date, put into the parts' names ("held by Russia on 2025-11-20").

    Returns
    -------
    dict
        :data:`MAP_WORD_KEYS` by id, ``part`` (each part's name), ``assets`` (each asset kind's name),
        ``percent_sign`` and ``less_than`` (how the browser writes shares, as :mod:`geodata.wording` does).
    """
    return {
        **{key: word(key, lang) for key in MAP_WORD_KEYS},
        "part": {p: word(f"map_part_{p}", lang, date=as_of) for p in PARTS},
        "assets": {kind: word(f"asset_{kind}", lang) for kind in ASSET_SYMBOLS},
        # The browser formats with Intl for the same locale, and writes the percent sign as Babel does here.
        "percent_sign": PERCENT_SIGNS[lang],
        "less_than": word("less_than", lang),
    }


def legend_config(
    statuses: Sequence[Status], lang: str, claims_not_held: bool, title: str = "", scenario: Scenario | None = None
) -> Legend:
    """The legend as data: one row ``[key, label]`` per status on the map, then the claims' hatch and the line.

    Parameters
    ----------
    statuses : sequence of Status
        The statuses on the map, in legend order (:func:`geodata.layers.statuses_drawn`).
    lang : {"en", "uk"}
        The language.
    claims_not_held : bool
        Whether there is land claimed by Russia but not held on the line's date (its hatch gets a row).
    title : str
        A heading over the rows (none by default).
    scenario : Scenario, optional
        Whose notes qualify a status in its own words (``notes``, drawn as a smaller line under the row).

    Returns
    -------
    Legend
        The rows ``claim`` and ``line`` are drawn while their layer is on; the script adds rows for
        settlements and each asset symbol drawn (their words are in :func:`map_words`).
    """
    rows = [[status.value, status_label(status, lang)] for status in statuses]
    if claims_not_held:
        rows.append(["claim", word("claim_label", lang)])
    rows.append(["line", word("line_label", lang)])
    notes = {}
    if scenario is not None:
        notes = {s.value: note for s in statuses if (note := scenario.status_note(s, lang))}
    return {"title": title, "rows": rows, "notes": notes}


def hidden_region_labels(settlements_shown: bool) -> list[str]:
    """Regions whose name the map does not draw as a region label (see :data:`CITY_REGIONS_NAMED_BY_SETTLEMENT`).

    Parameters
    ----------
    settlements_shown : bool
        Whether the settlements layer is on (its city labels then name the city regions).

    Returns
    -------
    list of str
        Region ids (ISO 3166-2), e.g. ``["UA-30"]`` for Kyiv city.
    """
    return [r for r, when in CITY_REGIONS_NAMED_BY_SETTLEMENT.items() if when == "always" or settlements_shown]


def sources_line(scenario: Scenario, snapshot: ControlSnapshot, lang: str, limit: int = 2) -> str:
    """The sources a screenshot carries, in plain words and short: the scenario's, the control date's, the boundaries'.

    Parameters
    ----------
    scenario : Scenario
        The scenario shown.
    snapshot : ControlSnapshot
        The control date shown.
    lang : {"en", "uk"}
        The language of the boundaries' source.
    limit : int
        How many sources of each are named.

    Returns
    -------
    str
        The sources, shortened by :func:`short_source`, without repeats, joined by "; ".
    """
    items = [*scenario.sources_in(lang)[:limit], *(public_text(s) for s in snapshot.sources[:limit])]
    return "; ".join([*short_sources(items), word("boundaries_source", lang)])


def title_box_config(
    scenario: Scenario, snapshot: ControlSnapshot, lang: str, title: str = "", letter: str = "", today: date | None = None
) -> TitleBox:
    """Title, scenario, control date with its age, disclaimer and a one-line source, as plain text, for every view.

    Parameters
    ----------
    scenario, snapshot : Scenario, ControlSnapshot
        What the map shows.
    lang : {"en", "uk"}
        The language.
    title : str
        The headline; the app's title when empty.
    letter : str
        ``A`` or ``B`` (in ``lang``) for one side of a comparison: the scenario line then starts with it.
    today : datetime.date, optional
        The day the line's age is counted to; the machine's date by default.

    Returns
    -------
    TitleBox
        Plain text (the script shows it with ``textContent``).
    """
    when = f"{scenario.shown_date} · " if scenario.shown_date else ""
    name = scenario_title(scenario, lang)
    return {
        "title": title or word("title", lang),
        "heading": word("map_heading", lang, letter=letter, scenario=name) if letter else "",
        "lines": ([] if letter else [name]) + [when + control_age_line(snapshot.as_of, lang, today)],
        "disclaimer": word("disclaimer", lang),
        "sources": f"{word('source_line', lang)}: {sources_line(scenario, snapshot, lang)}",
    }


def map_summary(scenario: Scenario, snapshot: ControlSnapshot, lang: str, *, dataset: Dataset) -> str:
    """The map's text alternative: the scenario, the line's date and the headline figures, in one sentence.

    Parameters
    ----------
    scenario, snapshot : Scenario, ControlSnapshot
        What the map shows.
    lang : {"en", "uk"}
        The language.
    dataset : Dataset
        Where the regions and control parts come from.

    Returns
    -------
    str
        Plain text; figures from :func:`geodata.stats.compute_stats`, written by :mod:`geodata.wording`.
    """
    stats = compute_stats(scenario, snapshot, dataset=dataset)
    return word(
        "map_summary",
        lang,
        scenario=scenario_title(scenario, lang),
        date=snapshot.as_of,
        area=format_area(stats["russian_held_area_km2"], lang),
        share=format_percent(stats["russian_held_share_of_ukraine"], lang),
        gives_up=format_area(stats["ukraine_gives_up"]["area_km2"], lang),
    )


def map_config(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    lang: str,
    layers: Iterable[str],
    *,
    title: str = "",
    letter: str = "",
    today: date | None = None,
    changes: dict[str, Any] | None = None,
    dataset: Dataset,
) -> MapConfig:
    """What the map draws for one scenario on one line in one language: the one contract of the map's script.

    The dashboard sends it on every toggle and the briefing pack embeds it for every scenario × date it
    holds; both draw it with ``static/map/claims-map.js``. What depends on the layers switched on (the
    claims' and the line's legend rows, which region names a settlement label replaces) is decided by
    the script from ``layers``, so a pack's layer switch needs no second builder.

    Parameters
    ----------
    scenario, snapshot : Scenario, ControlSnapshot
        What is shown.
    lang : {"en", "uk"}
        The language of every text.
    layers : iterable of str
        The layers switched on (``line``, ``claims``, ``labels``, ``settlements``, ``assets``).
    title : str
        The title box's headline; the app's title when empty.
    letter : str
        ``A`` or ``B`` for one side of a comparison in presentation view.
    today : datetime.date, optional
        The day the line's age is counted to; the machine's date by default.
    changes : dict, optional
        Gains and losses since a date (:func:`geodata.changes.changes_map_config`): sent as ``changes`` (None when
        not asked for), drawn over the fills, with their legend rows naming both dates.
    dataset : Dataset
        Where the regions, places and control parts come from.

    Returns
    -------
    MapConfig
        Plain data and plain text; the caller adds only where the shapes come from.
    """
    on = set(layers)
    config: MapConfig = {
        "lang": lang,
        "other": "en" if lang == "uk" else "uk",
        "locale": BROWSER_LOCALES[lang],
        "statuses": {f"{r}/{part}": scenario.status(r, part).value for r in scenario.regions for part in PARTS},
        "labels": {s.value: status_label(s, lang) for s in Status},
        "styles": {s.value: fill_style(s) for s in Status},
        "claim_style": claim_style(),
        "line_style": dict(LINE_OF_CONTACT_STYLE),
        "layers": {layer: layer in on for layer in ("line", "claims", "labels", "settlements", "assets")},
        "text": map_words(lang, snapshot.as_of),
        # How the scenario qualifies a part's status, in its own words, for the tooltips.
        "part_notes": {
            f"{r}/{part}": note for r in scenario.regions for part in PARTS if (note := scenario.part_note(r, part, lang))
        },
        "sources": "; ".join([*(public_text(s) for s in list(snapshot.sources)[:2]), *list(scenario.sources_in(lang))[:2]]),
        "asset_symbols": dict(ASSET_SYMBOLS),
        # Region names a settlement label replaces: "always", or only while settlements are drawn.
        "hide_region_labels": dict(CITY_REGIONS_NAMED_BY_SETTLEMENT),
        # Kyiv Oblast's label says "Oblast", so the capital's is the one "Kyiv" on the map.
        "region_label_names": {region: word(f"region_label_{region}", lang) for region in RENAMED_REGION_LABELS},
        "legend": legend_config(
            statuses_drawn(scenario, snapshot, dataset=dataset),
            lang,
            has_claims_not_held(snapshot, dataset=dataset),
            scenario=scenario,
        ),
        "titlebox": title_box_config(scenario, snapshot, lang, title=title, letter=letter, today=today),
        # What a screen reader says for the map (its frame's name), renewed on every toggle.
        "summary": map_summary(scenario, snapshot, lang, dataset=dataset),
        "changes": changes,
    }
    if changes:
        config["legend"]["rows"] += changes["legend"]
        config["styles"] = {**config["styles"], **changes["swatches"]}
        config["titlebox"]["sources"] += f"; {changes['sources_text']}"
    return config
