"""One whole figure: the header, the footer, the legend, the map or maps, the numbers box and the labels, laid out together."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

from matplotlib.figure import Figure

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.dating import control_age_line
from geodata.figures.comparison import render_comparison
from geodata.figures.labels import _place_labels
from geodata.figures.layout import (
    FOOTER_PX,
    GAP,
    LEGEND_PX,
    MARGIN,
    MUTED_COLOR,
    PANEL_WIDTH,
    SIDE_PANEL_MIN_ASPECT,
    SUBTITLE_PX,
    TITLE_PX,
    _Figure,
)
from geodata.figures.map_axes import _draw_map
from geodata.figures.options import DEFAULT_LAYERS, _validate
from geodata.figures.panels import _footer_lines, _legend_handles, _numbers_box
from geodata.layers import has_claims_not_held, statuses_drawn
from geodata.scenarios import Scenario, Status
from geodata.stats import compute_stats
from geodata.wording import scenario_line, word

if TYPE_CHECKING:
    from geodata.changes import Changes

#: The narrowest room (reference pixels) beside a map kept to its aspect where the changes table goes in the
#: layout with a strip below the map (A4); narrower, the table goes under the shorter column of the strip.
CHANGES_MIN_WIDTH = 420

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def render_figure(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    layers: Sequence[str] = DEFAULT_LAYERS,
    size: str = "1920x1080",
    title: str | None = None,
    lang: str = "en",
    compare: Scenario | None = None,
    today: date | None = None,
    *,
    dataset: Dataset,
    changes: Changes | None = None,
) -> Figure:
    """Draw a slide-ready figure of a scenario on a control date.

    Parameters
    ----------
    scenario : Scenario
        The scenario to map (a preset or a custom scenario).
    snapshot : ControlSnapshot
        The control area that splits each region into its two parts.
    layers : sequence of str
        Any of ``line``, ``claims``, ``labels`` (region, country and sea names),
        ``settlements`` and ``assets``; the dashboard's defaults unless given.
    size : str
        ``"WxH"`` in pixels (at 100 dpi) or ``"a4-landscape"``; see :func:`parse_size`.
    title : str, optional
        The headline; the app's title when ``None``. Drawn as plain text.
    lang : {"en", "uk"}
        Language of every text on the figure.
    compare : Scenario, optional
        A second scenario drawn beside the first on the same line (``snapshot``), each named in full
        with that line; the numbers table then names each status and gives both areas and their
        difference (:mod:`geodata.figures.comparison`).
    today : datetime.date, optional
        The day the figure is made, for the line's age in the subtitle ("181 days ago");
        the machine's date when omitted.
    dataset : Dataset
        The data the map and its numbers come from: regions, neighbours, places and statistics.
    changes : Changes, optional
        What Russia gained and lost since an earlier line (:func:`geodata.changes.changes_between`, ending on
        ``snapshot``): drawn over the fills as the dashboard draws them, two legend rows naming both dates, and a
        table of gained / lost / net per region with the places that changed side (patch gid ``changes-box``),
        beside the numbers box or beside the map, never taking room from the map. Not drawn with ``compare``.

    Returns
    -------
    matplotlib.figure.Figure
        A figure with its own Agg canvas (no pyplot). The legend is
        ``fig.legends[0]``; the numbers box is the patch with gid ``numbers-box``;
        labels are texts with gids ending in ``-label``.

    Raises
    ------
    RenderError
        For an unknown size, language or layer.
    """
    layers = _validate(layers, lang)
    if not has_claims_not_held(snapshot, dataset=dataset):
        # No claim without land claimed but not held on that date: no hatch, no legend entry.
        layers = tuple(layer for layer in layers if layer != "claims")
    builder = _Figure(size, lang)
    grid, fig = builder.grid, builder.fig
    # A title typed by a user: control characters would make the SVG invalid XML.
    headline = word("title", lang) if title is None else _CONTROL_CHARS.sub(" ", title).strip() or word("title", lang)
    if compare is not None:
        # Two proposals on one line, each named in full: a layout of its own (geodata.figures.comparison).
        render_comparison(builder, [scenario, compare], snapshot, layers, headline, today, dataset=dataset, changes=changes)
        return fig
    scenarios = [scenario]
    stats = [compute_stats(s, snapshot, dataset=dataset) for s in scenarios]
    drawn = [statuses_drawn(s, snapshot, dataset=dataset) for s in scenarios]
    statuses = [s for s in Status if any(s in d for d in drawn)]
    content_w = grid.width - 2 * MARGIN

    # Header.
    title_font, subtitle_font = builder.font(TITLE_PX, weight="bold"), builder.font(SUBTITLE_PX)
    title_lines = builder.wrap(headline, title_font, content_w, max_lines=2)
    builder.text(MARGIN, MARGIN, "\n".join(title_lines), title_font, va="top", linespacing=1.2, gid="title")
    # A slide is shown today: the subtitle says how old its line is.
    age = control_age_line(snapshot.as_of, lang, today)
    control = age[:1].upper() + age[1:]
    subtitle = f"{scenario_line(scenario, lang)} · {control}"
    subtitle_lines = builder.wrap(subtitle, subtitle_font, content_w, max_lines=2)
    subtitle_top = MARGIN + len(title_lines) * TITLE_PX * 1.2 + TITLE_PX * 0.25
    builder.text(
        MARGIN,
        subtitle_top,
        "\n".join(subtitle_lines),
        subtitle_font,
        va="top",
        color=MUTED_COLOR,
        linespacing=1.3,
        gid="subtitle",
    )
    top = subtitle_top + len(subtitle_lines) * SUBTITLE_PX * 1.3 + 20

    # Footer: measured first, because the map takes whatever height is left.
    footer = _footer_lines(builder, scenarios, snapshot, content_w, dataset=dataset)
    footer_h = len(footer) * FOOTER_PX * 1.4
    footer_top = grid.height - 24 - footer_h
    builder.text(
        MARGIN,
        footer_top,
        "\n".join(footer),
        builder.font(FOOTER_PX),
        va="top",
        color=MUTED_COLOR,
        linespacing=1.4,
        gid="sources",
    )
    bottom = footer_top - 18

    # Legend, measured before the maps are laid out.
    handles, labels = _legend_handles(statuses, layers, grid, lang)
    if changes is not None:
        from geodata.figures.changes_layer import legend_rows

        more_handles, more_labels = legend_rows(changes, grid, lang)
        handles, labels = handles + more_handles, labels + more_labels
    legend_font = builder.font(LEGEND_PX)
    # A panel beside the map where that leaves the map box about as wide as Ukraine is (landscape
    # slides); otherwise (A4, 4:3, portrait, two maps) a strip below, so the map keeps the width.
    side_panel = (grid.width - 2 * MARGIN - PANEL_WIDTH - GAP) / (bottom - top) >= SIDE_PANEL_MIN_ASPECT
    legend_w = PANEL_WIDTH - 2.6 * LEGEND_PX - 16 if side_panel else content_w / 2 - 3.4 * LEGEND_PX - GAP
    labels = ["\n".join(builder.wrap(label, legend_font, legend_w)) for label in labels]
    legend = fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=(0, 1),
        frameon=False,
        prop=legend_font,
        handlelength=2.4,
        handleheight=1.5,
        handletextpad=0.7,
        labelspacing=0.75,
        borderpad=0,
        borderaxespad=0,
    )
    legend.set_gid("legend")
    for text in legend.get_texts():
        text.set_parse_math(False)
    legend_h = legend.get_window_extent(builder.renderer).height / grid.device(1)

    if side_panel:
        panel_left = grid.width - MARGIN - PANEL_WIDTH
        map_boxes = [(MARGIN, top, panel_left - GAP, bottom)]
    else:
        strip_w = content_w / 2 - GAP / 2
        strip_h = max(legend_h, _numbers_box(builder, statuses, stats, 0, 0, strip_w, draw=False))
        map_boxes = [(MARGIN, top, grid.width - MARGIN, bottom - strip_h - GAP)]

    axes = []
    plates = []
    for index, (item, (left, map_top, right, map_bottom)) in enumerate(zip(scenarios, map_boxes, strict=False)):
        ax = fig.add_axes(grid.rect(left, map_top, right, map_bottom), gid=f"map-{index}")
        # With a changes table in the strip layout (A4), the map keeps Ukraine's own aspect at the left of its box,
        # at the scale it has without the table: the table goes in the room beside it instead of the neighbours.
        beside = changes is not None and not side_panel
        plates.append(
            _draw_map(
                ax,
                builder,
                item,
                snapshot,
                layers,
                dataset=dataset,
                changes=changes,
                anchor="NW" if beside else "N",
                widen=not beside,
            )
        )
        axes.append(ax)

    numbers_w: float  # reference pixels
    if side_panel:
        legend_at, numbers_at, numbers_w = (panel_left, top), (panel_left, top + legend_h + 26), PANEL_WIDTH
    else:
        # Maps keep their aspect and sit at the top of their boxes: the strip follows the lowest one.
        strip_top = max((1 - ax.get_position().y0) * grid.height for ax in axes) + GAP
        legend_at, numbers_at, numbers_w = (MARGIN, strip_top), (MARGIN + strip_w + GAP, strip_top), strip_w
    legend.set_bbox_to_anchor((grid.fx(legend_at[0]), grid.fy(legend_at[1])), transform=fig.transFigure)
    numbers_h = _numbers_box(builder, statuses, stats, numbers_at[0], numbers_at[1], numbers_w, draw=True)
    if changes is not None:
        _place_changes(builder, changes, axes[0], side_panel, (legend_at, legend_h), (numbers_at, numbers_h, numbers_w), bottom)

    obstacles = [legend.get_window_extent(builder.renderer)] + [plate.get_window_extent(builder.renderer) for plate in plates]
    numbers = next(a for a in fig.artists if a.get_gid() == "numbers-box")
    obstacles.append(numbers.get_window_extent(builder.renderer))
    obstacles += [a.get_window_extent(builder.renderer) for a in fig.artists if a.get_gid() == "changes-box"]
    _place_labels(builder, obstacles, axes)
    return fig


def _place_changes(
    builder: _Figure,
    changes: Changes,
    ax: object,
    side_panel: bool,
    legend: tuple[tuple[float, float], float],
    numbers: tuple[tuple[float, float], float, float],
    bottom: float,
) -> None:
    """The changes table under the numbers box (side panel), else beside the map where it has room, else under the
    shorter column of the strip: the map keeps the room it has without the table."""
    from geodata.figures.changes_layer import changes_box

    grid = builder.grid
    (numbers_left, numbers_top), numbers_h, numbers_w = numbers
    if side_panel:
        top = numbers_top + numbers_h + 16
        changes_box(builder, changes, numbers_left, top, numbers_w, bottom - top, draw=True)
        return
    frame = ax.get_position()  # type: ignore[attr-defined]
    map_right, map_bottom = frame.x1 * grid.width, (1 - frame.y0) * grid.height
    room = grid.width - MARGIN - map_right - GAP
    if room >= CHANGES_MIN_WIDTH:
        top = (1 - frame.y1) * grid.height
        changes_box(builder, changes, map_right + GAP, top, room, map_bottom - top, draw=True)
        return
    (legend_left, legend_top), legend_h = legend
    left, top = (
        (legend_left, legend_top + legend_h + 20) if legend_h <= numbers_h else (numbers_left, numbers_top + numbers_h + 20)
    )
    changes_box(builder, changes, left, top, numbers_w, bottom - top, draw=True)
