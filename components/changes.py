"""Changes since a date and the trend, in the dashboard: the date choosers, the gains and losses for the map, the
table of gained / lost / net per region with the towns that changed side, and the trend chart.

The figures are :mod:`geodata.changes` and :mod:`geodata.trend`'s; this module only shows them (escaping text).
"""

from __future__ import annotations

from typing import Any

import streamlit as st

from components.escaping import escape_markdown
from components.state import ViewState
from geodata import paths
from geodata.changes import Changes, changes_between, changes_map_config
from geodata.changes_text import changes_slivers_text, changes_totals_text
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.errors import ClaimsMapError
from geodata.footer import sentences
from geodata.margin import changes_margin_text, margin_cell
from geodata.published import margin_area_text
from geodata.trend import PUBLISHED_FIGURES_NAME, compute_trend, segments
from geodata.wording import format_area, format_number, format_percent, format_signed, word

#: Up to this many dates a chooser lists each one (one click each); beyond, a slider (an imported daily history).
LISTED_DATES_MAX = 12


def usable_date_chooser(label: str, dates: list[str], key: str, **kwargs: Any) -> None:
    """A date chooser that stays usable with hundreds of dates: a radio row for a few, a slider for many."""
    if len(dates) <= LISTED_DATES_MAX:
        st.radio(label, dates, key=key, horizontal=True, **kwargs)
    else:
        st.select_slider(label, dates, key=key, **kwargs)


def render_since_chooser(lang: str) -> None:
    """The "changes since" chooser (link parameter ``since``; empty by default: nothing drawn)."""
    dates = ["", *default_dataset().snapshot_dates()]
    if st.session_state.get("since", "") not in dates:
        st.session_state["since"] = ""
    label, help_text = word("changes_since", lang), word("changes_since_help", lang)

    def name(value: str) -> str:
        return value or word("changes_since_none", lang)

    if len(dates) <= LISTED_DATES_MAX:
        st.selectbox(label, dates, key="since", format_func=name, help=help_text)
    else:
        st.select_slider(label, dates, key="since", format_func=name, help=help_text)


def changes_for(state: ViewState, snapshot: ControlSnapshot) -> Changes | None:
    """What changed from ``state.since`` to the snapshot shown; None when no date is chosen or it is not earlier."""
    if not state.since or state.since >= snapshot.as_of:
        return None
    dataset = default_dataset()
    try:
        return changes_between(dataset, dataset.snapshot(state.since), snapshot)
    except ClaimsMapError:
        return None


def map_changes(state: ViewState, snapshot: ControlSnapshot) -> dict[str, Any] | None:
    """The gains and losses for the map's configuration (``changes``), or None."""
    changes = changes_for(state, snapshot)
    return changes_map_config(changes, state.lang) if changes is not None else None


def render_changes_panel(state: ViewState, snapshot: ControlSnapshot, lang: str) -> None:
    """Gained / lost / net per region and the places that changed side, from ``state.since`` to the date shown."""
    if not state.since:
        return
    if state.since >= snapshot.as_of:
        st.info(escape_markdown(word("changes_since_not_before", lang, since=state.since, as_of=snapshot.as_of)))
        return
    changes = changes_for(state, snapshot)
    if changes is None:
        return
    s = changes.summary
    st.subheader(escape_markdown(word("changes_heading", lang, from_date=s["from"], to_date=s["to"], days=s["days"])))
    st.markdown(escape_markdown(changes_totals_text(s, lang) + "  \n" + changes_margin_text(s, lang)))
    name = f"name_{lang}"
    rows = [
        {
            word("changes_col_region", lang): r[name],
            word("changes_col_gained", lang): format_number(r["gained_km2"], lang),
            word("changes_col_lost", lang): format_number(r["lost_km2"], lang),
            word("changes_col_net", lang): format_signed(r["net_km2"], lang),
            word("changes_col_margin", lang): margin_cell(r["margin_km2"], lang),
        }
        for r in s["regions"]
    ]
    rows.append(
        {
            word("changes_col_region", lang): word("changes_total", lang),
            word("changes_col_gained", lang): format_number(s["gained_km2"], lang),
            word("changes_col_lost", lang): format_number(s["lost_km2"], lang),
            word("changes_col_net", lang): format_signed(s["net_km2"], lang),
            word("changes_col_margin", lang): margin_cell(s["margin_km2"], lang),
        }
    )
    st.table(rows)
    places = s["settlements"] + s["assets"]
    lines = [word(f"changes_place_{p['kind']}", lang, name=p.get(name) or p["name_en"]) for p in places]
    st.markdown(
        f"**{escape_markdown(word('changes_places', lang))}**  \n"
        + ("  \n".join(escape_markdown(line) for line in lines) if lines else escape_markdown(word("changes_no_places", lang)))
    )
    st.caption(
        escape_markdown(
            sentences(
                changes_slivers_text(s, lang),
                word("changes_method_note", lang, size=format_number(s["slivers"]["max_km2"], lang)),
            )
        )
    )


def trend_chart_data(
    trend: dict[str, Any], region: str | None, lang: str
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The chart's rows: our dates (with the run each belongs to, so lines break at gaps), published points, gaps."""
    ours = []
    for number, run in enumerate(segments(trend)):
        for item in run:
            values = (
                item["regions"][region] if region else {"area_km2": item["russian_held_km2"], "share": item["share_of_ukraine"]}
            )
            # Written as every figure is (the interface's separators; the line's stated margin for all of Ukraine).
            margin = "" if region else " " + margin_area_text(item.get("margin_km2"), lang)
            text = f"{format_area(values['area_km2'], lang)}{margin} · {format_percent(values['share'], lang)}"
            ours.append({"date": item["as_of"], "km2": values["area_km2"], "share": values["share"], "run": number, "text": text})
    whole = trend["ukraine_area_km2"] if region is None else trend.get("region_areas_km2", {}).get(region, 0.0)
    published = []
    for item in trend.get("published", []):
        if item["region_id"] != region:
            continue
        km2 = item.get("area_km2", item.get("share", 0) * whole if "share" in item else None)
        if km2 is not None:
            published.append(
                {
                    "date": item["as_of"],
                    "km2": km2,
                    "figure": item["figure"],
                    "source": item["source"],
                    "text": format_area(km2, lang),
                }
            )
    # Consecutive gaps' labels on three rows (pixels from the top): on a narrow screen they would overlap on one.
    gaps = [
        {"start": g["from"], "end": g["to"], "label": word("trend_gap", lang, days=g["days"]), "row_px": 6 + 16 * (i % 3)}
        for i, g in enumerate(trend["gaps"])
    ]
    return ours, published, gaps


def render_trend_chart(lang: str) -> None:
    """The Russian-held area on every control date (all of Ukraine or one region), with gaps over 90 days left open
    and labelled, and published figures as points: a Vega-Lite chart, drawn by Streamlit's own bundle (offline)."""
    import altair as alt

    trend = compute_trend(default_dataset(), paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME)
    if not trend["dates"]:
        return
    regions = list(trend["dates"][0]["regions"])

    names = default_dataset().regions()[f"name_{lang}"]
    # In a column of its own: the chart's toolbar (top right) then covers nothing of it.
    region = st.columns([2, 3])[0].selectbox(
        word("trend_region", lang),
        ["", *regions],
        key="trend_region",
        format_func=lambda r: word("trend_all_regions", lang) if not r else str(names.get(r, r)),
    )
    ours, published, gaps = trend_chart_data(trend, region or None, lang)
    # Dates as the project writes them (ISO year and month: no English month names in a Ukrainian chart), numbers with
    # the interface's thousands separator (a no-break space in Ukrainian).
    x = alt.X("date:T", title=word("trend_axis_date", lang), axis=alt.Axis(format="%Y-%m", labelAngle=0, labelOverlap=True))
    group = "'\u00a0'" if lang == "uk" else "','"
    y = alt.Y(
        "km2:Q",
        title=word("trend_axis_km2", lang),
        axis=alt.Axis(labelExpr=f"replace(format(datum.value, ',.0f'), /,/g, {group})"),
    )
    layers = []
    if gaps:
        gap_data = alt.Data(values=gaps)
        layers.append(alt.Chart(gap_data).mark_rect(color="#eeeeee").encode(x="start:T", x2="end:T"))
        layers.append(
            alt.Chart(gap_data)
            .transform_calculate(mid="(toDate(datum.start) + toDate(datum.end)) / 2")
            # Across the top of the gap, inside the plot: clear of the axes' labels at every width.
            .mark_text(align="center", color="#555555", fontSize=11, baseline="top")
            .encode(x="mid:T", y=alt.Y("row_px:Q", scale=None), text="label:N")
        )
    ours_chart = alt.Chart(alt.Data(values=ours))
    layers.append(ours_chart.mark_line(color="#b2182b", strokeWidth=3).encode(x=x, y=y, detail="run:N"))
    layers.append(
        ours_chart.mark_point(color="#b2182b", filled=True, size=60).encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("date:T", title=word("trend_axis_date", lang), format="%Y-%m-%d"),
                alt.Tooltip("text:N", title=word("trend_axis_km2", lang)),
            ],
        )
    )
    if published:
        layers.append(
            alt.Chart(alt.Data(values=published))
            .mark_point(shape="diamond", color="#2166ac", filled=True, size=90)
            .encode(
                x=x,
                y=y,
                tooltip=[
                    alt.Tooltip("date:T", title=word("trend_axis_date", lang), format="%Y-%m-%d"),
                    alt.Tooltip("text:N", title=word("trend_axis_km2", lang)),
                    "figure:N",
                    "source:N",
                ],
            )
        )
    st.altair_chart(alt.layer(*layers).properties(height=360), width="stretch")
    st.caption(
        escape_markdown(
            f"{word('trend_gap_note', lang, days=trend['max_gap_days'])} "
            f"● {word('trend_ours', lang)}" + (f" ◆ {word('trend_published', lang)}" if published else "")
        )
    )
