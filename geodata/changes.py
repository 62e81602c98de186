"""What changed between two control dates: the land Russia gained and lost, per region and in total, and the
settlements and key assets that changed side.

Areas follow :mod:`geodata.stats` and nothing else. Each region's net change is the difference of the
Russian-held areas :func:`geodata.stats.compute_stats` gives on the two dates. A gained or lost polygon is
measured with :func:`geodata.areas.equal_area_km2` (the project's one area function, EPSG:6933) and
scaled by the region's factor in the statistics (the region's area in ``compute_stats`` over its computed
area), so that, in each region, gained − lost (slivers included) equals the statistics' net change, to the
0.1 km² the statistics round to, whatever area method the statistics use.

Sliver noise, where a redrawn vertex moves the line a little with no real change, is left out of the
gained and lost areas and counted apart (``slivers``): any polygon under :data:`SLIVER_MAX_KM2`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geodata.errors import ClaimsMapError
from geodata.margin import change_margin_method_text, net_change_margin_km2

if TYPE_CHECKING:
    from geodata.control import ControlSnapshot
    from geodata.dataset import Dataset

#: A gained or lost polygon smaller than this (km², after the statistics' scaling) is sliver noise from redrawn
#: vertices: left out of ``gained_km2`` / ``lost_km2`` and counted in ``slivers``. Vertices are stated to be a
#: few km from the truth, so a real change smaller than 1 km² cannot be told from redrawing.
SLIVER_MAX_KM2 = 1.0
#: The scenario whose statistics give the Russian-held areas (the area held does not depend on the scenario).
AREA_SCENARIO = "status-quo"
#: Gaps between control dates longer than this many days are flagged (trend, time-lapse).
DAYS_PER_PERIOD = 30
GAINED, LOST = "gained", "lost"
RUSSIAN_HELD, UKRAINIAN_HELD = "russian_held", "ukrainian_held"
CHANGES_METHOD = (
    "Gained: land Russian-held on the later date and not on the earlier; lost: the reverse. Each region's net is "
    "the difference of the Russian-held areas in the statistics (stats) on the two dates; each polygon's area is "
    "its EPSG:6933 area scaled as the statistics scale the region. Polygons under {sliver} km² are sliver noise "
    "from redrawn vertices: counted apart, not in gained or lost."
)


class ChangesError(ClaimsMapError):
    """Two dates that cannot be compared (unknown, equal or out of order)."""


@dataclass(frozen=True)
class ChangePolygon:
    """One polygon of land gained or lost by Russia between two dates.

    Attributes
    ----------
    kind : {"gained", "lost"}
        From Russia's side: gained was Ukrainian-held on the earlier date and Russian-held on the later.
    region_id : str
        ISO 3166-2:UA code of the region it lies in.
    area_km2 : float
        Its area as the statistics measure areas (see the module's docstring), km².
    geometry : shapely geometry
        A polygon in WGS 84.
    """

    kind: str
    region_id: str
    area_km2: float
    geometry: BaseGeometry


@dataclass(frozen=True)
class Changes:
    """Gains, losses and places that changed side between two control dates.

    Attributes
    ----------
    summary : dict
        JSON-ready figures (see :func:`compute_changes`).
    polygons : list of ChangePolygon
        Every polygon gained or lost that is not a sliver.
    """

    summary: dict[str, Any]
    polygons: list[ChangePolygon] = field(default_factory=list)


def days_between(earlier: str, later: str) -> int:
    """Days from one ISO date to another (negative when ``later`` comes first).

    Parameters
    ----------
    earlier, later : str
        ISO dates, ``YYYY-MM-DD``.

    Returns
    -------
    int
        ``later - earlier`` in days.
    """
    return (date.fromisoformat(later) - date.fromisoformat(earlier)).days


def _held_union(snapshot: ControlSnapshot, dataset: Dataset) -> BaseGeometry:
    held = shapely.union_all(list(dataset.region_parts(snapshot).russian_held.values()))
    shapely.prepare(held)
    return held


def _changed_places(frame: Any, held_a: BaseGeometry, held_b: BaseGeometry, columns: dict[str, str]) -> list[dict[str, Any]]:
    """The points of ``frame`` on one side on the earlier date and the other side on the later."""
    if frame.empty:
        return []
    points = frame.geometry.values
    before = shapely.covers(held_a, points) if not held_a.is_empty else [False] * len(frame)
    after = shapely.covers(held_b, points) if not held_b.is_empty else [False] * len(frame)
    changed = []
    for (place_id, row), was, now in zip(frame.iterrows(), before, after, strict=False):
        if bool(was) == bool(now):
            continue
        item: dict[str, Any] = {"id": place_id}
        item.update({name: (None if _missing(row.get(c)) else _plain(row.get(c))) for name, c in columns.items()})
        item.update(
            {
                "kind": GAINED if now else LOST,
                "from_side": RUSSIAN_HELD if was else UKRAINIAN_HELD,
                "to_side": RUSSIAN_HELD if now else UKRAINIAN_HELD,
                "lon": round(row.geometry.x, 5),
                "lat": round(row.geometry.y, 5),
            }
        )
        changed.append(item)
    return sorted(changed, key=lambda i: (-(i.get("population") or 0), str(i.get("name_en"))))


def _missing(value: Any) -> bool:
    import pandas as pd

    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def _plain(value: Any) -> Any:
    value = value.item() if hasattr(value, "item") else value
    # A population read beside missing ones comes back as a float: a whole number is written whole.
    return int(value) if isinstance(value, float) and value.is_integer() else value


def compute_changes(dataset: Dataset, from_date: str, to_date: str, *, sliver_max_km2: float = SLIVER_MAX_KM2) -> Changes:
    """The land Russia gained and lost between two control dates, per region and in total.

    Parameters
    ----------
    dataset : Dataset
        Where the snapshots (shipped, imported or fetched), settlements and assets are read from.
    from_date, to_date : str
        Control dates, ``YYYY-MM-DD``; ``from_date`` must come first.
    sliver_max_km2 : float
        Polygons smaller than this (km²) are sliver noise, counted apart (default :data:`SLIVER_MAX_KM2`).

    Returns
    -------
    Changes
        ``summary`` with ``from``, ``to``, ``days``, ``gained_km2``, ``lost_km2``, ``net_km2``,
        ``net_per_30_days_km2``, ``from_russian_held_km2``, ``to_russian_held_km2``, ``slivers``
        (``count``, ``gained_km2``, ``lost_km2``, ``max_km2``), ``regions`` (one row per region with any change:
        ``id``, ``name_en``, ``name_uk``, ``gained_km2``, ``lost_km2``, ``net_km2``, ``sliver_net_km2``,
        ``margin_km2``), ``settlements`` and ``assets`` that changed side (``kind`` gained or lost, ``from_side``,
        ``to_side``), the sources of both dates and the method. Areas in km², rounded to 0.1; ``net_km2`` is the
        difference of :func:`geodata.stats.compute_stats`' ``russian_held_area_km2`` on the two dates.

        The margins: ``from_margin_km2`` and ``to_margin_km2``, each line's stated margin of the Russian-held total;
        ``margin_km2``, the margin of the net change, their sum (:func:`geodata.margin.net_change_margin_km2`: the
        net is one area minus the other, so its error is at most the two margins added; a bound, not a standard
        error), and per region the two lines' margins in that region added; None where either line states no
        accuracy (an imported or fetched line), and ``margin_method`` says which.

    Raises
    ------
    ChangesError
        When a date is not a control date of the dataset, or ``from_date`` is not before ``to_date``.
    """
    from geodata.errors import SnapshotError

    if not from_date < to_date:
        raise ChangesError(f"--from {from_date} must be an earlier date than --to {to_date}")
    try:
        snap_a, snap_b = dataset.snapshot(from_date), dataset.snapshot(to_date)
    except SnapshotError as exc:
        raise ChangesError(str(exc)) from None
    return changes_between(dataset, snap_a, snap_b, sliver_max_km2=sliver_max_km2)


def changes_between(
    dataset: Dataset, snap_a: ControlSnapshot, snap_b: ControlSnapshot, *, sliver_max_km2: float = SLIVER_MAX_KM2
) -> Changes:
    """:func:`compute_changes` for two snapshots already read (cached per pair and sliver size in ``dataset``).

    Parameters
    ----------
    dataset : Dataset
        The data the regions, settlements, assets and statistics come from; holds the cache.
    snap_a, snap_b : ControlSnapshot
        The earlier and the later control snapshot.
    sliver_max_km2 : float
        Polygons smaller than this (km²) are sliver noise, counted apart (default :data:`SLIVER_MAX_KM2`).

    Returns
    -------
    Changes
        As :func:`compute_changes` returns.
    """
    return dataset.memo(_changes_between, dataset, snap_a, snap_b, sliver_max_km2)


def _changes_between(dataset: Dataset, snap_a: ControlSnapshot, snap_b: ControlSnapshot, sliver_max_km2: float) -> Changes:
    from geodata.areas import equal_area_km2
    from geodata.regions import read_geojson_frame
    from geodata.stats import compute_stats

    settlements_path, assets_path = dataset.paths.settlements, dataset.paths.assets
    scenario = dataset.scenario(AREA_SCENARIO)
    stats_a, stats_b = compute_stats(scenario, snap_a, dataset=dataset), compute_stats(scenario, snap_b, dataset=dataset)
    rows_a = {row["id"]: row for row in stats_a["regions"]}
    rows_b = {row["id"]: row for row in stats_b["regions"]}
    parts_a, parts_b = dataset.region_parts(snap_a), dataset.region_parts(snap_b)
    regions = dataset.regions()
    region_km2 = dict(zip(regions.index, dataset.memo(_region_areas, dataset, tuple(regions.index)), strict=False))

    pieces: list[tuple[str, str, BaseGeometry]] = []
    for region_id in regions.index:
        a, b = parts_a.russian_held[region_id], parts_b.russian_held[region_id]
        if a.is_empty and b.is_empty:
            continue
        for kind, geometry in ((GAINED, shapely.difference(b, a)), (LOST, shapely.difference(a, b))):
            for part in shapely.get_parts(geometry):
                if part.geom_type == "Polygon" and not part.is_empty:
                    pieces.append((kind, region_id, part))
    areas = equal_area_km2([p for _, _, p in pieces])

    def scale(region_id: str) -> float:
        # The region's area as the statistics give it, over its computed area: 1 when the statistics use
        # computed areas, official/computed when they scale to official areas.
        row = rows_b[region_id]
        return float((row["russian_held"]["area_km2"] + row["ukrainian_held"]["area_km2"]) / region_km2[region_id])

    per_region: dict[str, dict[str, float]] = {}
    polygons: list[ChangePolygon] = []
    slivers = {"count": 0, GAINED: 0.0, LOST: 0.0}
    for (kind, region_id, geometry), area in zip(pieces, areas, strict=False):
        km2 = area * scale(region_id)
        tally = per_region.setdefault(region_id, {GAINED: 0.0, LOST: 0.0, "sliver_gained": 0.0, "sliver_lost": 0.0})
        if km2 < sliver_max_km2:
            slivers["count"] += 1
            slivers[kind] += km2
            tally[f"sliver_{kind}"] += km2
            continue
        tally[kind] += km2
        polygons.append(ChangePolygon(kind=kind, region_id=region_id, area_km2=round(km2, 1), geometry=geometry))

    region_rows = []
    for region_id, tally in per_region.items():
        net = rows_b[region_id]["russian_held"]["area_km2"] - rows_a[region_id]["russian_held"]["area_km2"]
        region_rows.append(
            {
                "id": region_id,
                "name_en": rows_b[region_id]["name_en"],
                "name_uk": rows_b[region_id]["name_uk"],
                "gained_km2": round(tally[GAINED], 1),
                "lost_km2": round(tally[LOST], 1),
                "net_km2": round(net, 1),
                "sliver_net_km2": round(tally["sliver_gained"] - tally["sliver_lost"], 1) + 0.0,
            }
        )
    region_rows.sort(key=lambda r: (-abs(r["net_km2"]), r["id"]))

    held_a, held_b = _held_union(snap_a, dataset), _held_union(snap_b, dataset)
    names = {"name_en": "name_en", "name_uk": "name_uk", "region_id": "region_id"}
    settlements = _changed_places(
        read_geojson_frame(settlements_path), held_a, held_b, {**names, "population": "population", "role": "role"}
    )
    assets = _changed_places(read_geojson_frame(assets_path), held_a, held_b, {**names, "asset_kind": "kind"})
    days = days_between(snap_a.as_of, snap_b.as_of)
    net_total = stats_b["russian_held_area_km2"] - stats_a["russian_held_area_km2"]
    summary: dict[str, Any] = {
        "from": snap_a.as_of,
        "to": snap_b.as_of,
        "days": days,
        "gained_km2": round(sum(r["gained_km2"] for r in region_rows), 1),
        "lost_km2": round(sum(r["lost_km2"] for r in region_rows), 1),
        "net_km2": round(net_total, 1),
        "net_per_30_days_km2": round(net_total * DAYS_PER_PERIOD / days, 1) if days > 0 else None,
        "from_russian_held_km2": stats_a["russian_held_area_km2"],
        "to_russian_held_km2": stats_b["russian_held_area_km2"],
        "slivers": {
            "count": slivers["count"],
            "gained_km2": round(slivers[GAINED], 2),
            "lost_km2": round(slivers[LOST], 2),
            "max_km2": sliver_max_km2,
        },
        "regions": region_rows,
        "settlements": settlements,
        "assets": assets,
        "from_sources": list(snap_a.sources),
        "to_sources": list(snap_b.sources),
        "area_method": stats_b.get("area_method", ""),
        "method": CHANGES_METHOD.format(sliver=sliver_max_km2),
    }
    summary.update(change_margin(stats_a, stats_b))
    for row in region_rows:
        row["margin_km2"] = net_change_margin_km2(rows_a[row["id"]]["margin_km2"], rows_b[row["id"]]["margin_km2"])
    return Changes(summary=summary, polygons=polygons)


def change_margin(stats_a: dict[str, Any], stats_b: dict[str, Any]) -> dict[str, Any]:
    """The margin of the net change between two dates' statistics, with the lines' own and how it is derived.

    Parameters
    ----------
    stats_a, stats_b : dict
        :func:`geodata.stats.compute_stats` on the earlier and the later date.

    Returns
    -------
    dict
        ``from_margin_km2`` and ``to_margin_km2`` (each line's stated margin of the Russian-held total, km², None
        where it states none), ``margin_km2`` (:func:`geodata.margin.net_change_margin_km2`: their sum, a bound;
        None where either is None) and ``margin_method`` (in words, naming the lines that state no accuracy).
    """
    margin_a, margin_b = stats_a["margin_km2"], stats_b["margin_km2"]
    unstated = [s["control_as_of"] for s, m in ((stats_a, margin_a), (stats_b, margin_b)) if m is None]
    return {
        "from_margin_km2": margin_a,
        "to_margin_km2": margin_b,
        "margin_km2": net_change_margin_km2(margin_a, margin_b),
        "margin_method": change_margin_method_text(unstated),
    }


def _region_areas(dataset: Dataset, region_ids: tuple[str, ...]) -> list[float]:
    from geodata.areas import equal_area_km2

    regions = dataset.regions()
    return equal_area_km2([regions.geometry[r] for r in region_ids])


def changes_features(changes: Changes, *, precision: int = 5) -> dict[str, Any]:
    """The gained and lost polygons as a GeoJSON FeatureCollection (WGS 84), one feature per polygon.

    Parameters
    ----------
    changes : Changes
        What :func:`compute_changes` returned.
    precision : int
        Decimal places kept in the coordinates (5: about 1 m).

    Returns
    -------
    dict
        Features with ``kind`` (gained or lost), ``region_id``, ``area_km2``, ``from`` and ``to``.
    """
    features = []
    for polygon in changes.polygons:
        geometry = shapely.set_precision(polygon.geometry, 10**-precision) if precision else polygon.geometry
        if geometry.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {
                    "kind": polygon.kind,
                    "region_id": polygon.region_id,
                    "area_km2": polygon.area_km2,
                    "from": changes.summary["from"],
                    "to": changes.summary["to"],
                },
                "geometry": mapping(geometry),
            }
        )
    return {"type": "FeatureCollection", "features": features}


def region_table(changes: Changes) -> list[dict[str, Any]]:
    """One row per region with a change, then a ``total`` row: what the CSV and the dashboard's table show.

    Parameters
    ----------
    changes : Changes
        What :func:`compute_changes` returned.

    Returns
    -------
    list of dict
        ``region_id``, ``name_en``, ``name_uk``, ``from``, ``to``, ``days``, ``gained_km2``, ``lost_km2``,
        ``net_km2``, ``sliver_net_km2``, ``margin_km2`` (the net change's margin; None where a line states no
        accuracy) (km², rounded to 0.1).
    """
    s = changes.summary
    rows = [
        {
            "region_id": r["id"],
            "name_en": r["name_en"],
            "name_uk": r["name_uk"],
            "from": s["from"],
            "to": s["to"],
            "days": s["days"],
            "gained_km2": r["gained_km2"],
            "lost_km2": r["lost_km2"],
            "net_km2": r["net_km2"],
            "sliver_net_km2": r["sliver_net_km2"],
            "margin_km2": r["margin_km2"],
        }
        for r in s["regions"]
    ]
    rows.append(
        {
            "region_id": "total",
            "name_en": "Ukraine",
            "name_uk": "Україна",
            "from": s["from"],
            "to": s["to"],
            "days": s["days"],
            "gained_km2": s["gained_km2"],
            "lost_km2": s["lost_km2"],
            "net_km2": s["net_km2"],
            "sliver_net_km2": round(s["slivers"]["gained_km2"] - s["slivers"]["lost_km2"], 1),
            "margin_km2": s["margin_km2"],
        }
    )
    return rows


#: How the map draws gains and losses over the fills: a dark outline and hatching of its own colour, with no fill
#: of its own, so the status beneath still shows (the pattern marks are drawn by ``static/map/claims-map.js``).
CHANGE_STYLES: dict[str, dict[str, Any]] = {
    GAINED: {"color": "#67001f", "weight": 2.5, "opacity": 1, "fillColor": "url(#cm-p-change-gained)", "fillOpacity": 1},
    LOST: {
        "color": "#053061",
        "weight": 2.5,
        "opacity": 1,
        "dashArray": "6 4",
        "fillColor": "url(#cm-p-change-lost)",
        "fillOpacity": 1,
    },
}


def changes_map_config(changes: Changes, lang: str) -> dict[str, Any]:
    """What the map's script needs to draw the gains and losses: the polygons, their styles and words, legend rows.

    Parameters
    ----------
    changes : Changes
        What :func:`compute_changes` or :func:`changes_between` returned.
    lang : {"en", "uk"}
        Language of the legend rows and tooltips.

    Returns
    -------
    dict
        ``from``, ``to``, ``geojson`` (:func:`changes_features`, each feature with ``kind`` gained or lost),
        ``styles`` (by kind), ``legend`` (rows ``[key, label]`` naming both dates, for the map's legend),
        ``swatches`` (the legend rows' styles), ``text`` (tooltip words by kind, ``{area}`` to fill) and
        ``sources_text`` (the earlier line's control sources, which the title box names after its own). Plain text.
    """
    from geodata.footer import short_sources
    from geodata.wording import public_text, word

    summary = changes.summary
    dates = {"from_date": summary["from"], "to_date": summary["to"]}
    labels = {kind: word(f"changes_{kind}", lang, **dates) for kind in (GAINED, LOST)}
    return {
        "from": summary["from"],
        "to": summary["to"],
        # The earlier line's control sources, which the title box names after its own (the changes rest on both lines).
        "sources_text": f"{word('slide_line_sources', lang, date=summary['from'])}: "
        + "; ".join(short_sources(public_text(s) for s in summary["from_sources"][:2])),
        "geojson": changes_features(changes),
        "styles": {kind: dict(style) for kind, style in CHANGE_STYLES.items()},
        "legend": [[f"changes_{kind}", labels[kind]] for kind in (GAINED, LOST)],
        "swatches": {f"changes_{kind}": dict(style) for kind, style in CHANGE_STYLES.items()},
        "text": {kind: f"{labels[kind]}: {{area}} {word('unit_km2', lang)}" for kind in (GAINED, LOST)},
    }
