"""The numbers beside the map: headline metrics, per-region table, what changes beyond the line.

Every word comes from the catalogue (:mod:`geodata.wording`) and every number is written by its
formatters, so the screen, the map's tooltips, the figures and the exports round each figure once and
the same way; tables hold numbers as text with the language's separators and show all their rows.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.escaping import escape_markdown
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.dating import control_age_line
from geodata.published import (
    annexed_share_caption,
    format_published_value,
    headline_texts,
    margin_area_text,
    margin_points_text,
    region_share_text,
)
from geodata.scenarios import PARTS, Scenario, Status
from geodata.stats import compute_stats
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


def markdown_table(frame: pd.DataFrame) -> str:
    """A table as Markdown, every cell escaped (no text becomes markup): no data-grid code for the browser to load."""
    row = lambda cells: "| " + " | ".join(escape_markdown(cell) for cell in cells) + " |"  # noqa: E731
    return "\n".join([row(frame.columns), "|" + " --- |" * len(frame.columns), *(row(r) for r in frame.itertuples(index=False))])


def headline(column, label: str, value: str, help: str | None = None) -> None:
    """A headline figure as Markdown (label, then the value large): no metric code for the browser to load."""
    column.markdown(f"{escape_markdown(label)}\n\n### {escape_markdown(value)}", help=help, anchors=False)


def status_table(stats: dict[str, Any], lang: str) -> pd.DataFrame:
    """Area, share of Ukraine and population for each status that has any land, written for ``lang``."""
    rows = []
    for status in Status:
        values = stats["totals"][status.value]
        if values["area_km2"] > 0:
            rows.append(
                {
                    word("col_status", lang): status_label(status, lang),
                    word("col_km2", lang): format_number(values["area_km2"], lang),
                    word("col_share", lang): format_percent(values["share_of_ukraine"], lang),
                    word("col_population", lang): format_number(values["population"], lang),
                }
            )
    return pd.DataFrame(rows)


#: What a part that does not exist on the control date shows (a region Russia holds none of, or all of).
NO_PART = "—"


def _part_status(row: dict[str, Any], part: str, lang: str) -> str:
    return status_label(Status(row[part]["status"]), lang) if row[part]["area_km2"] > 0 else NO_PART


def _part_area(row: dict[str, Any], part: str, lang: str) -> str:
    return format_number(row[part]["area_km2"], lang) if row[part]["area_km2"] > 0 else NO_PART


def approximate_population(population: int, lang: str) -> str:
    """A population estimate to the thousand (to the hundred below 10,000): the method is no more precise."""
    return format_approximate(population, lang)


def region_table(stats: dict[str, Any], lang: str, scenario: Scenario | None = None) -> pd.DataFrame:
    """One row per region: controlled share, the status and area of each part, and the proposal's note on them.

    Sorted by the share held (largest first), then by name; numbers are text in ``lang``'s format.
    """
    rows = []
    for row in stats["regions"]:
        notes = []
        if scenario is not None:
            notes = [scenario.part_note(row["id"], part, lang) for part in PARTS]
        rows.append(
            {
                "_share": row["controlled_share"],
                word("col_region", lang): row["name_uk"] if lang == "uk" else row["name_en"],
                word("col_held_share", lang): region_share_text(row, stats.get("published_figures", []), lang),
                word("col_held_status", lang): _part_status(row, "russian_held", lang),
                word("col_held_km2", lang): _part_area(row, "russian_held", lang),
                word("col_rest_status", lang): _part_status(row, "ukrainian_held", lang),
                word("col_rest_km2", lang): _part_area(row, "ukrainian_held", lang),
                word("col_claimed", lang): row["annexation_claimed"] or "",
                word("col_note", lang): " ".join(dict.fromkeys(n for n in notes if n)),
            }
        )
    frame = pd.DataFrame(rows).sort_values(["_share", word("col_region", lang)], ascending=[False, True], ignore_index=True)
    frame = frame.drop(columns="_share")
    if not frame[word("col_note", lang)].any():
        frame = frame.drop(columns=word("col_note", lang))
    return frame


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


def render_stats_panel(stats: dict[str, Any], scenario: Scenario, snapshot: ControlSnapshot, lang: str, panel: str = "a") -> None:
    """Draw the headline figures, the tables and the method for one scenario.

    ``panel`` tells the panels of a comparison apart (``"a"``, ``"b"``): each keeps its own method section open or
    closed.
    """
    st.subheader(word("headline", lang))
    # Every figure below describes this line, on this date: a briefing given today says how old it is.
    age = control_age_line(snapshot.as_of, lang)
    st.caption(escape_markdown(age[:1].upper() + age[1:]))
    col1, col2, col3 = st.columns(3)
    margin = margin_points_text(stats.get("annexed_2022_margin_share"), lang)
    annexed = f"{format_percent(stats['annexed_2022_controlled_share'], lang)} {margin}"
    headline(col1, word("annexed_share", lang), annexed, help=word("annexed_share_about", lang))
    col1.caption(escape_markdown(annexed_share_caption(stats, lang)))
    # Labelled captions rather than delta chips: an arrow beside a figure reads as an increase.
    # Our figure with its margin, and the published figure of a date within 7 days beside it (docs/method.md).
    total = headline_texts(stats, lang)
    headline(col2, word("russian_held", lang), total["area"])
    col2.caption(word("russian_held_caption", lang).format(share=total["share"]))
    gives_up = stats["ukraine_gives_up"]
    gives_up_area = format_area(gives_up["area_km2"], lang)
    if gives_up["area_km2"] > 0:
        gives_up_area += " " + margin_area_text(gives_up.get("margin_km2"), lang)
    headline(col3, word("gives_up", lang), gives_up_area)
    col3.caption(word("gives_up_caption", lang).format(population=approximate_population(gives_up["population"], lang)))

    # Each block below is one Markdown element, heading and body together: a toggle sends every element
    # again, and fewer elements repaint sooner (README, Performance).
    by_status = status_table(stats, lang)
    st.markdown(f"**{word('by_status', lang)}**\n\n{markdown_table(by_status)}")

    notes = [
        (s, scenario.status_note(s, lang))
        for s in Status
        if stats["totals"][s.value]["area_km2"] > 0 and scenario.status_note(s, lang)
    ]
    if notes:
        items = "\n".join(f"- {escape_markdown(status_label(s, lang))}: {escape_markdown(note)}" for s, note in notes)
        st.markdown(f"**{word('status_notes', lang)}**\n\n{items}")

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
    st.markdown(f"**{word('beyond_line', lang)}**\n\n" + "\n\n".join(escape_markdown(row) for row in rows))

    regions = region_table(stats, lang, scenario)
    st.markdown(f"**{word('per_region', lang)}**\n\n{markdown_table(regions)}")

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
            f"{word('m_areas', lang)}: {stats['area_method']}",
            f"{word('m_margin', lang)}: {stats['margin_method']}",
            *published_lines(stats, snapshot.as_of, lang),
            f"{word('m_population', lang)}: {stats['population_method']}",
            word("m_boundaries", lang),
        ]
        st.markdown("\n\n".join(escape_markdown(line) for line in lines))
