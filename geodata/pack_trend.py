"""The briefing pack's trend chart: the Russian-held area on every control date, as an SVG drawn in Python.

The series is :func:`geodata.trend.compute_trend`'s (the statistics' own areas and shares); the published
figures beside it are those :func:`geodata.trend.read_published_figures` reads through the one checked reader
of ``published_figures.csv``. The chart is built here as a tree of SVG elements (``tag``, ``attrs``,
``text``, ``children``) in plain data: the page makes each element with ``createElementNS`` and puts every text
in with ``textContent``, so no text is ever written as markup and the page needs no charting library.

Consecutive dates more than :data:`geodata.trend.MAX_GAP_DAYS` apart are a gap: no line crosses it
(:func:`geodata.trend.segments`), and a shaded band says how long it is ("no line for 890 days").
"""

from __future__ import annotations

import math
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.paths import SOURCES_DIR
from geodata.published import format_published_value, margin_area_text
from geodata.trend import MAX_GAP_DAYS, PUBLISHED_FIGURES_NAME, compute_trend, segments
from geodata.wording import format_number, format_percent, format_whole_percent, word

if TYPE_CHECKING:
    from geodata.dataset import Dataset

#: The chart's size in SVG units (it is drawn to the page's width, keeping this shape); on a phone (the page's
#: ``max-width: 600px``) a narrower chart, so its 11-unit words are drawn at least 10 px high on a 390 px screen.
WIDTH, HEIGHT, NARROW_WIDTH = 640, 320, 400
#: The plot area inside it: left (km² axis), right (share axis), top and bottom (dates).
LEFT, RIGHT, TOP, BOTTOM = 70, 580, 14, 276
#: Our figures and the published ones: colour and mark (as the dashboard's chart: dots on a line, diamonds).
OURS_COLOUR, PUBLISHED_COLOUR, GAP_FILL, INK = "#b2182b", "#2166ac", "#e8e8e8", "#333333"
ALL = ""
#: Up to this many control dates the pack holds a chart per region too; beyond (an imported daily history), all of
#: Ukraine only, so the pack stays far below its size limit (each region's chart costs about 0.25 kB per date).
REGION_CHARTS_MAX_DATES = 60
#: The catalogue ids the page's trend section shows (its heading, chooser and table's caption).
TREND_WORD_KEYS = ("trend_heading", "trend_region", "pack_trend_table")

Node = dict[str, Any]


def _node(tag: str, attrs: dict[str, Any] | None = None, text: str | None = None, children: list[Node] | None = None) -> Node:
    node: Node = {"tag": tag, "attrs": {k: (round(v, 1) if isinstance(v, float) else v) for k, v in (attrs or {}).items()}}
    if text is not None:
        node["text"] = text
    if children:
        node["children"] = children
    return node


def nice_step(span: float, most: int = 5) -> float:
    """A step of 1, 2 or 5 × 10ⁿ that cuts ``span`` into at most ``most`` intervals.

    Parameters
    ----------
    span : float
        The length to cut (positive).
    most : int
        The most intervals wanted.

    Returns
    -------
    float
        The step.
    """
    raw = span / most
    power = 10.0 ** math.floor(math.log10(raw))
    return next(float(m * power) for m in (1, 2, 5, 10) if m * power >= raw)


def _day(iso: str) -> int:
    return date.fromisoformat(iso).toordinal()


def series(trend: dict[str, Any], region: str = ALL) -> dict[str, Any]:
    """One chart's figures: ours on every date (with the run each belongs to), the published ones, the gaps.

    Parameters
    ----------
    trend : dict
        :func:`geodata.trend.compute_trend` (with ``published``).
    region : str
        A region's id, or ``""`` for all of Ukraine.

    Returns
    -------
    dict
        ``whole`` (km² of Ukraine or the region); ``ours``: ``as_of``, ``km2``, ``share`` (0-1 of the whole),
        ``margin_km2`` (or None), ``run`` (index of its segment); ``published``: ``as_of``, ``km2``, ``figure``,
        ``unit``, ``value`` (as published), ``source``, ``counts``; ``gaps`` (``from``, ``to``, ``days``).
    """
    whole = trend["ukraine_area_km2"] if region == ALL else trend["region_areas_km2"].get(region, 0.0)
    ours = []
    for run, items in enumerate(segments(trend)):
        for item in items:
            if region == ALL:
                km2, share, margin = item["russian_held_km2"], item["share_of_ukraine"], item.get("margin_km2")
            else:
                values = item["regions"][region]
                km2, share, margin = values["area_km2"], values["share"], values.get("margin_km2")
            ours.append({"as_of": item["as_of"], "km2": km2, "share": share, "margin_km2": margin, "run": run})
    published = []
    for item in trend.get("published", []):
        if (item["region_id"] or ALL) != region:
            continue
        unit = "km2" if "area_km2" in item else "share"
        value = item["area_km2"] if unit == "km2" else item["share"]
        km2 = value if unit == "km2" else value * whole
        published.append(
            {
                "as_of": item["as_of"],
                "km2": km2,
                "figure": item["figure"],
                "unit": unit,
                "value": value,
                "source": item["source"],
                "counts": item["counts"],
            }
        )
    return {"whole": whole, "ours": ours, "published": published, "gaps": list(trend["gaps"])}


def _our_text(point: dict[str, Any], whole_name: str, lang: str) -> str:
    return word(
        "pack_trend_point",
        lang,
        date=point["as_of"],
        area=format_number(point["km2"], lang),
        share=format_percent(point["share"], lang),
        whole=whole_name,
        margin=margin_area_text(point["margin_km2"], lang),
    )


def _published_text(point: dict[str, Any], lang: str) -> str:
    value = format_published_value({"unit": point["unit"], "value": point["value"]}, lang)
    return word("pack_trend_published_point", lang, date=point["as_of"], value=value, source=point["source"])


def trend_svg(data: dict[str, Any], title: str, whole_name: str, lang: str, width: int = WIDTH) -> Node:
    """The chart as a tree of SVG elements: axes in km² (left) and share (right), our line broken at every gap.

    Parameters
    ----------
    data : dict
        :func:`series` of one chart.
    title : str
        The chart's title (its ``<title>``, what a screen reader names it by).
    whole_name : str
        What the share is of ("Ukraine", or the region's name), for the description and the tooltips.
    lang : {"en", "uk"}
        The language.
    width : int, optional
        The chart's width in SVG units (:data:`WIDTH`, or :data:`NARROW_WIDTH` for a phone); the plot area
        narrows with it.

    Returns
    -------
    dict
        The ``<svg>`` element: ``tag``, ``attrs``, ``children`` (each the same shape; ``text`` where an element
        has text). Plain text and numbers only. Our points are ``circle.pk-trend-point`` (``data-date``), each
        run of dates with no gap a ``polyline.pk-trend-line``, published figures ``path.pk-trend-published``, and
        each gap a ``g.pk-trend-gap`` (``data-from``, ``data-to``, ``data-days``) with its band and its label.
    """
    ours, published, whole = data["ours"], data["published"], data["whole"]
    right = RIGHT - (WIDTH - width)
    days = [_day(p["as_of"]) for p in ours + published] or [date.today().toordinal()]
    first, last = min(days), max(days)
    pad = max(10, (last - first) * 0.03)
    lo, hi = first - pad, last + pad
    top_km2 = max([p["km2"] for p in ours + published] + [1.0]) * 1.08
    # Ticks are written in whole km² (format_number): a step under 1 would write "0, 1, 1, 2" (Zhytomyr, no line).
    step = max(1.0, nice_step(top_km2))
    top_km2 = math.ceil(top_km2 / step) * step

    def x(iso: str) -> float:
        return LEFT + (_day(iso) - lo) / (hi - lo) * (right - LEFT)

    def y(km2: float) -> float:
        return float(BOTTOM - km2 / top_km2 * (BOTTOM - TOP))

    def el(tag: str, text: str | None = None, children: list[Node] | None = None, **attrs: Any) -> Node:
        # Attributes by keyword: a trailing "_" is dropped and "_" is "-" (class_ -> class, data_from -> data-from).
        return _node(tag, {k.rstrip("_").replace("_", "-"): v for k, v in attrs.items()}, text, children)

    desc = word(
        "pack_trend_desc",
        lang,
        count=len(ours),
        first=ours[0]["as_of"] if ours else "",
        last=ours[-1]["as_of"] if ours else "",
        whole=whole_name,
        published=len(published),
        days=MAX_GAP_DAYS,
    )
    children = [el("title", title, id="pk-trend-title"), el("desc", desc, id="pk-trend-desc")]
    grid: list[Node] = []
    for i in range(int(round(top_km2 / step)) + 1):
        at = y(i * step)
        grid.append(el("line", x1=LEFT, x2=right, y1=at, y2=at, stroke="#d0d0d0"))
        grid.append(el("text", format_number(i * step, lang), x=LEFT - 4, y=at + 4, text_anchor="end"))
    if whole > 0:
        share_top = top_km2 / whole
        # Shares are written to 0.1 % at most (format_percent): a finer step would repeat a label ("<0.1 %" twice).
        share_step = max(0.001, nice_step(share_top))
        for i in range(int(share_top / share_step + 1e-9) + 1):
            share, at = i * share_step, y(i * share_step * whole)
            text = format_whole_percent(share, lang) if share_step >= 0.01 else format_percent(share, lang)
            grid.append(el("text", text, x=right + 4, y=at + 4, text_anchor="start"))
            grid.append(el("line", x1=right, x2=right + 3, y1=at, y2=at, stroke=INK))
    for year in range(date.fromordinal(int(lo)).year + 1, date.fromordinal(int(hi)).year + 1):
        at = x(f"{year}-01-01")
        grid.append(el("line", x1=at, x2=at, y1=BOTTOM, y2=BOTTOM + 4, stroke=INK))
        grid.append(el("text", str(year), x=at, y=BOTTOM + 16, text_anchor="middle"))
    mid = (TOP + BOTTOM) / 2
    axes = [
        el("line", x1=LEFT, x2=LEFT, y1=TOP, y2=BOTTOM, stroke=INK),
        el("line", x1=right, x2=right, y1=TOP, y2=BOTTOM, stroke=INK),
        el("line", x1=LEFT, x2=right, y1=BOTTOM, y2=BOTTOM, stroke=INK),
        el("text", word("trend_axis_km2", lang), x=14, y=mid, text_anchor="middle", transform=f"rotate(-90 14 {mid})"),
        el(
            "text",
            word("pack_trend_axis_share", lang, whole=whole_name),
            x=width - 12,
            y=mid,
            text_anchor="middle",
            transform=f"rotate(90 {width - 12} {mid})",
        ),
        el("text", word("trend_axis_date", lang), x=(LEFT + right) / 2, y=HEIGHT - 8, text_anchor="middle"),
    ]
    gaps = []
    for gap in data["gaps"]:
        x0, x1 = x(gap["from"]), x(gap["to"])
        middle = round((x0 + x1) / 2, 1)
        band = el("rect", x=x0, y=TOP, width=x1 - x0, height=BOTTOM - TOP, fill=GAP_FILL, stroke="#ffffff", stroke_width=1.5)
        label = el(
            "text",
            word("trend_gap", lang, days=gap["days"]),
            x=middle,
            y=TOP + 6,
            text_anchor="end",
            dominant_baseline="middle",
            transform=f"rotate(-90 {middle} {TOP + 6})",
        )
        gaps.append(
            el("g", None, [band, label], class_="pk-trend-gap", data_from=gap["from"], data_to=gap["to"], data_days=gap["days"])
        )
    lines = []
    for run in sorted({p["run"] for p in ours}):
        points = [p for p in ours if p["run"] == run]
        if len(points) > 1:
            coords = " ".join(f"{x(p['as_of']):.1f},{y(p['km2']):.1f}" for p in points)
            style = {"fill": "none", "stroke": OURS_COLOUR, "stroke_width": 2.5}
            lines.append(
                el(
                    "polyline",
                    None,
                    None,
                    class_="pk-trend-line",
                    points=coords,
                    data_from=points[0]["as_of"],
                    data_to=points[-1]["as_of"],
                    **style,
                )
            )
    marks = [
        el(
            "circle",
            None,
            [el("title", _our_text(p, whole_name, lang))],
            class_="pk-trend-point",
            cx=x(p["as_of"]),
            cy=y(p["km2"]),
            r=4.5,
            fill=OURS_COLOUR,
            stroke="#ffffff",
            data_date=p["as_of"],
            data_km2=p["km2"],
        )
        for p in ours
    ]
    for p in published:
        cx, cy = x(p["as_of"]), y(p["km2"])
        d = f"M{cx:.1f},{cy - 6:.1f} L{cx + 6:.1f},{cy:.1f} L{cx:.1f},{cy + 6:.1f} L{cx - 6:.1f},{cy:.1f} Z"
        marks.append(
            el(
                "path",
                None,
                [el("title", _published_text(p, lang))],
                class_="pk-trend-published",
                d=d,
                fill=PUBLISHED_COLOUR,
                stroke="#ffffff",
                data_date=p["as_of"],
                data_km2=p["km2"],
            )
        )
    return _node(
        "svg",
        {
            "viewBox": f"0 0 {width} {HEIGHT}",
            "role": "img",
            "aria-labelledby": "pk-trend-title pk-trend-desc",
            "class": "pk-trend-svg",
            "preserveAspectRatio": "xMidYMid meet",
        },
        children=[*children, *gaps, *grid, *axes, *lines, *marks],
    )


def trend_table(data: dict[str, Any], whole_name: str, lang: str) -> dict[str, Any]:
    """The chart's figures as a table's texts: the data table beside the chart (its text alternative).

    Parameters
    ----------
    data : dict
        :func:`series` of one chart.
    whole_name : str
        What the share is of.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    dict
        ``ours``: rows ``[date, km², share, margin, days since the line before (or the gap's words)]``;
        ``published``: rows ``[date, value as published, source, what it counts]``. Plain text.
    """
    rows = []
    previous = None
    gap_to = {g["to"]: g["days"] for g in data["gaps"]}
    for p in data["ours"]:
        if p["as_of"] in gap_to:
            since = word("trend_gap", lang, days=gap_to[p["as_of"]])
        else:
            since = format_number((_day(p["as_of"]) - _day(previous)), lang) if previous else "\u2014"
        rows.append(
            [
                p["as_of"],
                format_number(p["km2"], lang),
                format_percent(p["share"], lang),
                margin_area_text(p["margin_km2"], lang),
                since,
            ]
        )
        previous = p["as_of"]
    published = [
        [p["as_of"], format_published_value({"unit": p["unit"], "value": p["value"]}, lang), p["source"], p["counts"]]
        for p in data["published"]
    ]
    return {"ours": rows, "published": published}


def with_region_margins(trend: dict[str, Any], dataset: Dataset) -> dict[str, Any]:
    """The trend with each region's stated margin on each date, as the statistics give it (``margin_km2``).

    Taken from each line's own margin (:func:`geodata.stats.snapshot_margin`: the line's length in the region times
    its stated accuracy, rounded to 0.1 km² as :func:`geodata.stats.compute_stats` rounds it), not from the whole
    statistics; and only while the pack draws the per-region charts (:data:`REGION_CHARTS_MAX_DATES`).

    Parameters
    ----------
    trend : dict
        :func:`geodata.trend.compute_trend` of ``dataset``.
    dataset : Dataset
        Where the snapshots are read from.

    Returns
    -------
    dict
        A copy of ``trend`` whose ``dates[i]["regions"][id]`` carry ``margin_km2`` (km²) where the line states an
        accuracy; ``trend`` itself past :data:`REGION_CHARTS_MAX_DATES` dates (no region's chart is drawn).
    """
    from geodata.stats import snapshot_margin

    if len(trend["dates"]) > REGION_CHARTS_MAX_DATES:
        return trend
    dates = []
    for item in trend["dates"]:
        margin = snapshot_margin(dataset.snapshot(item["as_of"]), dataset=dataset)
        regions = {
            rid: {**values, **({"margin_km2": round(margin.region_margin_km2(rid), 1)} if margin is not None else {})}
            for rid, values in item["regions"].items()
        }
        dates.append({**item, "regions": regions})
    return {**trend, "dates": dates}


def pack_trend(trend: dict[str, Any], region_names: dict[str, str], lang: str) -> dict[str, Any]:
    """The trend charts the pack holds: all of Ukraine, and each region up to :data:`REGION_CHARTS_MAX_DATES` dates.

    Parameters
    ----------
    trend : dict
        :func:`geodata.trend.compute_trend` with the published figures; each region's value may carry its
        ``margin_km2`` (the statistics' own).
    region_names : dict
        Region id → name in ``lang``, in the chooser's order.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    dict
        ``regions`` (``[id, name]``, all of Ukraine first with id ``""``); ``charts`` by id: ``svg``
        (:func:`trend_svg`) and ``svg_narrow`` (the same, :data:`NARROW_WIDTH` wide, for a phone), ``table``
        (:func:`trend_table`), ``title``, ``dates`` (ours, oldest first) and ``gaps``; ``columns`` (the data
        table's headings); ``legend`` (our figures, published, gap).
    """
    charts = {}
    per_region = len(trend["dates"]) <= REGION_CHARTS_MAX_DATES
    choices = [[ALL, word("trend_all_regions", lang)], *([rid, name] for rid, name in region_names.items() if per_region)]
    for rid, name in choices:
        data = series(trend, rid)
        whole_name = word("pack_trend_ukraine", lang) if rid == ALL else name
        title = word("trend_heading", lang) if rid == ALL else word("pack_trend_heading_region", lang, region=name)
        charts[rid] = {
            "title": title,
            "svg": trend_svg(data, title, whole_name, lang),
            "svg_narrow": trend_svg(data, title, whole_name, lang, NARROW_WIDTH),
            "table": trend_table(data, whole_name, lang),
            "dates": [p["as_of"] for p in data["ours"]],
            "gaps": data["gaps"],
        }
    return {
        "regions": choices,
        "charts": charts,
        "columns": {
            "ours": [
                word("trend_axis_date", lang),
                word("trend_axis_km2", lang),
                word("pack_trend_col_share", lang),
                word("pack_trend_col_margin", lang),
                word("pack_trend_col_since", lang),
            ],
            "published": [
                word("trend_axis_date", lang),
                word("trend_published", lang),
                word("pack_trend_col_source", lang),
                word("pack_trend_col_counts", lang),
            ],
        },
        "legend": {
            "ours": word("trend_ours", lang),
            "published": word("trend_published", lang),
            "gap": word("trend_gap_note", lang, days=trend["max_gap_days"]),
        },
    }


def pack_trend_data(dataset: Dataset, lang: str, published_path: Path | None = None) -> dict[str, Any]:
    """The pack's trend: :func:`pack_trend` of every control date of ``dataset`` with the published figures.

    Parameters
    ----------
    dataset : Dataset
        Whose control dates (shipped, imported, fetched) are drawn.
    lang : {"en", "uk"}
        The language.
    published_path : Path, optional
        The published-figures table; the package's ``published_figures.csv`` by default.

    Returns
    -------
    dict
        As :func:`pack_trend`, for all of Ukraine and each of the 27 regions (each region's own margins).
    """
    path = published_path if published_path is not None else SOURCES_DIR / PUBLISHED_FIGURES_NAME
    trend = with_region_margins(compute_trend(dataset, path), dataset)
    names = {str(rid): str(row[f"name_{lang}"]) for rid, row in dataset.regions().iterrows()}
    return pack_trend(trend, names, lang)
