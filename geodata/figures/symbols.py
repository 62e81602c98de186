"""How statuses and claims look on the figure: the dashboard's fills, hatches and dashes as matplotlib styles.

Shared by the map, the legend and the numbers box, so a status looks the same in all three.
"""

from __future__ import annotations

from typing import Any

from geodata.scenarios import Status
from geodata.style import CLAIM_OUTLINE, STATUS_STYLES


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
    on, off = (float(v) for v in CLAIM_OUTLINE["dashArray"].split())
    return (0, (on / weight, off / weight))
