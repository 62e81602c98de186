"""The briefing pack's "changes since" view: for pairs of the pack's dates, what Russia gained and lost.

Each pair holds what the dashboard shows for ``?since=FROM`` on the line of ``TO``: the map's gains and
losses as :func:`geodata.changes.changes_map_config` gives them (the very ``changes`` object the dashboard
puts in the map's configuration, drawn by ``static/map/claims-map.js``), and the table of gained / lost /
net per region with the places that changed side, written with the dashboard's words and formatters
(``components/changes.py``). The figures are :func:`geodata.changes.changes_between`'s, unchanged.

Every consecutive pair of the pack's dates is held; every pair (each date against every earlier one) while the
pack holds at most :data:`ALL_PAIRS_MAX_DATES` dates (the shipped seven add about 0.2 MB).
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import combinations
from typing import TYPE_CHECKING, Any

from geodata.changes import Changes, changes_between, changes_map_config
from geodata.changes_text import changes_slivers_text, changes_totals_text
from geodata.footer import sentences
from geodata.margin import change_margin_method_text, changes_margin_text
from geodata.published import margin_area_text, net_with_margin_text
from geodata.wording import format_area, format_number, word

if TYPE_CHECKING:
    from geodata.dataset import Dataset

#: Up to this many dates, the pack holds the changes between every two of them; beyond, consecutive dates only.
ALL_PAIRS_MAX_DATES = 12
#: The figures of :func:`geodata.changes.changes_between`'s summary the pack carries as numbers (km², days).
SUMMARY_KEYS = ("from", "to", "days", "gained_km2", "lost_km2", "net_km2", "net_per_30_days_km2")
REGION_KEYS = ("id", "gained_km2", "lost_km2", "net_km2")
#: The catalogue ids the page's "changes since" chooser and table show.
CHANGES_WORD_KEYS = (
    "changes_since",
    "changes_since_help",
    "changes_since_none",
    "changes_col_region",
    "changes_col_gained",
    "changes_col_lost",
    "changes_col_net",
    "changes_places",
    "pack_changes_pairs_note",
    "pack_changes_consecutive_note",
)
#: The net change's stated margin, per region and in total (geodata.changes: the two lines' margins added; None where a
#: line states no accuracy).
NET_MARGIN_KEY = "margin_km2"


def since_pairs(dates: Sequence[str]) -> list[tuple[str, str]]:
    """The (earlier, later) date pairs a pack holds the changes of.

    Parameters
    ----------
    dates : sequence of str
        The pack's control dates (``YYYY-MM-DD``), in any order.

    Returns
    -------
    list of (str, str)
        Every two dates, earlier first, while there are at most :data:`ALL_PAIRS_MAX_DATES`; beyond, each date
        with the one before it only. Sorted by the earlier date, then the later.
    """
    ordered = sorted(set(dates))
    if len(ordered) <= ALL_PAIRS_MAX_DATES:
        return list(combinations(ordered, 2))
    return list(zip(ordered, ordered[1:], strict=False))


def changes_key(from_date: str, to_date: str) -> str:
    """The key of one pair in the pack's ``changes``: ``<from>|<to>``.

    Parameters
    ----------
    from_date, to_date : str
        The earlier and the later control date.

    Returns
    -------
    str
        ``"<from_date>|<to_date>"``.
    """
    return f"{from_date}|{to_date}"


def changes_texts(changes: Changes, lang: str) -> dict[str, Any]:
    """Every text of one pair's changes, as the dashboard's panel writes it (``components/changes.py``).

    Parameters
    ----------
    changes : Changes
        :func:`geodata.changes.changes_between` of the pair.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    dict
        ``heading``; ``totals`` (gained, lost, net and per 30 days); ``held`` (the Russian-held area on both
        dates with each one's stated margin); ``margin_method`` (how the net's margin is derived, naming a line that
        states no accuracy); ``regions`` (``{id: {name, gained, lost, net}}``) and ``total`` (the
        same for all of Ukraine); ``places`` (one line per settlement or key asset that changed side, or the words
        for none); ``slivers`` (the slivers left out and the method's note). Plain text.
    """
    s = changes.summary
    name = f"name_{lang}"
    dates = {"from_date": s["from"], "to_date": s["to"]}
    places = [word(f"changes_place_{p['kind']}", lang, name=p.get(name) or p["name_en"]) for p in s["settlements"] + s["assets"]]
    unstated = [s[end] for end in ("from", "to") if s.get(f"{end}_margin_km2") is None]
    return {
        "heading": word("changes_heading", lang, days=s["days"], **dates),
        "totals": changes_totals_text(s, lang),
        "margin": changes_margin_text(s, lang),
        "margin_method": change_margin_method_text(unstated, lang),
        "held": word(
            "pack_changes_held",
            lang,
            from_area=format_area(s["from_russian_held_km2"], lang),
            from_margin=margin_area_text(s.get("from_margin_km2"), lang),
            to_area=format_area(s["to_russian_held_km2"], lang),
            to_margin=margin_area_text(s.get("to_margin_km2"), lang),
            **dates,
        ),
        "regions": {
            r["id"]: {
                "name": r[name],
                "gained": format_number(r["gained_km2"], lang),
                "lost": format_number(r["lost_km2"], lang),
                "net": net_with_margin_text(r["net_km2"], r.get(NET_MARGIN_KEY), lang),
            }
            for r in s["regions"]
        },
        "total": {
            "name": word("changes_total", lang),
            "gained": format_number(s["gained_km2"], lang),
            "lost": format_number(s["lost_km2"], lang),
            "net": net_with_margin_text(s["net_km2"], s.get(NET_MARGIN_KEY), lang),
        },
        "places": places or [word("changes_no_places", lang)],
        "slivers": sentences(
            changes_slivers_text(s, lang), word("changes_method_note", lang, size=format_number(s["slivers"]["max_km2"], lang))
        ),
    }


def changes_entry(changes: Changes, lang: str) -> dict[str, Any]:
    """What the pack holds for one pair of dates: the map's ``changes``, the figures and their texts.

    Parameters
    ----------
    changes : Changes
        :func:`geodata.changes.changes_between` of the pair.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    dict
        ``map``: :func:`geodata.changes.changes_map_config` (the dashboard's own, unchanged); the summary's
        :data:`SUMMARY_KEYS` (km², days); ``regions`` (:data:`REGION_KEYS` per region with a change, and its net
        margin where one is given); ``places`` (``id``, ``kind`` gained or lost); ``text``: :func:`changes_texts`.
    """
    s = changes.summary
    return {
        "map": changes_map_config(changes, lang),
        **{key: s[key] for key in SUMMARY_KEYS},
        **({NET_MARGIN_KEY: s[NET_MARGIN_KEY]} if NET_MARGIN_KEY in s else {}),
        "regions": [{key: r[key] for key in (*REGION_KEYS, NET_MARGIN_KEY) if key in r} for r in s["regions"]],
        "places": [{"id": p["id"], "kind": p["kind"]} for p in s["settlements"] + s["assets"]],
        "text": changes_texts(changes, lang),
    }


def pack_changes(dates: Sequence[str], lang: str, dataset: Dataset) -> dict[str, Any]:
    """The changes the pack holds: one entry per pair of :func:`since_pairs`.

    Parameters
    ----------
    dates : sequence of str
        The pack's control dates.
    lang : {"en", "uk"}
        The language.
    dataset : Dataset
        Where the snapshots, settlements and assets are read from.

    Returns
    -------
    dict
        ``pairs``: :func:`changes_entry` by :func:`changes_key`; ``every_pair``: whether every two dates are held
        (else consecutive dates only).
    """
    pairs = since_pairs(dates)
    return {
        "pairs": {
            changes_key(a, b): changes_entry(changes_between(dataset, dataset.snapshot(a), dataset.snapshot(b)), lang)
            for a, b in pairs
        },
        "every_pair": len(set(dates)) <= ALL_PAIRS_MAX_DATES,
    }
