"""The numbers beside the map: headline metrics, per-region table, what changes beyond the line.

Every word comes from the catalogue (:mod:`geodata.wording`) and every number is written by its
formatters, so the screen, the map's tooltips, the figures and the exports round each figure once and
the same way; tables hold numbers as text with the language's separators and show all their rows.

A toggle costs the panel no table building and no escaping once its view was seen: the panel's texts are built
from the figures themselves (no DataFrame) and kept per process for each scenario, snapshot, language and day
(:func:`cached_panel_texts`). The tables are HTML whose cells carry their column's name, so that on a narrow screen
the rows stack (the page's styles: ``components/sidebar.TABLE_CSS``).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

import streamlit as st

from components.escaping import escape_html, escape_markdown
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.dating import control_age_line
from geodata.margin import margin_method_text
from geodata.published import (
    annexed_share_caption,
    format_published_value,
    headline_texts,
    margin_area_text,
    margin_points_text,
    region_share_text,
)
from geodata.scenarios import PARTS, Scenario, Status
from geodata.stats import area_method, compute_stats, population_method
from geodata.wording import (
    format_approximate,
    format_area,
    format_number,
    format_percent,
    public_text,
    status_label,
    word,
)


@st.cache_data(max_entries=64, hash_funcs={Scenario: hash, ControlSnapshot: lambda snapshot: snapshot.key})
def cached_stats(scenario: Scenario, snapshot: ControlSnapshot) -> dict[str, Any]:
    """:func:`geodata.stats.compute_stats`, cached on the values themselves (the scenario's content, the
    snapshot's key); each session gets its own copy of the figures (``st.cache_data``), never a shared dict."""
    return compute_stats(scenario, snapshot, dataset=default_dataset())


def _settlement_names_uk() -> dict[str, str]:
    # stats lists towns by their English names; every place shown in Ukrainian uses its name_uk.
    return default_dataset().memo(_names_uk_by_name_en)


def _names_uk_by_name_en() -> dict[str, str]:
    settlements = default_dataset().settlements()
    return {en: uk for en, uk in zip(settlements["name_en"], settlements["name_uk"], strict=False) if isinstance(uk, str) and uk}


def place_name(name_en: str, lang: str) -> str:
    """A settlement's name in the interface's language (its English name where no Ukrainian one is known)."""
    return _settlement_names_uk().get(name_en, name_en) if lang == "uk" else name_en


@dataclass(frozen=True)
class Table:
    """A table of text: its column headings and its rows, every cell written for the interface's language."""

    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]

    def records(self) -> list[dict[str, str]]:
        """Each row as a mapping of column heading to cell (for callers that read cells by column)."""
        return [dict(zip(self.header, row, strict=True)) for row in self.rows]


def html_table(caption: str, table: Table, kind: str) -> str:
    """A table as HTML, every text escaped, each cell labelled with its column (``data-label``): on a narrow screen
    the rows stack, one cell a line after its column's name (:data:`TABLE_CSS`), so the page never scrolls sideways
    and nothing needs a scrolling region. ``kind``: ``status`` or ``regions`` (where the rows start to stack)."""
    head = "".join(f'<th scope="col">{escape_html(h)}</th>' for h in table.header)
    labels = [escape_html(h) for h in table.header]

    def cells(row: tuple[str, ...]) -> str:
        return "".join(f'<td data-label="{label}">{escape_html(cell)}</td>' for label, cell in zip(labels, row, strict=True))

    body = "".join(f"<tr>{cells(row)}</tr>" for row in table.rows)
    return (
        f'<div class="claims-table claims-table-{kind}"><table><caption>{escape_html(caption)}</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>"
    )


def status_rows(stats: dict[str, Any], lang: str) -> Table:
    """Area with its margin, share of Ukraine and population for each status that has any land, written for ``lang``.

    The margin is the status's own (``stats["totals"][status]["margin_km2"]``, :mod:`geodata.margin`): the line's
    length in that status times its vertices' stated accuracy, as the headline's.
    """
    header = tuple(word(key, lang) for key in ("col_status", "col_km2", "col_status_margin", "col_share", "col_population"))
    rows = []
    for status in Status:
        values = stats["totals"][status.value]
        if values["area_km2"] > 0:
            rows.append(
                (
                    status_label(status, lang),
                    format_number(values["area_km2"], lang),
                    margin_area_text(values.get("margin_km2"), lang),
                    format_percent(values["share_of_ukraine"], lang),
                    format_number(values["population"], lang),
                )
            )
    return Table(header, tuple(rows))


#: What a part that does not exist on the control date shows (a region Russia holds none of, or all of).
NO_PART = "—"


def _part_status(row: dict[str, Any], part: str, lang: str) -> str:
    return status_label(Status(row[part]["status"]), lang) if row[part]["area_km2"] > 0 else NO_PART


def _part_area(row: dict[str, Any], part: str, lang: str) -> str:
    return format_number(row[part]["area_km2"], lang) if row[part]["area_km2"] > 0 else NO_PART


def approximate_population(population: int, lang: str) -> str:
    """A population estimate to the thousand (to the hundred below 10,000): the method is no more precise."""
    return format_approximate(population, lang)


#: The per-region table's columns (words), before the proposal's note.
REGION_COLUMNS = (
    "col_region",
    "col_held_share",
    "col_held_status",
    "col_held_km2",
    "col_rest_status",
    "col_rest_km2",
    "col_claimed",
)


def region_rows(stats: dict[str, Any], lang: str, scenario: Scenario | None = None) -> Table:
    """One row per region: controlled share, the status and area of each part, and the proposal's note on them.

    Sorted by the share held (largest first), then by name; numbers are text in ``lang``'s format. The note column
    is there only when the proposal has a note on some region.
    """
    published = stats.get("published_figures", [])
    keyed = []
    for row in stats["regions"]:
        notes = [scenario.part_note(row["id"], part, lang) for part in PARTS] if scenario is not None else []
        name = row["name_uk"] if lang == "uk" else row["name_en"]
        cells = (
            name,
            region_share_text(row, published, lang),
            _part_status(row, "russian_held", lang),
            _part_area(row, "russian_held", lang),
            _part_status(row, "ukrainian_held", lang),
            _part_area(row, "ukrainian_held", lang),
            row["annexation_claimed"] or "",
            " ".join(dict.fromkeys(n for n in notes if n)),
        )
        keyed.append((-row["controlled_share"], name, cells))
    rows = [cells for *_, cells in sorted(keyed, key=lambda item: (item[0], item[1]))]
    header = tuple(word(key, lang) for key in (*REGION_COLUMNS, "col_note"))
    if not any(cells[-1] for cells in rows):
        return Table(header[:-1], tuple(cells[:-1] for cells in rows))
    return Table(header, tuple(rows))


def published_lines(stats: dict[str, Any], as_of: str, lang: str) -> list[str]:
    """Every published figure of a date within 7 days of the control date, with what it counts and its source."""
    near = stats.get("published_figures", [])
    if not near:
        return [word("published_figures_none", lang).format(date=as_of)]
    rows = [
        word("published_figure_row", lang).format(
            publisher=f["publisher"],
            value=format_published_value(f, lang),
            date=f["as_of"],
            counts=f["counts"],
            source=f["source"],
            published=f["published"],
        )
        for f in near
    ]
    return [word("published_figures_heading", lang).format(date=as_of), *(f"- {row}" for row in rows)]


@dataclass(frozen=True)
class PanelTexts:
    """Everything the statistics panel shows before its method section, escaped for where it goes."""

    age: str  # the caption: which line, how old (Markdown)
    headlines: tuple[tuple[str, str, str | None, str], ...]  # label, value, help and caption of each column (Markdown)
    by_status: str  # the by-status table (HTML)
    notes: str  # the proposal's notes on its statuses (Markdown), or ""
    beyond: str  # what changes beyond the line (Markdown)
    per_region: str  # the per-region table (HTML)


def panel_texts(stats: dict[str, Any], scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> PanelTexts:
    """The panel's texts for ``stats`` (:func:`cached_stats` of this scenario and snapshot) in ``lang``."""
    age = control_age_line(snapshot.as_of, lang)
    margin = margin_points_text(stats.get("annexed_2022_margin_share"), lang)
    annexed = f"{format_percent(stats['annexed_2022_controlled_share'], lang)} {margin}"
    annexed_caption = escape_markdown(annexed_share_caption(stats, lang))
    # Our figure with its margin, and the published figure of a date within 7 days beside it (docs/method.md).
    total = headline_texts(stats, lang)
    gives_up = stats["ukraine_gives_up"]
    gives_up_area = format_area(gives_up["area_km2"], lang)
    if gives_up["area_km2"] > 0:
        gives_up_area += " " + margin_area_text(gives_up.get("margin_km2"), lang)
    gives_up_caption = word("gives_up_caption", lang).format(population=approximate_population(gives_up["population"], lang))
    headlines = (
        (word("annexed_share", lang), annexed, word("annexed_share_about", lang), annexed_caption),
        (
            word("russian_held", lang),
            total["area"],
            None,
            escape_markdown(word("russian_held_caption", lang).format(share=total["share"])),
        ),
        (word("gives_up", lang), gives_up_area, None, escape_markdown(gives_up_caption)),
    )
    notes = [
        (s, scenario.status_note(s, lang))
        for s in Status
        if stats["totals"][s.value]["area_km2"] > 0 and scenario.status_note(s, lang)
    ]
    items = "\n".join(f"- {escape_markdown(status_label(s, lang))}: {escape_markdown(note)}" for s, note in notes)
    rows = []
    for key, label in (("ukraine_gives_up", "gives_up"), ("russia_returns", "returns")):
        part = stats[key]
        if part["area_km2"] > 0:
            towns = ", ".join(place_name(name, lang) for name in part["settlements"]) or word("none", lang)
            rows.append(
                word("beyond_line_row", lang).format(
                    label=word(label, lang),
                    area=format_area(part["area_km2"], lang),
                    share=format_percent(part["share_of_ukraine"], lang),
                    population=approximate_population(part["population"], lang),
                    towns=towns,
                )
            )
        else:
            rows.append(f"{word(label, lang)}: {word('nothing', lang)}")
    return PanelTexts(
        age=escape_markdown(age[:1].upper() + age[1:]),
        headlines=tuple(
            (escape_markdown(label), escape_markdown(value), help, caption) for label, value, help, caption in headlines
        ),
        by_status=html_table(word("by_status", lang), status_rows(stats, lang), "status"),
        notes=f"**{word('status_notes', lang)}**\n\n{items}" if notes else "",
        beyond=f"**{word('beyond_line', lang)}**\n\n" + "\n\n".join(escape_markdown(row) for row in rows),
        per_region=html_table(word("per_region", lang), region_rows(stats, lang, scenario), "regions"),
    )


_PANEL_TEXTS: OrderedDict[tuple[Any, ...], PanelTexts] = OrderedDict()
_PANEL_LOCK = threading.Lock()
#: Panels kept per process (about 35 KB each in memory, measured): the scenarios × dates × languages in use.
PANEL_ENTRIES = 32


def clear_panel_caches() -> None:
    """Forget every computed figure and panel text (:func:`cached_stats`, :func:`cached_panel_texts`): called when
    a control folder changed (:func:`components.serving.notice_new_snapshots`), since a shipped line replaced on a
    deploy keeps its key (``shipped:<date>``)."""
    cached_stats.clear()
    with _PANEL_LOCK:
        _PANEL_TEXTS.clear()


def cached_panel_texts(stats: dict[str, Any], scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> PanelTexts:
    """:func:`panel_texts`, computed once per process for each scenario (its content), snapshot (its key), language
    and day (the caption says how old the line is): a toggle back to a view seen before builds no table and escapes
    no text. ``stats`` must be :func:`cached_stats` of the same scenario and snapshot (it is keyed on those)."""
    key = (scenario, snapshot.key, lang, date.today())
    with _PANEL_LOCK:
        if key in _PANEL_TEXTS:
            _PANEL_TEXTS.move_to_end(key)
            return _PANEL_TEXTS[key]
    texts = panel_texts(stats, scenario, snapshot, lang)
    with _PANEL_LOCK:
        _PANEL_TEXTS[key] = texts
        while len(_PANEL_TEXTS) > PANEL_ENTRIES:
            _PANEL_TEXTS.popitem(last=False)
    return texts


def render_stats_panel(stats: dict[str, Any], scenario: Scenario, snapshot: ControlSnapshot, lang: str, panel: str = "a") -> None:
    """Draw the headline figures, the tables and the method for one scenario.

    ``panel`` tells the panels of a comparison apart (``"a"``, ``"b"``): each keeps its own method section open or
    closed.
    """
    texts = cached_panel_texts(stats, scenario, snapshot, lang)
    st.subheader(word("headline", lang))
    # Every figure below describes this line, on this date: a briefing given today says how old it is.
    st.caption(texts.age)
    # Labelled captions rather than delta chips: an arrow beside a figure reads as an increase.
    for column, (label, value, help, caption) in zip(st.columns(3), texts.headlines, strict=True):
        column.markdown(f"{label}\n\n### {value}", help=help, anchors=False)
        column.caption(caption)

    # Each block below is one element, heading and body together: a toggle sends every element again, and fewer
    # elements repaint sooner (README, Performance). The tables are HTML whose rows stack on a narrow screen.
    st.html(texts.by_status)
    if texts.notes:
        st.markdown(texts.notes)
    st.markdown(texts.beyond)
    st.html(texts.per_region)

    # Drawn only while open (opening it reruns the script): a long text costs the page's first paint nothing.
    method = st.expander(word("method", lang), key=f"method_open_{panel}", on_change="rerun")
    if not method.open:
        return
    with method:
        reported = f" — {word('as_reported', lang)}" if scenario.as_reported else ""
        dated = f" ({scenario.shown_date})" if scenario.shown_date else ""
        lines = [
            f"{word('m_scenario', lang)}: {scenario.text('title', lang)}{dated}{reported}.",
            *(f"{word(key, lang)}: {scenario.text(key, lang)}" for key in ("proposed_by", "accepted_by", "talks_status")),
            f"{word('m_scenario_sources', lang)}: {'; '.join(scenario.sources_in(lang))}.",
            *(f"{word('m_note', lang)}: {note}" for note in scenario.notes_in(lang)),
            word("m_sources_language", lang),
            f"{word('m_control', lang)} {snapshot.as_of}: {public_text(snapshot.method)}",
            f"{word('m_control_sources', lang)}: {'; '.join(public_text(s) for s in snapshot.sources)}.",
            f"{word('m_areas', lang)}: {area_method(dataset=default_dataset(), lang=lang)}",
            margin_method_text(stats["vertex_accuracy_km"], lang),  # it begins "Margin: …" itself
            *published_lines(stats, snapshot.as_of, lang),
            f"{word('m_population', lang)}: {population_method(lang)}",
            word("m_boundaries", lang),
        ]
        st.markdown("\n\n".join(escape_markdown(line) for line in lines))


def forget_panel_texts(keep: Callable[[Scenario, str, date], bool]) -> int:
    """Drop the panel texts of every view ``keep(scenario, snapshot key, day)`` refuses, and every computed figure
    (:func:`cached_stats`, about 1 ms a scenario to compute again while the dataset's caches hold); returns how many
    panels were dropped. For the memory janitor, once every session has left (:func:`components.serving`)."""
    cached_stats.clear()
    with _PANEL_LOCK:
        dropped = [key for key in _PANEL_TEXTS if not keep(key[0], key[1], key[-1])]
        for key in dropped:
            del _PANEL_TEXTS[key]
    return len(dropped)
