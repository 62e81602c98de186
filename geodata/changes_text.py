"""What changed between two lines, in words: the sentences every output writes alike (the dashboard's panel, the
pack, the figures, the slides and the ``changes`` command), from :func:`geodata.changes.compute_changes`'
summary. Plain text; escaping is the caller's."""

from __future__ import annotations

from typing import Any

from geodata.wording import format_number, format_signed, word


def changes_totals_text(summary: dict[str, Any], lang: str = "en", key: str = "changes_totals") -> str:
    """Gained, lost and net km², and the net per 30 days: "Gained 209 km², lost 341 km², net −132 km² (…)".

    Parameters
    ----------
    summary : dict
        The ``summary`` of :func:`geodata.changes.compute_changes` (``gained_km2``, ``lost_km2``, ``net_km2``,
        ``net_per_30_days_km2``, None where the two dates are the same day).
    lang : {"en", "uk"}
        The language of the words and number formats.
    key : str
        The catalogue's sentence: ``changes_totals``, or ``slide_changes_totals`` (a slide's, without the net per 30
        days).

    Returns
    -------
    str
        Plain text (the net's margin is :func:`geodata.margin.changes_margin_text`).

    Raises
    ------
    ValueError
        For another language.
    """
    per30 = summary["net_per_30_days_km2"]
    return word(
        key,
        lang,
        gained=format_number(summary["gained_km2"], lang),
        lost=format_number(summary["lost_km2"], lang),
        net=format_signed(summary["net_km2"], lang),
        per30=format_signed(per30, lang) if per30 is not None else "\u2014",
    )


def changes_slivers_text(summary: dict[str, Any], lang: str = "en") -> str:
    """The slivers left out as redrawing noise: how many, under what size, and their net.

    Parameters
    ----------
    summary : dict
        The ``summary`` of :func:`geodata.changes.compute_changes` (``slivers``: ``count``, ``max_km2``,
        ``gained_km2``, ``lost_km2``).
    lang : {"en", "uk"}
        The language of the words and number formats.

    Returns
    -------
    str
        Plain text.

    Raises
    ------
    ValueError
        For another language.
    """
    slivers = summary["slivers"]
    return word(
        "changes_slivers",
        lang,
        count=slivers["count"],
        size=format_number(slivers["max_km2"], lang),
        net=format_signed(slivers["gained_km2"] - slivers["lost_km2"], lang),
    )
