"""Open data out: the tagged region parts and their numbers as GeoJSON, GeoPackage, KML and CSV.

One feature per region part (the part Russia holds on the control date and
the part Ukraine holds), tagged with everything the dashboard knows, plus the
line of contact. Every file says where its data came from and that statuses
are claims or proposals, not endorsements.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from datetime import date
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape as xml_escape

import geopandas as gpd
import pandas as pd
from shapely.geometry.base import BaseGeometry

from geodata import __version__
from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.dating import control_age_line, known_age_days
from geodata.errors import ExportError
from geodata.geojson import dumps_feature_collection, feature, json_value, snap
from geodata.kml import kml_color, kml_geometry
from geodata.published import beside, headline_total_text, published_text
from geodata.scenarios import PARTS, Scenario, Status
from geodata.stats import compute_stats, describe
from geodata.style import LINE_OF_CONTACT_STYLE, STATUS_STYLES
from geodata.vocabulary import EXPORT_FORMATS
from geodata.wording import DISCLAIMER as _DISCLAIMERS, status_label, word

FORMATS = EXPORT_FORMATS
#: The one disclaimer (the catalogue's, in English: exports are English, with names in both languages).
DISCLAIMER = _DISCLAIMERS["en"]
BOUNDARY_SOURCE = (
    "Boundaries: Natural Earth v4.1.0 admin-1 (public domain); "
    "populations: State Statistics Service of Ukraine, GeoNames (CC BY 4.0)"
)
#: Field order of the region-part features.
PART_FIELDS = (
    "region_id",
    "name_en",
    "name_uk",
    "part",
    "annexation_claimed",
    "controlled_share",
    "status",
    "status_label",
    "area_km2",
    "margin_km2",
    "published_share",
    "population_estimate",
    "note",
    "scenario",
    "scenario_title",
    "as_reported",
    "control_as_of",
    "sources",
)


def provenance(scenario: Scenario, snapshot: ControlSnapshot, today: date | None = None, *, dataset: Dataset) -> dict[str, Any]:
    """Where an export's data came from, how old its line is, and the statement that statuses are not endorsements.

    Parameters
    ----------
    scenario, snapshot
        What the export describes.
    today : datetime.date, optional
        The day of the export (``exported_on``), from which ``control_age_days`` is counted;
        the machine's date when omitted.
    dataset : Dataset
        Where the regions and control parts come from.

    Returns
    -------
    dict
        :func:`geodata.stats.describe`'s fields plus ``exported_on`` (YYYY-MM-DD),
        ``control_age_days`` (int) and ``control_age`` ("line of contact as of …, N days ago"),
        ``headline`` (the Russian-held total with its margin and the published figure beside it),
        ``margin_km2``, ``area_method``, ``margin_method``, ``published_figures``,
        ``boundaries``, ``statement`` and ``generator``.
    """
    today = today or date.today()
    stats = compute_stats(scenario, snapshot, dataset=dataset)
    return {
        **describe(scenario, snapshot),
        "headline": headline_total_text(stats, "en"),
        "margin_km2": stats["margin_km2"],
        "area_method": stats["area_method"],
        "margin_method": stats["margin_method"],
        "published_figures": stats["published_figures"],
        "exported_on": today.isoformat(),
        "control_age_days": known_age_days(snapshot.as_of, today),
        "control_age": control_age_line(snapshot.as_of, "en", today),
        "boundaries": BOUNDARY_SOURCE,
        "statement": DISCLAIMER,
        "generator": f"claims map geodata {__version__}",
    }


def part_frame(scenario: Scenario, snapshot: ControlSnapshot, *, dataset: Dataset) -> gpd.GeoDataFrame:
    """Every non-empty region part as a row, tagged with its status, area and population.

    Parameters
    ----------
    scenario : Scenario
        Gives each part its status.
    snapshot : ControlSnapshot
        Cuts the regions into parts.
    dataset : Dataset
        The regions, settlements and caches computed from.

    Returns
    -------
    geopandas.GeoDataFrame
        Columns :data:`PART_FIELDS` and ``geometry`` (WGS 84). Areas and populations equal :func:`geodata.stats.compute_stats`'s.
    """
    stats = compute_stats(scenario, snapshot, dataset=dataset)
    parts = dataset.region_parts(snapshot)
    sources = "; ".join([*scenario.sources, *snapshot.sources])
    rows = []
    geometries = []
    for row in stats["regions"]:
        for part in PARTS:
            geometry = (parts.russian_held if part == "russian_held" else parts.ukrainian_held)[row["id"]]
            if geometry.is_empty:
                continue
            status = Status(row[part]["status"])
            rows.append(
                {
                    "region_id": row["id"],
                    "name_en": row["name_en"],
                    "name_uk": row["name_uk"],
                    "part": part,
                    "annexation_claimed": row["annexation_claimed"],
                    "controlled_share": row["controlled_share"],
                    "status": status.value,
                    "status_label": status_label(status),
                    "area_km2": row[part]["area_km2"],
                    # The line inside the region moves both parts by the same area (docs/method.md).
                    "margin_km2": row["margin_km2"],
                    "published_share": _published_share(row, stats["published_figures"]),
                    "population_estimate": row[part]["population"],
                    # How the scenario qualifies this part's status, in its own words ("" where it does not).
                    "note": scenario.part_note(row["id"], part),
                    "scenario": scenario.id,
                    "scenario_title": scenario.title,
                    "as_reported": scenario.as_reported,
                    "control_as_of": snapshot.as_of,
                    "sources": sources,
                }
            )
            geometries.append(snap(geometry))
    return gpd.GeoDataFrame(rows, geometry=geometries, crs="EPSG:4326")


def _published_share(row: dict[str, Any], near: list[dict[str, Any]]) -> str:
    figure = beside(near, "controlled_share", row["id"])
    return published_text(figure) if figure else ""


def _line(snapshot: ControlSnapshot, *, dataset: Dataset) -> BaseGeometry:
    return snap(dataset.region_parts(snapshot).line_of_contact)


def export_geojson(scenario: Scenario, snapshot: ControlSnapshot, *, dataset: Dataset) -> bytes:
    """Region parts and the line of contact as one GeoJSON FeatureCollection (WGS 84, 5 decimals).

    Parameters
    ----------
    scenario, snapshot, dataset
        The statuses, the line that cuts the regions into parts, the data: as :func:`part_frame`.

    Returns
    -------
    bytes
        The FeatureCollection as UTF-8 JSON, the provenance (:func:`provenance`) in its ``metadata`` member.
    """
    frame = part_frame(scenario, snapshot, dataset=dataset)
    features = [
        feature(geometry, {k: json_value(row[k]) for k in PART_FIELDS}, feature_id=f"{row['region_id']}/{row['part']}")
        for row, geometry in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=False)
    ]
    line = _line(snapshot, dataset=dataset)
    if not line.is_empty:
        features.append(
            feature(
                line,
                {"part": "line_of_contact", "control_as_of": snapshot.as_of, "sources": "; ".join(snapshot.sources)},
                "line_of_contact",
            )
        )
    return dumps_feature_collection(features, metadata=provenance(scenario, snapshot, dataset=dataset)).encode("utf-8")


def export_gpkg(scenario: Scenario, snapshot: ControlSnapshot, *, dataset: Dataset) -> bytes:
    """A GeoPackage with layers ``region_parts``, ``line_of_contact`` and ``about`` (provenance, statement).

    Parameters
    ----------
    scenario, snapshot, dataset
        The statuses, the line that cuts the regions into parts, the data: as :func:`part_frame`.

    Returns
    -------
    bytes
        The GeoPackage file (EPSG:4326).
    """
    import pyogrio

    frame = part_frame(scenario, snapshot, dataset=dataset)
    frame["as_reported"] = frame["as_reported"].astype(int)
    about = provenance(scenario, snapshot, dataset=dataset)
    about_frame = pd.DataFrame(  # a table without geometry
        {
            "key": list(about),
            "value": [json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v for v in about.values()],
        }
    )
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "export.gpkg"
        pyogrio.write_dataframe(frame, path, layer="region_parts", driver="GPKG")
        line = _line(snapshot, dataset=dataset)
        if not line.is_empty:
            line_frame = gpd.GeoDataFrame(
                {"control_as_of": [snapshot.as_of], "sources": ["; ".join(snapshot.sources)]}, geometry=[line], crs="EPSG:4326"
            )
            pyogrio.write_dataframe(line_frame, path, layer="line_of_contact", driver="GPKG")
        pyogrio.write_dataframe(about_frame, path, layer="about", driver="GPKG")
        return path.read_bytes()


def export_kml(scenario: Scenario, snapshot: ControlSnapshot, *, dataset: Dataset) -> bytes:
    """KML for Google Earth: one Placemark per region part, styled with the dashboard's colours and the
    legend's names, and the line of contact.

    Parameters
    ----------
    scenario, snapshot, dataset
        The statuses, the line that cuts the regions into parts, the data: as :func:`part_frame`.

    Returns
    -------
    bytes
        The KML document, UTF-8, the provenance in its description.
    """
    frame = part_frame(scenario, snapshot, dataset=dataset)
    about = provenance(scenario, snapshot, dataset=dataset)
    styles = []
    for status, style in STATUS_STYLES.items():
        styles.append(
            f'<Style id="{status.value}"><LineStyle><color>ffffffff</color><width>0.5</width></LineStyle>'
            f"<PolyStyle><color>{kml_color(style.fill)}</color></PolyStyle></Style>"
        )
    styles.append(
        f'<Style id="line_of_contact"><LineStyle><color>{kml_color(LINE_OF_CONTACT_STYLE["color"], 0xFF)}</color>'
        f"<width>3</width></LineStyle></Style>"
    )
    placemarks = []
    for row, geometry in zip(frame.drop(columns="geometry").to_dict("records"), frame.geometry, strict=False):
        data = "".join(
            f'<Data name="{k}"><value>{xml_escape(str(v) if (v := json_value(row[k])) is not None else "")}</value></Data>'
            for k in PART_FIELDS
        )
        name = f"{row['name_en']}: {row['status_label']}"
        placemarks.append(
            f"<Placemark><name>{xml_escape(name)}</name><styleUrl>#{row['status']}</styleUrl>"
            f"<ExtendedData>{data}</ExtendedData>{kml_geometry(geometry)}</Placemark>"
        )
    line = _line(snapshot, dataset=dataset)
    if not line.is_empty:
        placemarks.append(
            f"<Placemark><name>{xml_escape(word('line_label'))} {snapshot.as_of}</name><styleUrl>#line_of_contact</styleUrl>"
            f"{kml_geometry(line)}</Placemark>"
        )
    description = "\n".join(f"{k}: {v if isinstance(v, str) else json.dumps(v, ensure_ascii=False)}" for k, v in about.items())
    document = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        f"<name>{xml_escape(scenario.title)} — control {snapshot.as_of}</name>"
        f"<description>{xml_escape(description)}</description>"
        + "".join(styles)
        + f"<Folder><name>Region parts</name>{''.join(placemarks)}</Folder></Document></kml>\n"
    )
    return document.encode("utf-8")


#: Provenance columns of the CSV, repeated on every row so that any spreadsheet or ``pandas.read_csv`` reads
#: the file with default options and a filtered or pasted row still says what it is.
CSV_PROVENANCE_FIELDS = (
    "scenario",
    "scenario_title",
    "scenario_date",
    "as_reported",
    "control_as_of",
    "exported_on",
    "control_age_days",
    "scenario_sources",
    "control_sources",
    "statement",
)


def export_csv(scenario: Scenario, snapshot: ControlSnapshot, *, dataset: Dataset) -> bytes:
    """The numbers behind the headline figures as a plain CSV table (UTF-8, header row first, no comment lines).

    One row per status (``table`` = ``status_total``) and per region part (``region_part``);
    units in the header (``area_km2 (km²)``, shares ``(0-1)``); the provenance in the columns of
    :data:`CSV_PROVENANCE_FIELDS`, the same on every row.

    Parameters
    ----------
    scenario, snapshot, dataset
        The statuses, the line that cuts the regions into parts, the data: as :func:`part_frame`.

    Returns
    -------
    bytes
        The table, UTF-8; areas in km² (EPSG:6933), shares 0-1, as :func:`geodata.stats.compute_stats` gives them.
    """
    stats = compute_stats(scenario, snapshot, dataset=dataset)
    about = provenance(scenario, snapshot, dataset=dataset)
    about_cells = ["; ".join(about[k]) if isinstance(about[k], list) else about[k] for k in CSV_PROVENANCE_FIELDS]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        [
            "table",
            "region_id",
            "name_en",
            "part",
            "status",
            "status_label",
            "annexation_claimed",
            "controlled_share (0-1)",
            "area_km2 (km²)",
            "margin_km2 (km²)",
            "share_of_ukraine (0-1)",
            "margin_share (0-1)",
            "published (as reported)",
            "population_estimate (people)",
            "note",
            *CSV_PROVENANCE_FIELDS,
        ]
    )
    near = stats["published_figures"]
    published_total = [published_text(f) for f in (beside(near, "russian_held_area"), beside(near, "russian_held_share")) if f]
    writer.writerow(
        [
            "russian_held_total",
            "",
            "",
            "russian_held",
            "",
            word("russian_held"),
            "",
            "",
            stats["russian_held_area_km2"],
            stats["margin_km2"],
            stats["russian_held_share_of_ukraine"],
            stats["margin_share"],
            "; ".join(published_total),
            "",
            "",
            *about_cells,
        ]
    )
    for status in Status:
        values = stats["totals"][status.value]
        margin_share = round(values["margin_km2"] / stats["ukraine_area_km2"], 6) if values["margin_km2"] is not None else None
        writer.writerow(
            [
                "status_total",
                "",
                "",
                "",
                status.value,
                status_label(status),
                "",
                "",
                values["area_km2"],
                values["margin_km2"],
                values["share_of_ukraine"],
                margin_share,
                "",
                values["population"],
                scenario.status_note(status),
                *about_cells,
            ]
        )
    for row in stats["regions"]:
        for part in PARTS:
            if row[part]["area_km2"] <= 0:
                continue  # no such part on this date (a region Russia holds none of, or all of)
            status = Status(row[part]["status"])
            share = row[part]["area_km2"] / stats["ukraine_area_km2"]
            writer.writerow(
                [
                    "region_part",
                    row["id"],
                    row["name_en"],
                    part,
                    status.value,
                    status_label(status),
                    row["annexation_claimed"] or "",
                    row["controlled_share"],
                    row[part]["area_km2"],
                    row["margin_km2"],
                    round(share, 6),
                    round(row["margin_km2"] / stats["ukraine_area_km2"], 6) if row["margin_km2"] is not None else None,
                    _published_share(row, near) if part == "russian_held" else "",
                    row[part]["population"],
                    scenario.part_note(row["id"], part),
                    *about_cells,
                ]
            )
    return out.getvalue().encode("utf-8")


EXPORTERS = {"geojson": export_geojson, "gpkg": export_gpkg, "kml": export_kml, "csv": export_csv}
MIME_TYPES = {
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
    "kml": "application/vnd.google-earth.kml+xml",
    "csv": "text/csv",
}


#: File-name suffixes of each format, for reading the format from ``--out``.
SUFFIXES = {".geojson": "geojson", ".json": "geojson", ".gpkg": "gpkg", ".kml": "kml", ".csv": "csv"}


def export_bytes(scenario: Scenario, snapshot: ControlSnapshot, fmt: str, *, dataset: Dataset) -> bytes:
    """The export in ``fmt`` (one of :data:`FORMATS`) as bytes, for a file or a download button.

    Parameters
    ----------
    scenario, snapshot, dataset
        The statuses, the line that cuts the regions into parts, the data: as :func:`part_frame`.
    fmt : str
        ``geojson``, ``gpkg``, ``kml`` or ``csv``.

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    ExportError
        For a format not in :data:`FORMATS` (the message lists them).
    """
    if fmt not in EXPORTERS:
        raise ExportError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    return EXPORTERS[fmt](scenario, snapshot, dataset=dataset)


def export_format(out: str, fmt: str | None = None) -> str:
    """The format to write ``out`` in: ``fmt`` if given (any case), else read from the file name's suffix.

    Parameters
    ----------
    out : str
        The file to write, e.g. ``plan.GeoJSON``.
    fmt : str, optional
        A format named by the user, e.g. ``GeoJSON`` or ``csv``.

    Returns
    -------
    str
        One of :data:`FORMATS`.

    Raises
    ------
    ExportError
        For an unknown format or suffix (the message lists the known ones), or a format that the
        file name's suffix contradicts (``--format csv --out x.geojson``).
    """
    suffix = Path(out).suffix.lower()
    from_name = SUFFIXES.get(suffix)
    if fmt is None:
        if from_name is None:
            known = ", ".join(sorted(SUFFIXES))
            raise ExportError(
                f"cannot tell the format from {Path(out).name!r}: name the file with one of {known}, or give --format"
            )
        return from_name
    chosen = fmt.strip().lower()
    if chosen not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if suffix and from_name is not None and from_name != chosen:
        raise ExportError(f"--format {chosen} does not match the file name {Path(out).name!r} ({from_name}); change one of them")
    return chosen
