"""Map layers as plain GeoJSON dicts: region parts styled by status, claims not held, the line of contact.

Pure functions of a scenario and a snapshot, with no map library: the
dashboard turns them into Leaflet layers, the static renderer into patches.
Every text put into a tooltip is escaped here.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import shapely
from shapely.geometry.base import BaseGeometry

from geodata.control import ControlSnapshot, region_parts
from geodata.geojson import feature
from geodata.regions import ANNEXED_2014, ANNEXED_2022, load_regions
from geodata.safe_text import escape_html
from geodata.scenarios import PARTS, Scenario
from geodata.stats import compute_stats
from geodata.style import STATUS_STYLES, status_label

#: Simplification of the map's shapes (degrees, about 400 m): invisible at the zooms a national map
#: is read at, and it keeps the data sent to the browser small. Applied to all parts together so
#: neighbours keep sharing their borders.
MAP_SIMPLIFY_DEG = 0.006
#: Coordinates sent to the browser: 4 decimals (about 10 m) is finer than the simplification.
MAP_DECIMALS = 4

PART_LABELS = {
    "russian_held": {"en": "Part held by Russia on {date}", "uk": "Частина під контролем Росії на {date}"},
    "ukrainian_held": {"en": "Part held by Ukraine on {date}", "uk": "Частина під контролем України на {date}"},
}
TOOLTIP_TEXT = {
    "en": {"area": "Area", "of_region": "of the region", "population": "Pre-war population (est.)",
           "control": "Russian control of the region", "claimed": "Annexation claimed by Russia on {date} (not recognised)",
           "sources": "Sources"},
    "uk": {"area": "Площа", "of_region": "області", "population": "Довоєнне населення (оцінка)",
           "control": "Частка під контролем Росії", "claimed": "Анексію заявлено Росією {date} (не визнано)",
           "sources": "Джерела"},
}


@lru_cache(maxsize=32)
def simplified_parts(snapshot: ControlSnapshot) -> dict[tuple[str, str], BaseGeometry]:
    """Each region's two parts, simplified together as one coverage for the map."""
    parts = region_parts(snapshot)
    keys: list[tuple[str, str]] = []
    geometries: list[BaseGeometry] = []
    for region_id in load_regions().index:
        for part, source in (("russian_held", parts.russian_held), ("ukrainian_held", parts.ukrainian_held)):
            geometry = source[region_id]
            if not geometry.is_empty:
                keys.append((region_id, part))
                geometries.append(geometry)
    simplified = shapely.coverage_simplify(geometries, tolerance=MAP_SIMPLIFY_DEG)
    return dict(zip(keys, simplified))


def _percent(value: float) -> str:
    return f"{value:.1%}" if value >= 0.001 or value == 0 else "<0.1%"


def part_collection(scenario: Scenario, snapshot: ControlSnapshot, lang: str = "en") -> dict[str, Any]:
    """Region parts as a FeatureCollection, each styled by its status under ``scenario``.

    Parameters
    ----------
    scenario : Scenario
        Gives each part its status.
    snapshot : ControlSnapshot
        Cuts each region into its Russian-held and Ukrainian-held parts.
    lang : {"en", "uk"}
        Language of the tooltips.

    Returns
    -------
    dict
        A FeatureCollection; each feature's ``id`` is ``<region>/<part>`` and its
        properties carry ``region_id``, ``part``, ``status``, ``fill``,
        ``pattern`` and an escaped HTML ``tooltip``.
    """
    text = TOOLTIP_TEXT.get(lang, TOOLTIP_TEXT["en"])
    stats = compute_stats(scenario, snapshot)
    rows = {row["id"]: row for row in stats["regions"]}
    sources = "; ".join(list(snapshot.sources)[:2] + list(scenario.sources)[:2])
    features = []
    for (region_id, part), geometry in simplified_parts(snapshot).items():
        row = rows[region_id]
        status = scenario.status(region_id, part)
        style = STATUS_STYLES[status]
        region_name = row["name_uk"] if lang == "uk" else row["name_en"]
        other_name = row["name_en"] if lang == "uk" else row["name_uk"]
        part_row = row[part]
        share = row["controlled_share"] if part == "russian_held" else 1 - row["controlled_share"]
        lines = [
            f"<b>{escape_html(region_name)}</b> · {escape_html(other_name)}",
            escape_html(PART_LABELS[part][lang if lang in ("en", "uk") else "en"].format(date=snapshot.as_of)),
            f"<b>{escape_html(status_label(status, lang))}</b>",
            f"{text['area']}: {part_row['area_km2']:,.0f} km² ({_percent(share)} {text['of_region']})",
            f"{text['population']}: {part_row['population']:,}",
            f"{text['control']}: {_percent(row['controlled_share'])}",
        ]
        if row["annexation_claimed"]:
            lines.append(escape_html(text["claimed"].format(date=row["annexation_claimed"])))
        lines.append(f"<small>{text['sources']}: {escape_html(sources)}</small>")
        properties = {
            "region_id": region_id,
            "part": part,
            "status": status.value,
            "fill": style.fill,
            "pattern": style.pattern,
            "tooltip": "<br>".join(lines),
        }
        features.append(feature(geometry, properties, feature_id=f"{region_id}/{part}", decimals=MAP_DECIMALS))
    return {"type": "FeatureCollection", "features": features}


def claims_not_held_collection(snapshot: ControlSnapshot) -> dict[str, Any]:
    """Land Russia claims by annexation but does not hold on the snapshot's date (the Ukrainian-held
    parts of the six claimed regions)."""
    simplified = simplified_parts(snapshot)
    features = []
    for region_id in ANNEXED_2014 + ANNEXED_2022:
        geometry = simplified.get((region_id, "ukrainian_held"))
        if geometry is not None and not geometry.is_empty:
            features.append(feature(geometry, {"region_id": region_id}, feature_id=f"{region_id}/claimed-not-held", decimals=MAP_DECIMALS))
    return {"type": "FeatureCollection", "features": features}


def line_of_contact_collection(snapshot: ControlSnapshot) -> dict[str, Any]:
    """The line of contact on the snapshot's date as one line feature."""
    line = region_parts(snapshot).line_of_contact.simplify(MAP_SIMPLIFY_DEG / 2)
    if line.is_empty:
        return {"type": "FeatureCollection", "features": []}
    return {
        "type": "FeatureCollection",
        "features": [feature(line, {"as_of": snapshot.as_of, "kind": "line_of_contact"}, feature_id=f"loc/{snapshot.as_of}", decimals=MAP_DECIMALS)],
    }


def context_collection(frame: Any, simplify_deg: float = 0.0, properties: tuple[str, ...] = ()) -> dict[str, Any]:
    """A context layer (neighbours, region borders, places) as compact GeoJSON for the browser."""
    features = []
    for feature_id, row in frame.iterrows():
        geometry = row.geometry.simplify(simplify_deg) if simplify_deg else row.geometry
        props = {key: _plain(row[key]) for key in properties}
        features.append(feature(geometry, props, feature_id=str(feature_id), decimals=MAP_DECIMALS))
    return {"type": "FeatureCollection", "features": features}


@lru_cache(maxsize=1)
def region_borders_collection() -> dict[str, Any]:
    """Region borders as lines, each shared border once (half the data of drawing every outline)."""
    regions = load_regions()
    borders = shapely.line_merge(shapely.union_all([g.boundary for g in regions.geometry]))
    borders = borders.simplify(MAP_SIMPLIFY_DEG)
    return {"type": "FeatureCollection", "features": [feature(borders, {"kind": "region_borders"}, feature_id="borders", decimals=MAP_DECIMALS)]}


def _plain(value: Any) -> Any:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if hasattr(value, "item"):
        return value.item()
    return value


def settlement_collection(lang: str = "en") -> dict[str, Any]:
    """Labelled settlements (capital, regional centres, front-line and strategic places) with escaped
    tooltip and label text."""
    from geodata.regions import load_settlements

    places = load_settlements()
    places = places[places["role"].notna()]
    features = []
    for place_id, row in places.iterrows():
        name = row["name_uk"] if lang == "uk" and row["name_uk"] else row["name_en"]
        other = row["name_en"] if lang == "uk" else row["name_uk"]
        population = _plain(row["population"])
        population_text = f"{int(population):,}" if population else "n/a"
        major = row["role"] in ("capital", "regional_centre")
        # Region labels already name most regional centres; label the capital, Crimea's cities and
        # the larger front-line towns a briefing talks about.
        labelled = row["role"] == "capital" or row["region_id"] in ANNEXED_2014 and major or (
            row["role"] == "front_line" and (population or 0) >= 40_000
        )
        features.append(
            feature(
                row.geometry,
                {
                    "role": row["role"],
                    "major": major,
                    "label": escape_html(name) if labelled else "",
                    "tooltip": f"<b>{escape_html(name)}</b> · {escape_html(other)}<br>"
                    f"{escape_html(population_text)} ({escape_html(row['population_source'])})",
                },
                feature_id=str(place_id),
                decimals=MAP_DECIMALS,
            )
        )
    return {"type": "FeatureCollection", "features": features}
