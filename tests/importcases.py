"""Builders of the control files analysts bring (the kinds in ../shared/cases/import/, rebuilt in code):
small synthetic polygons in eastern Ukraine, no real data."""

from __future__ import annotations

import gzip
import io
import json
import tempfile
import zipfile
from pathlib import Path

import geopandas as gpd
import pyogrio
from shapely.geometry import Polygon, box

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
    return dumps(fc(*(feat(shrink(k), date=f"2024-07-{8 + k:02d}") for k in range(days)), name="deepstate-map-data",
                    crs={"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}}))


def gz(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def double_encoded() -> bytes:
    inner = {"id": 1, "datetime": "2025-01-01T00:00:00.000Z", "map": fc(feat(DONBAS, name="Окуповано /// Occupied /// geoJSON.status.occupied"))}
    return json.dumps(json.dumps(inner)).encode()


def truncated_query() -> bytes:
    return dumps(fc(feat(DONBAS, OBJECTID=1, Name="Russian-controlled", Shape__Area=1.0), properties={"exceededTransferLimit": True}))


def esri(*rings: list) -> bytes:
    return dumps({"geometryType": "esriGeometryPolygon", "spatialReference": {"wkid": 4326},
                  "features": [{"attributes": {"OBJECTID": 1, "name": "area"}, "geometry": {"rings": list(rings)}}]})


def with_crs(name: str) -> bytes:
    return dumps(fc(feat(DONBAS, name="a"), crs={"type": "name", "properties": {"name": name}}))


def kml_doc(*rings: list, links: tuple[str, ...] = ()) -> bytes:
    placemarks = "".join(
        f"<Placemark><name>Occupied</name><Polygon><outerBoundaryIs><LinearRing><coordinates>{' '.join(f'{x},{y},0' for x, y in r)}"
        "</coordinates></LinearRing></outerBoundaryIs></Polygon></Placemark>" for r in rings
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
    return zipped({"doc.kml": kml_doc(links=("files/donbas.kml", "files/south.kml", "https://example.org/x.kml")),
                   "files/donbas.kml": kml_doc(DONBAS), "files/south.kml": kml_doc(SOUTH)})


def kmz_overlay() -> bytes:
    return zipped({"doc.kml": kml_doc(DONBAS), "files/overlay.tif": b"II*\x00" + bytes(4 * 1024 * 1024)})


def topojson() -> bytes:
    arc = [list(p) for p in DONBAS]
    return dumps({"type": "Topology", "arcs": [arc], "objects": {"occupied": {"type": "GeometryCollection",
                  "geometries": [{"type": "Polygon", "arcs": [[0]], "properties": {"name": "Окуповано"}}]}}})


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
