"""Two more kinds of slide for a deck (:mod:`geodata.slides`): the changes between two lines and the trend.

- The changes slide: the map with what Russia gained and lost since an earlier line drawn over the fills, the
  changes heading in the title placeholder, a native table of gained / lost / net per region and in all (equal to
  :func:`geodata.changes.region_table`), the places that changed side, a footer with both dates and the short
  sources, and speaker notes with both lines' sources in full, the method and the slivers left out.
- The trend slide: the trend chart (:func:`geodata.figures.trend.trend_bytes`) as a picture, a native table of each
  control date with its Russian-held area and share of Ukraine (the ``total`` rows of
  :func:`geodata.trend.trend_rows`), and notes with every date's sources, the published figures drawn and the gaps.

Each is a slide builder for :func:`geodata.slides.build_deck`; every word is :func:`geodata.wording.word` in the
deck's language and every number a formatter of :mod:`geodata.wording`.
"""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING, Any

from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, Slides
from pptx.util import Emu, Inches, Pt

from geodata.changes_text import changes_slivers_text, changes_totals_text
from geodata.dating import control_age_line
from geodata.figures.changes_layer import changes_symbols, margin_line, places_line, table_rows as changes_table_rows
from geodata.figures.picture import map_picture
from geodata.footer import full_stop, sentences, short_sources
from geodata.published import margin_area_text
from geodata.slides import SLIDE_W, TITLE_ONLY, SlideBuilder, SlideSpec, _cell, _text_box
from geodata.stats import area_method
from geodata.trend import trend_rows
from geodata.wording import format_date, format_number, format_percent, public_text, scenario_line, word

if TYPE_CHECKING:
    from geodata.dataset import Dataset


def _new_slide(prs: PresentationType, title_text: str, size: float = 24) -> Slide:
    slides: Slides = prs.slides  # Presentation.slides is an untyped property in python-pptx
    slide = slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    title = slide.shapes.title
    if title is None:
        raise RuntimeError("the slide layout has no title placeholder")
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.2), Inches(SLIDE_W - 0.8), Inches(0.9)
    title.text = title_text
    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(size), True
    return slide


def _notes(slide: Slide, text: str) -> None:
    notes = slide.notes_slide.notes_text_frame
    if notes is None:
        raise RuntimeError("the notes slide has no text frame")
    notes.text = text


def _table(slide: Slide, header: list[str], rows: list[list[str]], left: float, top: float, widths: list[float]) -> float:
    """A native table, the first column left and the others right aligned; returns its estimated height in inches."""
    heights = [0.3] + [0.24] * len(rows)
    shape = slide.shapes.add_table(
        len(rows) + 1, len(header), Inches(left), Inches(top), Inches(sum(widths)), Inches(sum(heights))
    )
    table = shape.table
    for index, inches in enumerate(widths):
        table.columns[index].width = Emu(int(Inches(inches)))
    for index, inches in enumerate(heights):
        table.rows[index].height = Emu(int(Inches(inches)))
    for column, text in enumerate(header):
        _cell(table.cell(0, column), text, bold=True, align_right=column > 0)
    for row_index, values in enumerate(rows, start=1):
        for column, text in enumerate(values):
            _cell(table.cell(row_index, column), text, align_right=column > 0)
    return sum(heights)


def changes_notes(spec: SlideSpec) -> str:
    """The changes slide's speaker notes: both lines and their sources in full, the totals with the margin, the
    places that changed side, the method, the slivers left out, the licences and the disclaimer.

    Parameters
    ----------
    spec : SlideSpec
        The slide, with ``changes``.

    Returns
    -------
    str
        Plain text, one paragraph a line.

    Raises
    ------
    ValueError
        When ``spec.changes`` is None.
    """
    if spec.changes is None:
        raise ValueError("a changes slide needs spec.changes")
    lang, s = spec.lang, spec.changes.summary
    lines = [
        word("slide_changes_dates", lang, from_date=s["from"], to_date=s["to"], days=s["days"]),
        changes_totals_text(s, lang, key="slide_changes_totals"),
        margin_line(s, lang),
        places_line(s, lang, most=len(s["settlements"]) + len(s["assets"])),
        f"{word('slide_line_sources', lang, date=s['from'])}: " + "; ".join(public_text(x) for x in s["from_sources"]),
        f"{word('slide_line_sources', lang, date=s['to'])}: " + "; ".join(public_text(x) for x in s["to_sources"]),
        changes_slivers_text(s, lang),
        word("changes_method_note", lang, size=format_number(s["slivers"]["max_km2"], lang)),
        full_stop(word("licences", lang)),
        word("disclaimer", lang),
    ]
    return "\n".join(line for line in lines if line)


def add_changes_slide(prs: PresentationType, spec: SlideSpec) -> Slide:
    """Add the changes slide: title, both lines, the map with the gains and losses, the table per region, the
    places that changed side, footer and notes.

    Parameters
    ----------
    prs : pptx.presentation.Presentation
        From :func:`geodata.slides.new_presentation`.
    spec : SlideSpec
        The scenario whose fills the map shows, on the later line (``snapshot``), with ``changes`` ending on it.

    Returns
    -------
    pptx.slide.Slide
        The slide added.

    Raises
    ------
    ValueError
        When ``spec.changes`` is None.
    """
    if spec.changes is None:
        raise ValueError("a changes slide needs spec.changes")
    lang, changes = spec.lang, spec.changes
    s = changes.summary
    slide = _new_slide(prs, word("changes_heading", lang, from_date=s["from"], to_date=s["to"], days=s["days"]))
    age = control_age_line(spec.snapshot.as_of, lang, spec.today)
    _text_box(slide, 0.4, 1.1, SLIDE_W - 0.8, 0.38, f"{scenario_line(spec.scenario, lang)} · {age}", 14, colour="#3d3d3d")
    picture = map_picture([spec.scenario], spec.snapshot, spec.layers, lang, "1500x1000", dataset=spec.dataset, changes=changes)
    slide.shapes.add_picture(io.BytesIO(picture), Inches(0.4), Inches(1.6), width=Inches(7.6))
    header = [word(f"changes_col_{k}", lang) for k in ("region", "gained", "lost", "net")]
    width = SLIDE_W - 8.2 - 0.35
    rows = changes_table_rows(changes, lang)
    # The net holds its margin ("−236 ± 218", or "not stated"): about 0.07 in a character at 10 pt, plus the cell margins.
    net_w = min(1.7, max(0.95, 0.07 * max(len(r[3]) for r in rows) + 0.25))
    table_h = _table(slide, header, rows, 8.2, 1.6, [width - 2 * 0.95 - net_w, 0.95, 0.95, net_w])
    places = places_line(s, lang)
    text = "\n".join(x for x in (changes_symbols(changes, lang), margin_line(s, lang), places) if x)
    top = 1.6 + table_h + 0.15
    _text_box(slide, 8.2, top, width, max(0.5, 6.8 - top), text, 9, colour="#3d3d3d")
    both = "; ".join(short_sources(public_text(x) for x in [*s["from_sources"], *s["to_sources"]]))
    footer = sentences(
        word("slide_changes_dates", lang, from_date=s["from"], to_date=s["to"], days=s["days"]),
        f"{word('control_sources', lang).capitalize()}: {both}",
        word("licences", lang),
        word("disclaimer", lang),
    )
    _text_box(slide, 0.4, 6.88, SLIDE_W - 0.8, 0.56, footer, 7, colour="#3d3d3d")
    _notes(slide, changes_notes(spec))
    return slide


def changes_slide_builder(spec: SlideSpec) -> SlideBuilder:
    """A builder that adds the changes slide of ``spec`` (:func:`add_changes_slide`), for :func:`geodata.slides.build_deck`.

    Parameters
    ----------
    spec : SlideSpec
        With ``changes``.

    Returns
    -------
    SlideBuilder
        A function of a presentation.
    """

    def build(prs: PresentationType) -> None:
        add_changes_slide(prs, spec)

    return build


def trend_table(trend: dict[str, Any], lang: str) -> tuple[list[str], list[list[str]]]:
    """The trend slide's table: a row per control date, its Russian-held area (with its margin where the date's
    line states one) and share of Ukraine, from the ``total`` rows of :func:`geodata.trend.trend_rows`.

    Parameters
    ----------
    trend : dict
        What :func:`geodata.trend.compute_trend` returned.
    lang : {"en", "uk"}
        The deck's language.

    Returns
    -------
    tuple
        ``(header, rows)`` of plain text.
    """
    margins = {item["as_of"]: item.get("margin_km2") for item in trend["dates"]}
    header = [word("trend_col_date", lang), word("trend_col_km2", lang), word("col_margin", lang), word("trend_col_share", lang)]
    rows = [
        [
            row["as_of"],
            format_number(row["russian_held_km2"], lang),
            margin_area_text(margins.get(row["as_of"]), lang),
            format_percent(row["share"], lang),
        ]
        for row in trend_rows(trend)
        if row["region_id"] == "total"
    ]
    return header, rows


def trend_notes(trend: dict[str, Any], lang: str, *, dataset: Dataset) -> str:
    """The trend slide's notes: the gaps, each control date's sources in full, the published figures drawn with their
    sources, the area method, the licences and the disclaimer.

    Parameters
    ----------
    trend : dict
        What :func:`geodata.trend.compute_trend` returned.
    lang : {"en", "uk"}
        The deck's language.
    dataset : Dataset
        Where each date's line (and its sources) is read from.

    Returns
    -------
    str
        Plain text, one paragraph a line.
    """
    days = trend["max_gap_days"]
    gaps = "; ".join(f"{g['from']} – {g['to']} ({word('trend_gap', lang, days=g['days'])})" for g in trend["gaps"])
    lines = [word("trend_slide_gaps", lang, days=days, gaps=gaps) if gaps else word("trend_slide_no_gaps", lang, days=days)]
    for item in trend["dates"]:
        sources = dataset.snapshot(item["as_of"]).sources
        lines.append(f"{word('slide_line_sources', lang, date=item['as_of'])}: " + "; ".join(public_text(x) for x in sources))
    published = [f"{p['as_of']}: {p['source']}" for p in trend.get("published", []) if p["region_id"] is None]
    if published:
        lines.append(f"{word('trend_slide_published', lang)}: " + "; ".join(dict.fromkeys(published)))
    lines += [area_method(dataset=dataset, lang=lang), full_stop(word("licences", lang)), word("disclaimer", lang)]
    return "\n".join(line for line in lines if line)


def add_trend_slide(
    prs: PresentationType, trend: dict[str, Any], lang: str = "en", today: date | None = None, *, dataset: Dataset
) -> Slide:
    """Add the trend slide: the chart as a picture, a table of the dates with the Russian-held area and share, a
    footer naming the first and last dates and the sources, and notes with every date's sources and the gaps.

    Parameters
    ----------
    prs : pptx.presentation.Presentation
        From :func:`geodata.slides.new_presentation`.
    trend : dict
        What :func:`geodata.trend.compute_trend` returned (with at least one date).
    lang : {"en", "uk"}
        The deck's language.
    today : datetime.date, optional
        The day the deck is made (the newest line's age); the machine's date when omitted.
    dataset : Dataset
        Where each date's line (and its sources) is read from.

    Returns
    -------
    pptx.slide.Slide
        The slide added.
    """
    from geodata.figures.trend import trend_bytes

    slide = _new_slide(prs, word("trend_heading", lang))
    dates = trend["dates"]
    if dates:
        newest = control_age_line(dates[-1]["as_of"], lang, today)
        subtitle = f"{format_date(dates[0]['as_of'], lang)} – {format_date(dates[-1]['as_of'], lang)} · {newest}"
        _text_box(slide, 0.4, 1.1, SLIDE_W - 0.8, 0.38, subtitle, 14, colour="#3d3d3d")
    picture = trend_bytes(trend, "png", size="1600x1000", lang=lang)
    slide.shapes.add_picture(io.BytesIO(picture), Inches(0.4), Inches(1.6), width=Inches(7.6))
    header, rows = trend_table(trend, lang)
    width = SLIDE_W - 8.2 - 0.35
    table_h = _table(slide, header, rows, 8.2, 1.6, [1.05, width - 1.05 - 1.2 - 0.95, 1.2, 0.95])
    note = word("trend_gap_note", lang, days=trend["max_gap_days"])
    top = 1.6 + table_h + 0.15
    _text_box(slide, 8.2, top, width, max(0.5, 6.8 - top), note, 9, colour="#3d3d3d")
    sources = [public_text(x) for item in dates for x in dataset.snapshot(item["as_of"]).sources]
    short = "; ".join(short_sources(sources))
    footer = sentences(f"{word('control_sources', lang).capitalize()}: {short}", word("licences", lang), word("disclaimer", lang))
    _text_box(slide, 0.4, 6.88, SLIDE_W - 0.8, 0.56, footer, 7, colour="#3d3d3d")
    _notes(slide, trend_notes(trend, lang, dataset=dataset))
    return slide


def trend_slide_builder(trend: dict[str, Any], lang: str = "en", today: date | None = None, *, dataset: Dataset) -> SlideBuilder:
    """A builder that adds the trend slide (:func:`add_trend_slide`), for :func:`geodata.slides.build_deck`.

    Parameters
    ----------
    trend : dict
        What :func:`geodata.trend.compute_trend` returned.
    lang : {"en", "uk"}
        The deck's language.
    today : datetime.date, optional
        The day the deck is made.
    dataset : Dataset
        Where each date's line is read from.

    Returns
    -------
    SlideBuilder
        A function of a presentation.
    """

    def build(prs: PresentationType) -> None:
        add_trend_slide(prs, trend, lang, today, dataset=dataset)

    return build
