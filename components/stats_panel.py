"""The numbers beside the map: headline metrics, per-region table, what changes beyond the line."""

from __future__ import annotations

from typing import Any

import pandas as pd
import streamlit as st

from components.i18n import t
from geodata.control import ControlSnapshot
from geodata.safe_text import escape_markdown
from geodata.scenarios import Scenario, Status
from geodata.stats import compute_stats
from geodata.style import status_label


@st.cache_resource(max_entries=64)
def cached_stats(scenario_key: str, snapshot_key: str, _scenario: Scenario, _snapshot: ControlSnapshot) -> dict[str, Any]:
    """:func:`geodata.stats.compute_stats`, cached on plain keys (the scenario's options, the snapshot's key)."""
    return compute_stats(_scenario, _snapshot)


def status_table(stats: dict[str, Any], lang: str) -> pd.DataFrame:
    """Area, share of Ukraine and population for each status that has any land."""
    rows = []
    for status in Status:
        values = stats["totals"][status.value]
        if values["area_km2"] > 0:
            rows.append(
                {
                    t("col_status", lang): status_label(status, lang),
                    t("col_km2", lang): round(values["area_km2"]),
                    t("col_share", lang): round(100 * values["share_of_ukraine"], 1),
                    t("col_population", lang): values["population"],
                }
            )
    return pd.DataFrame(rows)


def region_table(stats: dict[str, Any], lang: str) -> pd.DataFrame:
    """One row per region: controlled share, and the status and area of each part."""
    rows = []
    for row in stats["regions"]:
        rows.append(
            {
                t("col_region", lang): row["name_uk"] if lang == "uk" else row["name_en"],
                t("col_held_share", lang): round(100 * row["controlled_share"], 1),
                t("col_held_status", lang): status_label(Status(row["russian_held"]["status"]), lang),
                t("col_held_km2", lang): round(row["russian_held"]["area_km2"]),
                t("col_rest_status", lang): status_label(Status(row["ukrainian_held"]["status"]), lang),
                t("col_rest_km2", lang): round(row["ukrainian_held"]["area_km2"]),
                t("col_claimed", lang): row["annexation_claimed"] or "",
            }
        )
    order = [t("col_held_share", lang), t("col_region", lang)]
    return pd.DataFrame(rows).sort_values(order, ascending=[False, True], ignore_index=True)


def render_stats_panel(stats: dict[str, Any], scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> None:
    """Draw the headline figures, the tables and the method for one scenario."""
    st.subheader(t("headline", lang))
    col1, col2, col3 = st.columns(3)
    col1.metric(
        t("annexed_share", lang),
        f"{stats['annexed_2022_controlled_share']:.1%}",
        help=t("annexed_share_help", lang),
    )
    col1.caption(t("annexed_share_caption", lang).format(quoted=f"{stats['annexed_2022_quoted_share']:.0%}", date=snapshot.as_of))
    col2.metric(
        t("russian_held", lang),
        f"{stats['russian_held_area_km2']:,.0f} km²",
        f"{stats['russian_held_share_of_ukraine']:.1%}",
        delta_color="off",
    )
    gives_up = stats["ukraine_gives_up"]
    col3.metric(t("gives_up", lang), f"{gives_up['area_km2']:,.0f} km²", f"{gives_up['population']:,}", delta_color="off")

    st.markdown(f"**{t('by_status', lang)}**")
    st.dataframe(status_table(stats, lang), hide_index=True, width="stretch")

    st.markdown(f"**{t('beyond_line', lang)}**")
    for key, label in (("ukraine_gives_up", "gives_up"), ("russia_returns", "returns")):
        part = stats[key]
        if part["area_km2"] > 0:
            cities = ", ".join(part["settlements"]) or "—"
            st.markdown(
                escape_markdown(
                    t("beyond_line_row", lang).format(
                        label=t(label, lang),
                        area=f"{part['area_km2']:,.0f}",
                        share=f"{part['share_of_ukraine']:.1%}",
                        population=f"{part['population']:,}",
                        towns=cities,
                    )
                )
            )
        else:
            st.markdown(escape_markdown(f"{t(label, lang)}: {t('nothing', lang)}"))

    st.markdown(f"**{t('per_region', lang)}**")
    st.dataframe(region_table(stats, lang), hide_index=True, width="stretch")

    with st.expander(t("method", lang)):
        # Sources and methods are quoted as published, in English.
        reported = f" — {t('as_reported', lang)}" if scenario.as_reported else ""
        lines = [
            f"{t('m_scenario', lang)}: {scenario.text('title', lang)} ({scenario.date}){reported}.",
            *(f"{t(key, lang)}: {scenario.text(key, lang)}" for key in ("proposed_by", "accepted_by", "talks_status")),
            f"{t('m_scenario_sources', lang)}: {'; '.join(scenario.sources)}.",
            *(f"{t('m_note', lang)}: {note}" for note in scenario.notes_in(lang)),
            f"{t('m_control', lang)} {snapshot.as_of}: {snapshot.method}",
            f"{t('m_control_sources', lang)}: {'; '.join(snapshot.sources)}.",
            f"{t('m_areas', lang)}: {stats['area_method']}",
            f"{t('m_population', lang)}: {stats['population_method']}",
            t("m_boundaries", lang),
        ]
        st.markdown("\n\n".join(escape_markdown(line) for line in lines))
