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

import base64
import json
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Mapping, Sequence

from geodata.control import ControlSnapshot, list_snapshots, load_snapshot
from geodata.dating import control_age_line
from geodata.errors import ClaimsMapError
from geodata.layers import context_layer_data, has_claims_not_held, places_layer_data, snapshot_layer_data, statuses_drawn
from geodata.scenarios import LANGUAGES, Scenario, Status
from geodata.published import headline_texts
from geodata.stats import POPULATION_METHOD, area_method, compute_stats
from geodata.mapconfig import ASSET_SYMBOLS, base_config, claim_style, fill_style, hidden_region_labels, map_words, short_source
from geodata.style import LINE_OF_CONTACT_STYLE
from geodata.wording import status_label
from geodata.vocabulary import LAYERS, PARTS
from geodata.wording import WORDING, public_text

try:  # the catalogue's number conventions for the browser (geodata.wording)
    from geodata.wording import BROWSER_LOCALES, PERCENT_SIGNS
except ImportError:  # pragma: no cover - an older catalogue
    BROWSER_LOCALES = {"en": "en-US", "uk": "uk-UA"}
    PERCENT_SIGNS = {"en": "%", "uk": "\u00a0%"}

ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = Path(__file__).resolve().parent / "pack_assets"
STATIC_DIR = ROOT / "static"
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
    "annexed_2022_quoted_share",
    "margin_km2",
    "margin_share",
    "published_figures",
    "ukraine_gives_up",
    "russia_returns",
)
REGION_FIGURE_KEYS = ("id", "controlled_share", "annexation_claimed", *PARTS)


class PackError(ClaimsMapError):
    """A briefing pack that cannot be built as asked (no scenario, unknown language, title too long, too big)."""


# --- Words: every user-facing word of the pack goes through :func:`word` ---------------------------

#: The pack's own words, where :mod:`geodata.wording` has none yet (the interface's words live in
#: ``components.i18n``, which the domain does not import).
#: The words the pack's page is given (each a key of :func:`word`), besides the statuses' legend wording.
PACK_WORD_KEYS: tuple[str, ...] = (
    "disclaimer", "scenario", "control", "layers", "layer_line", "layer_claims", "layer_labels", "layer_settlements",
    "layer_assets", "present", "exit_present", "print", "download_pack", "download_pack_button", "download_pack_help",
    "source_line", "headline", "annexed_share_caption", "russian_held", "of_ukraine", "people", "per_region",
    "beyond_line", "gives_up", "returns", "nothing", "beyond_line_row", "method", "col_status", "col_km2", "col_share",
    "col_population", "col_region", "col_held_share", "col_held_status", "col_held_km2", "col_rest_status",
    "col_rest_km2", "col_claimed", "proposed_by", "accepted_by", "talks_status", "m_scenario_sources", "m_note",
    "m_control", "m_control_sources", "m_areas", "m_population", "m_boundaries", "made_on", "area", "of_region",
    "population", "share_held", "claimed", "sources", "km2", "n_a", "less_than", "load_failed", "what_context",
    "what_snapshot", "what_places", "reason_status", "reason_network", "reason_format",
)


#: The pack's names for words the project's catalogue (:data:`geodata.wording.WORDING`) holds under another id.
CATALOGUE_KEYS: Mapping[str, str] = {
    "claim": "claim_label", "line": "line_label", "area": "map_area", "of_region": "map_of_region",
    "population": "map_population", "share_held": "map_control", "claimed": "map_claimed", "km2": "unit_km2",
    "part_russian_held": "map_part_russian_held", "part_ukrainian_held": "map_part_ukrainian_held",
    "what_context": "map_what_context", "what_snapshot": "map_what_snapshot", "what_places": "map_what_places",
    "print": "pack_print", "of_ukraine": "pack_of_ukraine", "people": "pack_people", "made_on": "pack_made_on",
    "load_failed": "map_load_failed", "reason_status": "map_reason_status", "reason_network": "pack_reason_network",
    "reason_format": "map_reason_format",
}


def word(key: str, lang: str) -> str:
    """The pack's wording for ``key`` in ``lang``: the one place the pack takes its words from.

    Parameters
    ----------
    key : str
        ``status:<status>`` for the legend's wording of a status, ``claim`` and ``line`` for the
        legend's other rows, or a key of :data:`geodata.wording.WORDING` (through :data:`CATALOGUE_KEYS` where the pack's
        name differs): every word is the catalogue's.
    lang : str
        ``en`` or ``uk``; English where no translation exists.

    Returns
    -------
    str
        Plain text (the page puts it in with ``textContent``).

    Raises
    ------
    KeyError
        For a key no catalogue has (a bug, caught by the tests).
    """
    if key.startswith("status:"):
        return status_label(Status(key.partition(":")[2]), lang)
    entry = WORDING[CATALOGUE_KEYS.get(key, key)]
    return entry.get(lang) or entry["en"]


# --- Data -------------------------------------------------------------------------------------------


def pair_key(scenario_id: str, as_of: str) -> str:
    """The key of one scenario × control-date pair in the pack's data: ``<scenario id>|<date>``."""
    return f"{scenario_id}|{as_of}"


def pair_figures(scenario: Scenario, snapshot: ControlSnapshot, lang: str = "en") -> dict[str, Any]:
    """What the pack holds for one scenario on one control date, all computed by :mod:`geodata`.

    Parameters
    ----------
    scenario : Scenario
        A preset or a custom scenario.
    snapshot : ControlSnapshot
        A control snapshot.

    Returns
    -------
    dict
        The figures of :func:`geodata.stats.compute_stats` the page shows (:data:`PAIR_FIGURE_KEYS`;
        per region :data:`REGION_FIGURE_KEYS`, each part with its ``status``, ``area_km2`` (km²) and
        ``population``), unchanged; and ``legend``, the statuses drawn in legend order
        (:func:`geodata.layers.statuses_drawn`); ``headline``, the Russian-held total as area and share with
        its margin and the published figure beside it, written in ``lang``
        (:func:`geodata.published.headline_texts`). Shares are fractions from 0 to 1.
    """
    stats = compute_stats(scenario, snapshot)
    figures = {key: stats[key] for key in PAIR_FIGURE_KEYS}
    figures["regions"] = [{key: row[key] for key in REGION_FIGURE_KEYS} for row in stats["regions"]]
    figures["legend"] = [status.value for status in statuses_drawn(scenario, snapshot)]
    figures["headline"] = headline_texts(stats, lang)
    return figures


def _scenario_data(scenario: Scenario, lang: str) -> dict[str, Any]:
    return {
        "id": scenario.id,
        "title": scenario.text("title", lang),
        "date": scenario.date,
        "as_reported": scenario.as_reported,
        "summary": scenario.text("summary", lang),
        "proposed_by": scenario.text("proposed_by", lang),
        "accepted_by": scenario.text("accepted_by", lang),
        "talks_status": scenario.text("talks_status", lang),
        "sources": list(scenario.sources),
        "short_sources": [short_source(s) for s in scenario.sources],
        "notes": list(scenario.notes_in(lang)),
        "control": scenario.control,
    }


def _snapshot_data(snapshot: ControlSnapshot, lang: str, today: date) -> dict[str, Any]:
    shapes = snapshot_layer_data(snapshot)
    return {
        "as_of": snapshot.as_of,
        "age_line": control_age_line(snapshot.as_of, lang, today),
        # Shown to people: in plain words (the exports keep the recorded lines).
        "method": public_text(snapshot.method),
        "sources": [public_text(s) for s in snapshot.sources],
        "short_sources": list(dict.fromkeys(short_source(public_text(s)) for s in snapshot.sources)),
        "claims_not_held": has_claims_not_held(snapshot),
        "parts": shapes["parts"],
        "line": shapes["line"],
    }


def _map_data(lang: str) -> dict[str, Any]:
    """What the map's script (``static/map/claims-map.js``) is given, from :mod:`geodata.mapconfig` as the dashboard's."""
    text_keys = ("load_failed", "reason_status", "reason_network", "reason_format")
    return {
        "base": base_config(neighbours=True, present=False),
        "lang": lang,
        "other": "en" if lang == "uk" else "uk",
        "locale": BROWSER_LOCALES.get(lang, "en-US"),
        "labels": {s.value: word(f"status:{s.value}", lang) for s in Status},
        "legend_labels": {**{s.value: word(f"status:{s.value}", lang) for s in Status},
                          "claim": word("claim", lang), "line": word("line", lang)},
        "styles": {s.value: fill_style(s) for s in Status},
        "claim_style": claim_style(),
        "line_style": dict(LINE_OF_CONTACT_STYLE),
        # The dashboard's map words; the pack's own where a file has no server to fail (load failures).
        "text": {**map_words(lang, "{date}"), **{key: word(key, lang) for key in text_keys}},
        "part_text": {part: word(f"part_{part}", lang) for part in PARTS},
        "asset_symbols": ASSET_SYMBOLS,
        "hide_region_labels": {"with_settlements": hidden_region_labels(True), "without": hidden_region_labels(False)},
        "region_label_names": {"UA-32": WORDING["region_label_UA-32"][lang]},
    }


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
        ``lang``, ``title``, ``made_on``, ``words``, ``map`` (styles, patterns, the map's words),
        ``context`` and ``places`` (as ``static/data/``), ``regions`` (id, names, official area in km²),
        ``scenarios`` (texts in the pack's language), ``dates``, ``snapshots`` (per date: the region
        parts and the line, the age line, method, sources), ``pairs`` (per ``scenario|date``, see
        :func:`pair_figures`), ``initial`` (the first scenario on its own control date where the
        pack holds it, else the newest date) and ``methods`` (how areas and population are computed).

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
    snapshots = {as_of: load_snapshot(as_of) for as_of in dates}
    first = scenarios[0]
    initial_date = first.control if first.control in snapshots else dates[-1]
    word_keys = list(PACK_WORD_KEYS) + ["title", "as_reported", "annexed_share", "by_status", "boundaries_source"]
    from geodata.regions import load_regions

    regions = load_regions()
    return {
        "lang": lang,
        "title": title or word("title", lang),
        "made_on": today.isoformat(),
        "words": {key: word(key, lang) for key in word_keys},
        "map": _map_data(lang),
        "context": context_layer_data(),
        "places": places_layer_data(),
        "layers": list(LAYERS),
        "regions": [
            {"id": str(region_id), "name_en": row["name_en"], "name_uk": row["name_uk"],
             "official_area_km2": float(row["official_area_km2"])}
            for region_id, row in regions.iterrows()
        ],
        "scenarios": [_scenario_data(s, lang) for s in scenarios],
        "dates": dates,
        "snapshots": {as_of: _snapshot_data(snap, lang, today) for as_of, snap in snapshots.items()},
        "pairs": {pair_key(s.id, as_of): pair_figures(s, snap, lang) for s in scenarios for as_of, snap in snapshots.items()},
        "initial": {"scenario": first.id, "date": initial_date},
        "methods": {"area": area_method(), "population": POPULATION_METHOD},
    }


# --- The page -----------------------------------------------------------------------------------------

_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data: Any) -> str:
    """``data`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\\u`` escapes, so no text in
    the data can close the block or open a comment; ``JSON.parse`` reads it back unchanged.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def _inline_text(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise PackError(f"{path.name} contains {closing!r} and cannot be inlined")
    return text


def _leaflet_css() -> str:
    """Leaflet's styles with its images as data: URLs (a relative URL would be a request)."""
    css = _inline_text(STATIC_DIR / "leaflet" / "leaflet.css", "</style")

    def data_url(match: re.Match[str]) -> str:
        image = STATIC_DIR / "leaflet" / "images" / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_url, css)


def render_pack_html(data: Mapping[str, Any]) -> str:
    """The pack's HTML page for :func:`pack_data`'s data, with every script, style and datum inlined."""
    template = (ASSETS_DIR / "pack.html").read_text(encoding="utf-8")
    # No text of the data is written as markup: the page sets every text, the title too, with textContent.
    # The language is one of LANGUAGES (checked by pack_data), so it needs no escaping.
    if data["lang"] not in LANGUAGES:
        raise PackError(f"unknown language {data['lang']!r} (known: {', '.join(LANGUAGES)})")
    values = {
        "LANG": data["lang"],
        "LEAFLET_CSS": _leaflet_css(),
        "MAP_CSS": _inline_text(STATIC_DIR / "map" / "claims-map.css", "</style"),
        "PACK_CSS": _inline_text(ASSETS_DIR / "pack.css", "</style"),
        "DATA": json_for_script(data),
        "LEAFLET_JS": _inline_text(STATIC_DIR / "leaflet" / "leaflet.js", "</script"),
        "MAP_JS": _inline_text(STATIC_DIR / "map" / "claims-map.js", "</script"),
        "PACK_JS": _inline_text(ASSETS_DIR / "pack.js", "</script"),
    }
    # One pass over the template: substituted text is never read again for placeholders.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)


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
        raise PackError(f"the pack would be {len(page) / 1e6:.1f} MB, over the {MAX_PACK_BYTES / 1e6:.1f} MB limit: choose fewer scenarios or dates")
    return page


def shipped_dates() -> tuple[str, ...]:
    """Every shipped control date, oldest first (the default dates of a pack)."""
    return list_snapshots()


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
