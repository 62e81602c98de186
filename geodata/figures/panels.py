"""The panels around the map: the legend, the numbers box, the footer with sources and licences, and the scale bar."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from matplotlib.lines import Line2D
from matplotlib.patches import Patch, Rectangle

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.figures.layout import BODY_PX, FOOTER_PX, LABEL_PX, MUTED_COLOR, TEXT_COLOR, _Figure, _Grid
from geodata.figures.symbols import CLAIM_LINE, CONTACT_LINE, _claim_dashes, _status_patch
from geodata.footer import full_stop, sentences, short_sources
from geodata.layers import statuses_drawn
from geodata.published import margin_area_text
from geodata.scenarios import Scenario, Status
from geodata.wording import format_number, format_percent, public_text, status_label, word


def _legend_handles(statuses: Sequence[Status], layers: Sequence[str], grid: _Grid, lang: str) -> tuple[list[Any], list[str]]:
    handles: list[Any] = []
    labels: list[str] = []
    for status in statuses:
        handles.append(Patch(**_status_patch(status, edgecolor="#555555", linewidth=grid.pt(1))))
        labels.append(status_label(status, lang))
    if "claims" in layers:
        weight = CLAIM_LINE.weight
        handles.append(
            Patch(
                facecolor="white",
                hatch="/",
                hatchcolor=CLAIM_LINE.color,
                edgecolor=CLAIM_LINE.color,
                linewidth=grid.pt(weight),
                linestyle=_claim_dashes(weight),
            )
        )
        labels.append(word("claim_label", lang))
    if "line" in layers:
        handles.append(Line2D([], [], color=CONTACT_LINE.color, linewidth=grid.pt(CONTACT_LINE.weight)))
        labels.append(word("line_label", lang))
    return handles, labels


def _draw_scale_bar(ax: Any, builder: _Figure, avoid: Any = None) -> Any:
    """A two-segment scale bar on a white plate, in the first corner where the plate keeps off ``avoid``
    (Ukraine's outline, projected): lower left, lower right, upper left, upper right. Returns the plate
    (an obstacle for labels)."""
    from shapely.geometry import box

    grid = builder.grid
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    frame_px = ax.get_window_extent(builder.renderer).width / grid.device(1)
    metres_per_px = (x1 - x0) / frame_px
    # The longest round length that stays under 200 reference pixels, so its labels never crowd.
    length_km = max((v for v in (25, 50, 100, 150, 200, 300, 500) if v * 1000 / metres_per_px <= 200), default=25)
    metres = length_km * 1000
    plate_w, plate_h = metres + 56 * metres_per_px, 57 * metres_per_px
    corners = [
        (x0 + 10 * metres_per_px, y0 + 16 * metres_per_px),
        (x1 - 10 * metres_per_px - plate_w, y0 + 16 * metres_per_px),
        (x0 + 10 * metres_per_px, y1 - 10 * metres_per_px - plate_h),
        (x1 - 10 * metres_per_px - plate_w, y1 - 10 * metres_per_px - plate_h),
    ]
    plate_x, plate_y = next(
        (c for c in corners if avoid is None or not avoid.intersects(box(c[0], c[1], c[0] + plate_w, c[1] + plate_h))), corners[0]
    )
    left, bottom = plate_x + 14 * metres_per_px, plate_y + 14 * metres_per_px
    bar_h = 7 * metres_per_px
    plate = Rectangle(
        (plate_x, plate_y),
        plate_w,
        plate_h,
        facecolor="white",
        edgecolor="none",
        alpha=0.85,
        zorder=8,
        gid="scale-bar",
    )
    ax.add_patch(plate)
    for index, colour in enumerate(("#111111", "white")):
        ax.add_patch(
            Rectangle(
                (left + index * metres / 2, bottom),
                metres / 2,
                bar_h,
                facecolor=colour,
                edgecolor="#111111",
                linewidth=grid.pt(1),
                zorder=9,
            )
        )
    font = builder.font(LABEL_PX)
    unit = word("km", builder.lang)
    for value, x in ((0, left), (length_km, left + metres)):
        text = f"{value} {unit}" if value else "0"
        ax.text(
            x,
            bottom + bar_h + 8 * metres_per_px,
            text,
            fontproperties=font,
            ha="center",
            va="bottom",
            color=TEXT_COLOR,
            zorder=9,
            parse_math=False,
            usetex=False,
        )
    return plate


def _status_note_paragraphs(
    scenarios: Sequence[Scenario], snapshot: ControlSnapshot, lang: str, *, dataset: Dataset
) -> list[str]:
    """How each scenario qualifies the statuses drawn, in its own words (the legend's notes on the dashboard)."""
    paragraphs = []
    for index, scenario in enumerate(scenarios):
        drawn = statuses_drawn(scenario, snapshot, dataset=dataset)
        notes = [
            f"{status_label(s, lang)}: {scenario.status_note(s, lang)}"
            for s in Status
            if s in drawn and scenario.status_note(s, lang)
        ]
        if notes:
            letter = f"{word('map_a' if index == 0 else 'map_b', lang)}: " if len(scenarios) > 1 else ""
            paragraphs.append(
                f"{letter}{word('notes_heading', lang)}: " + " ".join(n if n.endswith(".") else n + "." for n in notes)
            )
    return paragraphs


def _footer_lines(
    builder: _Figure, scenarios: Sequence[Scenario], snapshot: ControlSnapshot, width: float, *, dataset: Dataset
) -> list[str]:
    lang = builder.lang
    scenario_sources = list(dict.fromkeys(s for scenario in scenarios for s in scenario.sources_in(lang)))
    control_sources = short_sources(public_text(s) for s in snapshot.sources)
    sources = sentences(
        f"{word('sources', lang)}: {'; '.join(scenario_sources)}",
        f"{word('control_sources', lang).capitalize()} ({snapshot.as_of}): {'; '.join(control_sources)}",
    )
    font = builder.font(FOOTER_PX)
    lines: list[str] = []
    for paragraph in (
        *_status_note_paragraphs(scenarios, snapshot, lang, dataset=dataset),
        sources,
        full_stop(word("licences", lang)),
        word("disclaimer", lang),
    ):
        lines += builder.wrap(paragraph, font, width)
    return lines


def _numbers_rows(
    builder: _Figure, statuses: Sequence[Status], stats: Sequence[dict[str, Any]]
) -> tuple[list[str], list[list[str]]]:
    """One scenario's numbers box: area with its stated margin, share and population by status (a comparison has
    its own table, :mod:`geodata.figures.comparison`); the margin is the status's own, as the dashboard's table."""
    lang = builder.lang
    totals = stats[0]["totals"]
    header = [word("area", lang), word("col_margin", lang), word("share", lang), word("population", lang)]
    rows = [
        [
            format_number(totals[s.value]["area_km2"], lang),
            margin_area_text(totals[s.value].get("margin_km2"), lang),
            format_percent(totals[s.value]["share_of_ukraine"], lang),
            format_number(totals[s.value]["population"], lang),
        ]
        for s in statuses
    ]
    return header, rows


def _numbers_box(
    builder: _Figure,
    statuses: Sequence[Status],
    stats: Sequence[dict[str, Any]],
    left: float,
    top: float,
    width: float,
    draw: bool,
) -> float:
    """Draw (or only measure, with ``draw=False``) the numbers box; returns its height in reference pixels."""
    grid, lang = builder.grid, builder.lang
    pad, swatch_w, row_h = 14, 34, BODY_PX * 1.75
    head_font, font, bold = builder.font(BODY_PX), builder.font(BODY_PX), builder.font(BODY_PX + 1, weight="bold")
    header, rows = _numbers_rows(builder, statuses, stats)
    inner = width - 2 * pad
    # Column right edges: the numbers sit on the right, under headers wrapped to their column's width.
    columns = [pad + swatch_w + f * (inner - swatch_w) for f in (0.2, 0.47, 0.64)] + [width - pad]
    column_w = [columns[0] - pad - swatch_w - 8, *(b - a - 12 for a, b in zip(columns, columns[1:], strict=False))]
    heading = word("by_status", lang)
    heading_lines = builder.wrap(heading, bold, inner)
    header_lines = [builder.wrap(h, head_font, w) for h, w in zip(header, column_w, strict=False)]
    header_h = max(len(h) for h in header_lines) * BODY_PX * 1.25
    share = stats[0]["annexed_2022_controlled_share"]
    # Each headline share and area with its margin, and the published figure of a date within 7 days (docs/method.md).
    from geodata.published import headline_total_text, margin_points_text

    margin = margin_points_text(stats[0].get("annexed_2022_margin_share"), lang)
    share_lines = builder.wrap(f"{word('annexed_share', lang)}: {format_percent(share, lang)} {margin}", font, inner)
    if len(stats) == 1:
        share_lines += builder.wrap(headline_total_text(stats[0], lang), font, inner)
    height = (
        pad
        + len(heading_lines) * (BODY_PX + 1) * 1.3
        + 8
        + header_h
        + 6
        + len(rows) * row_h
        + 10
        + len(share_lines) * BODY_PX * 1.3
        + pad
    )
    if not draw:
        return height
    builder.box(left, top, width, height, "numbers-box")
    y = top + pad
    builder.text(left + pad, y, "\n".join(heading_lines), bold, va="top", linespacing=1.3)
    y += len(heading_lines) * (BODY_PX + 1) * 1.3 + 8
    for right, lines in zip(columns, header_lines, strict=False):
        builder.text(
            left + right, y + header_h, "\n".join(lines), head_font, ha="right", va="bottom", color=MUTED_COLOR, linespacing=1.25
        )
    y += header_h + 6
    builder.rule(left + pad, left + width - pad, y)
    for status, row in zip(statuses, rows, strict=False):
        centre = y + row_h / 2
        swatch = Rectangle(
            (grid.fx(left + pad), grid.fy(centre + 9)),
            grid.fx(swatch_w - 6),
            grid.fy(0) - grid.fy(18),
            transform=builder.fig.transFigure,
            **_status_patch(status, edgecolor="#555555", linewidth=grid.pt(1)),
        )
        builder.fig.add_artist(swatch)
        for right, value in zip(columns, row, strict=False):
            builder.text(left + right, centre, value, font, ha="right", va="center_baseline")
        y += row_h
    y += 10
    builder.text(left + pad, y, "\n".join(share_lines), font, va="top", linespacing=1.3)
    return height
