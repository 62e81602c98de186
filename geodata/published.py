"""Published figures (DeepStateMap, AFP/ISW, officials) to show beside the project's own.

The table is ``geodata/data/sources/published_figures.csv``: one row per published figure, each with what it
counts, the date it describes (``as_of``), the date it was published and its source. A figure of a date within
:data:`NEAR_DAYS` days of a control snapshot's date is shown beside the project's figure for that date.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from geodata import paths
from geodata.errors import ClaimsMapError

#: A published figure is shown beside a snapshot's own when the dates are at most this many days apart.
NEAR_DAYS = 7
#: The kinds of figure the table holds, and the unit each is in.
FIGURE_UNITS = {
    "russian_held_area": "km2",  # the whole country, km²
    "russian_held_share": "share",  # the whole country, 0-1
    "controlled_share": "share",  # one region (``region_id``), 0-1
    "month_gain": "km2",  # newly Russian-held during the month that ended on as_of
    "year_gain": "km2",  # newly Russian-held during the year that ended on as_of
}
FIELDS = ("figure", "region_id", "value", "unit", "as_of", "published", "publisher", "source", "counts")


class PublishedFiguresError(ClaimsMapError):
    """The published figures table is malformed."""


@dataclass(frozen=True)
class PublishedFigure:
    """One published figure.

    Attributes
    ----------
    figure : str
        Its kind, a key of :data:`FIGURE_UNITS`.
    region_id : str
        The region a ``controlled_share`` is of ("" for whole-country figures).
    value : float
        km² or a share from 0 to 1 (``unit``).
    unit : str
        ``"km2"`` or ``"share"``.
    as_of, published : str
        The date the figure describes and the date it was published (YYYY-MM-DD).
    publisher : str
        Who made the figure (``"DeepStateMap"``, ``"AFP (ISW data)"`` …), as shown beside ours.
    source : str
        Where it was reported.
    counts : str
        What it counts (including whether areas Russia only claims are counted).
    """

    figure: str
    region_id: str
    value: float
    unit: str
    as_of: str
    published: str
    publisher: str
    source: str
    counts: str

    def as_json(self) -> dict[str, Any]:
        """The figure as JSON-ready data (every field).

        Returns
        -------
        dict
            Each field under its own name.
        """
        return asdict(self)


def read_published_figures(path: Path | None = None) -> tuple[PublishedFigure, ...]:
    """Read and check the published figures table.

    Parameters
    ----------
    path : Path, optional
        The CSV; by default ``geodata/data/sources/published_figures.csv``.

    Returns
    -------
    tuple of PublishedFigure
        In file order.

    Raises
    ------
    PublishedFiguresError
        When a column is missing, a kind or unit is unknown, a date is malformed or published before
        the date it describes, a value is out of range, or a row names no source.
    """
    path = path or paths.SOURCES_DIR / "published_figures.csv"
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if tuple(reader.fieldnames or ()) != FIELDS:
            raise PublishedFiguresError(f"{path.name}: columns must be {', '.join(FIELDS)}")
        rows = list(reader)
    figures = []
    for number, row in enumerate(rows, start=2):
        where = f"{path.name} line {number}"
        kind = row["figure"]
        if FIGURE_UNITS.get(kind) != row["unit"]:
            raise PublishedFiguresError(f"{where}: unknown figure {kind!r} or unit {row['unit']!r}")
        if (kind == "controlled_share") != bool(row["region_id"]):
            raise PublishedFiguresError(f"{where}: a region id is given for region shares only")
        try:
            as_of, published = dt.date.fromisoformat(row["as_of"]), dt.date.fromisoformat(row["published"])
            value = float(row["value"])
        except ValueError as exc:
            raise PublishedFiguresError(f"{where}: {exc}") from exc
        if published < as_of:
            raise PublishedFiguresError(f"{where}: published before the date it describes")
        if not 0 <= value <= (1 if row["unit"] == "share" else 603_628):
            raise PublishedFiguresError(f"{where}: value {value} out of range")
        if not (row["source"].strip() and row["publisher"].strip() and row["counts"].strip()):
            raise PublishedFiguresError(f"{where}: every figure names its publisher, source and what it counts")
        figures.append(
            PublishedFigure(
                figure=kind,
                region_id=row["region_id"],
                value=value,
                unit=row["unit"],
                as_of=row["as_of"],
                published=row["published"],
                publisher=row["publisher"],
                source=row["source"],
                counts=row["counts"],
            )
        )
    return tuple(figures)


def figures_near(figures: tuple[PublishedFigure, ...], as_of: str, days: int = NEAR_DAYS) -> list[PublishedFigure]:
    """The published figures describing a date at most ``days`` days from ``as_of``, nearest first.

    Parameters
    ----------
    figures : tuple of PublishedFigure
        The table (:func:`read_published_figures`).
    as_of : str
        A control snapshot's date, YYYY-MM-DD.
    days : int
        The largest gap in days (:data:`NEAR_DAYS`).

    Returns
    -------
    list of PublishedFigure
        Sorted by the gap, then in file order; empty for a line of unknown date (an undated upload).
    """
    try:
        day = dt.date.fromisoformat(as_of)
    except ValueError:
        return []
    near = [(abs((dt.date.fromisoformat(f.as_of) - day).days), i, f) for i, f in enumerate(figures)]
    return [f for gap, _i, f in sorted(near, key=lambda item: (item[0], item[1])) if gap <= days]


def beside(near: list[dict[str, Any]], figure: str, region_id: str = "") -> dict[str, Any] | None:
    """The published figure to show beside ours: the nearest of kind ``figure`` (and region), or None.

    Parameters
    ----------
    near : list of dict
        ``published_figures`` of :func:`geodata.stats.compute_stats` (nearest first).
    figure : str
        A kind of :data:`FIGURE_UNITS` (``russian_held_share``, ``russian_held_area``, ``controlled_share``).
    region_id : str
        The region, for ``controlled_share``.

    Returns
    -------
    dict or None
        The first matching figure of ``near``, or ``None``.
    """
    return next((f for f in near if f["figure"] == figure and f["region_id"] == region_id), None)


def combined_share(near: list[dict[str, Any]], region_areas_km2: Mapping[str, float]) -> dict[str, Any] | None:
    """One publisher's shares of several oblasts on one date, combined into the share of all of them, or None.

    The oblasts' ``controlled_share`` rows of a date within 7 days (``near``, nearest first), from the nearest
    publisher and date that gives every one of them, weighted by the oblasts' areas: ``sum(share × area) /
    sum(area)``. Give the official areas, which a publisher's shares are of (the held area a share implies is the share
    times the official area). Derived from published figures, not published as such.

    Parameters
    ----------
    near : list of dict
        ``published_figures`` of :func:`geodata.stats.compute_stats` (nearest first).
    region_areas_km2 : mapping of str to float
        The oblasts to combine (e.g. :data:`geodata.regions.ANNEXED_2022`) and each one's official area, km².

    Returns
    -------
    dict or None
        ``share`` (0-1, four decimals), ``as_of``, ``published`` (the latest of the rows), ``publisher``,
        ``source`` and ``region_shares`` (each oblast's published share); None where no publisher gives every
        oblast for one date within 7 days.
    """
    groups: dict[tuple[str, str], dict[str, dict[str, Any]]] = {}
    for figure in near:
        if figure["figure"] == "controlled_share" and figure["region_id"] in region_areas_km2:
            groups.setdefault((figure["publisher"], figure["as_of"]), {}).setdefault(figure["region_id"], figure)
    for (publisher, as_of), rows in groups.items():
        if set(rows) != set(region_areas_km2):
            continue
        whole = sum(region_areas_km2.values())
        return {
            "share": round(sum(rows[r]["value"] * area for r, area in region_areas_km2.items()) / whole, 4),
            "as_of": as_of,
            "published": max(row["published"] for row in rows.values()),
            "publisher": publisher,
            "source": "; ".join(dict.fromkeys(row["source"] for row in rows.values())),
            "region_shares": {r: rows[r]["value"] for r in region_areas_km2},
        }
    return None


# --- The figures as people read them ------------------------------------------------------------------------


def _decimals(value: float, most: int) -> int:
    text = f"{value:.{most}f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def format_published_value(figure: dict[str, Any], lang: str = "en") -> str:
    """A published value with as many decimals as it was published with: "19.25%", "116,165 km²".

    Parameters
    ----------
    figure : dict
        A published figure (:meth:`PublishedFigure.as_json`): ``value`` a share 0-1 or an area in km² (``unit``).
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The value written by Babel for ``lang``.
    """
    from babel.numbers import format_percent as babel_format_percent

    from geodata.wording import LOCALES, PERCENT_PATTERNS, format_area

    if figure["unit"] == "km2":
        return format_area(figure["value"], lang)
    places = max(1, _decimals(figure["value"] * 100, 2))
    pattern = PERCENT_PATTERNS[lang].replace("0.0", "0." + "0" * places)
    return babel_format_percent(figure["value"], pattern, locale=LOCALES[lang])


def published_text(figure: dict[str, Any], lang: str = "en") -> str:
    """ "DeepStateMap: 19.25% on 2026-01-01" (plain text).

    Parameters
    ----------
    figure : dict
        A published figure (:meth:`PublishedFigure.as_json`).
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The publisher, the value as published and its date.
    """
    from geodata.wording import word

    return word(
        "published_beside", lang, publisher=figure["publisher"], value=format_published_value(figure, lang), date=figure["as_of"]
    )


def margin_area_text(margin_km2: float | None, lang: str = "en") -> str:
    """ "± 1,788 km²", or the words for a margin not stated (plain text).

    Parameters
    ----------
    margin_km2 : float or None
        The margin in km², or ``None`` when the line states no accuracy.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The margin's words in ``lang``.
    """
    from geodata.wording import format_number, word

    if margin_km2 is None:
        return word("margin_not_stated", lang)
    return word("margin_km2", lang, value=format_number(margin_km2, lang))


def net_with_margin_text(net_km2: float, margin_km2: float | None, lang: str = "en") -> str:
    """A net change in a table cell with its margin: "−236 ± 218" (km², the column's unit), or "−236 not stated"
    where a line states no accuracy (the catalogue's ``changes_cell_not_stated``, as the dashboard's margin column).

    Parameters
    ----------
    net_km2 : float
        The net change, km² (:func:`geodata.changes.changes_between`).
    margin_km2 : float or None
        Its margin (the two lines' margins added, :func:`geodata.margin.net_change_margin_km2`), km²; None where a
        line states no accuracy.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        Plain text.
    """
    from geodata.margin import margin_cell
    from geodata.wording import format_signed

    return f"{format_signed(net_km2, lang)} {margin_cell(margin_km2, lang)}"


def margin_points_text(margin_share: float | None, lang: str = "en") -> str:
    """ "± 0.3 points" (percentage points of the region or country, one decimal; "< 0.1" below that).

    Parameters
    ----------
    margin_share : float or None
        The margin as a share, 0-1, or ``None`` when the line states no accuracy.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The margin's words in ``lang``.
    """
    from babel.numbers import format_decimal

    from geodata.wording import LOCALES, word

    if margin_share is None:
        return word("margin_not_stated", lang)
    points = margin_share * 100
    # A margin of exactly 0 (no line in the region) is said as 0.0; a small one as "< 0.1", never as 0.1.
    value = format_decimal(points if points == 0 else max(points, 0.1), "#,##0.0", locale=LOCALES[lang])
    return word("margin_points", lang, value=value if points >= 0.05 or points == 0 else "<\u00a0" + value)


def with_margin_and_published(ours: str, margin: str, figure: dict[str, Any] | None, lang: str = "en") -> str:
    """Our figure, its margin and the published figure beside it: "19.2% ± 0.3 points (DeepStateMap: 19.25% on
    2026-01-01)"; without a published figure near the date, only ours and the margin.

    Parameters
    ----------
    ours : str
        Our figure, written.
    margin : str
        Its margin, written (:func:`margin_area_text`, :func:`margin_points_text`).
    figure : dict or None
        The published figure to show beside it (:func:`beside`), if any.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The text in ``lang``.
    """
    from geodata.wording import word

    text = word("with_margin", lang, value=ours, margin=margin)
    return word("ours_beside_published", lang, ours=text, published=published_text(figure, lang)) if figure else text


def headline_texts(stats: dict[str, Any], lang: str = "en") -> dict[str, str]:
    """The headline total as area and as share, each with its margin and the published figure of a date within
    7 days beside it (plain text), from :func:`geodata.stats.compute_stats`.

    Returns
    -------
    dict
        ``area`` ("115,988 km² ± 1,788 km² (DeepStateMap: 116,165 km² on 2026-01-01)") and ``share``.

    Parameters
    ----------
    stats : dict
        What :func:`geodata.stats.compute_stats` returns.
    lang : str
        ``"en"`` or ``"uk"``.
    """
    from geodata.wording import format_area, format_percent

    near = stats.get("published_figures", [])
    return {
        "area": with_margin_and_published(
            format_area(stats["russian_held_area_km2"], lang),
            margin_area_text(stats.get("margin_km2"), lang),
            beside(near, "russian_held_area"),
            lang,
        ),
        "share": with_margin_and_published(
            format_percent(stats["russian_held_share_of_ukraine"], lang),
            margin_points_text(stats.get("margin_share"), lang),
            beside(near, "russian_held_share"),
            lang,
        ),
    }


def headline_total_text(stats: dict[str, Any], lang: str = "en") -> str:
    """The headline sentence: "Held by Russia: <area>; <share> of Ukraine", each with its margin and the published
    figure of a date within 7 days beside it (:func:`headline_texts`); what the figures, slides, exports and the
    command line state.

    Parameters
    ----------
    stats : dict
        What :func:`geodata.stats.compute_stats` returns.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        Plain text.
    """
    from geodata.wording import word

    total = headline_texts(stats, lang)
    return word("headline_total", lang, area=total["area"], share=total["share"])


def region_share_text(row: dict[str, Any], near: list[dict[str, Any]], lang: str = "en") -> str:
    """A region's Russian-held share with its margin and the published share of a near date beside it.

    Parameters
    ----------
    row : dict
        A region's row of :func:`geodata.stats.compute_stats`'s ``regions`` (``controlled_share`` 0-1, ``margin_share``).
    near : list of dict
        The published figures near the date (``published_figures``, nearest first).
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The share written; with no line in the region (a share of 0 or 1) and nothing published, the share alone.
    """
    from geodata.wording import format_percent

    published = beside(near, "controlled_share", row["id"])
    if published is None and not 0 < row["controlled_share"] < 1:
        return format_percent(row["controlled_share"], lang)  # no line in the region: nothing to be off by
    return with_margin_and_published(
        format_percent(row["controlled_share"], lang),
        margin_points_text(row.get("margin_share"), lang),
        published,
        lang,
    )


def annexed_share_caption(stats: Mapping[str, Any], lang: str = "en") -> str:
    """What the four oblasts' share rests on: computed from the control layer on its date, and the publisher's
    oblast figures of a date within 7 days combined (``annexed_2022_published``) where there are (plain text).

    Parameters
    ----------
    stats : dict
        What :func:`geodata.stats.compute_stats` returns.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        "Computed from the control layer on 2026-01-01. DeepStateMap's oblast shares of 2026-01-01, weighted by
        area: 81.1%."
    """
    from geodata.wording import format_percent, word

    text = word("annexed_share_computed", lang, date=stats["control_as_of"])
    published = stats.get("annexed_2022_published")
    if published:
        share = format_percent(published["share"], lang)
        text += " " + word(
            "annexed_share_published", lang, publisher=published["publisher"], date=published["as_of"], share=share
        )
    return text
