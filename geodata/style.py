"""How each status looks, shared by the interactive map and the static renderer so both always match.

Colours are from the Okabe-Ito palette, which readers with the common forms of
colour blindness can tell apart; every status also has its own pattern, so none
is told by colour alone.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import TypedDict

from geodata.vocabulary import Status


@dataclass(frozen=True)
class StatusStyle:
    """The look of one status.

    Attributes
    ----------
    fill : str
        Fill colour, hex.
    pattern : str
        Pattern drawn over the fill: ``none``, ``diagonal``, ``cross``, ``dots``,
        ``horizontal`` or ``vertical``. Unique per status.
    pattern_color : str
        Colour of the pattern's lines or dots.
    hatch : str
        The same pattern as a matplotlib hatch string.
    """

    fill: str
    pattern: str
    pattern_color: str
    hatch: str


STATUS_STYLES: Mapping[Status, StatusStyle] = MappingProxyType(
    {
        Status.UKRAINE: StatusStyle("#eef2f6", "none", "#eef2f6", ""),
        Status.OCCUPIED: StatusStyle("#D55E00", "dots", "#7a2f00", ".."),
        Status.DE_JURE_RUSSIA: StatusStyle("#882255", "cross", "#f3d6e4", "xx"),
        Status.DE_FACTO_RUSSIA: StatusStyle("#CC79A7", "diagonal", "#5c1f44", "///"),
        Status.FROZEN: StatusStyle("#56B4E9", "horizontal", "#0b4f7a", "---"),
        Status.BUFFER_ZONE: StatusStyle("#F0E442", "vertical", "#6b6300", "|||"),
        Status.RETURNED: StatusStyle("#009E73", "backdiagonal", "#00402e", "\\\\\\"),
    }
)

#: Land Russia claims by annexation but does not hold: an outline and light hatching over the status fill.
CLAIM_OUTLINE = {"color": "#222222", "weight": 2.5, "dashArray": "6 4"}


class LineStyle(TypedDict):
    """A line's colour (``#rrggbb``) and weight (CSS pixels on the map, points in figures)."""

    color: str
    weight: float


LINE_OF_CONTACT_STYLE: LineStyle = {"color": "#000000", "weight": 2.5}
REGION_BORDER_STYLE: LineStyle = {"color": "#4d4d4d", "weight": 0.8}
NEIGHBOUR_FILL = "#e4e4e4"
NEIGHBOUR_BORDER = "#a6a6a6"
SEA_COLOR = "#cfe3f0"
