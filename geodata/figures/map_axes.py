"""One map on its axes: neighbours, status fills, claims not held, borders, the line of contact, the view and its extent."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from matplotlib.collections import LineCollection
from matplotlib.patches import PathPatch
from shapely.geometry import box
from shapely.geometry.base import BaseGeometry

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.figures.labels import _label_candidates
from geodata.figures.layout import _Figure
from geodata.figures.panels import _draw_scale_bar
from geodata.figures.projection import (
    _lines,
    _polygon_path,
    _projected_claims,
    _projected_context,
    _projected_line,
    _projected_parts,
)
from geodata.figures.symbols import BORDER_LINE, CLAIM_LINE, CONTACT_LINE, _claim_dashes, _status_patch
from geodata.scenarios import Scenario, Status
from geodata.style import NEIGHBOUR_BORDER, NEIGHBOUR_FILL, SEA_COLOR

if TYPE_CHECKING:
    from geodata.changes import Changes


def _map_extent(context: dict[str, Any], aspect: float, widen: bool = True) -> tuple[float, float, float, float]:
    """Ukraine with a margin, widened or heightened to the map box's aspect as far as the context data reaches
    (``widen``; else Ukraine with its margin only, so the map keeps Ukraine's own aspect and leaves room beside it).

    Each side grows on its own (half the growth each where both can, the rest on the side that can), so a
    side the data stops early (the south-west, past Romania) does not stop the other (Russia, Belarus).
    """
    minx, miny, maxx, maxy = context["outline"].bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    if not widen:
        return minx, maxx, miny, maxy
    width, height = maxx - minx, maxy - miny
    wide = width / height < aspect
    # What the padded view already shows counts as covered: growth is judged on what it adds.
    covered = context["data_area"].union(box(minx, miny, maxx, maxy))
    needed = height * aspect - width if wide else width / aspect - height

    def reach(before: bool) -> float:
        low, high = 0.0, needed
        for _ in range(20):
            middle = (low + high) / 2
            grow_low, grow_high = (middle, 0.0) if before else (0.0, middle)
            grown = (
                box(minx - grow_low, miny, maxx + grow_high, maxy) if wide else box(minx, miny - grow_low, maxx, maxy + grow_high)
            )
            low, high = (middle, high) if covered.contains(grown) else (low, middle)
        return low

    below, above = reach(True), reach(False)
    first = min(below, needed / 2)
    second = min(above, needed - first)
    first = min(below, needed - second)
    if wide:
        return minx - first, maxx + second, miny, maxy
    return minx, maxx, miny - first, maxy + second


def _draw_map(
    ax: Any,
    builder: _Figure,
    scenario: Scenario,
    snapshot: ControlSnapshot,
    layers: Sequence[str],
    *,
    dataset: Dataset,
    changes: Changes | None = None,
    anchor: str = "N",
    widen: bool = True,
) -> Any:
    """Fills, claims, the gains and losses since an earlier line (``changes``), borders, line and label candidates on
    one map axes, kept to its aspect at ``anchor`` of its box; returns the scale bar's plate."""
    grid = builder.grid
    context = _projected_context(dataset=dataset)
    ax.set_facecolor(SEA_COLOR)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#8c8c8c")
        spine.set_linewidth(grid.pt(1))

    neighbours = _polygon_path(list(context["neighbours"].values()))
    if neighbours is not None:
        ax.add_patch(PathPatch(neighbours, facecolor=NEIGHBOUR_FILL, edgecolor=NEIGHBOUR_BORDER, linewidth=grid.pt(1), zorder=1))

    by_status: dict[Status, list[BaseGeometry]] = {}
    for (region_id, part), geometry in _projected_parts(snapshot, dataset=dataset).items():
        by_status.setdefault(scenario.status(region_id, part), []).append(geometry)
    for status in Status:
        path = _polygon_path(by_status.get(status, []))
        if path is not None:
            patch = PathPatch(
                path, **_status_patch(status, edgecolor="none", linewidth=0, zorder=2), gid=f"status-{status.value}"
            )
            patch.set_hatch_linewidth(grid.pt(1.3))
            ax.add_patch(patch)

    if "claims" in layers:
        claims = _polygon_path(_projected_claims(snapshot, dataset=dataset))
        if claims is not None:
            weight = CLAIM_LINE.weight
            patch = PathPatch(
                claims,
                facecolor="none",
                hatch="/",
                hatchcolor=CLAIM_LINE.color,
                edgecolor=CLAIM_LINE.color,
                linewidth=grid.pt(weight),
                linestyle=_claim_dashes(weight),
                zorder=3,
                gid="claims-not-held",
            )
            patch.set_hatch_linewidth(grid.pt(0.9))
            ax.add_patch(patch)

    if changes is not None:
        from geodata.figures.changes_layer import draw_changes

        draw_changes(ax, grid, changes)

    ax.add_collection(
        LineCollection(
            _lines(context["borders"]),
            colors=BORDER_LINE.color,
            linewidths=grid.pt(BORDER_LINE.weight),
            zorder=4,
        )
    )
    # Ukraine's 1991 border, a little stronger than region borders.
    ax.add_collection(LineCollection(_lines(context["outline"].boundary), colors="#333333", linewidths=grid.pt(1.4), zorder=4))
    if "line" in layers:
        ax.add_collection(
            LineCollection(
                _lines(_projected_line(snapshot, dataset=dataset)),
                colors=CONTACT_LINE.color,
                linewidths=grid.pt(CONTACT_LINE.weight),
                zorder=5,
                gid="line-of-contact",
            )
        )

    bbox = ax.get_position()
    aspect = (bbox.width * grid.width_in) / (bbox.height * grid.height_in)
    xmin, xmax, ymin, ymax = _map_extent(context, aspect, widen)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box", anchor=anchor)
    ax.apply_aspect()
    _label_candidates(ax, builder, layers, context, dataset=dataset)
    return _draw_scale_bar(ax, builder, avoid=context["outline"])
