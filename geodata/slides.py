"""PowerPoint slides and decks (python-pptx): the map as a picture, the title in the title placeholder, the headline
numbers as a native table, the line's date and the sources in a footer and in the speaker notes.

A deck is built from a list of slide builders, each a callable that adds its slides to a
:class:`pptx.presentation.Presentation`; :func:`build_deck` runs them in order. A slide per preset is
:func:`preset_builders`; a comparison is :func:`comparison_builder`. Adding another kind of slide (a trend,
the changes between two lines) is one more builder in the list given to :func:`build_deck`.

Every number is :func:`geodata.stats.compute_stats` of the scenario on the line the slide names, written
by the formatters of :mod:`geodata.wording`; every word is :func:`geodata.wording.word` in the deck's language.
The files are 16:9 (13.333 × 7.5 in) and use only the default template, so PowerPoint, Keynote and
LibreOffice Impress open them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, cast

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.dml.fill import FillFormat
from pptx.enum.text import PP_ALIGN
from pptx.presentation import Presentation as PresentationType
from pptx.slide import Slide, Slides
from pptx.util import Emu, Inches, Pt

from geodata.control import ControlSnapshot
from geodata.dating import control_age_line
from geodata.figures.comparison import area_with_margin
from geodata.figures.picture import map_picture
from geodata.footer import full_stop, sentences, short_sources
from geodata.layers import statuses_drawn
from geodata.published import headline_total_text, margin_area_text, margin_points_text
from geodata.scenarios import Scenario, Status
from geodata.stats import compute_stats
from geodata.style import STATUS_STYLES
from geodata.vocabulary import DEFAULT_LAYERS
from geodata.wording import format_number, format_percent, format_signed, public_text, scenario_line, status_label, word

if TYPE_CHECKING:
    from geodata.changes import Changes
    from geodata.dataset import Dataset

#: The scenario of the dashboard's first view (``components.state.DEFAULT_SCENARIO``; a test keeps them equal):
#: what ``render --out briefing.pptx`` shows when no ``--scenario`` is given.
FIRST_VIEW_SCENARIO = "status-quo"
#: A 16:9 slide, in inches.
SLIDE_W, SLIDE_H = 13.333, 7.5
#: The default template's "Title Only" layout: one title placeholder.
TITLE_ONLY = 5

#: A slide builder adds its slides to the presentation.
SlideBuilder = Callable[[PresentationType], None]


@dataclass(frozen=True)
class SlideSpec:
    """What one map slide shows.

    Attributes
    ----------
    scenario : Scenario
        The proposal (A, with ``compare``).
    snapshot : ControlSnapshot
        The line it is drawn on (both sides, with ``compare``).
    lang : {"en", "uk"}
        The deck's language.
    compare : Scenario, optional
        B of a comparison.
    layers : tuple of str
        Map layers, as for the figures.
    title : str
        The headline; the scenario's name (or "A — B") when empty.
    today : datetime.date, optional
        The day the deck is made (the line's age); the machine's date when omitted.
    dataset : Dataset
        Where the regions, places and control parts come from (keyword only).
    changes : Changes, optional
        What Russia gained and lost since an earlier line, ending on ``snapshot``
        (:func:`geodata.changes.changes_between`): drawn on the map picture, and the subject of the changes slide
        (:mod:`geodata.slides_changes`); on a comparison, on both maps.
    """

    scenario: Scenario
    snapshot: ControlSnapshot
    lang: str = "en"
    compare: Scenario | None = None
    layers: tuple[str, ...] = field(default=tuple(DEFAULT_LAYERS))
    title: str = ""
    today: date | None = None
    dataset: Dataset = field(kw_only=True, compare=False)
    changes: Changes | None = field(default=None, kw_only=True, compare=False)

    @property
    def scenarios(self) -> list[Scenario]:
        """The proposals on the slide: A, then B where there is a comparison.

        Returns
        -------
        list of Scenario
            One or two scenarios.
        """
        return [self.scenario] + ([self.compare] if self.compare is not None else [])


def new_presentation() -> PresentationType:
    """An empty 16:9 presentation on the default template.

    Returns
    -------
    pptx.presentation.Presentation
        python-pptx's default template with its slides :data:`SLIDE_W` × :data:`SLIDE_H` inches.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W), Inches(SLIDE_H)
    return prs


#: python-pptx leaves ``RGBColor.from_string`` and ``FillFormat.solid`` unannotated: their types, named once here.
_rgb_from_string = cast("Callable[[str], RGBColor]", RGBColor.from_string)


def _solid(fill: FillFormat) -> None:
    cast("Callable[[], None]", fill.solid)()


def _hex(colour: str) -> RGBColor:
    return _rgb_from_string(colour.lstrip("#").upper())


def _text_box(
    slide: Slide,
    left: float,
    top: float,
    width: float,
    height: float,
    text: str,
    size: float,
    bold: bool = False,
    colour: str = "#111111",
) -> None:
    box = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
    frame = box.text_frame
    frame.word_wrap = True
    for index, line in enumerate(text.split("\n")):
        paragraph = frame.paragraphs[0] if index == 0 else frame.add_paragraph()
        run = paragraph.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.color.rgb = Pt(size), bold, _hex(colour)


def table_rows(spec: SlideSpec) -> tuple[list[str], list[tuple[Status, list[str]]]]:
    """The slide table's header and rows: a row per status drawn, named in words, with its figures.

    Parameters
    ----------
    spec : SlideSpec
        The slide.

    Returns
    -------
    tuple
        ``(header, rows)``; each row is ``(status, [label, figures...])``: area (km²), its stated margin
        (:func:`geodata.published.margin_area_text`), share of Ukraine and pre-war population for one scenario;
        A and B each with its stated margin (:func:`geodata.figures.comparison.area_with_margin`) and B − A (km²)
        for a comparison. Each figure is
        :func:`geodata.stats.compute_stats` on ``spec.snapshot``, formatted as the dashboard writes it.
    """
    lang, snapshot = spec.lang, spec.snapshot
    if spec.compare is None:
        totals = compute_stats(spec.scenario, snapshot, dataset=spec.dataset)["totals"]
        header = [
            word("status_heading", lang),
            word("area", lang),
            word("col_margin", lang),
            word("share", lang),
            word("population", lang),
        ]
        rows = [
            (
                s,
                [
                    status_label(s, lang),
                    format_number(totals[s.value]["area_km2"], lang),
                    margin_area_text(totals[s.value].get("margin_km2"), lang),
                    format_percent(totals[s.value]["share_of_ukraine"], lang),
                    format_number(totals[s.value]["population"], lang),
                ],
            )
            for s in Status
            if s in statuses_drawn(spec.scenario, snapshot, dataset=spec.dataset)
        ]
        return header, rows
    first, second = (compute_stats(s, snapshot, dataset=spec.dataset)["totals"] for s in (spec.scenario, spec.compare))
    drawn = {
        *statuses_drawn(spec.scenario, snapshot, dataset=spec.dataset),
        *statuses_drawn(spec.compare, snapshot, dataset=spec.dataset),
    }
    header = [word("compare_table_heading", lang), word("map_a", lang), word("map_b", lang), word("difference", lang)]
    rows = []
    for s in Status:
        if s in drawn:
            a, b = first[s.value]["area_km2"], second[s.value]["area_km2"]
            cells = [area_with_margin(t[s.value], lang) for t in (first, second)]
            rows.append((s, [status_label(s, lang), *cells, format_signed(b - a, lang)]))
    return header, rows


def _add_table(slide: Slide, spec: SlideSpec, left: float, top: float, width: float, label_chars: int) -> float:
    """The numbers as a native table, a colour swatch column first; returns its estimated height in inches
    (``label_chars``: how many characters a line of the label column holds, for the estimate)."""
    header, rows = table_rows(spec)
    # A comparison's number columns as wide as their longest cell at 10 pt (about 0.075 in a character, A and B
    # with their margins), never under 0.8 in; a single proposal's four at 0.8 in (headings wrap).
    number_ws = [
        max(0.8, 0.2 + 0.075 * max(len(values[i]) for _s, values in rows)) if spec.compare is not None and rows else 0.8
        for i in range(1, len(header))
    ]
    label_w = width - 0.25 - sum(number_ws)
    lines = [max(1, -(-len(values[0]) // label_chars)) for _status, values in rows]
    heights = [0.06 + 0.17 * n for n in [max(1, -(-len(header[0]) // label_chars)), *lines]]
    shape = slide.shapes.add_table(len(rows) + 1, len(header) + 1, Inches(left), Inches(top), Inches(width), Inches(sum(heights)))
    table = shape.table
    for index, inches in enumerate([0.25, label_w, *number_ws]):
        table.columns[index].width = Emu(int(Inches(inches)))
    for index, inches in enumerate(heights):
        table.rows[index].height = Emu(int(Inches(inches)))
    for column, text in enumerate(["", *header]):
        _cell(table.cell(0, column), text, bold=True, align_right=column > 1)
    for row, (status, values) in enumerate(rows, start=1):
        swatch = table.cell(row, 0)
        _solid(swatch.fill)
        swatch.fill.fore_color.rgb = _hex(STATUS_STYLES[status].fill)
        for column, text in enumerate(values, start=1):
            _cell(table.cell(row, column), text, align_right=column > 1)
    return sum(heights)


def _cell(cell: Any, text: str, bold: bool = False, align_right: bool = False) -> None:
    cell.margin_top = cell.margin_bottom = Pt(2)
    frame = cell.text_frame
    frame.word_wrap = True
    paragraph = frame.paragraphs[0]
    paragraph.alignment = PP_ALIGN.RIGHT if align_right else PP_ALIGN.LEFT
    run = paragraph.add_run()
    run.text = text
    run.font.size, run.font.bold = Pt(10), bold


def slide_title(spec: SlideSpec) -> str:
    """The text of the slide's title placeholder: the headline given, else the proposal's name (A — B).

    Parameters
    ----------
    spec : SlideSpec
        The slide.

    Returns
    -------
    str
        Plain text.
    """
    if spec.title:
        return spec.title
    name = scenario_line(spec.scenario, spec.lang)
    if spec.compare is None:
        return name
    return f"{word('map_a', spec.lang)}: {name} — {word('map_b', spec.lang)}: {scenario_line(spec.compare, spec.lang)}"


def notes_text(spec: SlideSpec) -> str:
    """The speaker notes: the line and its age, each proposal's terms and full sources, the control sources, the
    licences and the disclaimer, in the deck's language (sources as published).

    Parameters
    ----------
    spec : SlideSpec
        The slide.

    Returns
    -------
    str
        Plain text, one paragraph a line.
    """
    lang, snapshot = spec.lang, spec.snapshot
    lines = [control_age_line(snapshot.as_of, lang, spec.today)]
    scenarios = spec.scenarios
    for index, scenario in enumerate(scenarios):
        prefix = f"{word('map_a' if index == 0 else 'map_b', lang)}: " if len(scenarios) > 1 else ""
        lines.append(f"{prefix}{scenario_line(scenario, lang)}. {scenario.text('summary', lang)}")
        drawn = statuses_drawn(scenario, snapshot, dataset=spec.dataset)
        for status in drawn:
            if scenario.status_note(status, lang):
                lines.append(f"{status_label(status, lang)}: {scenario.status_note(status, lang)}")
        lines.append(f"{word('sources', lang)}: " + "; ".join(scenario.sources_in(lang)))
    lines.append(
        f"{word('control_sources', lang).capitalize()} ({snapshot.as_of}): " + "; ".join(public_text(s) for s in snapshot.sources)
    )
    lines += [full_stop(word("licences", lang)), word("disclaimer", lang)]
    return "\n".join(lines)


def footer_text(spec: SlideSpec) -> str:
    """The slide's footer: the line's date and age and the short sources (the notes hold them in full).

    Parameters
    ----------
    spec : SlideSpec
        The slide.

    Returns
    -------
    str
        Plain text.
    """
    lang, snapshot = spec.lang, spec.snapshot
    scenarios = spec.scenarios
    age = control_age_line(snapshot.as_of, lang, spec.today)
    named = "; ".join(short_sources(s for scenario in scenarios for s in scenario.sources_in(lang)))
    control = "; ".join(short_sources(public_text(s) for s in snapshot.sources))
    return sentences(
        f"{age[:1].upper()}{age[1:]}",
        f"{word('sources', lang)}: {named}",
        f"{word('control_sources', lang).capitalize()}: {control}",
        word("licences", lang),
        word("disclaimer", lang),
    )


def add_map_slide(prs: PresentationType, spec: SlideSpec) -> Slide:
    """Add one slide: title, the line, the map picture, the numbers table, the legend's other symbols, footer, notes.

    Parameters
    ----------
    prs : pptx.presentation.Presentation
        From :func:`new_presentation`.
    spec : SlideSpec
        What the slide shows.

    Returns
    -------
    pptx.slide.Slide
        The slide added.

    Raises
    ------
    RuntimeError
        When the template's "Title Only" layout has no title placeholder, or its slides no notes frame
        (python-pptx's default template has both).
    """
    lang, snapshot = spec.lang, spec.snapshot
    slides: Slides = prs.slides  # Presentation.slides is an untyped property in python-pptx
    slide = slides.add_slide(prs.slide_layouts[TITLE_ONLY])
    title = slide.shapes.title
    if title is None:
        raise RuntimeError("the slide layout has no title placeholder")
    title.left, title.top, title.width, title.height = Inches(0.4), Inches(0.2), Inches(SLIDE_W - 0.8), Inches(0.9)
    title.text = slide_title(spec)
    for paragraph in title.text_frame.paragraphs:
        for run in paragraph.runs:
            run.font.size, run.font.bold = Pt(26 if spec.compare is None else 20), True
    age = control_age_line(snapshot.as_of, lang, spec.today)
    subtitle = word("compare_same_line", lang, line=age) if spec.compare is not None else f"{age[:1].upper()}{age[1:]}"
    if spec.title:
        subtitle = f"{slide_title(SlideSpec(spec.scenario, snapshot, lang, spec.compare, dataset=spec.dataset))} · {subtitle}"
    _text_box(slide, 0.4, 1.1, SLIDE_W - 0.8, 0.38, subtitle, 14, colour="#3d3d3d")
    symbols = [
        word("slide_claim_symbol", lang, label=word("claim_label", lang)),
        word("slide_line_symbol", lang, label=word("line_label", lang)),
    ]
    stats = compute_stats(spec.scenario, snapshot, dataset=spec.dataset)
    # With its stated margin, as the dashboard writes it (docs/method.md).
    margin = margin_points_text(stats.get("annexed_2022_margin_share"), lang)
    share = f"{format_percent(stats['annexed_2022_controlled_share'], lang)} {margin}"
    lines = [*symbols, word("compare_share_line", lang, share=share)]
    if spec.compare is None:
        # The Russian-held total with its margin and the published figure beside it, as the figure's numbers box gives
        # it: the table alone does not add up to it where a proposal returns or recognises parts.
        lines.append(headline_total_text(stats, lang))
    extra = "\n".join(lines)
    if spec.changes is not None:
        from geodata.figures.changes_layer import changes_symbols

        extra += "\n" + changes_symbols(spec.changes, lang)
    if spec.compare is None:
        # The map on the left, as wide as Ukraine is; the table and the other symbols on the right.
        picture = map_picture(
            [spec.scenario], snapshot, spec.layers, lang, "1500x1000", dataset=spec.dataset, changes=spec.changes
        )
        slide.shapes.add_picture(io.BytesIO(picture), Inches(0.4), Inches(1.6), width=Inches(7.6))
        table_h = _add_table(slide, spec, 8.2, 1.6, SLIDE_W - 8.2 - 0.35, label_chars=26)
        _text_box(slide, 8.2, 1.6 + table_h + 0.15, SLIDE_W - 8.2 - 0.35, 1.2, extra, 10, colour="#3d3d3d")
    else:
        # The two maps across the slide; below them the table and, beside it, the other symbols.
        picture = map_picture(
            [spec.scenario, spec.compare], snapshot, spec.layers, lang, "1920x660", dataset=spec.dataset, changes=spec.changes
        )
        slide.shapes.add_picture(io.BytesIO(picture), Inches((SLIDE_W - 10.6) / 2), Inches(1.52), width=Inches(10.6))
        top = 1.52 + 10.6 * 660 / 1920 + 0.06
        _add_table(slide, spec, 0.4, top, 7.6, label_chars=70)
        _text_box(slide, 8.2, top, SLIDE_W - 8.2 - 0.35, 1.4, extra, 10, colour="#3d3d3d")
    _text_box(slide, 0.4, 6.88, SLIDE_W - 0.8, 0.56, footer_text(spec), 7, colour="#3d3d3d")
    notes = slide.notes_slide.notes_text_frame
    if notes is None:
        raise RuntimeError("the notes slide has no text frame")
    notes.text = notes_text(spec)
    return slide


def map_slide_builder(spec: SlideSpec) -> SlideBuilder:
    """A builder that adds the slide ``spec`` describes (one scenario, or a comparison).

    Parameters
    ----------
    spec : SlideSpec
        What the slide shows.

    Returns
    -------
    SlideBuilder
        A function of a presentation that adds the slide (:func:`add_map_slide`), for :func:`build_deck`.
    """

    def build(prs: PresentationType) -> None:
        add_map_slide(prs, spec)

    return build


def build_deck(builders: Sequence[SlideBuilder]) -> bytes:
    """A 16:9 deck with each builder's slides, in order, as the bytes of a ``.pptx`` file.

    Parameters
    ----------
    builders : sequence of callables
        Each takes the presentation and adds its slides (:func:`map_slide_builder`, ...).

    Returns
    -------
    bytes
        The ``.pptx`` file.
    """
    prs = new_presentation()
    for builder in builders:
        builder(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


def deck_bytes(specs: Sequence[SlideSpec], extra: Sequence[SlideBuilder] = ()) -> bytes:
    """A deck with a slide per spec, then the ``extra`` builders' slides (a trend, changes between lines).

    Parameters
    ----------
    specs : sequence of SlideSpec
        One slide each, in order.
    extra : sequence of callables
        More slide builders, run after the map slides.

    Returns
    -------
    bytes
        The ``.pptx`` file.
    """
    return build_deck([*(map_slide_builder(spec) for spec in specs), *extra])
