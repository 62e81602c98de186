"""The kinds of control files analysts bring (../shared/cases/import/README.md), rebuilt in code by
tests/importcases.py: each gives the result the cases' README names, areas within 2% of what GDAL reads
from the same bytes directly; and every export of the tool, imported back, gives the shares it was
exported from (CSV, which has no geometry, is refused with a line naming the GeoJSON export). Large JSON
files are checked on their skeleton (geodata.importer.jsonscan), with the same results and messages as
the whole parse."""

from __future__ import annotations

import io
import json
from typing import Any

import geopandas as gpd
import pyogrio
import pytest
import shapely
from hypothesis import given, strategies as st

from geodata.dataset import default_dataset
from geodata.importer import DEFAULT_LIMITS, ControlFileError, DateChoiceError, read_control_file, read_control_history
from tests import importcases as cases

# The file generators and the hostile corpus of tests/test_import.py, for the fast JSON scan's tests below.
from tests.test_import import (
    CRS,
    FEATURE,
    GEOMETRY,
    HOSTILE,
    HOSTILE_NAME,
    PLAUSIBLE_GEOMETRY,
    PROPERTY_SETTINGS,
    SQUARE,
    Hostile,
    _document,
    big_ring,
    collection,
    deepstate,
    ds_feature,
    dumps,
    feat,
    polygon,
    with_z,
)


def gdal_area_km2(data: bytes) -> float:
    """The area inside Ukraine's regions of what GDAL reads from the bytes directly (EPSG:6933, km²)."""
    frame = pyogrio.read_dataframe(io.BytesIO(data))
    union = shapely.union_all(frame.geometry.values)
    ukraine = shapely.union_all(default_dataset().regions().geometry.values)
    return float(gpd.GeoSeries([shapely.intersection(union, ukraine)], crs="EPSG:4326").to_crs("EPSG:6933").area.iloc[0] / 1e6)


def assert_area(result, data: bytes) -> None:
    assert result.summary.area_km2 == pytest.approx(gdal_area_km2(data), rel=0.02)


def test_daily_archive_is_a_history_never_a_union():
    data = cases.daily_archive()
    with pytest.raises(DateChoiceError) as caught:
        read_control_file(data, "deepstate-map-data.geojson", dataset=default_dataset())
    assert caught.value.dates == ("2024-07-08", "2024-07-09", "2024-07-10")
    assert "--date" in str(caught.value) and "--all-dates" in str(caught.value)
    one = read_control_file(data, "deepstate-map-data.geojson", date="2024-07-09", dataset=default_dataset())
    assert one.summary.as_of == "2024-07-09" and one.summary.features_used == 1
    every = read_control_history(data, "deepstate-map-data.geojson", dataset=default_dataset())
    assert [r.summary.as_of for r in every] == ["2024-07-08", "2024-07-09", "2024-07-10"]
    assert every[0].summary.area_km2 > every[2].summary.area_km2  # each day its own area
    with pytest.raises(ControlFileError, match="no features dated 2024-08-01"):
        read_control_file(data, "deepstate-map-data.geojson", date="2024-08-01", dataset=default_dataset())


def test_gzipped_archive_reads_as_the_archive():
    data = cases.daily_archive()
    result = read_control_file(cases.gz(data), "deepstate-map-data.geojson.gz", date="2024-07-08", dataset=default_dataset())
    assert result.summary.format.endswith("(gzip)")
    assert (
        result.summary.area_km2
        == read_control_file(data, "d.geojson", date="2024-07-08", dataset=default_dataset()).summary.area_km2
    )


def test_double_encoded_deepstate_body_is_decoded_once_more():
    result = read_control_file(cases.double_encoded(), "last.json", dataset=default_dataset())
    assert result.summary.format == "DeepStateMap JSON" and result.summary.as_of == "2025-01-01"
    assert any("JSON-encoded string" in w for w in result.summary.warnings)


def test_truncated_arcgis_query_is_named():
    data = cases.truncated_query()
    result = read_control_file(data, "query.geojson", dataset=default_dataset())
    assert any("exceededTransferLimit" in w and "resultOffset" in w for w in result.summary.warnings)


def test_esri_counter_clockwise_outer_ring_and_island():
    data = cases.esri(cases.DONBAS)  # counter-clockwise
    result = read_control_file(data, "query.json", dataset=default_dataset())
    assert result.summary.area_km2 > 20_000
    assert_area(result, data)
    island = cases.island_mixed_winding()
    both = read_control_file(island, "island.json", dataset=default_dataset())
    assert both.summary.area_km2 == pytest.approx(
        result.summary.area_km2
        + read_control_file(cases.esri(cases.SOUTH), "s.json", dataset=default_dataset()).summary.area_km2,
        rel=0.01,
    )


@pytest.mark.parametrize(
    "crs",
    ["urn:ogc:def:crs:EPSG:6.6:4326", "http://www.opengis.net/def/crs/EPSG/0/4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4979"],
)
def test_every_spelling_of_wgs84(crs):
    result = read_control_file(cases.with_crs(crs), "urn.geojson", dataset=default_dataset())
    assert result.summary.crs == "WGS 84 (declared)"


def test_kmz_reads_linked_documents_inside_the_archive_only():
    data = cases.kmz_linked()
    result = read_control_file(data, "layers.kmz", dataset=default_dataset())
    assert result.summary.features_used == 2
    assert any("outside the archive were not followed" in w for w in result.summary.warnings)


def test_kmz_overlay_image_is_never_unpacked():
    result = read_control_file(cases.kmz_overlay(), "overlay.kmz", dataset=default_dataset())
    assert result.summary.area_km2 > 20_000


@pytest.mark.parametrize(
    "build, filename, fmt",
    [
        (cases.topojson, "mapshaper.topojson", "TopoJSON"),
        (cases.geojson_lines, "features.geojsonl", "GeoJSON Lines"),
        (lambda: cases.geojson_lines(rs=True), "features.geojsons", "GeoJSON Lines"),
        (cases.shapefile_zip, "occupied.zip", "Shapefile (zipped)"),
        (cases.geopackage, "occupied.GPKG", "GeoPackage"),
        (cases.flatgeobuf, "occupied.fgb", "FlatGeobuf"),
    ],
)
def test_formats_gis_tools_write(build, filename, fmt):
    data = build()
    result = read_control_file(data, filename, dataset=default_dataset())
    assert result.summary.format == fmt
    assert_area(result, data)


def test_empty_collection_is_one_clear_line():
    with pytest.raises(ControlFileError, match="holds no features$"):
        read_control_file(cases.empty_collection(), "empty.geojson", dataset=default_dataset())


def test_deepstate_daily_file_is_dated_from_its_name():
    import json

    from geodata.dataset import default_dataset
    from geodata.importer import export_deepstate

    document = json.loads(export_deepstate(default_dataset().snapshot("2025-11-20")))
    document["datetime"] = None
    result = read_control_file(json.dumps(document).encode(), "deepstatemap_data_20260822.geojson", dataset=default_dataset())
    assert result.summary.as_of == "2026-08-22" and result.summary.date_source == "file"


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "kml"])
def test_every_export_reads_back_with_its_shares(fmt):
    from geodata.dataset import default_dataset
    from geodata.export import export_bytes

    snapshot = default_dataset().snapshot("2025-11-20")
    expected = default_dataset().region_parts(snapshot).controlled_share
    for scenario in default_dataset().scenarios().values():
        data = export_bytes(scenario, snapshot, fmt, dataset=default_dataset())
        result = read_control_file(data, f"export.{fmt}", dataset=default_dataset())
        for region_id, share in expected.items():
            assert result.summary.shares[region_id] == pytest.approx(share, abs=0.001), (scenario.id, region_id)
        break  # the parts are the same for every preset on one date: one scenario per format keeps this test short


def test_csv_export_is_refused_naming_the_geojson_export():
    from geodata.dataset import default_dataset
    from geodata.export import export_bytes

    data = export_bytes(
        default_dataset().scenarios()["status-quo"], default_dataset().snapshot("2025-11-20"), "csv", dataset=default_dataset()
    )
    with pytest.raises(ControlFileError, match="GeoJSON or GeoPackage export"):
        read_control_file(data, "export.csv", dataset=default_dataset())


# The fast way through large JSON files (geodata.importer.jsonscan): the rings are scanned as bytes and the
# rest parsed as a skeleton. It must give what the whole parse gives, result or message, for any file.


def _outcome_with_scan_from(min_bytes: int, data: bytes, filename: str, **kwargs: Any) -> tuple[str, Any]:
    from geodata.importer import jsonscan

    saved = jsonscan.FAST_MIN_BYTES
    jsonscan.FAST_MIN_BYTES = min_bytes
    try:
        result = read_control_file(data, filename, **kwargs, dataset=default_dataset())
    except ControlFileError as exc:
        return "refused", str(exc)
    finally:
        jsonscan.FAST_MIN_BYTES = saved
    regions = {r: shapely.normalize(g).wkb for r, g in result.snapshot.by_region.items()}
    return "read", (result.summary.to_dict(), regions, result.snapshot.key)


def assert_scan_agrees(data: bytes, filename: str = "scan.geojson", **kwargs: Any) -> None:
    """The skeleton (forced for every size) and the whole parse (forced) give the same result or message."""
    assert _outcome_with_scan_from(0, data, filename, **kwargs) == _outcome_with_scan_from(1 << 62, data, filename, **kwargs)


# The oversized file is refused by its size before either parse runs, so it says nothing about the scan.
@pytest.mark.parametrize(
    "case", [c for c in HOSTILE if c.filename.endswith((".geojson", ".json")) and c.id != "oversize"], ids=lambda c: c.id
)
def test_scan_gives_the_hostile_corpus_the_same_messages(case: Hostile):
    assert_scan_agrees(case.make(), case.filename, **case.kwargs)


SCAN_EXAMPLES = {
    "deepstate": deepstate(
        ds_feature("Окуповано /// Occupied /// geoJSON.status.occupied", polygon(with_z(SQUARE))),
        ds_feature("Звільнено /// Liberated /// x", polygon(with_z(big_ring(50)))),
    ),
    "collection": dumps(
        collection(feat(polygon(SQUARE), name='[[1,2],[3,4]] "quoted" \\ {'), feat(polygon(big_ring(40), SQUARE)))
    ),
    "arcgis-crs": dumps(collection(feat(polygon(SQUARE), OBJECTID=1), crs={"type": "name", "properties": {"name": "EPSG:4326"}})),
    "open-ring": dumps(collection(feat(polygon(SQUARE[:-1]), name="open"))),
    "short-ring": dumps(collection(feat(polygon([SQUARE[0], SQUARE[1], SQUARE[0]])))),
    "ring-as-coordinates": dumps(collection(feat({"type": "Polygon", "coordinates": SQUARE}))),
    "rings-in-properties": dumps(collection(feat(polygon(SQUARE), name="a", other=[[5, 6]], more={"x": [[1, 2], [3, 4]]}))),
    "rings-as-name": dumps(collection(feat(polygon(SQUARE), name=[[1, 2], [3, 4]]))),
    "ring-as-name": dumps(collection(feat(polygon(SQUARE), name="x"))).replace(b'"x"', b"[[1,2]]"),
    "multipolygon-of-rings": dumps(collection(feat({"type": "MultiPolygon", "coordinates": [SQUARE]}))),
    "linestring-and-multipoint": dumps(
        collection(
            feat({"type": "LineString", "coordinates": SQUARE}),
            feat({"type": "MultiPoint", "coordinates": SQUARE}),
            feat(polygon(SQUARE)),
        )
    ),
    "integers-and-exponents": dumps(collection(feat(polygon([[38, 48], [3.85e1, 48], [38.5, 4.85e1], [38, 48]])))),
    "long-exponent": dumps(collection(feat(polygon([[38, 48], [385e-001, 48], [38.5, 48.5], [38, 48]])))).replace(
        b"38.5,", b"3850e-002,", 1
    ),
    "overflow-with-exponent": dumps(collection(feat(polygon(SQUARE)))).replace(b"37.5", b"9" * 299 + b"e99", 1),
    "long-integer": dumps(collection(feat(polygon(SQUARE)))).replace(b"37.5", b"9" * 250, 2),
    "huge-integer": dumps(collection(feat(polygon([[10**40, 48], [38, 48], [38, 47], [10**40 + 1, 48]])))),
    "nul-escape": dumps(collection(feat(polygon(SQUARE), name="a\u0000b"))),
    "two-map-members": b'{"map": {"type": "FeatureCollection", "features": []}, "map": '
    + dumps(collection(feat(polygon(SQUARE))))
    + b"}",
    "escaped-map-key": b'{"m\\u0061p": ' + dumps(collection(feat(polygon(SQUARE)))) + b', "datetime": "2026-01-01"}',
    "truncated-query": dumps(collection(feat(polygon(SQUARE)), exceededTransferLimit=True)),
    "empty-arrays": dumps(collection(feat(polygon(SQUARE), tags=[[], []]))),
    "bad-number-in-ring": dumps(collection(feat(polygon(SQUARE)))).replace(b"37.5", b"37.", 1),
    "nan-in-ring": dumps(collection(feat(polygon(SQUARE)))).replace(b"37.5", b"NaN", 1),
    "nan-in-properties": dumps(collection(feat(polygon(SQUARE), value=1))).replace(b'"value": 1', b'"value": NaN'),
    "unbalanced": dumps(collection(feat(polygon(SQUARE))))[:-2],
    "position-of-one-number": dumps(collection(feat(polygon([[38, 48], [38.5], [38.5, 48.5], [38, 48]])))),
    "sequence": dumps(feat(polygon(SQUARE))) + b"\n" + dumps(feat(polygon(big_ring(20)))),
}


@pytest.mark.parametrize("name", list(SCAN_EXAMPLES))
@pytest.mark.parametrize("repair", [False, True])
def test_scan_agrees_with_the_whole_parse_on_awkward_files(name: str, repair: bool):
    assert_scan_agrees(SCAN_EXAMPLES[name], repair=repair)


def test_scan_reads_deepstate_and_collections_without_the_whole_parse():
    from geodata.importer import jsonread

    for name in ("deepstate", "collection", "arcgis-crs", "open-ring", "rings-in-properties", "linestring-and-multipoint"):
        assert jsonread._read_skeleton(SCAN_EXAMPLES[name], name, DEFAULT_LIMITS) is not None, name
    read = jsonread._read_skeleton(SCAN_EXAMPLES["deepstate"], "d", DEFAULT_LIMITS)
    assert (
        read.format == "DeepStateMap JSON"
        and read.vertices == 5 + 50
        and json.loads(read.gdal_bytes)["type"] == "FeatureCollection"
    )


@PROPERTY_SETTINGS
@given(
    kind=st.sampled_from(["collection", "deepstate", "esri", "geometry"]),
    features=st.lists(FEATURE, max_size=4),
    geometry=GEOMETRY,
    crs=CRS,
    repair=st.booleans(),
)
def test_property_scan_agrees_with_the_whole_parse(kind, features, geometry, crs, repair):
    data = json.dumps(_document(kind, features, geometry, crs), allow_nan=True).encode("utf-8")
    assert_scan_agrees(data, "generated.geojson", repair=repair)


@PROPERTY_SETTINGS
@given(
    geometries=st.lists(st.one_of(PLAUSIBLE_GEOMETRY, PLAUSIBLE_GEOMETRY, st.none(), GEOMETRY), min_size=1, max_size=3),
    names=st.lists(
        st.sampled_from(["", "Окуповано /// Occupied /// geoJSON.status.occupied", HOSTILE_NAME]), min_size=3, max_size=3
    ),
    deepstate_shape=st.booleans(),
    repair=st.booleans(),
)
def test_property_scan_agrees_on_plausible_files(geometries, names, deepstate_shape, repair):
    features = [{"type": "Feature", "properties": {"name": n}, "geometry": g} for g, n in zip(geometries, names, strict=False)]
    document = {"datetime": "2026-01-01", "map": collection(*features)} if deepstate_shape else collection(*features)
    assert_scan_agrees(json.dumps(document, allow_nan=True).encode("utf-8"), "plausible.json", repair=repair)


def test_large_deepstate_file_is_never_parsed_whole(monkeypatch):
    from geodata.importer import jsondoc, jsonscan

    occupied = "Окуповано /// Occupied /// geoJSON.status.occupied"
    data = deepstate(*(ds_feature(occupied, polygon(with_z(big_ring(2_000)))) for _ in range(30)))
    assert len(data) > jsonscan.FAST_MIN_BYTES
    parsed: list[int] = []
    real_loads = jsondoc._loads
    monkeypatch.setattr(jsondoc, "_loads", lambda text, name: parsed.append(len(text)) or real_loads(text, name))
    result = read_control_file(data, "deepstatemap_data_20260101.json", dataset=default_dataset())
    assert result.summary.vertices == 30 * 2_000 and result.summary.format == "DeepStateMap JSON"
    assert parsed and max(parsed) < len(data) / 50, "the whole text was parsed"
