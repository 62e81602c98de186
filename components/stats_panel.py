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
                    "status": status_label(status, lang),
                    "km²": round(values["area_km2"]),
                    "% of Ukraine": round(100 * values["share_of_ukraine"], 1),
                    "population (pre-war, est.)": values["population"],
                }
            )
    return pd.DataFrame(rows)


def region_table(stats: dict[str, Any], lang: str) -> pd.DataFrame:
    """One row per region: controlled share, and the status and area of each part."""
    rows = []
    for row in stats["regions"]:
        rows.append(
            {
                "region": row["name_uk"] if lang == "uk" else row["name_en"],
                "Russian control %": round(100 * row["controlled_share"], 1),
                "Russian-held part": status_label(Status(row["russian_held"]["status"]), lang),
                "km² (Russian-held)": round(row["russian_held"]["area_km2"]),
                "Ukrainian-held part": status_label(Status(row["ukrainian_held"]["status"]), lang),
                "km² (Ukrainian-held)": round(row["ukrainian_held"]["area_km2"]),
                "annexation claimed": row["annexation_claimed"] or "",
            }
        )
    return pd.DataFrame(rows).sort_values(["Russian control %", "region"], ascending=[False, True], ignore_index=True)


def render_stats_panel(stats: dict[str, Any], scenario: Scenario, snapshot: ControlSnapshot, lang: str) -> None:
    """Draw the headline figures, the tables and the method for one scenario."""
    st.subheader(t("headline", lang))
    col1, col2, col3 = st.columns(3)
    col1.metric(
        t("annexed_share", lang),
        f"{stats['annexed_2022_controlled_share']:.1%}",
        help=t("annexed_share_help", lang),
    )
    col1.caption(f"≈ {stats['annexed_2022_quoted_share']:.0%} — {t('annexed_share_help', lang)}")
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
                    f"{t(label, lang)}: {part['area_km2']:,.0f} km² ({part['share_of_ukraine']:.1%}), "
                    f"pre-war population ≈ {part['population']:,}. Towns of 10,000+: {cities}"
                )
            )
        else:
            st.markdown(escape_markdown(f"{t(label, lang)}: {t('nothing', lang)}"))

    st.markdown(f"**{t('per_region', lang)}**")
    st.dataframe(region_table(stats, lang), hide_index=True, width="stretch")

    with st.expander(t("method", lang)):
        lines = [
            f"Scenario: {scenario.title} ({scenario.date}){' — as reported' if scenario.as_reported else ''}.",
            f"Scenario sources: {'; '.join(scenario.sources)}.",
            *(f"Note: {note}" for note in scenario.notes),
            f"Control on {snapshot.as_of}: {snapshot.method}",
            f"Control sources: {'; '.join(snapshot.sources)}.",
            f"Areas: {stats['area_method']}",
            f"Population: {stats['population_method']}",
            "Boundaries: Natural Earth v4.1.0 admin-1 (public domain), inside Ukraine's 1991 borders.",
        ]
        st.markdown("\n\n".join(escape_markdown(line) for line in lines))
