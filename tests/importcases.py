"""Builders of the control files analysts bring (the kinds in ../shared/cases/import/, rebuilt in code):
small synthetic polygons in eastern Ukraine, no real data."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import geopandas as gpd
import numpy as np
import pyogrio
import shapely
from shapely.geometry import Polygon, box
from shapely.geometry.base import BaseGeometry

from geodata.dataset import default_dataset

DONBAS = [[37.5, 47.1], [39.7, 47.1], [40.0, 48.5], [39.0, 49.2], [38.0, 48.9], [37.6, 48.2], [37.5, 47.1]]
SOUTH = [[33.5, 46.4], [35.5, 46.4], [35.5, 47.3], [33.5, 47.3], [33.5, 46.4]]


def dumps(document: object) -> bytes:
    return json.dumps(document, ensure_ascii=False).encode("utf-8")


def fc(*features: dict, **members: object) -> dict:
    return {"type": "FeatureCollection", **members, "features": list(features)}


def feat(ring: list, **properties: object) -> dict:
    return {"type": "Feature", "properties": properties, "geometry": {"type": "Polygon", "coordinates": [ring]}}


def daily_archive(days: int = 3) -> bytes:
    """DeepStateMap's daily archive: one feature per day with a ``date`` property."""
    shrink = lambda k: [[x - 0.1 * k if x > 39 else x, y] for x, y in DONBAS]  # noqa: E731
    return dumps(
        fc(
            *(feat(shrink(k), date=f"2024-07-{8 + k:02d}") for k in range(days)),
            name="deepstate-map-data",
            crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
        )
    )


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def double_encoded() -> bytes:
    inner = {
        "id": 1,
        "datetime": "2025-01-01T00:00:00.000Z",
        "map": fc(feat(DONBAS, name="Окуповано /// Occupied /// geoJSON.status.occupied")),
    }
    return json.dumps(json.dumps(inner)).encode()


def truncated_query() -> bytes:
    return dumps(
        fc(feat(DONBAS, OBJECTID=1, Name="Russian-controlled", Shape__Area=1.0), properties={"exceededTransferLimit": True})
    )


def esri(*rings: list) -> bytes:
    return dumps(
        {
            "geometryType": "esriGeometryPolygon",
            "spatialReference": {"wkid": 4326},
            "features": [{"attributes": {"OBJECTID": 1, "name": "area"}, "geometry": {"rings": list(rings)}}],
        }
    )


def with_crs(name: str) -> bytes:
    return dumps(fc(feat(DONBAS, name="a"), crs={"type": "name", "properties": {"name": name}}))


def kml_doc(*rings: list, links: tuple[str, ...] = ()) -> bytes:
    placemarks = "".join(
        "<Placemark><name>Occupied</name><Polygon><outerBoundaryIs><LinearRing>"
        f"<coordinates>{' '.join(f'{x},{y},0' for x, y in r)}"
        "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>"
        for r in rings
    )
    network = "".join(f"<NetworkLink><name>l</name><Link><href>{h}</href></Link></NetworkLink>" for h in links)
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>{network}{placemarks}</Document></kml>'.encode()


def zipped(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def kmz_linked() -> bytes:
    return zipped(
        {
            "doc.kml": kml_doc(links=("files/donbas.kml", "files/south.kml", "https://example.org/x.kml")),
            "files/donbas.kml": kml_doc(DONBAS),
            "files/south.kml": kml_doc(SOUTH),
        }
    )


def kmz_overlay() -> bytes:
    return zipped({"doc.kml": kml_doc(DONBAS), "files/overlay.tif": b"II*\x00" + bytes(4 * 1024 * 1024)})


def topojson() -> bytes:
    arc = [list(p) for p in DONBAS]
    return dumps(
        {
            "type": "Topology",
            "arcs": [arc],
            "objects": {
                "occupied": {
                    "type": "GeometryCollection",
                    "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "Окуповано"}}],
                }
            },
        }
    )


def geojson_lines(rs: bool = False) -> bytes:
    prefix = "\x1e" if rs else ""
    return "".join(prefix + json.dumps(feat(r, name="x")) + "\n" for r in (DONBAS, SOUTH)).encode()


def _gdal_file(driver: str, suffix: str) -> dict[str, bytes]:
    frame = gpd.GeoDataFrame({"name": ["Окуповано", "Окуповано"]}, geometry=[Polygon(DONBAS), Polygon(SOUTH)], crs="EPSG:4326")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"occupied{suffix}"
        pyogrio.write_dataframe(frame, path, driver=driver)
        return {p.name: p.read_bytes() for p in Path(folder).iterdir()}


def shapefile_zip() -> bytes:
    return zipped(_gdal_file("ESRI Shapefile", ".shp"))


def geopackage() -> bytes:
    return _gdal_file("GPKG", ".gpkg")["occupied.gpkg"]


def flatgeobuf() -> bytes:
    return _gdal_file("FlatGeobuf", ".fgb")["occupied.fgb"]


def empty_collection() -> bytes:
    return dumps(fc(name="occupied"))


def island_mixed_winding() -> bytes:
    """Esri rings: a clockwise outer ring and a separate counter-clockwise island (servers flip rings)."""
    outer = list(reversed(DONBAS))
    island = [list(p) for p in box(33.5, 46.4, 35.5, 47.3).exterior.coords]  # shapely's box runs counter-clockwise
    return esri(outer, island)


# --- Writers: the same shapes and classes in every format the importer reads (issue 24) -----------------------
# Each takes Shape records and writes bytes the way the tool that makes that format writes them. The truth
# is computed from the shapes themselves (truth_km2), never from what the importer reads.


@dataclass
class Shape:
    """One area (or collection) with what a file says of it: a name, fields, a KML style, a date."""

    geometry: BaseGeometry
    name: str = ""
    fields: dict = field(default_factory=dict)
    style: str = ""  # a KML style id (without '#'), defined by the writer with ``colour``
    colour: str = ""  # rrggbb
    date: str = ""  # written as given, in a "date" field (GeoJSON, GeoPackage, CSV, Esri, TopoJSON) or TimeSpan (KML)


def truth_km2(geometries: list) -> float:
    """The area of the union of ``geometries`` inside Ukraine's regions (geodata/data/regions.geojson), km², by the
    one area method: computed here in EPSG:6933 and scaled by the country-wide factor the statistics use."""
    from geodata.stats import area_factor

    if not geometries:
        return 0.0
    ukraine = shapely.union_all(default_dataset().regions().geometry.values)
    inside = shapely.intersection(shapely.union_all([shapely.make_valid(g) for g in geometries]), ukraine)
    computed = float(gpd.GeoSeries([inside], crs="EPSG:4326").to_crs("EPSG:6933").area.iloc[0] / 1e6)
    return computed * area_factor(dataset=default_dataset())


def _properties(shape: Shape) -> dict:
    properties = dict(shape.fields)
    if shape.name:
        properties["name"] = shape.name
    if shape.date:
        properties["date"] = shape.date
    if shape.colour:
        properties["fill"] = f"#{shape.colour}"
    return properties


def write_geojson(shapes: list[Shape]) -> bytes:
    features = [
        {"type": "Feature", "properties": _properties(s), "geometry": shapely.geometry.mapping(s.geometry)} for s in shapes
    ]
    return dumps({"type": "FeatureCollection", "features": features})


def _kml_coordinates(ring) -> str:
    return " ".join(f"{float(x)!r},{float(y)!r},0" for x, y in np.asarray(ring.coords)[:, :2])


def _kml_geometry(geometry: BaseGeometry) -> str:
    if geometry.geom_type == "Polygon":
        inner = "".join(
            f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coordinates(r)}</coordinates></LinearRing></innerBoundaryIs>"
            for r in geometry.interiors
        )
        return (
            f"<Polygon><outerBoundaryIs><LinearRing><coordinates>{_kml_coordinates(geometry.exterior)}</coordinates>"
            f"</LinearRing></outerBoundaryIs>{inner}</Polygon>"
        )
    return "<MultiGeometry>" + "".join(_kml_geometry(g) for g in geometry.geoms) + "</MultiGeometry>"


def write_kml(shapes: list[Shape], extra: str = "") -> bytes:
    styles = {s.style: s.colour for s in shapes if s.style}
    defined = "".join(
        f'<Style id="{k}"><PolyStyle><color>7f{c[4:6]}{c[2:4]}{c[0:2]}</color></PolyStyle></Style>' for k, c in styles.items()
    )
    placemarks = []
    for s in shapes:
        parts = [f"<name>{s.name}</name>" if s.name else ""]
        if s.date:
            parts.append(f"<TimeSpan><begin>{s.date}</begin></TimeSpan>")
        if s.style:
            parts.append(f"<styleUrl>#{s.style}</styleUrl>")
        elif s.colour:
            parts.append(f"<Style><PolyStyle><color>7f{s.colour[4:6]}{s.colour[2:4]}{s.colour[0:2]}</color></PolyStyle></Style>")
        if s.fields:
            parts.append(
                "<ExtendedData>"
                + "".join(f'<Data name="{k}"><value>{v}</value></Data>' for k, v in s.fields.items())
                + "</ExtendedData>"
            )
        placemarks.append("<Placemark>" + "".join(parts) + _kml_geometry(s.geometry) + "</Placemark>")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document><name>front</name>'
        f"{defined}<Folder><name>areas</name>{extra}{''.join(placemarks)}</Folder></Document></kml>"
    ).encode()


def write_kmz(shapes: list[Shape]) -> bytes:
    return zipped({"doc.kml": write_kml(shapes), "files/legend.png": b"\x89PNG\r\n\x1a\n" + bytes(64)})


def write_zip(shapes: list[Shape]) -> bytes:
    """A GeoJSON zipped by macOS Finder: with its ``__MACOSX/._*`` AppleDouble entry and a .DS_Store."""
    return zipped(
        {
            "front.geojson": write_geojson(shapes),
            "__MACOSX/._front.geojson": b"\x00\x05\x16\x07" + bytes(80),
            ".DS_Store": bytes(64),
        }
    )


def write_gzip(shapes: list[Shape]) -> bytes:
    return gz(write_geojson(shapes))


def _frame(shapes: list[Shape]) -> gpd.GeoDataFrame:
    columns = sorted({k for s in shapes for k in _properties(s)} - {"fill"})
    data = {c: [str(_properties(s).get(c, "")) for s in shapes] for c in columns}
    return gpd.GeoDataFrame(data, geometry=[s.geometry for s in shapes], crs="EPSG:4326")


def write_gpkg(shapes: list[Shape], crs: str = "EPSG:4326") -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "front.gpkg"
        pyogrio.write_dataframe(_frame(shapes).to_crs(crs), path, driver="GPKG", layer="front")
        return path.read_bytes()


def write_csv(shapes: list[Shape]) -> bytes:
    """A CSV with a WKT column, as ``ogr2ogr -lco GEOMETRY=AS_WKT`` writes it."""
    frame = _frame(shapes)
    columns = [c for c in frame.columns if c != "geometry"]
    lines = ["WKT," + ",".join(columns)]
    for s, (_, row) in zip(shapes, frame.iterrows(), strict=False):
        lines.append('"' + s.geometry.wkt + '",' + ",".join('"' + str(row[c]).replace('"', '""') + '"' for c in columns))
    return ("\n".join(lines) + "\n").encode()


def write_topojson(shapes: list[Shape]) -> bytes:
    """TopoJSON, one arc per ring (unquantized), as topojson-server writes it without a quantization."""
    arcs: list = []

    def ring(r) -> list[int]:
        arcs.append([[float(x), float(y)] for x, y in np.asarray(r.coords)[:, :2]])
        return [len(arcs) - 1]

    def polygon(p) -> list:
        return [ring(p.exterior), *(ring(r) for r in p.interiors)]

    geometries = []
    for s in shapes:
        g = s.geometry
        item = (
            {"type": "Polygon", "arcs": polygon(g)}
            if g.geom_type == "Polygon"
            else {"type": "MultiPolygon", "arcs": [polygon(p) for p in g.geoms]}
        )
        geometries.append(dict(item, properties=_properties(s)))
    return dumps(
        {"type": "Topology", "objects": {"front": {"type": "GeometryCollection", "geometries": geometries}}, "arcs": arcs}
    )


def write_esri(shapes: list[Shape], wkid: int = 4326, on_geometry: bool = False) -> bytes:
    """Esri JSON: outer rings clockwise, holes counter-clockwise; the spatialReference on the response or on each geometry."""
    features = []
    for s in shapes:
        polygons = [s.geometry] if s.geometry.geom_type == "Polygon" else list(s.geometry.geoms)
        rings = []
        for p in polygons:
            p = shapely.orient_polygons(p, exterior_cw=True)
            rings += [[list(c) for c in p.exterior.coords], *([list(c) for c in r.coords] for r in p.interiors)]
        if wkid == 3857:
            from pyproj import Transformer

            to = Transformer.from_crs("EPSG:4326", "EPSG:3857", always_xy=True)
            rings = [[list(to.transform(x, y)) for x, y in r] for r in rings]
        geometry = {"rings": rings, **({"spatialReference": {"wkid": wkid}} if on_geometry else {})}
        features.append({"attributes": _properties(s), "geometry": geometry})
    document = {"geometryType": "esriGeometryPolygon", "features": features}
    if not on_geometry:
        document["spatialReference"] = {"wkid": wkid}
    return dumps(document)


#: Every reader path: format → (writer, file name).
WRITERS = {
    "geojson": (write_geojson, "front.geojson"),
    "kml": (write_kml, "front.kml"),
    "kmz": (write_kmz, "front.kmz"),
    "zip": (write_zip, "front.zip"),
    "gpkg": (write_gpkg, "front.gpkg"),
    "csv": (write_csv, "front.csv"),
    "topojson": (write_topojson, "front.topojson"),
    "esri": (write_esri, "front.json"),
    "gzip": (write_gzip, "front.geojson.gz"),
}
