"""The briefing pack: the whole map in one self-contained HTML file that opens from disk, by email or on any host.

Every status, share and number in the pack is computed here, in Python, by the
same functions as the dashboard and ``stats`` (:func:`geodata.stats.compute_stats`,
:func:`geodata.layers.statuses_drawn`), for every scenario × control-date pair the
pack holds; the page's script (``geodata/pack_assets/pack.js``) only switches
between them. Leaflet (``static/leaflet/``), the map's own script and styles
(``static/map/``) and the pack's page are read here and inlined, so the file makes
no request to any host.

Data travels as JSON in ``<script type="application/json">`` blocks with ``<``,
``>``, ``&`` and U+2028/U+2029 written as ``\\u`` escapes (no text can close the
block), and the page puts every text in with ``textContent``. Texts here are
plain text; no text is ever written into the page as markup (the document's
title is set by the script too).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.dating import control_age_line
from geodata.errors import PackError
from geodata.layers import context_layer_data, places_layer_data, snapshot_layer_data, statuses_drawn
from geodata.mapconfig import FIRST_SCENARIO, MapConfig, base_config, map_config
from geodata.margin import margin_method_text
from geodata.pack_changes import CHANGES_WORD_KEYS, pack_changes
from geodata.pack_html import json_for_script, render_pack_html
from geodata.pack_trend import TREND_WORD_KEYS, pack_trend_data
from geodata.published import annexed_share_caption, headline_texts, margin_area_text, margin_points_text, region_share_text
from geodata.scenarios import LANGUAGES, Scenario, Status
from geodata.stats import area_method, compute_stats, population_method, snapshot_margin
from geodata.vocabulary import DEFAULT_LAYERS, LAYERS, PARTS
from geodata.wording import (
    format_approximate,
    format_area,
    format_number,
    format_percent,
    public_text,
    scenario_title,
    status_label,
    word,
)

#: The largest pack the README promises (every preset × every shipped date is far below it).
MAX_PACK_BYTES = 8 * 1024 * 1024
#: The longest ``--title`` accepted (the dashboard's figure title allows 120).
MAX_TITLE_CHARS = 200
#: Keys the page reads from the figures of each pair (the rest of ``compute_stats`` is said once per
#: scenario or snapshot, or not used).
PAIR_FIGURE_KEYS = (
    "totals",
    "russian_held_area_km2",
    "russian_held_share_of_ukraine",
    "annexed_2022_controlled_share",
    "annexed_2022_published",
    "margin_km2",
    "margin_share",
    "published_figures",
    "ukraine_gives_up",
    "russia_returns",
)
REGION_FIGURE_KEYS = ("id", "controlled_share", "annexation_claimed", *PARTS)


# --- Words: every word of the pack is the catalogue's (geodata.wording.word), under its own id ----------

#: The catalogue ids the pack's page shows (its chooser, panel headings and table columns).
# fmt: off
PACK_WORD_KEYS: tuple[str, ...] = (
    "title", "disclaimer", "scenario", "control", "layers", "layer_line", "layer_claims", "layer_labels",
    "layer_settlements", "layer_assets", "present", "exit_present", "pack_print", "as_reported", "source_line",
    "pack_made_on", "headline", "annexed_share", "russian_held", "gives_up", "by_status", "col_status", "col_km2",
    "col_status_margin", "col_share", "col_population", "beyond_line", "per_region", "col_region", "col_held_share",
    "col_held_status", "col_held_km2", "col_rest_status", "col_rest_km2", "col_claimed", "method", "m_note", "m_control",
    "m_control_sources", "m_areas", "m_population", "m_boundaries", "proposed_by", "accepted_by", "talks_status",
    "m_scenario_sources", "boundaries_source", "pack_controls"
)
# fmt: on
#: A part a region does not have, in the per-region table (as the dashboard's).
NO_PART = "\u2014"


# --- Data -------------------------------------------------------------------------------------------


def pair_key(scenario_id: str, as_of: str) -> str:
    """The key of one scenario × control-date pair in the pack's data: ``<scenario id>|<date>``.

    Parameters
    ----------
    scenario_id : str
        A scenario id.
    as_of : str
        A control date, ``YYYY-MM-DD``.

    Returns
    -------
    str
        ``"<scenario_id>|<as_of>"``.
    """
    return f"{scenario_id}|{as_of}"


def pair_figures(scenario: Scenario, snapshot: ControlSnapshot, lang: str = "en") -> dict[str, Any]:
    """What the pack holds for one scenario on one control date, all computed by :mod:`geodata`.

    Parameters
    ----------
    scenario : Scenario
        A preset or a custom scenario.
    snapshot : ControlSnapshot
        A control snapshot.
    lang : {"en", "uk"}
        The language the figures are written in (``text``).

    Returns
    -------
    dict
        The figures of :func:`geodata.stats.compute_stats` the page shows (:data:`PAIR_FIGURE_KEYS`;
        per region :data:`REGION_FIGURE_KEYS`, each part with its ``status``, ``area_km2`` (km²) and
        ``population``), unchanged; ``legend``, the statuses drawn in legend order
        (:func:`geodata.layers.statuses_drawn`); ``text``, each figure the page shows written as the
        dashboard writes it (:func:`pair_texts`; per region under the row's own ``text``); ``headline``, the
        Russian-held total as area and share with its margin and the published figure beside it, written in
        ``lang`` (:func:`geodata.published.headline_texts`). Shares are fractions from 0 to 1.
    """
    stats = compute_stats(scenario, snapshot, dataset=default_dataset())
    figures = {key: stats[key] for key in PAIR_FIGURE_KEYS}
    texts = pair_texts(stats, snapshot.as_of, lang)
    figures["regions"] = [
        {**{key: row[key] for key in REGION_FIGURE_KEYS}, "text": texts.pop(f"regions.{row['id']}")} for row in stats["regions"]
    ]
    figures["legend"] = [status.value for status in statuses_drawn(scenario, snapshot, dataset=default_dataset())]
    figures["text"] = texts
    figures["headline"] = headline_texts(stats, lang)
    return figures


def _town_names(lang: str) -> dict[str, str]:
    settlements = default_dataset().settlements()
    if lang != "uk":
        return {}
    return {en: uk for en, uk in zip(settlements["name_en"], settlements["name_uk"], strict=False) if isinstance(uk, str) and uk}


def pair_texts(stats: Mapping[str, Any], as_of: str, lang: str) -> dict[str, Any]:
    """Every figure of one pair the pack's panel shows, written with :mod:`geodata.wording`'s Babel formatters.

    The same formatters and words as the dashboard's statistics panel (``components/stats_panel.py``):
    areas in whole km², shares with one decimal, populations beyond the line to the thousand.

    Parameters
    ----------
    stats : mapping
        :func:`geodata.stats.compute_stats` of the pair.
    as_of : str
        The line's date (YYYY-MM-DD).
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    dict
        Plain text by the figure's key (``russian_held_area_km2``, ``totals.<status>.share_of_ukraine``,
        ``beyond.ukraine_gives_up``, …), and ``regions.<id>``: that region's row texts.
    """
    texts: dict[str, Any] = {
        # With its stated margin, as the dashboard writes it (docs/method.md).
        "annexed_2022_controlled_share": (
            f"{format_percent(stats['annexed_2022_controlled_share'], lang)} "
            f"{margin_points_text(stats.get('annexed_2022_margin_share'), lang)}"
        ),
        "annexed_share_caption": annexed_share_caption(stats, lang),
        "russian_held_area_km2": format_area(stats["russian_held_area_km2"], lang),
        "russian_held_caption": word(
            "russian_held_caption", lang, share=format_percent(stats["russian_held_share_of_ukraine"], lang)
        ),
        "ukraine_gives_up.area_km2": format_area(stats["ukraine_gives_up"]["area_km2"], lang),
        "gives_up_caption": word(
            "gives_up_caption", lang, population=format_approximate(stats["ukraine_gives_up"]["population"], lang)
        ),
    }
    for status, values in stats["totals"].items():
        texts[f"totals.{status}.area_km2"] = format_number(values["area_km2"], lang)
        # The status's own stated margin, as the dashboard's table writes it ("± 1,811 km²").
        texts[f"totals.{status}.margin_km2"] = margin_area_text(values.get("margin_km2"), lang)
        texts[f"totals.{status}.share_of_ukraine"] = format_percent(values["share_of_ukraine"], lang)
        texts[f"totals.{status}.population"] = format_number(values["population"], lang)
    towns = _town_names(lang)
    for key, label in (("ukraine_gives_up", "gives_up"), ("russia_returns", "returns")):
        part = stats[key]
        if part["area_km2"] > 0:
            texts[f"beyond.{key}"] = word(
                "beyond_line_row",
                lang,
                label=word(label, lang),
                area=format_area(part["area_km2"], lang),
                share=format_percent(part["share_of_ukraine"], lang),
                population=format_approximate(part["population"], lang),
                towns=", ".join(towns.get(name, name) for name in part["settlements"]) or word("none", lang),
            )
        else:
            texts[f"beyond.{key}"] = f"{word(label, lang)}: {word('nothing', lang)}"
    for row in stats["regions"]:
        # With its margin and the published share of a near date beside it, as the dashboard's table writes it.
        cells = {"controlled_share": region_share_text(row, stats.get("published_figures", []), lang)}
        for part in PARTS:
            held = row[part]["area_km2"] > 0
            cells[f"{part}.status"] = status_label(Status(row[part]["status"]), lang) if held else NO_PART
            cells[f"{part}.area_km2"] = format_number(row[part]["area_km2"], lang) if held else NO_PART
        texts[f"regions.{row['id']}"] = cells
    return texts


def _scenario_data(scenario: Scenario, lang: str) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.text("title", lang),
        # With "(as reported)" where its terms were reported, not published (the dashboard's wording).
        "headline": scenario_title(scenario, lang),
        "date": scenario.shown_date,
        "as_reported": scenario.as_reported,
        "summary": scenario.text("summary", lang),
        "proposed_by": scenario.text("proposed_by", lang),
        "accepted_by": scenario.text("accepted_by", lang),
        "talks_status": scenario.text("talks_status", lang),
        "sources": list(scenario.sources_in(lang)),
        "notes": list(scenario.notes_in(lang)),
        "control": scenario.control,
    }


def _snapshot_data(snapshot: ControlSnapshot, lang: str, today: date) -> dict[str, Any]:
    shapes = snapshot_layer_data(snapshot, dataset=default_dataset())
    margin = snapshot_margin(snapshot, dataset=default_dataset())
    return {
        "as_of": snapshot.as_of,
        "age_line": control_age_line(snapshot.as_of, lang, today),
        # Shown to people: in plain words (the exports keep the recorded lines).
        "method": public_text(snapshot.method),
        "sources": [public_text(s) for s in snapshot.sources],
        "margin_method": margin_method_text(margin.accuracy_km if margin is not None else None, lang),
        "parts": shapes["parts"],
        "line": shapes["line"],
    }


def pair_map_config(
    scenario: Scenario, snapshot: ControlSnapshot, lang: str, title: str = "", today: date | None = None
) -> MapConfig:
    """The map's one contract for a pair (:func:`geodata.mapconfig.map_config`), as the dashboard's first view sends it.

    Parameters
    ----------
    scenario, snapshot : Scenario, ControlSnapshot
        The pair.
    lang : {"en", "uk"}
        The pack's language.
    title : str
        The pack's title (the title box's headline; the app's title when empty).
    today : datetime.date, optional
        The day the line's age is counted to.

    Returns
    -------
    MapConfig
        With the dashboard's default layers; the page's layer switches change only ``layers``.
    """
    return map_config(scenario, snapshot, lang, DEFAULT_LAYERS, title=title, today=today, dataset=default_dataset())


def first_view(scenario_ids: Sequence[str], dates: Sequence[str], controls: Mapping[str, str | None]) -> dict[str, str]:
    """The scenario and line the pack opens on: the dashboard's first view where the pack holds it.

    Parameters
    ----------
    scenario_ids : sequence of str
        The pack's scenarios, in the chooser's order.
    dates : sequence of str
        The pack's control dates, oldest first.
    controls : mapping
        Each scenario's own control date (``Scenario.control``), or None.

    Returns
    -------
    dict
        ``scenario``: :data:`geodata.mapconfig.FIRST_SCENARIO` (the dashboard's first view) if held, else the
        first of the chooser; ``date``: that scenario's own line if held, else the newest date (the dashboard's rule).
    """
    first = FIRST_SCENARIO if FIRST_SCENARIO in scenario_ids else scenario_ids[0]
    own = controls.get(first)
    return {"scenario": first, "date": own if own is not None and own in dates else dates[-1]}


@dataclass(frozen=True)
class PackRequest:
    """What a pack holds.

    Attributes
    ----------
    scenarios : sequence of Scenario
        The scenarios of the chooser, in its order (at least one; ids unique).
    dates : sequence of str
        Shipped control dates (YYYY-MM-DD) of the date chooser, oldest first.
    lang : str
        ``en`` or ``uk``: every text of the pack.
    title : str
        The headline; the app's title when empty. Plain text (drawn as text, whatever it holds).
    """

    scenarios: Sequence[Scenario]
    dates: Sequence[str]
    lang: str = "en"
    title: str = ""


def pack_data(request: PackRequest, today: date | None = None) -> dict[str, Any]:
    """Everything the pack's page shows, as JSON-ready data: shapes once per date, figures per pair.

    Parameters
    ----------
    request : PackRequest
        Scenarios, dates, language and title.
    today : datetime.date, optional
        The day the pack is made (the age of each line is said as of that day); the machine's date by default.

    Returns
    -------
    dict
        ``lang``, ``title``, ``made_on``, ``words`` (catalogue ids), ``base`` (the base map, as the
        dashboard's), ``context`` and ``places`` (as ``static/data/``), ``regions`` (id, names, official area in km²),
        ``scenarios`` (texts in the pack's language), ``dates``, ``snapshots`` (per date: the region
        parts and the line, the age line, method, sources), ``pairs`` (per ``scenario|date``, see
        :func:`pair_figures`, with ``map``: :func:`pair_map_config`), ``initial`` (:func:`first_view`),
        ``initial_layers`` (the dashboard's default layers), ``methods`` (how areas and population are computed),
        ``changes`` (:func:`geodata.pack_changes.pack_changes`) and ``trend`` (:func:`geodata.pack_trend.pack_trend_data`).

    Raises
    ------
    PackError
        For no scenario, a repeated scenario id, no date, an unknown language or a title over
        :data:`MAX_TITLE_CHARS` characters.
    geodata.errors.SnapshotError
        For a date that is not a shipped snapshot.
    """
    lang = request.lang
    if lang not in LANGUAGES:
        raise PackError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    scenarios = list(request.scenarios)
    if not scenarios:
        raise PackError("a briefing pack needs at least one scenario")
    ids = [s.id for s in scenarios]
    repeated = sorted({i for i in ids if ids.count(i) > 1})
    if repeated:
        raise PackError(f"scenario {repeated[0]!r} is given twice")
    dates = sorted(dict.fromkeys(request.dates))
    if not dates:
        raise PackError("a briefing pack needs at least one control date")
    title = request.title or ""
    if len(title) > MAX_TITLE_CHARS:
        raise PackError(f"the title is {len(title)} characters long; at most {MAX_TITLE_CHARS} are allowed")
    today = today or date.today()
    snapshots = {as_of: default_dataset().snapshot(as_of) for as_of in dates}
    regions = default_dataset().regions()
    return {
        "lang": lang,
        "title": title or word("title", lang),
        "made_on": today.isoformat(),
        "words": {key: word(key, lang) for key in (*PACK_WORD_KEYS, *CHANGES_WORD_KEYS, *TREND_WORD_KEYS)},
        # The map's base, as the dashboard's; each pair carries the map's one contract (``pairs[…]["map"]``).
        "base": base_config(neighbours=True, present=False),
        "context": context_layer_data(dataset=default_dataset()),
        "places": places_layer_data(dataset=default_dataset()),
        "layers": list(LAYERS),
        "statuses": [s.value for s in Status],
        "regions": [
            {
                "id": str(region_id),
                "name_en": row["name_en"],
                "name_uk": row["name_uk"],
                "official_area_km2": float(row["official_area_km2"]),
            }
            for region_id, row in regions.iterrows()
        ],
        "scenarios": [_scenario_data(s, lang) for s in scenarios],
        "dates": dates,
        "snapshots": {as_of: _snapshot_data(snap, lang, today) for as_of, snap in snapshots.items()},
        "pairs": {
            pair_key(s.id, as_of): {**pair_figures(s, snap, lang), "map": pair_map_config(s, snap, lang, title, today)}
            for s in scenarios
            for as_of, snap in snapshots.items()
        },
        "initial": first_view([s.id for s in scenarios], dates, {s.id: s.control for s in scenarios}),
        "initial_layers": list(DEFAULT_LAYERS),
        "changes": pack_changes(dates, lang, default_dataset()),
        "trend": pack_trend_data(default_dataset(), lang),
        "methods": {"area": area_method(dataset=default_dataset(), lang=lang), "population": population_method(lang)},
    }


# --- The page -----------------------------------------------------------------------------------------


def build_pack(request: PackRequest, today: date | None = None) -> bytes:
    """The briefing pack as the bytes of one UTF-8 HTML file.

    Parameters
    ----------
    request : PackRequest
        Scenarios, dates, language and title.
    today : datetime.date, optional
        The day the pack is made; the machine's date by default.

    Returns
    -------
    bytes
        The file; at most :data:`MAX_PACK_BYTES` (8 MiB).

    Raises
    ------
    PackError
        As :func:`pack_data`, or for a pack over :data:`MAX_PACK_BYTES`.
    geodata.errors.SnapshotError
        For a date that is not a shipped snapshot.
    """
    page = render_pack_html(pack_data(request, today)).encode("utf-8")
    if len(page) > MAX_PACK_BYTES:
        raise PackError(
            f"the pack would be {len(page) / 1e6:.1f} MB, over the {MAX_PACK_BYTES / 1e6:.1f} MB limit: "
            "choose fewer scenarios or dates"
        )
    return page


def shipped_dates() -> tuple[str, ...]:
    """Every control date of the default dataset, oldest first (the default dates of a pack).

    Returns
    -------
    tuple of str
        ISO dates, ``YYYY-MM-DD``: the shipped snapshots and those in the user's data folder.
    """
    return default_dataset().snapshot_dates()


__all__ = [
    "MAX_PACK_BYTES",
    "PackError",
    "PackRequest",
    "build_pack",
    "json_for_script",
    "pack_data",
    "pair_figures",
    "pair_key",
    "render_pack_html",
    "shipped_dates",
    "word",
]
