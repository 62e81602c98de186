"""The kinds of control files analysts bring (../shared/cases/import/README.md), rebuilt in code by
tests/importcases.py: each gives the result the cases' README names, areas within 2% of what GDAL reads
from the same bytes directly; and every export of the tool, imported back, gives the shares it was
exported from (CSV, which has no geometry, is refused with a line naming the GeoJSON export)."""

from __future__ import annotations

import io

import geopandas as gpd
import pyogrio
import pytest
import shapely

from geodata.importer import ControlFileError, DateChoiceError, read_control_file, read_control_history
from geodata.regions import load_regions
from tests import importcases as cases


def gdal_area_km2(data: bytes) -> float:
    """The area inside Ukraine's regions of what GDAL reads from the bytes directly (EPSG:6933, km²)."""
    frame = pyogrio.read_dataframe(io.BytesIO(data))
    union = shapely.union_all(frame.geometry.values)
    ukraine = shapely.union_all(load_regions().geometry.values)
    return float(gpd.GeoSeries([shapely.intersection(union, ukraine)], crs="EPSG:4326").to_crs("EPSG:6933").area.iloc[0] / 1e6)


def assert_area(result, data: bytes) -> None:
    assert result.summary.area_km2 == pytest.approx(gdal_area_km2(data), rel=0.02)


def test_daily_archive_is_a_history_never_a_union():
    data = cases.daily_archive()
    with pytest.raises(DateChoiceError) as caught:
        read_control_file(data, "deepstate-map-data.geojson")
    assert caught.value.dates == ("2024-07-08", "2024-07-09", "2024-07-10")
    assert "--date" in str(caught.value) and "--all-dates" in str(caught.value)
    one = read_control_file(data, "deepstate-map-data.geojson", date="2024-07-09")
    assert one.summary.as_of == "2024-07-09" and one.summary.features_used == 1
    every = read_control_history(data, "deepstate-map-data.geojson")
    assert [r.summary.as_of for r in every] == ["2024-07-08", "2024-07-09", "2024-07-10"]
    assert every[0].summary.area_km2 > every[2].summary.area_km2  # each day its own area
    with pytest.raises(ControlFileError, match="no features dated 2024-08-01"):
        read_control_file(data, "deepstate-map-data.geojson", date="2024-08-01")


def test_gzipped_archive_reads_as_the_archive():
    data = cases.daily_archive()
    result = read_control_file(cases.gz(data), "deepstate-map-data.geojson.gz", date="2024-07-08")
    assert result.summary.format.endswith("(gzip)")
    assert result.summary.area_km2 == read_control_file(data, "d.geojson", date="2024-07-08").summary.area_km2


def test_double_encoded_deepstate_body_is_decoded_once_more():
    result = read_control_file(cases.double_encoded(), "last.json")
    assert result.summary.format == "DeepStateMap JSON" and result.summary.as_of == "2025-01-01"
    assert any("JSON-encoded string" in w for w in result.summary.warnings)


def test_truncated_arcgis_query_is_named():
    data = cases.truncated_query()
    result = read_control_file(data, "query.geojson")
    assert any("exceededTransferLimit" in w and "resultOffset" in w for w in result.summary.warnings)


def test_esri_counter_clockwise_outer_ring_and_island():
    data = cases.esri(cases.DONBAS)  # counter-clockwise
    result = read_control_file(data, "query.json")
    assert result.summary.area_km2 > 20_000
    assert_area(result, data)
    island = cases.island_mixed_winding()
    both = read_control_file(island, "island.json")
    assert both.summary.area_km2 == pytest.approx(result.summary.area_km2 + read_control_file(cases.esri(cases.SOUTH), "s.json").summary.area_km2, rel=0.01)


@pytest.mark.parametrize("crs", ["urn:ogc:def:crs:EPSG:6.6:4326", "http://www.opengis.net/def/crs/EPSG/0/4326", "urn:ogc:def:crs:OGC:1.3:CRS84", "EPSG:4979"])
def test_every_spelling_of_wgs84(crs):
    result = read_control_file(cases.with_crs(crs), "urn.geojson")
    assert result.summary.crs == "WGS 84 (declared)"


def test_kmz_reads_linked_documents_inside_the_archive_only():
    data = cases.kmz_linked()
    result = read_control_file(data, "layers.kmz")
    assert result.summary.features_used == 2
    assert any("outside the archive were not followed" in w for w in result.summary.warnings)


def test_kmz_overlay_image_is_never_unpacked():
    result = read_control_file(cases.kmz_overlay(), "overlay.kmz")
    assert result.summary.area_km2 > 20_000


@pytest.mark.parametrize("build, filename, fmt", [
    (cases.topojson, "mapshaper.topojson", "TopoJSON"),
    (cases.geojson_lines, "features.geojsonl", "GeoJSON Lines"),
    (lambda: cases.geojson_lines(rs=True), "features.geojsons", "GeoJSON Lines"),
    (cases.shapefile_zip, "occupied.zip", "Shapefile (zipped)"),
    (cases.geopackage, "occupied.GPKG", "GeoPackage"),
    (cases.flatgeobuf, "occupied.fgb", "FlatGeobuf"),
])
def test_formats_gis_tools_write(build, filename, fmt):
    data = build()
    result = read_control_file(data, filename)
    assert result.summary.format == fmt
    assert_area(result, data)


def test_empty_collection_is_one_clear_line():
    with pytest.raises(ControlFileError, match="holds no features$"):
        read_control_file(cases.empty_collection(), "empty.geojson")


def test_deepstate_daily_file_is_dated_from_its_name():
    from geodata.control import load_snapshot
    from geodata.importer import export_deepstate
    import json

    document = json.loads(export_deepstate(load_snapshot("2025-11-20")))
    document["datetime"] = None
    result = read_control_file(json.dumps(document).encode(), "deepstatemap_data_20260822.geojson")
    assert result.summary.as_of == "2026-08-22" and result.summary.date_source == "file"


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "kml"])
def test_every_export_reads_back_with_its_shares(fmt):
    from geodata.control import load_snapshot, region_parts
    from geodata.export import export_bytes
    from geodata.scenarios import load_scenarios

    snapshot = load_snapshot("2025-11-20")
    expected = region_parts(snapshot).controlled_share
    for scenario in load_scenarios().values():
        data = export_bytes(scenario, snapshot, fmt)
        result = read_control_file(data, f"export.{fmt}")
        for region_id, share in expected.items():
            assert result.summary.shares[region_id] == pytest.approx(share, abs=0.001), (scenario.id, region_id)
        break  # the parts are the same for every preset on one date: one scenario per format keeps this test short


def test_csv_export_is_refused_naming_the_geojson_export():
    from geodata.control import load_snapshot
    from geodata.export import export_bytes
    from geodata.scenarios import load_scenarios

    data = export_bytes(load_scenarios()["status-quo"], load_snapshot("2025-11-20"), "csv")
    with pytest.raises(ControlFileError, match="GeoJSON or GeoPackage export"):
        read_control_file(data, "export.csv")
