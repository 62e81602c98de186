"""The trend as a static figure (PNG, SVG, PDF): the Russian-held area on every control date, one line per run of
dates, broken and labelled at every gap over :data:`geodata.trend.MAX_GAP_DAYS` days, published figures as points.

Only :class:`matplotlib.figure.Figure` with its own Agg canvas is used, never ``pyplot``.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import date
from typing import Any, cast

from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure

from geodata.figures.layout import FONT_FAMILY, MUTED_COLOR, TEXT_COLOR
from geodata.figures.options import DEFAULT_SIZES, FORMATS, LANGUAGES, RenderError, parse_size
from geodata.trend import segments
from geodata.wording import format_number, word

LINE_COLOR = "#b2182b"
PUBLISHED_COLOR = "#2166ac"
GAP_COLOR = "#eeeeee"


#: matplotlib's ``date2num`` is unannotated (no stub for matplotlib.dates): its type for one date, named here.
_date2num = cast("Callable[[date], float]", date2num)


def _day(iso: str) -> float:
    return float(_date2num(date.fromisoformat(iso)))


def _values(trend: dict[str, Any], item: dict[str, Any], region: str | None) -> tuple[float, float]:
    if region is None:
        return item["russian_held_km2"], item["share_of_ukraine"]
    values = item["regions"][region]
    return values["area_km2"], values["share"]


def render_trend(trend: dict[str, Any], *, region: str | None = None, size: str = "1920x1080", lang: str = "en") -> Figure:
    """Draw the trend of :func:`geodata.trend.compute_trend`.

    Parameters
    ----------
    trend : dict
        What :func:`geodata.trend.compute_trend` returned.
    region : str, optional
        An ISO 3166-2:UA code to draw that region's Russian-held area; all of Ukraine when None.
    size : str
        ``"WxH"`` pixels or ``"a4-landscape"`` (see :func:`geodata.figures.options.parse_size`).
    lang : {"en", "uk"}
        Language of every text.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, with its own Agg canvas. Each run of dates is a line with gid ``trend-run-<n>``; each gap a
        shaded span with gid ``trend-gap-<n>`` and a label; the published points have gid ``trend-published``.

    Raises
    ------
    RenderError
        For an unknown size, language or region.
    """
    if lang not in LANGUAGES:
        raise RenderError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if region is not None and trend["dates"] and region not in trend["dates"][0]["regions"]:
        raise RenderError(f"unknown region {region!r}")
    width, height, dpi = parse_size(size)
    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)
    scale = min(width * 100 / 1920, height * 100 / 1080)
    ax = fig.add_axes((0.08, 0.16, 0.84, 0.68))
    heading = word("trend_heading", lang) if region is None else f"{word('trend_heading', lang)}: {region}"
    fig.text(0.08, 0.93, heading, fontsize=28 * scale, weight="bold", family=FONT_FAMILY, color=TEXT_COLOR, gid="title")
    dates = trend["dates"]
    if dates:
        fig.text(
            0.08,
            0.885,
            f"{dates[0]['as_of']} – {dates[-1]['as_of']} · {word('trend_gap_note', lang, days=trend['max_gap_days'])}",
            fontsize=16 * scale,
            family=FONT_FAMILY,
            color=MUTED_COLOR,
            gid="subtitle",
        )
    for number, run in enumerate(segments(trend)):
        xs = [_day(item["as_of"]) for item in run]
        ys = [_values(trend, item, region)[0] for item in run]
        ax.plot(
            xs,
            ys,
            color=LINE_COLOR,
            linewidth=3 * scale,
            marker="o",
            markersize=8 * scale,
            gid=f"trend-run-{number}",
            label=word("trend_ours", lang) if number == 0 else None,
        )
    top = max((_values(trend, item, region)[0] for item in dates), default=1.0) or 1.0
    for number, gap in enumerate(trend["gaps"]):
        start, end = _day(gap["from"]), _day(gap["to"])
        ax.axvspan(start, end, color=GAP_COLOR, zorder=0, gid=f"trend-gap-{number}")
        ax.text(
            (start + end) / 2,
            top * 0.02,
            word("trend_gap", lang, days=gap["days"]),
            ha="center",
            va="bottom",
            rotation=90 if end - start < 300 else 0,
            fontsize=12 * scale,
            family=FONT_FAMILY,
            color=MUTED_COLOR,
            gid=f"trend-gap-label-{number}",
        )
    published = [p for p in trend.get("published", []) if p["region_id"] == region]
    points = []
    for item in published:
        if "area_km2" in item:
            points.append((_day(item["as_of"]), item["area_km2"]))
        elif region is None and trend["ukraine_area_km2"]:
            points.append((_day(item["as_of"]), item["share"] * trend["ukraine_area_km2"]))
    if points:
        ax.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            marker="D",
            s=90 * scale,
            color=PUBLISHED_COLOR,
            zorder=5,
            gid="trend-published",
            label=word("trend_published", lang),
        )
    ax.set_ylim(0, top * 1.15)
    ax.xaxis_date()
    ax.set_xlabel(word("trend_axis_date", lang), fontsize=14 * scale, family=FONT_FAMILY)
    ax.set_ylabel(word("trend_axis_km2", lang), fontsize=14 * scale, family=FONT_FAMILY)
    ax.yaxis.set_major_formatter(lambda value, _pos: format_number(value, lang))
    ax.tick_params(labelsize=12 * scale)
    whole = trend["ukraine_area_km2"] if region is None else trend.get("region_areas_km2", {}).get(region, 0.0)
    if whole:
        share_axis = ax.secondary_yaxis("right", functions=(lambda v: v / whole * 100, lambda s: s * whole / 100))
        share_axis.set_ylabel(f"{word('trend_axis_share', lang)}, %", fontsize=14 * scale, family=FONT_FAMILY)
        share_axis.tick_params(labelsize=12 * scale)
    ax.grid(axis="y", color="#dddddd")
    ax.legend(loc="lower right", bbox_to_anchor=(1, 1.0), ncol=2, fontsize=13 * scale, frameon=False)
    fig.text(
        0.08,
        0.04,
        f"{word('source_line', lang)}: {word('trend_ours', lang)}; {word('method_area_short', lang)}",
        fontsize=11 * scale,
        family=FONT_FAMILY,
        color=MUTED_COLOR,
        wrap=True,
        gid="sources",
    )
    return fig


def trend_bytes(
    trend: dict[str, Any], fmt: str = "png", *, region: str | None = None, size: str | None = None, lang: str = "en"
) -> bytes:
    """The trend figure as the bytes of a PNG, SVG or PDF file.

    Parameters
    ----------
    trend : dict
        What :func:`geodata.trend.compute_trend` returned.
    fmt : {"png", "svg", "pdf"}
        The file format.
    region : str, optional
        A region id (ISO 3166-2) to draw alone; all of Ukraine when not given.
    size : str, optional
        ``"WxH"`` in pixels or ``"a4-landscape"`` (see :func:`geodata.figures.parse_size`); the format's default size
        when not given.
    lang : {"en", "uk"}
        Language of every text on the figure.

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    RenderError
        For an unknown format, size, language or region.
    """
    from geodata.figures.saving import save_figure

    if fmt not in FORMATS:
        raise RenderError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    fig = render_trend(trend, region=region, size=size or DEFAULT_SIZES[fmt], lang=lang)
    buffer = io.BytesIO()
    save_figure(fig, buffer, fmt)
    return buffer.getvalue()
