"""Issue 24: nothing silently wrong on import. Each kind of file in ../shared/cases/import/ (second round) is
built here in code, over every reader path (GeoJSON, KML, KMZ, zip, GeoPackage, CSV, TopoJSON, Esri JSON, gzip),
with its true area known by construction: the union of the Russian-held shapes written, cut to
geodata/data/regions.geojson, in EPSG:6933 (tests.importcases.truth_km2). A property test writes random
shapes of random classes in every format and checks the area to 0.5%."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import tracemalloc

import pytest
import shapely
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from shapely.geometry import Polygon, box

from geodata.dataset import default_dataset
from geodata.importer import ControlFileError, DateChoiceError, read_control_file
from tests.importcases import WRITERS, Shape, dumps, truth_km2, write_esri, write_geojson, write_gpkg, write_kml, zipped

DONBAS = Polygon([(37.5, 47.1), (39.7, 47.1), (40.0, 48.5), (39.0, 49.2), (38.0, 48.9), (37.6, 48.2)])
SOUTH = box(33.5, 46.4, 35.5, 47.3)
NORTH = box(29.8, 50.6, 31.0, 51.3)  # Kyiv Oblast: liberated in 2022
KHARKIV = box(36.0, 49.9, 37.0, 50.4)
PETSAMO = box(29.5, 69.2, 31.0, 69.8)  # far beyond the map's reach: a joke polygon
FORMATS = sorted(WRITERS)


def read(fmt: str, shapes: list[Shape], **kwargs):
    writer, filename = WRITERS[fmt]
    return read_control_file(writer(shapes), filename, **kwargs, dataset=default_dataset())


# --- Classes, never guesses -------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", FORMATS)
def test_deepstate_2022_names_in_ukrainian_count_only_occupied(fmt):
    """h01: names in Ukrainian only; liberated and contested areas are named with their areas, never counted."""
    shapes = [
        Shape(DONBAS, "Окуповано", colour="a52714"),
        Shape(SOUTH, "Окуповано. 01.04", colour="a52714"),
        Shape(NORTH, "Звільнено", colour="0288d1"),
        Shape(KHARKIV, "Під питанням", colour="bcaaa4"),
    ]
    summary = read(fmt, shapes).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS, SOUTH]), rel=0.005)
    assert summary.shares["UA-32"] == 0  # Kyiv Oblast: liberated, not "17.5%"
    classes = summary.classes
    assert classes["occupied"]["features"] == 2 and classes["occupied"]["counted"] is True
    assert classes["liberated"] == {"features": 1, "area_km2": pytest.approx(truth_km2([NORTH]), rel=0.005), "counted": False}
    assert classes["contested"]["area_km2"] == pytest.approx(truth_km2([KHARKIV]), rel=0.005)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize(
    ("russian", "other", "other_class"),
    [
        ("Occupied", "Liberated", "liberated"),
        ("Оккупировано", "Освобождено", "liberated"),
        ("Russian-controlled", "Ukrainian-held", "ukrainian-held"),
        ("Окуповано /// Occupied", "Сіра зона /// Grey zone", "contested"),
    ],
)
def test_names_in_three_languages(fmt, russian, other, other_class):
    summary = read(fmt, [Shape(DONBAS, russian), Shape(KHARKIV, other)]).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)
    assert summary.classes[other_class]["counted"] is False


@pytest.mark.parametrize("fmt", ["geojson", "gpkg", "csv", "esri", "kml"])
def test_arcgis_class_field_decides(fmt):
    shapes = [Shape(DONBAS, "zone 1", fields={"status": "Russian"}), Shape(SOUTH, "zone 2", fields={"status": "Ukraine"})]
    summary = read(fmt, shapes).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)
    assert summary.classes["ukrainian-held"]["features"] == 1


@pytest.mark.parametrize("fmt", ["kml", "kmz"])
def test_control_zones_told_apart_by_style_id(fmt):
    """h02: one polygon per side, told apart only by #ru / #ua."""
    shapes = [
        Shape(DONBAS, "Union Polygon_0", style="ru", colour="ff0000"),
        Shape(box(33.0, 47.6, 37.4, 49.6), "Union Polygon_1", style="ua", colour="0000ff"),
    ]
    summary = read(fmt, shapes).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)
    assert summary.classes["ukrainian-held"]["counted"] is False


@pytest.mark.parametrize("fmt", ["kml", "geojson"])
def test_sides_told_apart_by_colour_alone(fmt):
    shapes = [
        Shape(DONBAS, colour="e53935", style="s1" if fmt == "kml" else ""),
        Shape(SOUTH, colour="1e88e5", style="s2" if fmt == "kml" else ""),
    ]
    summary = read(fmt, shapes).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)
    assert any("fill colours" in w for w in summary.warnings)


@pytest.mark.parametrize("fmt", ["kml", "kmz", "geojson"])
def test_two_styles_nothing_tells_apart_is_refused_in_one_line(fmt):
    shapes = [
        Shape(DONBAS, style="s1" if "km" in fmt else "", colour="ff9800"),
        Shape(SOUTH, style="s2" if "km" in fmt else "", colour="9c27b0"),
    ]
    with pytest.raises(ControlFileError) as caught:
        read(fmt, shapes)
    message = str(caught.value)
    assert "\n" not in message and "in 2 different ways (" in message and "nothing says which is Russian-held" in message


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_file_of_one_unnamed_class_is_read_as_control(fmt):
    summary = read(fmt, [Shape(DONBAS), Shape(SOUTH)]).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS, SOUTH]), rel=0.005)
    assert summary.classes == {"area": {"features": 2, "area_km2": pytest.approx(summary.area_km2), "counted": True}}


@pytest.mark.parametrize("fmt", ["geojson", "kml", "gpkg"])
def test_an_area_without_a_class_beside_classed_ones_is_named_not_counted(fmt):
    summary = read(fmt, [Shape(DONBAS, "Occupied"), Shape(SOUTH, "Encirclement zone")]).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)
    assert summary.classes["unclassified"]["area_km2"] == pytest.approx(truth_km2([SOUTH]), rel=0.005)
    assert any("have no class" in w for w in summary.warnings)


# --- Only what is drawn as an area is an area ------------------------------------------------------------------


@pytest.mark.parametrize("wrap", ["kml", "kmz"])
def test_overlays_models_and_links_never_become_control(wrap):
    """c08d: GDAL's LIBKML read the GroundOverlay's LatLonBox as a polygon."""
    extra = (
        "<GroundOverlay><name>scan</name><Icon><href>files/overlay.tif</href></Icon>"
        "<LatLonBox><north>49.5</north><south>47.0</south><east>40.0</east><west>36.5</west></LatLonBox></GroundOverlay>"
        "<ScreenOverlay><name>legend</name><Icon><href>files/legend.png</href></Icon></ScreenOverlay>"
        "<PhotoOverlay><name>photo</name></PhotoOverlay>"
    )
    document = write_kml([Shape(DONBAS, "Зона", colour="ff0000"), Shape(SOUTH, "Крим")], extra=extra)
    data = document if wrap == "kml" else zipped({"doc.kml": document, "files/overlay.tif": b"II*\x00" + bytes(4 << 20)})
    summary = read_control_file(data, f"front.{wrap}", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS, SOUTH]), rel=0.005)
    assert any("1 GroundOverlay" in w and "1 ScreenOverlay" in w for w in summary.warnings)


def test_every_ring_of_one_inner_boundary_is_kept():
    """h05: ArcGIS writes two holes as two LinearRings inside one innerBoundaryIs."""
    outer = box(37.0, 47.5, 39.0, 48.8)
    holes = [box(37.3, 47.8, 37.6, 48.1), box(38.3, 48.2, 38.7, 48.5)]

    def ring(g):
        return " ".join(f"{x},{y},0" for x, y in g.exterior.coords)

    data = (
        '<kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark><name>Occupied</name><Polygon>'
        f"<outerBoundaryIs><LinearRing><coordinates>{ring(outer)}</coordinates></LinearRing></outerBoundaryIs><innerBoundaryIs>"
        + "".join(f"<LinearRing><coordinates>{ring(h)}</coordinates></LinearRing>" for h in holes)
        + "</innerBoundaryIs></Polygon></Placemark></Document></kml>"
    ).encode()
    summary = read_control_file(data, "arcgis.kml", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([outer.difference(shapely.union_all(holes))]), rel=0.005)


def test_a_closed_linear_ring_placemark_is_an_area_and_never_fails():
    """h09: a bare closed <LinearRing> placemark (Google Earth draws it)."""
    coordinates = " ".join(f"{x},{y},0" for x, y in KHARKIV.exterior.coords)
    data = write_kml(
        [Shape(DONBAS, "Occupied")],
        extra=(
            "<Placemark><name>Occupied pocket</name>"
            f"<LinearRing><coordinates>{coordinates}</coordinates></LinearRing></Placemark>"
        ),
    )
    summary = read_control_file(data, "ring.kml", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS, KHARKIV]), rel=0.005)
    open_ring = " ".join(f"{x},{y},0" for x, y in list(KHARKIV.exterior.coords)[:-1])
    line = write_kml(
        [Shape(DONBAS, "Occupied")],
        extra=f"<Placemark><name>track</name><LinearRing><coordinates>{open_ring}</coordinates></LinearRing></Placemark>",
    )
    summary = read_control_file(line, "ring.kml", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005) and summary.categories["line"] == 1


@pytest.mark.parametrize("fmt", ["geojson", "kml", "gzip", "zip"])
def test_collection_members_that_share_an_edge_are_united_without_repair(fmt):
    """h08: a valid GeometryCollection (KML MultiGeometry) whose polygons share an edge."""
    left, right = box(37.0, 47.5, 37.6, 48.3), box(37.6, 47.5, 38.2, 48.3)
    collection = shapely.GeometryCollection([left, right])
    if fmt == "kml":
        summary = read_control_file(
            write_kml([Shape(shapely.MultiPolygon([left, right]), "Occupied")]), "multi.kml", dataset=default_dataset()
        ).summary
    else:
        writer, filename = WRITERS[fmt]
        summary = read_control_file(
            writer([Shape(collection, "Окуповано /// Occupied")]), filename, dataset=default_dataset()
        ).summary
    assert summary.area_km2 == pytest.approx(truth_km2([left, right]), rel=0.005)
    assert not summary.repairs


@pytest.mark.parametrize("fmt", FORMATS)
def test_far_away_decoys_are_left_out_and_areas_drawn_into_russia_clipped(fmt):
    """h07: "Occupied Petsamo" is left out with a warning; a Russian-side polygon drawn into Russia is clipped."""
    into_russia = Polygon([(38.0, 47.5), (41.5, 47.5), (41.5, 49.5), (38.0, 49.5)])
    summary = read(fmt, [Shape(into_russia, "Occupied"), Shape(PETSAMO, "Occupied Petsamo"), Shape(NORTH, "Liberated")]).summary
    assert summary.area_km2 == pytest.approx(truth_km2([into_russia]), rel=0.005)
    assert any("wholly outside the area this map covers" in w for w in summary.warnings)
    assert any("outside the 1991 borders" in w for w in summary.warnings)


# --- Every date a file carries ------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["kml", "kmz", "geojson", "gpkg", "csv", "esri", "topojson", "gzip", "zip"])
@pytest.mark.parametrize(
    ("first", "second"), [("2024-05-01", "2024-06-01"), ("01.05.2024", "01.06.2024"), ("01.05.24", "01.06.24")]
)
def test_a_history_is_listed_and_picked_never_merged(fmt, first, second):
    """h03/h04: TimeSpan begin (KML) or a date field, in ISO or as Ukrainians write dates."""
    may, june = box(37.0, 47.5, 38.0, 48.3), box(37.6, 47.3, 38.8, 48.5)
    shapes = [Shape(may, "Occupied", date=first), Shape(june, "Occupied", date=second)]
    with pytest.raises(DateChoiceError) as caught:
        read(fmt, shapes)
    assert caught.value.dates == ("2024-05-01", "2024-06-01")
    assert read(fmt, shapes, date="2024-05-01").summary.area_km2 == pytest.approx(truth_km2([may]), rel=0.005)
    assert read(fmt, shapes, date="2024-06-01").summary.area_km2 == pytest.approx(truth_km2([june]), rel=0.005)
    with pytest.raises(ControlFileError, match="holds no features dated 2024-07-01"):
        read(fmt, shapes, date="2024-07-01")


def test_a_date_that_cannot_be_read_is_a_warning_and_date_on_an_undated_file_is_refused():
    summary = read_control_file(
        write_geojson([Shape(DONBAS, "Occupied", date="spring 2024")]), "front.geojson", dataset=default_dataset()
    ).summary
    assert summary.as_of == "undated" and any("could not be read" in w and "'spring 2024'" in w for w in summary.warnings)
    with pytest.raises(ControlFileError, match="holds no dates"):
        read_control_file(
            write_geojson([Shape(DONBAS, "Occupied")]), "front.geojson", date="2024-05-01", dataset=default_dataset()
        )


@pytest.mark.parametrize("name", ["front_01.05.2024.kml", "deepstatemap_data_20240501.kml", "front 2024-05-01.kml"])
def test_a_date_in_the_file_name_or_folder_is_the_file_date(name):
    assert (
        read_control_file(write_kml([Shape(DONBAS, "Occupied")]), name, dataset=default_dataset()).summary.as_of == "2024-05-01"
    )
    in_folder = write_kml([Shape(DONBAS, "Occupied")]).replace(b"<name>areas</name>", b"<name>2024-05-01</name>")
    assert read_control_file(in_folder, "front.kml", dataset=default_dataset()).summary.as_of == "2024-05-01"


# --- Files as they are packed ------------------------------------------------------------------------------------


def test_a_macos_finder_zip_reads_its_one_geojson():
    summary = read("zip", [Shape(DONBAS, "Occupied")]).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)


def test_csv_with_lon_lat_points_has_no_areas_and_a_csv_without_geometry_says_so():
    with pytest.raises(ControlFileError, match="control must be drawn as areas"):
        read_control_file(b"lon,lat,name\n37.5,47.1,a\n38.0,48.0,b\n", "points.csv", dataset=default_dataset())
    with pytest.raises(ControlFileError, match="CSV table with no geometry column"):
        read_control_file(b"region,share\nUA-14,0.7\nUA-09,0.98\n", "table.csv", dataset=default_dataset())


def test_geopackage_layers_each_in_their_own_crs():
    import pyogrio

    from tests.importcases import _frame

    data = write_gpkg([Shape(DONBAS, "Occupied")], crs="EPSG:32637")
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "two.gpkg"
        path.write_bytes(data)
        pyogrio.write_dataframe(_frame([Shape(SOUTH, "Occupied")]).to_crs("EPSG:3857"), path, driver="GPKG", layer="south")
        data = path.read_bytes()
    summary = read_control_file(data, "two.gpkg", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS, SOUTH]), rel=0.005)
    assert any("reprojected to WGS 84" in w and "EPSG:32637" in w for w in summary.warnings)


@pytest.mark.parametrize("on_geometry", [False, True])
def test_esri_json_spatial_reference_on_the_response_or_on_each_geometry(on_geometry):
    summary = read_control_file(
        write_esri([Shape(DONBAS, "Occupied")], wkid=3857, on_geometry=on_geometry), "query.json", dataset=default_dataset()
    ).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)


def test_a_umap_backup_reads_its_layers():
    layer = json.loads(write_geojson([Shape(DONBAS, "Occupied"), Shape(NORTH, "Liberated")]))
    document = {
        "type": "umap",
        "uri": "https://umap.example/map/1",
        "properties": {"name": "front"},
        "layers": [dict(layer, _umap_options={"name": "2024-05-01"})],
    }
    summary = read_control_file(dumps(document), "front.umap.json", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005) and summary.as_of == "2024-05-01"
    with pytest.raises(ControlFileError, match="export the layer as GeoJSON"):
        read_control_file(
            dumps({"type": "umap", "layers": [{"type": "FeatureCollection"}]}), "broken.umap.json", dataset=default_dataset()
        )


# --- Limits before work ------------------------------------------------------------------------------------------


def shared_arc_topology(objects: int = 1000, vertices: int = 100_000) -> bytes:
    """h14: TopoJSON of about 1 MB whose objects all reference one long arc (quantized deltas, as mapshaper writes)."""
    steps = vertices - 2
    arc = [[0, 0]] + [[12, 0] if i % 2 else [0, 12] for i in range(steps)] + [[-12 * (steps // 2), -12 * (steps - steps // 2)]]
    geometries = [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "Occupied"}} for _ in range(objects)]
    return json.dumps(
        {
            "type": "Topology",
            "transform": {"scale": [1e-5, 1e-5], "translate": [37.5, 47.1]},
            "objects": {"front": {"type": "GeometryCollection", "geometries": geometries}},
            "arcs": [arc],
        },
        separators=(",", ":"),
    ).encode()


def test_an_arc_amplified_topojson_is_refused_before_gdal_expands_it():
    data = shared_arc_topology()
    assert 0.5e6 < len(data) < 2e6
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(
        ControlFileError, match=r"more than 2,000,000 vertices in its areas: its first \d+ objects already reference"
    ):
        read_control_file(data, "amplified.topojson", dataset=default_dataset())
    elapsed = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert elapsed < 5.0, f"refused after {elapsed:.1f} s"
    assert peak < 100 * 2**20, f"peak {peak / 2**20:.0f} MB"  # 50 million vertices built would take gigabytes


def test_a_topology_arc_index_out_of_range_is_refused():
    document = {
        "type": "Topology",
        "objects": {"a": {"type": "GeometryCollection", "geometries": [{"type": "Polygon", "arcs": [[3]]}]}},
        "arcs": [[[37.5, 47.1], [39.7, 47.1], [40.0, 48.5], [37.5, 47.1]]],
    }
    with pytest.raises(ControlFileError, match="refers to arc 3"):
        read_control_file(dumps(document), "bad.topojson", dataset=default_dataset())


# --- What validate and the dashboard say ----------------------------------------------------------------------------


def test_validate_json_lists_each_class_with_count_and_area(tmp_path):
    path = tmp_path / "zones.kml"
    path.write_bytes(write_kml([Shape(DONBAS, "Occupied"), Shape(NORTH, "Liberated"), Shape(KHARKIV, "Liberated")]))
    done = subprocess.run(
        [sys.executable, "-m", "geodata", "validate", "--json", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    classes = json.loads(done.stdout)["classes"]
    assert classes["occupied"] == {"features": 1, "area_km2": pytest.approx(truth_km2([DONBAS]), rel=0.005), "counted": True}
    assert classes["liberated"] == {
        "features": 2,
        "area_km2": pytest.approx(truth_km2([NORTH, KHARKIV]), rel=0.005),
        "counted": False,
    }
    text = subprocess.run(
        [sys.executable, "-m", "geodata", "validate", str(path)], capture_output=True, text=True, timeout=120, check=False
    ).stdout
    assert "liberated: 2 features, " in text and ", not counted" in text


def test_upload_summary_speaks_the_interface_language_with_babel_numbers():
    from geodata.importer.summarytext import summary_lines
    from geodata.wording import format_area

    result = read_control_file(
        write_geojson([Shape(DONBAS, "Окуповано"), Shape(NORTH, "Звільнено")]), "front.geojson", dataset=default_dataset()
    )
    names = default_dataset().regions()["name_uk"].to_dict()
    lines = summary_lines(result.summary, "uk", names)
    liberated = format_area(truth_km2([NORTH]), "uk")
    assert "\u00a0" in liberated or " " in liberated  # Ukrainian groups thousands with a (no-break) space, never a comma
    assert any(line.strip() == f"звільнені: об'єктів — 1, {liberated}, не враховано" for line in lines)
    notes = (
        lines.index("Примітки імпортера (англійською, як він їх записав):")
        if "Примітки імпортера (англійською, як він їх записав):" in lines
        else len(lines)
    )
    for line in lines[:notes]:
        assert "features" not in line and "km²" not in line and "counted" not in line, line
    english = summary_lines(result.summary, "en", default_dataset().regions()["name_en"].to_dict())
    assert any(line.strip().startswith("liberated: 1 feature, ") and line.endswith(", not counted") for line in english)


# --- Property: any shapes, any classes, any format ---------------------------------------------------------------

_SPELLINGS = {
    "occupied": [
        "Окуповано",
        "Occupied",
        "Оккупировано",
        "Russian-controlled",
        "Окуповано /// Occupied /// geoJSON.status.occupied",
    ],
    "liberated": ["Звільнено", "Liberated", "Освобождено", "Звільнено /// Liberated"],
    "contested": ["Під питанням", "Contested", "Grey zone", "Серая зона"],
    "ukrainian-held": ["Ukrainian-held", "Під контролем України", "Под контролем ВСУ"],
}


@st.composite
def shapes_and_classes(draw):
    count = draw(st.integers(1, 4))
    shapes, truth = [], []
    for index in range(count):
        kind = "occupied" if index == 0 else draw(st.sampled_from(sorted(_SPELLINGS)))
        x = draw(st.floats(33.0, 38.5)) + 0.01 * index
        y = draw(st.floats(47.0, 49.8))
        width, height = draw(st.floats(0.3, 1.2)), draw(st.floats(0.3, 1.0))
        sides = draw(st.integers(4, 9))
        ring = shapely.affinity.scale(shapely.Point(0, 0).buffer(1.0, quad_segs=max(1, sides // 4)), width / 2, height / 2)
        geometry = shapely.affinity.translate(ring, x, y)
        in_status_field = draw(st.booleans())
        name = draw(st.sampled_from(_SPELLINGS[kind]))
        shape = Shape(geometry, f"area {index}", fields={"status": name}) if in_status_field else Shape(geometry, name)
        shapes.append(shape)
        if kind == "occupied":
            truth.append(geometry)
    return shapes, truth


@settings(max_examples=45, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(case=shapes_and_classes(), fmt=st.sampled_from(FORMATS))
def test_property_every_format_gives_the_true_area_of_the_russian_held_shapes(case, fmt):
    shapes, truth = case
    expected = truth_km2(truth)
    assume(expected > 500)  # a Russian-held area inside Ukraine (the generator may place one wholly in Russia or the sea)
    summary = read(fmt, shapes).summary
    assert summary.area_km2 == pytest.approx(expected, rel=0.005)
    assert summary.classes["occupied"]["features"] == len(truth)
    for kind in {"liberated", "contested", "ukrainian-held"} & set(summary.classes):
        assert summary.classes[kind]["counted"] is False


def test_every_kml_in_an_archive_is_considered_and_the_ones_not_used_named():
    from tests.importcases import kml_doc

    data = zipped(
        {
            "doc.kml": kml_doc(list(DONBAS.exterior.coords)),
            "old/south.kml": kml_doc(list(SOUTH.exterior.coords)),
            "__MACOSX/._doc.kml": b"\x00",
        }
    )
    summary = read_control_file(data, "front.kmz", dataset=default_dataset()).summary
    assert summary.area_km2 == pytest.approx(truth_km2([DONBAS]), rel=0.005)
    assert any("not read (not linked from 'doc.kml'): 'old/south.kml'" in w for w in summary.warnings)


def test_the_dashboard_upload_lists_the_classes_in_ukrainian():
    """The upload box shows what validate lists, in the interface's language (words and Babel's numbers)."""
    from geodata.wording import format_area
    from tests.apphelpers import run_app

    at = run_app({"scenario": "status-quo", "lang": "uk"}, session_state={"upload_open": True})
    data = write_geojson([Shape(DONBAS, "Окуповано"), Shape(NORTH, "Звільнено")])
    at.get("file_uploader")[0].set_value(("front.geojson", data, "application/geo+json")).run()
    assert not at.exception, at.exception
    shown = "\n".join(element.value for element in at.text)
    liberated = format_area(
        read_control_file(data, "front.geojson", dataset=default_dataset()).summary.classes["liberated"]["area_km2"], "uk"
    )
    assert f"звільнені: об'єктів — 1, {liberated}, не враховано" in shown
    assert "Знайдені класи:" in shown and "features" not in shown.split("Примітки імпортера")[0]


def test_class_field_values_nothing_reads_are_different_ways_and_refused():
    with pytest.raises(ControlFileError, match=r"labelled in 2 different ways \(status 'a'; status 'b'\)"):
        read_control_file(
            write_geojson([Shape(DONBAS, fields={"status": "A"}), Shape(SOUTH, fields={"status": "B"})]),
            "ab.geojson",
            dataset=default_dataset(),
        )
    # One value nothing reads is refused too: a class field that does not say "Russian-held" is never counted as it.
    with pytest.raises(ControlFileError, match=r"labelled status 'a', which does not say whether they are Russian-held"):
        read_control_file(
            write_geojson([Shape(DONBAS, fields={"status": "A"}), Shape(SOUTH, fields={"status": "A"})]),
            "aa.geojson",
            dataset=default_dataset(),
        )


@pytest.mark.parametrize(
    "fields",
    [{"status": "Ukrainian government control"}, {"status": "Kyiv-controlled"}, {"holder": "UKR forces"}, {"fill": "#0288d1"}],
    ids=["government-control", "kyiv-controlled", "ukr-forces", "deepstate-liberated-colour"],
)
def test_a_file_whose_only_class_is_not_russian_held_counts_nothing(fields):
    # Ukrainian-held by its words, or liberated by DeepStateMap's own colour: nothing to count, said in one line.
    with pytest.raises(ControlFileError, match=r"has no occupied areas to use \(found: (ukrainian-held|liberated) 2\)"):
        read_control_file(
            write_geojson([Shape(DONBAS, fields=fields), Shape(SOUTH, fields=fields)]), "one.geojson", dataset=default_dataset()
        )
