"""The numbers a briefing quotes, as pure functions of a scenario and a control snapshot.

Areas: computed from the map's shapes (EPSG:6933) and scaled by one country-wide factor to Ukraine's
official area (:mod:`geodata.areas`, ``docs/method.md``). Population of a part: the settlements located
in it, plus the rest of the region's population spread by area.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import shapely

from geodata import paths
from geodata.areas import UKRAINE_OFFICIAL_AREA_KM2, area_method_text, country_factor
from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.margin import LineMargin, line_margin, margin_method_text, stated_accuracy_km
from geodata.published import combined_share, figures_near, read_published_figures
from geodata.regions import ANNEXED_2022, claim_as_of
from geodata.scenarios import GIVEN_UP_STATUSES, PARTS, Scenario, Status
from geodata.wording import word

#: Settlements listed by status in the statistics.
LISTED_SETTLEMENT_MIN_POPULATION = 10_000


@dataclass(frozen=True)
class _PartPopulation:
    population: dict[tuple[str, str], int]
    settlements: dict[tuple[str, str], list[tuple[str, int]]]


def part_population(snapshot: ControlSnapshot, *, dataset: Dataset) -> _PartPopulation:
    """Pre-war population and settlements of each region's two parts under a snapshot (cached per snapshot).

    The population is the region's pre-war total (the region table's source): the settlements (GeoNames, scaled down
    so they never exceed the total) counted in the part that covers them, the rest shared by the controlled share.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The line of contact that cuts the regions.
    dataset : Dataset
        The regions, settlements and caches.

    Returns
    -------
    _PartPopulation
        ``population`` per (region id, part) in people, and ``settlements`` per (region id, part): (name, people),
        largest first.
    """
    return dataset.memo(_part_population, snapshot, dataset)


def _part_population(snapshot: ControlSnapshot, dataset: Dataset) -> _PartPopulation:
    regions = dataset.regions()
    settlements = dataset.settlements()
    parts = dataset.region_parts(snapshot)
    population: dict[tuple[str, str], int] = {}
    listed: dict[tuple[str, str], list[tuple[str, int]]] = {}
    for index, region in regions.iterrows():
        region_id = str(index)
        total = int(region["population"])
        inside = settlements[(settlements["region_id"] == region_id) & settlements["population"].notna()]
        held = parts.russian_held[region_id]
        in_held = [(not held.is_empty) and shapely.covers(held, point) for point in inside.geometry]
        pops = [int(p) for p in inside["population"]]
        settled = sum(pops)
        # GeoNames and official figures differ in date and definition; never let settlements exceed the region.
        scale = min(1.0, total / settled) if settled else 1.0
        settled_held = sum(p for p, h in zip(pops, in_held, strict=False) if h) * scale
        rest = total - settled * scale
        share = parts.controlled_share[region_id]
        population[(region_id, "russian_held")] = round(settled_held + rest * share)
        population[(region_id, "ukrainian_held")] = total - population[(region_id, "russian_held")]
        for part, flag in (("russian_held", True), ("ukrainian_held", False)):
            listed[(region_id, part)] = sorted(
                (
                    (name, p)
                    for name, p, h in zip(inside["name_en"], pops, in_held, strict=False)
                    if h == flag and p >= LISTED_SETTLEMENT_MIN_POPULATION
                ),
                key=lambda item: (-item[1], item[0]),
            )
    return _PartPopulation(population=population, settlements=listed)


def snapshot_margin(snapshot: ControlSnapshot, control_sources_dir: Path | None = None, *, dataset: Dataset) -> LineMargin | None:
    """The margin of a snapshot's areas (:mod:`geodata.margin`), or None where its line states no accuracy.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The line; only a shipped snapshot (built from its vertex file) has a stated accuracy.
    control_sources_dir : Path, optional
        The vertex files' folder; by default the package's ``geodata/data/sources/control``.
    dataset : Dataset
        Where the regions and control parts come from.

    Returns
    -------
    LineMargin or None
        The margin in km² and points, per region and in total; None for a line that states no accuracy.
    """
    folder = control_sources_dir or paths.CONTROL_SOURCES_DIR
    return dataset.memo(_snapshot_margin, snapshot, folder, dataset)


def _snapshot_margin(snapshot: ControlSnapshot, folder: Path, dataset: Dataset) -> LineMargin | None:
    accuracy = stated_accuracy_km(snapshot.as_of, snapshot.key == f"shipped:{snapshot.as_of}", folder)
    if accuracy is None:
        return None
    regions = dataset.regions()
    return line_margin(dataset.region_parts(snapshot).line_of_contact, {str(r): g for r, g in regions.geometry.items()}, accuracy)


def published_near(as_of: str, published_path: Path | None = None, *, dataset: Dataset) -> list[dict[str, Any]]:
    """The published figures (:mod:`geodata.published`) of a date within 7 days of ``as_of``, nearest first,
    as JSON-ready objects (``figure``, ``region_id``, ``value``, ``unit``, ``as_of``, ``published``,
    ``publisher``, ``source``, ``counts``).

    Parameters
    ----------
    as_of : str
        The control snapshot's date, YYYY-MM-DD.
    published_path : Path, optional
        The published figures' CSV; by default the shipped one.
    dataset : Dataset
        The cache the table is read into.

    Returns
    -------
    list of dict
        The figures (:meth:`geodata.published.PublishedFigure.as_json`), nearest date first.
    """
    figures = dataset.memo(read_published_figures, published_path)
    return [f.as_json() for f in figures_near(figures, as_of)]


def region_areas_km2(*, dataset: Dataset) -> dict[str, float]:
    """Each region's area as the project shows it, km²: computed in EPSG:6933 (the build's ``area_km2``) times
    the one country-wide factor of :func:`geodata.areas.country_factor`; they add up to 603,628 km².

    Parameters
    ----------
    dataset : Dataset
        The regions (their ``area_km2``) and the cache.

    Returns
    -------
    dict of str to float
        Each region's area in km², by ISO 3166-2:UA code.
    """
    return dataset.memo(_region_areas_km2, dataset)


def _region_areas_km2(dataset: Dataset) -> dict[str, float]:
    factor = area_factor(dataset=dataset)
    return {str(r): float(a) * factor for r, a in dataset.regions()["area_km2"].items()}


def area_factor(*, dataset: Dataset) -> float:
    """The one country-wide factor every area the project shows is scaled by (:func:`geodata.areas.country_factor`).

    Parameters
    ----------
    dataset : Dataset
        The regions (their ``area_km2``, computed in EPSG:6933 by the build) and the cache.

    Returns
    -------
    float
        Ukraine's official area over the regions' computed area (about 1.0074): an area computed in EPSG:6933
        (:func:`geodata.areas.equal_area_km2`), km², times this is the area the statistics show.
    """
    return dataset.memo(_area_factor, dataset)


def _area_factor(dataset: Dataset) -> float:
    return country_factor(float(dataset.regions()["area_km2"].sum()))


def area_method(*, dataset: Dataset, lang: str = "en") -> str:
    """The area method in words, with the factor of the dataset's regions written in.

    Parameters
    ----------
    dataset : Dataset
        The regions whose areas give the factor.
    lang : {"en", "uk"}
        Language (the statistics' JSON keeps English).

    Returns
    -------
    str
        :func:`geodata.areas.area_method_text` for the dataset's factor (plain text).

    Raises
    ------
    ValueError
        For another language.
    """
    return area_method_text(area_factor(dataset=dataset), lang)


def population_method(lang: str = "en") -> str:
    """How a part's pre-war population is estimated, in words (plain text; the catalogue's ``method_population``).

    Parameters
    ----------
    lang : {"en", "uk"}
        Language (the statistics' JSON keeps English).

    Returns
    -------
    str
        The method's description.

    Raises
    ------
    ValueError
        For another language.
    """
    return word("method_population", lang)


def describe(scenario: Scenario, snapshot: ControlSnapshot) -> dict[str, Any]:
    """What a set of figures is about: the scenario and the control snapshot, with their sources.

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    snapshot : ControlSnapshot
        The control snapshot.

    Returns
    -------
    dict
        ``scenario``, ``scenario_title``, ``scenario_date``, ``as_reported``, ``scenario_sources``, ``control_as_of``,
        ``control_sources`` and ``control_method``.
    """
    return {
        "scenario": scenario.id,
        "scenario_title": scenario.title,
        "scenario_date": scenario.date,
        "as_reported": scenario.as_reported,
        "scenario_sources": list(scenario.sources),
        "control_as_of": snapshot.as_of,
        "control_sources": list(snapshot.sources),
        "control_method": snapshot.method,
    }


def compute_stats(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    *,
    dataset: Dataset,
    published_path: Path | None = None,
    control_sources_dir: Path | None = None,
) -> dict[str, Any]:
    """Every figure for one scenario on one control date, as JSON-ready data.

    Parameters
    ----------
    scenario : Scenario
        A preset or a custom scenario from options.
    snapshot : ControlSnapshot
        The control area the parts are cut by.
    dataset : Dataset
        Where the regions, places and control parts come from.
    published_path : Path, optional
        The published figures table (by default the package's ``published_figures.csv``).
    control_sources_dir : Path, optional
        The vertex files, for the line's stated accuracy (by default the package's).

    Returns
    -------
    dict
        ``scenario``, ``control_as_of``, ``totals`` by status (``area_km2``,
        ``share_of_ukraine``, ``population``), ``regions`` (per region: ``controlled_share``
        and the status, area and population of each part), ``annexed_2022_controlled_share`` (computed from the
        control layer) and ``annexed_2022_published`` (:func:`geodata.published.combined_share`: one publisher's
        shares of the four oblasts of a date within 7 days, weighted by area; null where there are none),
        ``settlements`` by status, ``ukraine_gives_up`` and ``russia_returns``, and the methods;
        ``margin_km2`` and ``margin_share`` (of the Russian-held total, and per region and status; null where
        the line states no accuracy), ``line_of_contact_km``, ``vertex_accuracy_km``, and
        ``published_figures`` of a date within 7 days of the control date. Shares are fractions from 0 to 1.
    """
    regions = dataset.regions()
    parts = dataset.region_parts(snapshot)
    people = part_population(snapshot, dataset=dataset)
    region_km2 = region_areas_km2(dataset=dataset)
    ukraine_total = float(UKRAINE_OFFICIAL_AREA_KM2)
    margin = snapshot_margin(snapshot, control_sources_dir, dataset=dataset)
    stated = margin is not None
    totals: dict[str, dict[str, Any]] = {s.value: {"area_km2": 0.0, "population": 0, "margin_km2": 0.0} for s in Status}
    settlements_by_status: dict[str, list[tuple[str, int]]] = defaultdict(list)
    region_rows = []
    given_up: dict[str, Any] = {"area_km2": 0.0, "population": 0, "settlements": [], "regions": [], "margin_km2": 0.0}
    returned: dict[str, Any] = {"area_km2": 0.0, "population": 0, "settlements": [], "regions": [], "margin_km2": 0.0}
    for index, region in regions.iterrows():
        region_id = str(index)
        whole = region_km2[region_id]
        share = parts.controlled_share[region_id]
        # The line inside the region moves its two parts' areas by the same amount, in opposite directions.
        region_margin = margin.region_margin_km2(str(region_id)) if margin is not None else 0.0
        row: dict[str, Any] = {
            "id": region_id,
            "name_en": region["name_en"],
            "name_uk": region["name_uk"],
            "official_area_km2": float(region["official_area_km2"]),
            "area_km2": round(whole, 1),
            "controlled_share": round(share, 4),
            "margin_km2": round(region_margin, 1) if stated else None,
            "margin_share": round(region_margin / whole, 4) if stated else None,
            # A claim exists only from its date on: none for the four 2022 oblasts at a 2022-03-25 line.
            "annexation_claimed": claim_as_of(str(region_id), snapshot.as_of),
        }
        for part in PARTS:
            status = scenario.status(region_id, part)
            area = whole * (share if part == "russian_held" else 1 - share)
            population = people.population[(region_id, part)]
            names = people.settlements[(region_id, part)]
            row[part] = {"status": status.value, "area_km2": round(area, 1), "population": population}
            totals[status.value]["area_km2"] += area
            totals[status.value]["population"] += population
            settlements_by_status[status.value].extend(names)
            if area <= 0:
                continue
            if part == "ukrainian_held" and status in GIVEN_UP_STATUSES:
                target = given_up
            elif part == "russian_held" and status == Status.RETURNED:
                target = returned
            else:
                continue
            target["area_km2"] += area
            target["population"] += population
            target["settlements"].extend(names)
            target["regions"].append(region_id)
            target["margin_km2"] += region_margin
        statuses = {row[part]["status"] for part in PARTS}
        if len(statuses) > 1:
            for status_value in statuses:
                totals[status_value]["margin_km2"] += region_margin
        region_rows.append(row)
    # A total's margin never exceeds the whole line's: where the line runs along a border between two regions, both
    # regions count that stretch, but moving it moves the area of one of them only. So the status quo's Russian-held
    # total carries the headline's margin, not a slightly larger one.
    whole_line = margin.margin_km2 if margin is not None else 0.0
    for values in totals.values():
        values["share_of_ukraine"] = round(values["area_km2"] / ukraine_total, 4)
        values["area_km2"] = round(values["area_km2"], 1)
        values["margin_km2"] = round(min(values["margin_km2"], whole_line), 1) if stated else None
    annexed_whole = sum(region_km2[r] for r in ANNEXED_2022)
    annexed_held = sum(region_km2[r] * parts.controlled_share[r] for r in ANNEXED_2022)
    held_total = sum(region_km2[str(r)] * parts.controlled_share[r] for r in regions.index)
    near = published_near(snapshot.as_of, published_path, dataset=dataset)
    for target in (given_up, returned):
        target["area_km2"] = round(target["area_km2"], 1)
        target["share_of_ukraine"] = round(target["area_km2"] / ukraine_total, 4)
        target["margin_km2"] = round(min(target["margin_km2"], whole_line), 1) if stated else None
        target["settlements"] = [name for name, _ in sorted(target["settlements"], key=lambda i: (-i[1], i[0]))]
    return {
        **describe(scenario, snapshot),
        "ukraine_area_km2": ukraine_total,
        "russian_held_area_km2": round(held_total, 1),
        "russian_held_share_of_ukraine": round(held_total / ukraine_total, 4),
        "totals": {k: v for k, v in totals.items()},
        "regions": region_rows,
        "annexed_2022_controlled_share": round(annexed_held / annexed_whole, 4),
        "annexed_2022_margin_share": (
            round(sum(margin.region_margin_km2(r) for r in ANNEXED_2022) / annexed_whole, 4) if margin is not None else None
        ),
        # Beside it, where one publisher gives the four oblasts for a date within 7 days: their shares combined,
        # weighted by the oblasts' official areas, which a publisher's shares are of (not the map's).
        "annexed_2022_published": combined_share(near, {r: float(regions["official_area_km2"][r]) for r in ANNEXED_2022}),
        "margin_km2": round(margin.margin_km2, 1) if margin is not None else None,
        "margin_share": round(margin.margin_km2 / ukraine_total, 4) if margin is not None else None,
        "line_of_contact_km": round(margin.length_km, 1) if margin is not None else None,
        "vertex_accuracy_km": margin.accuracy_km if margin is not None else None,
        "published_figures": near,
        "settlements": {
            status: [name for name, _ in sorted(items, key=lambda i: (-i[1], i[0]))]
            for status, items in sorted(settlements_by_status.items())
            if items
        },
        "ukraine_gives_up": given_up,
        "russia_returns": returned,
        "area_method": area_method(dataset=dataset),
        "population_method": population_method(),
        "margin_method": margin_method_text(margin.accuracy_km if margin is not None else None),
    }
