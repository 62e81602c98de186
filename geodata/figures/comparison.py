"""The comparison figure: two proposals side by side on one line of contact, each named in full.

Layout, top to bottom: the title; one line saying both proposals are drawn on the same line (with its
date and age); above each map its heading, the proposal's full name and the line it is drawn on,
wrapped (never cut); the two maps side by side, as large as the rest allows; a strip with the numbers
table (a row per status, named in words, with its swatch: A, B, B − A in km²) and, beside it, the
legend's other symbols and each proposal's own qualifications; the footer with short sources, licences
and the disclaimer. Every number is :func:`geodata.stats.compute_stats` for that proposal on that line.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from matplotlib.patches import Rectangle

from geodata.changes_text import changes_totals_text
from geodata.control import ControlSnapshot
from geodata.dating import control_age_line
from geodata.figures.changes_layer import legend_rows, margin_line, places_line
from geodata.figures.labels import _place_labels
from geodata.figures.layout import BODY_PX, FOOTER_PX, GAP, LEGEND_PX, MUTED_COLOR, SUBTITLE_PX, _Figure
from geodata.figures.map_axes import _draw_map
from geodata.figures.panels import _legend_handles
from geodata.figures.symbols import _status_patch
from geodata.footer import sentences, short_sources
from geodata.layers import statuses_drawn
from geodata.margin import margin_cell
from geodata.published import margin_points_text
from geodata.scenarios import Scenario, Status
from geodata.stats import compute_stats
from geodata.wording import format_number, format_percent, format_signed, public_text, scenario_line, status_label, word

if TYPE_CHECKING:
    from geodata.changes import Changes
    from geodata.dataset import Dataset

#: Reference-pixel sizes of the comparison's own parts.
HEADING_PX = SUBTITLE_PX - 3
ROW_PX = BODY_PX * 1.32
#: The notes beside the table: each proposal's own qualifications, a little smaller than the footer.
NOTE_PX = FOOTER_PX - 1.5
#: The shares of the strip's width the table may take (the one leaving the lowest strip is used); the legend's
#: other symbols and the notes take the rest.
TABLE_SHARES = (0.45, 0.5, 0.55, 0.6)


def heading_text(scenario: Scenario, letter: str, snapshot: ControlSnapshot, lang: str) -> str:
    """A comparison side's heading: letter, the proposal's full name (as reported, dated) and the line it is drawn on.

    Parameters
    ----------
    scenario : Scenario
        The proposal on this side.
    letter : str
        "A" or "B" in the language's letters.
    snapshot : ControlSnapshot
        The line both sides are drawn on.
    lang : {"en", "uk"}
        Language of the words.

    Returns
    -------
    str
        Plain text, e.g. "A · US proposal (April 2025) (as reported) · 2025-04 — drawn on the line of contact
        as of 2025-11-20".
    """
    return word("compare_heading_line", lang, letter=letter, scenario=scenario_line(scenario, lang), date=snapshot.as_of)


def comparison_rows(
    scenarios: Sequence[Scenario], snapshot: ControlSnapshot, lang: str, *, dataset: Dataset
) -> list[tuple[Status, str, list[str]]]:
    """The comparison table's rows: each status either side draws, its name in words, A, B and B − A in km².

    Parameters
    ----------
    scenarios : sequence of Scenario
        The two proposals, A then B.
    snapshot : ControlSnapshot
        The line both are drawn on.
    lang : {"en", "uk"}
        Language of the words and number formats.
    dataset : Dataset
        The data the statistics of both proposals are computed from (regions, populations, areas).

    Returns
    -------
    list of tuple
        ``(status, label, [A, B, B − A])``, the numbers formatted as the dashboard writes them, from
        :func:`geodata.stats.compute_stats` of each proposal on ``snapshot``; A and B each with its stated margin
        (:func:`area_with_margin`); B − A is written bare, each side's margin being in its own cell.
    """
    first, second = (compute_stats(s, snapshot, dataset=dataset)["totals"] for s in scenarios)
    drawn = [statuses_drawn(s, snapshot, dataset=dataset) for s in scenarios]
    statuses = [s for s in Status if any(s in d for d in drawn)]
    rows = []
    for status in statuses:
        a, b = first[status.value]["area_km2"], second[status.value]["area_km2"]
        cells = [area_with_margin(t[status.value], lang) for t in (first, second)]
        rows.append((status, status_label(status, lang), [*cells, format_signed(b - a, lang)]))
    return rows


def area_with_margin(values: dict[str, Any], lang: str) -> str:
    """One status's area in a table cell with its stated margin, the column's unit (km²) left to the heading:
    "86,644 ± 1,206", or "86,644 not stated" where the line states no accuracy.

    Parameters
    ----------
    values : dict
        A status's totals (``compute_stats(...)["totals"][status]``): ``area_km2`` and ``margin_km2`` (km², None
        where the line states no accuracy; :mod:`geodata.margin`).
    lang : {"en", "uk"}
        Language of the words and number formats.

    Returns
    -------
    str
        Plain text; the "±" and the margin joined by a no-break space.
    """
    return f"{format_number(values['area_km2'], lang)} {margin_cell(values.get('margin_km2'), lang)}"


def _table(
    builder: _Figure, rows: list[tuple[Status, str, list[str]]], left: float, top: float, width: float, draw: bool
) -> float:
    """Draw (or only measure) the numbers table; returns its height in reference pixels."""
    grid, lang = builder.grid, builder.lang
    font, bold = builder.font(BODY_PX), builder.font(BODY_PX, weight="bold")
    # Each number column as wide as its own widest cell (or heading) and a gap: the row names get the rest.
    headers = [word(key, lang) for key in ("map_a", "map_b", "difference")]
    pad, swatch_w = 10, 30
    number_ws = [
        max(builder.text_width(text, bold) for text in [header, *(values[i] for _s, _l, values in rows)]) + 14
        for i, header in enumerate(headers)
    ]
    label_left = pad + swatch_w
    label_w = width - label_left - pad - sum(number_ws) - 8
    rights = [width - pad - sum(number_ws[i + 1 :]) for i in range(3)]
    heading_lines = builder.wrap(word("compare_table_heading", lang), bold, label_w)
    header_h = len(heading_lines) * BODY_PX * 1.25
    labels = [builder.wrap(label, font, label_w) for _status, label, _values in rows]
    heights = [max(ROW_PX, len(lines) * BODY_PX * 1.25 + 3) for lines in labels]
    height = pad + header_h + 6 + sum(heights) + pad / 2
    if not draw:
        return height
    builder.box(left, top, width, height, "numbers-box")
    y = top + pad
    builder.text(left + pad, y + header_h, "\n".join(heading_lines), bold, va="bottom", linespacing=1.25)
    for right, key in zip(rights, ("map_a", "map_b", "difference"), strict=False):
        builder.text(left + right, y + header_h, word(key, lang), bold, ha="right", va="bottom")
    y += header_h + 6
    builder.rule(left + pad, left + width - pad, y)
    for (status, _label, values), lines, row_h in zip(rows, labels, heights, strict=False):
        centre = y + row_h / 2
        builder.fig.add_artist(
            Rectangle(
                (grid.fx(left + pad), grid.fy(centre + 8)),
                grid.fx(swatch_w - 8),
                grid.fy(0) - grid.fy(16),
                transform=builder.fig.transFigure,
                **_status_patch(status, edgecolor="#555555", linewidth=grid.pt(1)),
            )
        )
        builder.text(left + label_left, centre, "\n".join(lines), font, va="center", linespacing=1.25, gid=f"row-{status.value}")
        for right, value, column in zip(rights, values, ("a", "b", "difference"), strict=False):
            builder.text(left + right, centre, value, font, ha="right", va="center", gid=f"cell-{status.value}-{column}")
        y += row_h
    return height


def _notes(scenarios: Sequence[Scenario], snapshot: ControlSnapshot, lang: str, dataset: Dataset) -> list[str]:
    """Each side's own qualifications of the statuses it draws, in its words: "A — Status: note. Status: note."."""
    paragraphs = []
    for index, scenario in enumerate(scenarios):
        drawn = statuses_drawn(scenario, snapshot, dataset=dataset)
        notes = [
            f"{status_label(s, lang)}: {scenario.status_note(s, lang)}"
            for s in Status
            if s in drawn and scenario.status_note(s, lang)
        ]
        if notes:
            letter = word("map_a" if index == 0 else "map_b", lang)
            paragraphs.append(f"{letter} — " + " ".join(n if n.endswith(".") else n + "." for n in notes))
    return paragraphs


def changes_note(changes: Changes, lang: str, most_places: int = 4) -> str:
    """The comparison's note on what changed since the earlier line: the heading, gained / lost / net, the net's
    margin and the places that changed side (plain text; the same for both maps, which share one line).

    Parameters
    ----------
    changes : Changes
        :func:`geodata.changes.changes_between`, ending on the line both maps are drawn on.
    lang : {"en", "uk"}
        Language.
    most_places : int, optional
        How many places to name before "and N more".

    Returns
    -------
    str
        One paragraph.
    """
    s = changes.summary
    totals = changes_totals_text(s, lang)
    heading = word("changes_heading", lang, from_date=s["from"], to_date=s["to"], days=s["days"])
    parts = [f"{heading}: {totals}", margin_line(s, lang), places_line(s, lang, most=most_places)]
    return " ".join(part if part.endswith(".") else part + "." for part in parts if part)


def _footer(builder: _Figure, scenarios: Sequence[Scenario], snapshot: ControlSnapshot, width: float, share: str) -> list[str]:
    lang = builder.lang
    parts, named = [], set()
    for index, scenario in enumerate(scenarios):
        letter = word("map_a" if index == 0 else "map_b", lang)
        # A source both sides cite is named once, under A (the footer is short; the notes and the dashboard list all).
        shorts = [short for short in short_sources(scenario.sources_in(lang)) if short not in named]
        named.update(shorts)
        parts.append(f"{letter}: " + "; ".join(shorts))
    control = "; ".join(short_sources(public_text(s) for s in snapshot.sources))
    parts.append(f"{word('control_sources', lang).capitalize()} ({snapshot.as_of}): {control}")
    sources = f"{word('compare_sources', lang)}: " + sentences(*parts)
    font = builder.font(FOOTER_PX)
    lines: list[str] = []
    # One run of text, not three paragraphs: each paragraph's last line is mostly empty, and the maps get that room.
    # Each sentence ends with one full stop ("… ± 1,3 в. п." keeps its own).
    lines += builder.wrap(sentences(share, sources, word("licences", lang), word("disclaimer", lang)), font, width)
    return lines


def render_comparison(
    builder: _Figure,
    scenarios: Sequence[Scenario],
    snapshot: ControlSnapshot,
    layers: Sequence[str],
    headline: str,
    today: date | None,
    *,
    dataset: Dataset,
    changes: Changes | None = None,
) -> None:
    """Lay out a comparison of two proposals on one line in ``builder``'s figure (see the module's docstring).

    Parameters
    ----------
    builder : _Figure
        The figure being built (its size and language).
    scenarios : sequence of Scenario
        A then B.
    snapshot : ControlSnapshot
        The one line both proposals are drawn on.
    layers : sequence of str
        Validated layer names.
    headline : str
        The title, plain text.
    today : datetime.date, optional
        The day the figure is made, for the line's age.
    dataset : Dataset
        Where the regions, places and control parts come from.
    changes : Changes, optional
        What Russia gained and lost since an earlier line (:func:`geodata.changes.changes_between`, ending on
        ``snapshot``): drawn on both maps as on the dashboard, two legend rows naming both dates, and a note with
        the totals, the net's margin and the places that changed side.
    """
    grid, fig, lang = builder.grid, builder.fig, builder.lang
    margin, top_margin, foot = 28, 18, 12
    content_w = grid.width - 2 * margin
    title_px, subtitle_px = 32, SUBTITLE_PX - 1
    title_font, subtitle_font = builder.font(title_px, weight="bold"), builder.font(subtitle_px)
    title_lines = builder.wrap(headline, title_font, content_w, max_lines=2)
    builder.text(margin, top_margin, "\n".join(title_lines), title_font, va="top", linespacing=1.2, gid="title")
    age = control_age_line(snapshot.as_of, lang, today)
    subtitle = word("compare_same_line", lang, line=age)
    subtitle_top = top_margin + len(title_lines) * title_px * 1.2 + 6
    subtitle_lines = builder.wrap(subtitle, subtitle_font, content_w)
    builder.text(
        margin,
        subtitle_top,
        "\n".join(subtitle_lines),
        subtitle_font,
        va="top",
        color=MUTED_COLOR,
        linespacing=1.3,
        gid="subtitle",
    )
    top = subtitle_top + len(subtitle_lines) * subtitle_px * 1.3 + 8

    # Footer first, then the strip: the maps take whatever height is left.
    stats_a = compute_stats(scenarios[0], snapshot, dataset=dataset)
    # With its stated margin, as the dashboard writes it (docs/method.md).
    annexed_margin = margin_points_text(stats_a.get("annexed_2022_margin_share"), lang)
    annexed = f"{format_percent(stats_a['annexed_2022_controlled_share'], lang)} {annexed_margin}"
    share = word("compare_share_line", lang, share=annexed)
    if changes is not None:
        # In the full-width footer rather than the strip's narrow notes column: the maps keep their room.
        share = f"{changes_note(changes, lang)} {share}"
    footer = _footer(builder, scenarios, snapshot, content_w, share)
    footer_h = len(footer) * FOOTER_PX * 1.4
    footer_top = grid.height - foot - footer_h
    footer_text = builder.text(
        margin,
        footer_top,
        "\n".join(footer),
        builder.font(FOOTER_PX),
        va="top",
        color=MUTED_COLOR,
        linespacing=1.4,
        gid="sources",
    )

    rows = comparison_rows(scenarios, snapshot, lang, dataset=dataset)
    # Beside the table: the legend's symbols that are not statuses (claims not held, the line), then each side's notes.
    handles, labels = _legend_handles([], layers, grid, lang)
    legend_font, note_font = builder.font(LEGEND_PX - 1), builder.font(NOTE_PX)
    paragraphs = _notes(scenarios, snapshot, lang, dataset)
    if changes is not None:
        more_handles, more_labels = legend_rows(changes, grid, lang)
        handles, labels = handles + more_handles, labels + more_labels
    # The legend's other symbols go under the table or above the notes, in one row where it fits the width
    # (else one symbol a line, never past the figure's edge); the table takes the share of the width, and the
    # legend the place, that leave the lowest strip, so the maps get the rest.
    label_ws = [builder.text_width(label, legend_font) + (LEGEND_PX - 1) * 3.1 for label in labels]

    def legend_width(cols: int) -> float:
        # Matplotlib fills a legend's columns top to bottom: column j holds entries j*rows .. (j+1)*rows - 1.
        rows = -(-len(label_ws) // cols)
        columns = [label_ws[j * rows : (j + 1) * rows] for j in range(cols)]
        return sum(max(c) for c in columns if c) + (LEGEND_PX - 1) * 2.0 * (cols - 1)

    plans = []
    for table_share in TABLE_SHARES:
        table_w = table_share * (content_w - GAP)
        side_w = content_w - table_w - GAP
        table_h = _table(builder, rows, 0, 0, table_w, draw=False)
        notes = [line for paragraph in paragraphs for line in builder.wrap(paragraph, note_font, side_w)]
        notes_h = len(notes) * NOTE_PX * 1.3
        for under_table in (True, False):
            room = table_w if under_table else side_w
            cols = next((c for c in range(len(handles), 1, -1) if legend_width(c) <= room), 1)
            legend_h = (LEGEND_PX - 1) * 1.9 * -(-len(handles) // cols) if handles else 0.0
            strip = max(table_h + (legend_h if under_table else 0), notes_h + (0 if under_table else legend_h))
            plans.append((strip, table_share, under_table, cols, legend_h, table_w, table_h, notes))
    strip_h, _share, under_table, legend_cols, legend_h, table_w, table_h, notes = min(plans, key=lambda plan: plan[:2])
    side_left = margin + table_w + GAP
    strip_top = footer_top - 8 - strip_h

    # The headings: each proposal in full and the line it is drawn on, wrapped to its half, both the same height.
    half = (content_w - GAP) / 2
    heading_font = builder.font(HEADING_PX, weight="bold")
    letters = [word("map_a", lang), word("map_b", lang)]
    headings = [
        builder.wrap(heading_text(s, letter, snapshot, lang), heading_font, half)
        for s, letter in zip(scenarios, letters, strict=False)
    ]
    heading_h = max(len(h) for h in headings) * HEADING_PX * 1.25
    maps_top, maps_bottom = top + heading_h + 6, strip_top - 8

    axes, plates = [], []
    for index, scenario in enumerate(scenarios):
        left = margin + index * (half + GAP)
        ax = fig.add_axes(grid.rect(left, maps_top, left + half, maps_bottom), gid=f"map-{index}")
        plates.append(_draw_map(ax, builder, scenario, snapshot, layers, dataset=dataset, changes=changes))
        axes.append(ax)
        builder.text(
            left,
            maps_top - 8,
            "\n".join(headings[index]),
            heading_font,
            va="bottom",
            linespacing=1.25,
            gid=f"map-heading-{index}",
        )

    # The strip follows the lower map (a map keeps its aspect and may end above its box).
    strip_top = max((1 - ax.get_position().y0) * grid.height for ax in axes) + 8
    _table(builder, rows, margin, strip_top, table_w, draw=True)
    if handles:
        legend = fig.legend(
            handles,
            labels,
            loc="upper left",
            bbox_to_anchor=(
                grid.fx(margin if under_table else side_left),
                grid.fy(strip_top + (table_h + 8 if under_table else 0)),
            ),
            frameon=False,
            prop=legend_font,
            handlelength=2.4,
            handleheight=1.2,
            handletextpad=0.7,
            borderpad=0,
            borderaxespad=0,
            ncol=legend_cols,
            columnspacing=2.0,
        )
        legend.set_gid("legend")
        for text in legend.get_texts():
            text.set_parse_math(False)
    if notes:
        builder.text(
            side_left,
            strip_top + (0 if under_table else legend_h),
            "\n".join(notes),
            note_font,
            va="top",
            color=MUTED_COLOR,
            linespacing=1.3,
            gid="status-notes",
        )

    # Where the maps are as wide as they can be (A4), the footer follows the strip rather than the page's foot.
    footer_text.set_y(grid.fy(min(footer_top, strip_top + strip_h + 14)))
    obstacles = [plate.get_window_extent(builder.renderer) for plate in plates]
    _place_labels(builder, obstacles, axes)


def map_share(fig: Any) -> float:
    """The share of a figure's area its maps' frames take (0 to 1), for the layout's checks.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        A figure from :func:`geodata.figures.render_figure`.

    Returns
    -------
    float
        Sum of the map axes' drawn areas over the figure's area.
    """
    return float(
        sum(ax.get_position().width * ax.get_position().height for ax in fig.axes if str(ax.get_gid()).startswith("map-"))
    )
