"""The map's path styles as Leaflet takes them: each status's fill (a colour or an SVG pattern) and the claims' hatching.

Plain data built from :mod:`geodata.style`'s colours and patterns; :mod:`geodata.mapconfig` hands them to
``static/map/claims-map.js`` (dashboard and pack alike), which draws the patterns from :func:`pattern_specs`.
"""

from __future__ import annotations

from typing import Any

from geodata.style import CLAIM_OUTLINE, STATUS_STYLES
from geodata.vocabulary import Status


def pattern_id(name: str) -> str:
    """The id of a status's SVG pattern, referenced by ``fill="url(#cm-p-<status>)"``.

    Parameters
    ----------
    name : str
        A status value, or ``"claim"`` for the claim's hatching.

    Returns
    -------
    str
        ``cm-p-<name>``.
    """
    return f"cm-p-{name}"


def pattern_specs() -> dict[str, list[str]]:
    """Every status pattern as data, ``{name: [fill, marks, ink]}``: the map's script draws them.

    Returns
    -------
    dict of str to list of str
        For each status value, and ``"claim"`` (no fill, the claim's marks): the fill colour, the marks (a pattern name)
        and their colour.
    """
    specs = {s.value: [style.fill, style.pattern, style.pattern_color] for s, style in STATUS_STYLES.items()}
    specs["claim"] = ["none", "claim", "#222222"]
    return specs


def fill_style(status: Status) -> dict[str, Any]:
    """Leaflet's path style for a region part with ``status``: its pattern where it has marks, else its colour.

    Parameters
    ----------
    status : Status
        The part's status in the scenario shown.

    Returns
    -------
    dict
        Leaflet path options: ``fillColor`` (a colour, or ``url(#cm-p-<status>)``), ``fillOpacity``, and the thin
        white ``color`` and ``weight`` (pixels) of its outline.
    """
    has_pattern = STATUS_STYLES[status].pattern != "none"
    return {
        "fillColor": f"url(#{pattern_id(status.value)})" if has_pattern else STATUS_STYLES[status].fill,
        "fillOpacity": 0.9,
        "color": "#ffffff",
        "weight": 0.3,
    }


def claim_style() -> dict[str, Any]:
    """The style of land claimed as annexed but not held: the claim's hatching and dashed outline.

    Returns
    -------
    dict
        Leaflet path options: :data:`geodata.style.CLAIM_OUTLINE` (colour, weight in pixels, dash array) with the
        claim pattern as ``fillColor``.
    """
    return {**CLAIM_OUTLINE, "fillColor": f"url(#{pattern_id('claim')})", "fillOpacity": 1}
