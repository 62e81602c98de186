"""Map layers as plain GeoJSON dicts: region parts styled by status, claims not held, the line of contact.

Pure functions of a scenario and a snapshot, with no map library: the
dashboard turns them into Leaflet layers, the static renderer into patches.
Texts are plain text: whatever shows them escapes them (the map's script uses
``textContent``).
"""

from __future__ import annotations

from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.geojson import feature, json_value
from geodata.regions import ANNEXED_2014, ANNEXED_2022, claim_as_of
from geodata.scenarios import Scenario
from geodata.stats import part_population, region_areas_km2
from geodata.vocabulary import PARTS, Status

#: Simplification of the map's shapes (degrees, about 400 m): invisible at the zooms a national map
#: is read at, and it keeps the data sent to the browser small. Applied to all parts together so
#: neighbours keep sharing their borders.
MAP_SIMPLIFY_DEG = 0.006
#: Coordinates sent to the browser: 4 decimals (about 10 m) is finer than the simplification.
MAP_DECIMALS = 4


def simplified_parts(snapshot: ControlSnapshot, *, dataset: Dataset) -> dict[tuple[str, str], BaseGeometry]:
    """Each region's two parts, simplified together as one coverage for the map (cached per snapshot).

    Parameters
    ----------
    snapshot : ControlSnapshot
        The control snapshot.
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    dict of (str, str) to shapely geometry
        By (region id, part), the part simplified by :data:`MAP_SIMPLIFY_DEG` with neighbours keeping shared borders.
    """
    return dataset.memo(_simplified_parts, snapshot, dataset)


def _simplified_parts(snapshot: ControlSnapshot, dataset: Dataset) -> dict[tuple[str, str], BaseGeometry]:
    parts = dataset.region_parts(snapshot)
    keys: list[tuple[str, str]] = []
    geometries: list[BaseGeometry] = []
    for region_id in dataset.regions().index:
        for part, source in (("russian_held", parts.russian_held), ("ukrainian_held", parts.ukrainian_held)):
            geometry = source[region_id]
            if not geometry.is_empty:
                keys.append((region_id, part))
                geometries.append(geometry)
    simplified = shapely.coverage_simplify(geometries, tolerance=MAP_SIMPLIFY_DEG)
    return dict(zip(keys, simplified, strict=True))


def claims_not_held_collection(snapshot: ControlSnapshot, *, dataset: Dataset) -> dict[str, Any]:
    """Land Russia claims by annexation but does not hold on the snapshot's date (the Ukrainian-held
    parts of the regions whose annexation Russia had claimed by that date).

    Parameters
    ----------
    snapshot : ControlSnapshot
        The control snapshot.
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    dict
        A FeatureCollection, one feature per such region (``region_id``), at the map's precision.
    """
    simplified = simplified_parts(snapshot, dataset=dataset)
    features = []
    for region_id in ANNEXED_2014 + ANNEXED_2022:
        if claim_as_of(region_id, snapshot.as_of) is None:
            continue
        geometry = simplified.get((region_id, "ukrainian_held"))
        if geometry is not None and not geometry.is_empty:
            properties = {"region_id": region_id}
            features.append(feature(geometry, properties, feature_id=f"{region_id}/claimed-not-held", decimals=MAP_DECIMALS))
    return {"type": "FeatureCollection", "features": features}


def has_claims_not_held(snapshot: ControlSnapshot, *, dataset: Dataset) -> bool:
    """Whether any land is claimed by Russia but not held on the snapshot's date (legend entry or not).

    False at 2022-03-25, say: Crimea and Sevastopol were wholly held and the 2022 claims were not yet made.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The control snapshot.
    dataset : Dataset
        The data the regions and their claims come from.

    Returns
    -------
    bool
        True when :func:`claims_not_held_collection` has a feature.
    """
    return bool(claims_not_held_collection(snapshot, dataset=dataset)["features"])


def line_of_contact_collection(snapshot: ControlSnapshot, *, dataset: Dataset) -> dict[str, Any]:
    """The line of contact on the snapshot's date as one line feature.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The control snapshot.
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    dict
        A FeatureCollection of one feature (``as_of``, ``kind``), at the map's precision.
    """
    line = dataset.region_parts(snapshot).line_of_contact.simplify(MAP_SIMPLIFY_DEG / 2)
    if line.is_empty:
        return {"type": "FeatureCollection", "features": []}
    return {
        "type": "FeatureCollection",
        "features": [
            feature(
                line,
                {"as_of": snapshot.as_of, "kind": "line_of_contact"},
                feature_id=f"loc/{snapshot.as_of}",
                decimals=MAP_DECIMALS,
            )
        ],
    }


def context_collection(frame: Any, simplify_deg: float = 0.0, properties: tuple[str, ...] = ()) -> dict[str, Any]:
    """A context layer (neighbours, region borders, places) as compact GeoJSON for the browser.

    Parameters
    ----------
    frame : geopandas.GeoDataFrame
        The layer, indexed by feature id.
    simplify_deg : float
        Simplification tolerance in degrees (0: none).
    properties : tuple of str
        The columns kept as properties.

    Returns
    -------
    dict
        A FeatureCollection at the map's precision.
    """
    features = []
    for feature_id, row in frame.iterrows():
        geometry = row.geometry.simplify(simplify_deg) if simplify_deg else row.geometry
        props = {key: json_value(row[key]) for key in properties}
        features.append(feature(geometry, props, feature_id=str(feature_id), decimals=MAP_DECIMALS))
    return {"type": "FeatureCollection", "features": features}


def region_borders_collection(*, dataset: Dataset) -> dict[str, Any]:
    """Region borders as lines, each shared border once (half the data of drawing every outline).

    Parameters
    ----------
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    dict
        A FeatureCollection of one (multi)line feature, cached by the dataset.
    """
    return dataset.memo(_region_borders_collection, dataset)


def _region_borders_collection(dataset: Dataset) -> dict[str, Any]:
    regions = dataset.regions()
    merged = shapely.line_merge(shapely.union_all([g.boundary for g in regions.geometry]))
    borders = merged.simplify(MAP_SIMPLIFY_DEG)
    border_feature = feature(borders, {"kind": "region_borders"}, feature_id="borders", decimals=MAP_DECIMALS)
    return {"type": "FeatureCollection", "features": [border_feature]}


def labelled_place_ids(*, dataset: Dataset) -> list[str]:
    """Ids of the places that carry a permanent label, on the map and on slides alike (see :func:`_labelled`).

    Parameters
    ----------
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    list of str
        The settlements' ids, sorted.
    """
    places = dataset.settlements()
    places = places[places["role"].notna()]
    return sorted(
        str(place_id)
        for place_id, row in places.iterrows()
        if _labelled(row["role"], row["region_id"], json_value(row["population"]))
    )


# --- Data the browser fetches once, then restyles on every toggle -------------------------------


def snapshot_layer_data(snapshot: ControlSnapshot, *, dataset: Dataset) -> dict[str, Any]:
    """Everything the map draws for a snapshot that does not depend on the scenario.

    The region parts (simplified together), each with the figures its tooltip
    shows, and the line of contact. A toggle then sends only the status of
    each part, so the browser restyles shapes it already has. Shipped
    snapshots are written to ``static/data/`` by the build and fetched from
    the app's own host; imported ones are sent inline.

    Parameters
    ----------
    snapshot : ControlSnapshot
        The control snapshot (shipped or imported).
    dataset : Dataset
        The data the regions, places and caches come from.

    Returns
    -------
    dict
        ``{"as_of", "parts": FeatureCollection, "line": FeatureCollection}``.
        Part properties: ``region_id``, ``part``, ``name_en``, ``name_uk``
        (plain text), ``area_km2``, ``population``, ``share`` (of its region),
        ``controlled_share``, ``claimed`` (date of the annexation claim, or null where
        none had been made by the snapshot's date).
    """
    regions = dataset.regions()
    parts = dataset.region_parts(snapshot)
    people = part_population(snapshot, dataset=dataset)
    region_km2 = region_areas_km2(dataset=dataset)
    features = []
    for (region_id, part), geometry in simplified_parts(snapshot, dataset=dataset).items():
        region: Any = regions.loc[region_id]  # the region's row
        share = parts.controlled_share[region_id]
        part_share = share if part == "russian_held" else 1 - share
        properties = {
            "region_id": region_id,
            "part": part,
            "name_en": region["name_en"],
            "name_uk": region["name_uk"],
            "area_km2": round(region_km2[region_id] * part_share, 1),
            "population": people.population[(region_id, part)],
            "share": round(part_share, 4),
            "controlled_share": round(share, 4),
            "claimed": claim_as_of(region_id, snapshot.as_of),
        }
        features.append(feature(geometry, properties, feature_id=f"{region_id}/{part}", decimals=MAP_DECIMALS))
    return {
        "as_of": snapshot.as_of,
        "parts": {"type": "FeatureCollection", "features": features},
        "line": line_of_contact_collection(snapshot, dataset=dataset),
    }


def context_layer_data(*, dataset: Dataset) -> dict[str, Any]:
    """The map's background: neighbouring countries and region borders (each shared border once).

    Parameters
    ----------
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    dict
        ``{"neighbours": FeatureCollection, "borders": FeatureCollection}``.
    """
    return {
        "neighbours": context_collection(dataset.neighbours(), properties=("name_en",)),
        "borders": region_borders_collection(dataset=dataset),
    }


def places_layer_data(*, dataset: Dataset) -> dict[str, Any]:
    """Region label points, labelled settlements and key assets, in both languages, as plain text.

    Parameters
    ----------
    dataset : Dataset
        Where the regions, places and control parts come from (:func:`geodata.dataset.default_dataset` at the edges).

    Returns
    -------
    dict
        ``{"labels", "settlements", "assets"}``: lists of points with ``id``, ``lat``, ``lon`` and names in ``en`` and
        ``uk`` (settlements also population, source and whether labelled; assets their kind, note and source).
    """
    regions = dataset.regions()
    labels = []
    for region_id, row in regions.iterrows():
        if region_id in ("UA-30", "UA-40"):
            continue  # the two cities' labels would sit on their neighbours'; the settlements layer names them
        point = row.geometry.representative_point()
        short_en = row["name_en"].replace(" Oblast", "").replace("Autonomous Republic of ", "")
        short_uk = row["name_uk"].replace(" область", "").replace("Автономна Республіка ", "")
        labels.append({"id": region_id, "lat": round(point.y, 4), "lon": round(point.x, 4), "en": short_en, "uk": short_uk})
    places = dataset.settlements()
    places = places[places["role"].notna()]
    settlements = []
    for place_id, row in places.iterrows():
        population = json_value(row["population"])
        major = row["role"] in ("capital", "regional_centre")
        settlements.append(
            {
                "id": str(place_id),
                "lat": round(row.geometry.y, 4),
                "lon": round(row.geometry.x, 4),
                "en": row["name_en"],
                "uk": row["name_uk"] or row["name_en"],
                "population": int(population) if population else None,
                "source": row["population_source"],
                "major": bool(major),
                "labelled": bool(_labelled(row["role"], row["region_id"], population)),
            }
        )
    assets = []
    for asset_id, row in dataset.assets().iterrows():
        assets.append(
            {
                "id": str(asset_id),
                "lat": round(row.geometry.y, 4),
                "lon": round(row.geometry.x, 4),
                "kind": row["kind"],
                "en": row["name_en"],
                "uk": row["name_uk"] or row["name_en"],
                "note": row["note"],
                "source": row["source"],
            }
        )
    return {"labels": labels, "settlements": settlements, "assets": assets}


def _labelled(role: str, region_id: str, population: Any) -> bool:
    """Which places carry a permanent label: the capital, Crimea's cities, and front-line towns a
    briefing talks about (40,000 people or more); region labels already name the other centres."""
    major = role in ("capital", "regional_centre")
    return role == "capital" or (region_id in ANNEXED_2014 and major) or (role == "front_line" and (population or 0) >= 40_000)


def statuses_drawn(scenario: Scenario, snapshot: ControlSnapshot, *, dataset: Dataset) -> list[Status]:
    """The statuses of the parts a map of ``scenario`` draws (parts with an area), in legend order.

    Parameters
    ----------
    scenario : Scenario
        Gives each part its status.
    snapshot : ControlSnapshot
        Cuts each region into its two parts.
    dataset : Dataset
        The data the regions come from.

    Returns
    -------
    list of Status
        In the order of :class:`~geodata.scenarios.Status`, as the dashboard's legend.
    """
    parts = dataset.region_parts(snapshot)
    present = {
        scenario.status(region_id, part)
        for part in PARTS
        for region_id, geometry in getattr(parts, part).items()
        if geometry.area > 0
    }
    return [s for s in Status if s in present]
