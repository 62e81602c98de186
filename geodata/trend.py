"""The trend: the Russian-held area on every control date, in total and per region, with the gaps between dates.

Every figure is the one :func:`geodata.stats.compute_stats` gives (``russian_held_area_km2`` and each region's
Russian-held part), so the trend, the statistics and the changes between two dates agree; but only what the
trend shows is computed: each region's held share (the cuts of many dates in one vectorised call, projected
together), not the parts Ukraine holds, the population or the line of contact (that only for a line with a
stated margin). About 6 ms of CPU per date, against 70 ms through ``compute_stats``. Where two
consecutive dates lie more than :data:`MAX_GAP_DAYS` apart the series says so (``gap_before``): a chart
draws a gap there, never a straight line as if the months between had been measured.

Computed once per set of control files (keyed on each file's name, size and modification time) and kept in
the dataset's cache, so a dashboard run or a second call costs a few file look-ups. A long history (from
:data:`PARALLEL_MIN_DATES` dates) is shared among processes, one per core.
"""

from __future__ import annotations

import os
import re
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_all_start_methods, get_context
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geodata.areas import UKRAINE_OFFICIAL_AREA_KM2, equal_area_km2
from geodata.changes import days_between
from geodata.geojson import polygonal

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence

    from geodata.control import ControlSnapshot
    from geodata.dataset import DataPaths, Dataset

#: Consecutive control dates further apart than this (days) are a gap in the series.
MAX_GAP_DAYS = 90
#: From this many dates on (an imported daily history) the trend is computed in several processes, at most this many.
PARALLEL_MIN_DATES = 40
MAX_WORKERS = 4
#: Dates whose cuts are made and projected together (bounds the memory of one batch of geometries).
BATCH_DATES = 64
#: The published-figures table, where the project has one (columns figure,value,unit,as_of,published,source,counts).
PUBLISHED_FIGURES_NAME = "published_figures.csv"
_REGION = re.compile(r"\bUA-\d\d\b")
_AS_OF = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: The published figures that are levels (drawn as points): the whole country's area and share, an oblast's share.
LEVEL_FIGURES = ("russian_held_area", "russian_held_share", "controlled_share")


def control_fingerprint(control_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Each control file's name, size and modification time (ns): what the cached trend is keyed on.

    Parameters
    ----------
    control_dir : Path
        The folder of ``<YYYY-MM-DD>.geojson`` snapshots.

    Returns
    -------
    tuple
        ``(name, size, mtime_ns)`` per snapshot file, by name.
    """
    rows = []
    for path in sorted(control_dir.glob("*.geojson")):
        if _AS_OF.match(path.stem):
            stat = path.stat()
            rows.append((path.name, stat.st_size, stat.st_mtime_ns))
    return tuple(rows)


def compute_trend(dataset: Dataset, published_path: Path | None = None) -> dict[str, Any]:
    """The Russian-held area on every control date of ``dataset``, in total and per region.

    Parameters
    ----------
    dataset : Dataset
        Whose control folder (shipped, imported and fetched snapshots) is read.
    published_path : Path, optional
        A published-figures CSV (``figure,value,unit,as_of,published,source,counts``); skipped when absent.

    Returns
    -------
    dict
        ``ukraine_area_km2``; ``region_areas_km2`` (each region's area in the statistics); ``max_gap_days``;
        ``dates``: one object per control date, oldest first, with
        ``as_of``, ``days_since_previous`` (None for the first), ``gap_before`` (more than
        :data:`MAX_GAP_DAYS` since the previous date), ``russian_held_km2``, ``share_of_ukraine`` (0 to 1) and
        ``regions`` (``{id: {"area_km2", "share"}}``, share of the region); ``gaps`` (``from``, ``to``, ``days``);
        ``published`` (see :func:`read_published_figures`); ``area_method``.
    """
    # The user's folder too: an imported or fetched line changes the series.
    folders = [dataset.paths.control_dir, *([dataset.paths.user_control_dir] if dataset.paths.user_control_dir else [])]
    fingerprint = tuple(row for folder in folders if folder.is_dir() for row in control_fingerprint(folder))
    trend = dataset.memo(_compute_trend, dataset, fingerprint)
    published = read_published_figures(published_path) if published_path is not None else []
    return {**trend, "published": published}


def _compute_trend(dataset: Dataset, fingerprint: tuple[tuple[str, int, int], ...]) -> dict[str, Any]:
    # Each date once, in order: a user's file may replace a shipped one of its date (dataset.snapshot reads it) or
    # come before the shipped dates.
    names = sorted({name.removesuffix(".geojson") for name, _size, _mtime in fingerprint})
    workers = min(os.cpu_count() or 1, MAX_WORKERS)
    if len(names) >= PARALLEL_MIN_DATES and workers > 1:
        # A long history (an imported daily archive): the dates are shared among processes, each with its own caches.
        chunks = [names[i::workers] for i in range(workers)]
        # Fork where the system has it: "spawn" re-runs the parent's __main__, which under Streamlit (or its
        # AppTest) is the app's script; a long history is only ever read from the command line or a benchmark.
        context = get_context("fork" if "fork" in get_all_start_methods() else "spawn")
        with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
            parts = list(pool.map(_date_figures_in_worker, [dataset.paths] * workers, chunks))
        figures = {item["as_of"]: item for part in parts for item in part}
        rows = [figures[as_of] for as_of in names]
    else:
        rows = _date_figures(dataset, names)
    dates: list[dict[str, Any]] = []
    gaps: list[dict[str, Any]] = []
    previous: str | None = None
    for row in rows:
        as_of = row["as_of"]
        days = days_between(previous, as_of) if previous else None
        gap = days is not None and days > MAX_GAP_DAYS
        if gap:
            gaps.append({"from": previous, "to": as_of, "days": days})
        dates.append(
            {
                "as_of": as_of,
                "days_since_previous": days,
                "gap_before": gap,
                **{k: v for k, v in row.items() if k not in ("as_of", "ukraine_area_km2", "area_method", "region_areas")},
            }
        )
        previous = as_of
    last = rows[-1] if rows else {"ukraine_area_km2": 0.0, "region_areas": {}, "area_method": ""}
    return {
        "ukraine_area_km2": last["ukraine_area_km2"],
        "region_areas_km2": last["region_areas"],
        "max_gap_days": MAX_GAP_DAYS,
        "dates": dates,
        "gaps": gaps,
        "area_method": last["area_method"],
    }


def _date_figures_in_worker(data_paths: DataPaths, names: list[str]) -> list[dict[str, Any]]:
    from geodata.dataset import Dataset

    return _date_figures(Dataset(data_paths), names)


def _date_figures(dataset: Dataset, names: list[str]) -> list[dict[str, Any]]:
    """The statistics' Russian-held areas on each date, in total and per region, in batches of :data:`BATCH_DATES`."""
    rows: list[dict[str, Any]] = []
    for start in range(0, len(names), BATCH_DATES):
        batch = [dataset.snapshot(as_of) for as_of in names[start : start + BATCH_DATES]]
        rows += [
            held_figures(snapshot, shares, dataset=dataset)
            for snapshot, shares in zip(batch, controlled_shares(batch, dataset=dataset), strict=True)
        ]
    return rows


def controlled_shares(snapshots: Sequence[ControlSnapshot], *, dataset: Dataset) -> list[dict[str, float]]:
    """Each region's Russian-held share of its area on each snapshot: only what the trend needs of a split.

    The same figure as :func:`geodata.control.split_regions` (``controlled_share``): the held area cut to the
    region, over the region's area, both in EPSG:6933 (:func:`geodata.areas.equal_area_km2`). The parts Ukraine
    holds, the line of contact and the population are not computed: the cuts of every snapshot are made in one
    vectorised call and projected together.

    Parameters
    ----------
    snapshots : sequence of ControlSnapshot
        The control snapshots.
    dataset : Dataset
        The regions (and the cache of their computed areas).

    Returns
    -------
    list of dict of str to float
        One mapping per snapshot, in order: every region's id to its Russian-held share, 0 to 1.
    """
    regions = dataset.regions()
    ids = [str(r) for r in regions.index]
    shapes = dict(zip(ids, regions.geometry, strict=True))
    whole = dataset.memo(_computed_region_areas, dataset)
    keys: list[tuple[int, str]] = []
    held: list[BaseGeometry] = []
    for i, snapshot in enumerate(snapshots):
        for region_id, geometry in snapshot.by_region.items():
            if region_id in shapes:
                keys.append((i, region_id))
                held.append(geometry)
    shares = [dict.fromkeys(ids, 0.0) for _ in snapshots]
    if not held:
        return shares
    cut = shapely.intersection(np.asarray(held, dtype=object), np.asarray([shapes[r] for _i, r in keys], dtype=object))
    areas = equal_area_km2([polygonal(g) for g in cut])
    for (i, region_id), area in zip(keys, areas, strict=True):
        shares[i][region_id] = min(1.0, area / whole[region_id])
    return shares


def _computed_region_areas(dataset: Dataset) -> dict[str, float]:
    regions = dataset.regions()
    return dict(zip((str(r) for r in regions.index), equal_area_km2(list(regions.geometry)), strict=True))


def held_figures(snapshot: ControlSnapshot, shares: Mapping[str, float], *, dataset: Dataset) -> dict[str, Any]:
    """One date's row of the trend from its regions' controlled shares, with :func:`geodata.stats.compute_stats`' arithmetic.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The control snapshot (its date, and its line's stated margin where it has one).
    shares : mapping of str to float
        Every region's Russian-held share (:func:`controlled_shares`).
    dataset : Dataset
        The regions, their areas and the cache.

    Returns
    -------
    dict
        ``as_of``, ``russian_held_km2``, ``share_of_ukraine`` (0 to 1), ``margin_km2`` (None where the line states
        no accuracy), ``regions`` (``{id: {"area_km2", "share"}}``), ``ukraine_area_km2``, ``region_areas`` and
        ``area_method``: the figures ``compute_stats`` gives for the status quo on that date.
    """
    from geodata.stats import area_method, region_areas_km2, snapshot_margin

    region_km2 = region_areas_km2(dataset=dataset)
    ukraine_total = float(UKRAINE_OFFICIAL_AREA_KM2)
    regions, region_areas = {}, {}
    held_total = 0.0
    for region_id in dataset.region_ids():
        whole = region_km2[region_id]
        share = shares[region_id]
        held_total += whole * share
        held = round(whole * share, 1)
        both = held + round(whole * (1 - share), 1)
        regions[region_id] = {"area_km2": held, "share": round(held / both, 4) if both else 0.0}
        region_areas[region_id] = round(both, 1)
    margin = snapshot_margin(snapshot, dataset=dataset)
    return {
        "as_of": snapshot.as_of,
        "russian_held_km2": round(held_total, 1),
        "share_of_ukraine": round(held_total / ukraine_total, 4),
        "margin_km2": round(margin.margin_km2, 1) if margin is not None else None,
        "regions": regions,
        "ukraine_area_km2": ukraine_total,
        "region_areas": region_areas,
        "area_method": area_method(dataset=dataset),
    }


def read_published_figures(path: Path) -> list[dict[str, Any]]:
    """Published areas and shares of the Russian-held land, to draw as points beside the project's own.

    Read through :func:`geodata.published.read_published_figures` (the one checked reader of the table): the
    whole-country area and share (``russian_held_area``, ``russian_held_share``) and each oblast's share
    (``controlled_share``, with its ``region_id``); changes (monthly or yearly gains) are not levels and are left out.

    Parameters
    ----------
    path : Path
        The published figures table (``geodata/data/sources/published_figures.csv``). Absent: no points.

    Returns
    -------
    list of dict
        ``figure``, ``as_of``, ``source`` (publisher and where it was reported), ``counts``, ``region_id`` (the
        ``UA-xx`` code, or None for all of Ukraine), and ``area_km2`` or ``share`` (a fraction 0-1).
    """
    from geodata.published import read_published_figures as read_table

    if not path.is_file():
        return []
    rows: list[dict[str, Any]] = []
    for figure in read_table(path):
        if figure.figure not in LEVEL_FIGURES:
            continue
        item: dict[str, Any] = {
            "figure": figure.figure,
            "as_of": figure.as_of,
            "source": f"{figure.publisher}: {figure.source}" if figure.publisher else figure.source,
            "counts": figure.counts,
            "region_id": figure.region_id or None,
        }
        item["area_km2" if figure.figure == "russian_held_area" else "share"] = figure.value
        rows.append(item)
    return rows


def trend_rows(trend: dict[str, Any]) -> list[dict[str, Any]]:
    """The series as flat rows (one per date and region, plus ``total``): what ``trend --csv`` writes.

    Parameters
    ----------
    trend : dict
        What :func:`compute_trend` returned.

    Returns
    -------
    list of dict
        ``as_of``, ``region_id`` (``total`` for all of Ukraine), ``russian_held_km2``, ``share`` (0 to 1, of
        Ukraine for ``total``, else of the region), ``days_since_previous``, ``gap_before``.
    """
    rows = []
    for item in trend["dates"]:
        common = {"as_of": item["as_of"], "days_since_previous": item["days_since_previous"], "gap_before": item["gap_before"]}
        rows.append(
            {
                "as_of": item["as_of"],
                "region_id": "total",
                "russian_held_km2": item["russian_held_km2"],
                "share": item["share_of_ukraine"],
                **common,
            }
        )
        for region_id, values in item["regions"].items():
            rows.append(
                {
                    "as_of": item["as_of"],
                    "region_id": region_id,
                    "russian_held_km2": values["area_km2"],
                    "share": values["share"],
                    **common,
                }
            )
    return rows


def segments(trend: dict[str, Any]) -> list[list[dict[str, Any]]]:
    """The dates split at every gap: each list is drawn as one line, and nothing joins two lists.

    Parameters
    ----------
    trend : dict
        What :func:`compute_trend` returned.

    Returns
    -------
    list of list of dict
        Runs of consecutive ``trend["dates"]`` items with no gap over :data:`MAX_GAP_DAYS` inside.
    """
    runs: list[list[dict[str, Any]]] = []
    for item in trend["dates"]:
        if not runs or item["gap_before"]:
            runs.append([])
        runs[-1].append(item)
    return runs
