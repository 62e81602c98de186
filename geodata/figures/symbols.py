"""How statuses and claims look on the figure: the dashboard's fills, hatches and dashes as matplotlib styles.

Shared by the map, the legend and the numbers box, so a status looks the same in all three.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from geodata.scenarios import Status
from geodata.style import CLAIM_OUTLINE, LINE_OF_CONTACT_STYLE, REGION_BORDER_STYLE, STATUS_STYLES


@dataclass(frozen=True)
class LineLook:
    """A line style of the dashboard (:mod:`geodata.style`), typed for matplotlib: a colour and a weight in pixels."""

    color: str
    weight: float


def _line_look(style: Mapping[str, object]) -> LineLook:
    color, weight = style["color"], style["weight"]
    if not isinstance(color, str) or not isinstance(weight, int | float):
        raise TypeError(f"a line style needs a colour string and a numeric weight, not {style!r}")
    return LineLook(color, float(weight))


#: The dashboard's dashed outline of claims not held, the line of contact and the region borders.
CLAIM_LINE = _line_look(CLAIM_OUTLINE)
CONTACT_LINE = _line_look(LINE_OF_CONTACT_STYLE)
BORDER_LINE = _line_look(REGION_BORDER_STYLE)


def _status_patch(status: Status, **kwargs: Any) -> dict[str, Any]:
    style = STATUS_STYLES[status]
    return {
        "facecolor": style.fill,
        "hatch": style.hatch or None,
        "hatchcolor": style.pattern_color,
        **kwargs,
    }


def _claim_dashes(weight: float) -> tuple[int, tuple[float, float]]:
    # Leaflet's dash array is in pixels; matplotlib scales dashes by the line width.
    on, off = (float(v) for v in str(CLAIM_OUTLINE["dashArray"]).split())
    return (0, (on / weight, off / weight))
