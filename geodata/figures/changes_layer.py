"""What Russia gained and lost since an earlier line, on the figure: the hatched polygons over the fills, their two
legend rows naming both dates, and a small table of gained / lost / net per region with the places that changed side.

The looks are the dashboard's (:data:`geodata.changes.CHANGE_STYLES`, drawn by ``static/map/claims-map.js``): no
fill of their own, so the status beneath still shows; gained dark red with a solid outline and ``/`` hatching, lost
dark blue with a dashed outline and ``\\`` hatching, so the two read apart in greyscale too. Every figure in the
table is :func:`geodata.changes.changes_between`'s, written by the formatters of :mod:`geodata.wording`.
"""

from __future__ import annotations

from typing import Any

from matplotlib.patches import Patch, PathPatch

from geodata.changes import CHANGE_STYLES, GAINED, LOST, Changes
from geodata.figures.layout import BODY_PX, MUTED_COLOR, _Figure, _Grid
from geodata.figures.projection import _polygon_path, _project
from geodata.published import margin_area_text, net_with_margin_text
from geodata.wording import format_number, word

#: The matplotlib hatch of each kind: the dashboard's pattern marks (``/`` for gained, ``\\`` for lost).
CHANGE_HATCHES = {GAINED: "///", LOST: "\\\\\\"}
#: How many places that changed side the figure names (by population, as :mod:`geodata.changes` sorts them).
MAX_PLACES = 6
#: The table's font, in reference pixels (a little smaller than the numbers box: it is the second table).
TABLE_PX = BODY_PX - 1


def _dashes(kind: str, weight: float) -> Any:
    dash = CHANGE_STYLES[kind].get("dashArray")
    if not dash:
        return "solid"
    on, off = (float(v) for v in str(dash).split())
    return (0, (on / weight, off / weight))


def _look(kind: str, grid: _Grid) -> dict[str, Any]:
    style = CHANGE_STYLES[kind]
    weight = float(style["weight"])
    return {
        "facecolor": "none",
        "hatch": CHANGE_HATCHES[kind],
        "hatchcolor": style["color"],
        "edgecolor": style["color"],
        "linewidth": grid.pt(weight),
        "linestyle": _dashes(kind, weight),
    }


def draw_changes(ax: Any, grid: _Grid, changes: Changes) -> None:
    """Draw the gained and lost polygons on a map axes (projected as the map is), over the fills and claims.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The map's axes.
    grid : _Grid
        The figure's grid (line widths in points).
    changes : Changes
        What :func:`geodata.changes.changes_between` returned; one patch per kind, gid ``changes-gained`` and
        ``changes-lost``.
    """
    for kind in (GAINED, LOST):
        path = _polygon_path([_project(p.geometry) for p in changes.polygons if p.kind == kind])
        if path is None:
            continue
        patch = PathPatch(path, **_look(kind, grid), zorder=3.5, gid=f"changes-{kind}")
        patch.set_hatch_linewidth(grid.pt(1.2))
        ax.add_patch(patch)


def legend_rows(changes: Changes, grid: _Grid, lang: str) -> tuple[list[Any], list[str]]:
    """The two legend rows, gained and lost, each naming both dates in the catalogue's words.

    Parameters
    ----------
    changes : Changes
        What :func:`geodata.changes.changes_between` returned.
    grid : _Grid
        The figure's grid.
    lang : {"en", "uk"}
        Language of the labels.

    Returns
    -------
    tuple
        ``(handles, labels)`` for :meth:`matplotlib.figure.Figure.legend`.
    """
    dates = {"from_date": changes.summary["from"], "to_date": changes.summary["to"]}
    handles = [Patch(**_look(kind, grid)) for kind in (GAINED, LOST)]
    return handles, [word(f"changes_{kind}", lang, **dates) for kind in (GAINED, LOST)]


def margin_line(summary: dict[str, Any], lang: str) -> str:
    """The margin said beside the changes: the net change's own, where :mod:`geodata.changes` gives one
    (``margin_km2``: the two lines' margins added), else each line's stated margin with its date (``from_margin_km2``,
    ``to_margin_km2``; "not stated" for a line that states none).

    Parameters
    ----------
    summary : dict
        ``Changes.summary``.
    lang : {"en", "uk"}
        Language.

    Returns
    -------
    str
        Plain text; empty when neither margin is known.
    """
    if summary.get("margin_km2") is not None:
        return word("changes_net_margin", lang, margin=margin_area_text(summary["margin_km2"], lang))
    if "from_margin_km2" in summary and "to_margin_km2" in summary:
        return word(
            "changes_lines_margin",
            lang,
            from_date=summary["from"],
            to_date=summary["to"],
            from_margin=margin_area_text(summary["from_margin_km2"], lang),
            to_margin=margin_area_text(summary["to_margin_km2"], lang),
        )
    return ""


def places_text(summary: dict[str, Any], lang: str, most: int = MAX_PLACES) -> str:
    """Up to ``most`` settlements and key assets that changed side, and how many more.

    Parameters
    ----------
    summary : dict
        ``Changes.summary``.
    lang : {"en", "uk"}
        Language of the names and words.
    most : int
        How many places to name.

    Returns
    -------
    str
        "Kupiansk: retaken by Ukraine; …" or the words for none.
    """
    places = [*summary["settlements"], *summary["assets"]]
    if not places:
        return ""
    name = f"name_{lang}"
    named = [word(f"changes_place_{p['kind']}", lang, name=p.get(name) or p["name_en"]) for p in places[:most]]
    more = len(places) - len(named)
    return "; ".join(named) + (f"; {word('changes_more_places', lang, count=more)}" if more else "")


def places_line(summary: dict[str, Any], lang: str, most: int = MAX_PLACES) -> str:
    """The places line under the table: its heading and :func:`places_text`, or the words for none.

    Parameters
    ----------
    summary : dict
        ``Changes.summary``.
    lang : {"en", "uk"}
        Language.
    most : int
        How many places to name.

    Returns
    -------
    str
        Plain text.
    """
    text = places_text(summary, lang, most)
    return f"{word('changes_places', lang)}: {text}" if text else word("changes_no_places", lang)


def table_rows(changes: Changes, lang: str) -> list[list[str]]:
    """The table's rows as written on the figure: region, gained, lost, net (km²) with its margin, then all of Ukraine.

    Parameters
    ----------
    changes : Changes
        What :func:`geodata.changes.changes_between` returned.
    lang : {"en", "uk"}
        Language of the names and numbers.

    Returns
    -------
    list of list of str
        One row per region of :func:`geodata.changes.region_table` (its ``total`` row named "All of Ukraine"); the
        net written with its margin (:func:`geodata.published.net_with_margin_text`: "−236 ± 218", or "not stated"
        where a line states no accuracy), as the pack and the dashboard show it.
    """
    from geodata.changes import region_table

    rows = []
    for row in region_table(changes):
        name = word("changes_total", lang) if row["region_id"] == "total" else row[f"name_{lang}"]
        rows.append(
            [
                name,
                format_number(row["gained_km2"], lang),
                format_number(row["lost_km2"], lang),
                net_with_margin_text(row["net_km2"], row["margin_km2"], lang),
            ]
        )
    return rows


def changes_box(
    builder: _Figure, changes: Changes, left: float, top: float, width: float, max_height: float, draw: bool
) -> float:
    """Draw (or only measure) the changes table: heading, gained / lost / net per region and in all, the margin,
    and the places that changed side; regions past what ``max_height`` holds are left to the total and said so.

    Parameters
    ----------
    builder : _Figure
        The figure being built.
    changes : Changes
        What :func:`geodata.changes.changes_between` returned.
    left, top, width, max_height : float
        Where the box goes, in reference pixels.
    draw : bool
        False to measure only.

    Returns
    -------
    float
        The box's height in reference pixels (the patch has gid ``changes-box``; each cell is a text with gid
        ``changes-cell-<row>-<column>``).
    """
    lang, summary = builder.lang, changes.summary
    pad, line_h = 12, TABLE_PX * 1.3
    font, bold = builder.font(TABLE_PX), builder.font(TABLE_PX + 1, weight="bold")
    inner = width - 2 * pad
    heading = builder.wrap(
        word("changes_heading", lang, from_date=summary["from"], to_date=summary["to"], days=summary["days"]), bold, inner
    )
    header = [word(f"changes_col_{k}", lang) for k in ("region", "gained", "lost", "net")]
    all_rows = table_rows(changes, lang)
    # Each number column as wide as its widest cell (the net's carries its margin), at least 128 px.
    number_ws = [max(128.0, *(builder.text_width(r[c], bold) + 14 for r in all_rows)) for c in (1, 2, 3)]
    rights = [pad + inner - number_ws[2] - number_ws[1], pad + inner - number_ws[2], pad + inner]
    name_w = rights[0] - number_ws[0] - pad - 8
    header_lines = [builder.wrap(h, font, w) for h, w in zip(header, [name_w, *(w - 8 for w in number_ws)], strict=False)]
    header_h = max(len(h) for h in header_lines) * line_h
    regions, total = all_rows[:-1], all_rows[-1]
    margin = margin_line(summary, lang)

    def height(shown: int, most: int) -> tuple[float, list[list[str]], list[str]]:
        rows = [*regions[:shown], total]
        more = len(regions) - shown
        notes = [word("changes_more_regions", lang, count=more)] if more else []
        notes += [margin, places_line(summary, lang, most)]
        lines = [line for note in notes if note for line in builder.wrap(note, font, inner)]
        cell_lines = [max(1, len(builder.wrap(r[0], font, name_w))) for r in rows]
        return (
            pad + len(heading) * line_h + 6 + header_h + 4 + sum(cell_lines) * line_h + 8 + len(lines) * line_h + pad,
            rows,
            lines,
        )

    # Every region first: fewer places named, then fewer rows (the total always), until the box fits.
    tries = [(len(regions), most) for most in (MAX_PLACES, 3, 1)] + [(n, 1) for n in range(len(regions) - 1, -1, -1)]
    for shown, most in tries:
        total_h, rows, lines = height(shown, most)
        if total_h <= max_height:
            break
    if not draw:
        return total_h
    builder.box(left, top, width, total_h, "changes-box")
    y = top + pad
    builder.text(left + pad, y, "\n".join(heading), bold, va="top", linespacing=1.3)
    y += len(heading) * line_h + 6
    builder.text(left + pad, y + header_h, "\n".join(header_lines[0]), font, va="bottom", color=MUTED_COLOR, linespacing=1.3)
    for right, lines_ in zip(rights, header_lines[1:], strict=False):
        builder.text(
            left + right, y + header_h, "\n".join(lines_), font, va="bottom", ha="right", color=MUTED_COLOR, linespacing=1.3
        )
    y += header_h + 2
    builder.rule(left + pad, left + width - pad, y)
    y += 2
    for index, row in enumerate(rows):
        row_font = bold if index == len(rows) - 1 else font
        name_lines = builder.wrap(row[0], row_font, name_w)
        builder.text(left + pad, y, "\n".join(name_lines), row_font, va="top", linespacing=1.3, gid=f"changes-cell-{index}-0")
        for column, (right, text) in enumerate(zip(rights, row[1:], strict=False), start=1):
            builder.text(left + right, y, text, row_font, va="top", ha="right", gid=f"changes-cell-{index}-{column}")
        y += max(1, len(name_lines)) * line_h
    y += 8
    builder.text(left + pad, y, "\n".join(lines), font, va="top", linespacing=1.3, gid="changes-notes")
    return total_h


def changes_symbols(changes: Changes, lang: str) -> str:
    """How the gains and losses are drawn, naming both dates: the legend of the map picture on a slide.

    Parameters
    ----------
    changes : Changes
        What :func:`geodata.changes.changes_between` returned.
    lang : {"en", "uk"}
        The deck's language.

    Returns
    -------
    str
        Plain text.
    """
    dates = {"from_date": changes.summary["from"], "to_date": changes.summary["to"]}
    return word(
        "slide_changes_symbols",
        lang,
        gained=word("changes_gained", lang, **dates),
        lost=word("changes_lost", lang, **dates),
    )
