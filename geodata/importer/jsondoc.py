"""JSON control files, guarded before GDAL reads them.

The raw text is checked for nesting and size before it is parsed; the parse refuses NaN, Infinity and
numbers too large for a float; each feature's structure is walked (geometry types, positions that are
numbers, vertices per ring and in all) before GDAL's GeoJSON, GeoJSONSeq, ESRIJSON or TopoJSON driver
reads the coordinates. What the walk learns that GDAL does not say (the format's flavour, a truncated
ArcGIS query, rings that are open or too short, the file's date) is returned with the bytes GDAL reads.

A FeatureCollection or DeepStateMap file of :data:`.jsonscan.FAST_MIN_BYTES` or more is walked on its
skeleton (:mod:`.jsonscan`: the rings checked on the bytes, the rest parsed), with the same checks and
messages; whatever the skeleton cannot judge is parsed whole.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from geodata.errors import ControlFileError
from geodata.errors import one_line as _one_line
from geodata.importer import jsonscan
from geodata.importer.crs import UNSPECIFIED, classify_crs
from geodata.importer.limits import ImportLimits, date_from, date_in_name, fmt_xy, quote

#: Every byte but the quote and the four brackets, deleted before the structure is scanned.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')
_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection")
_ARCGIS_KEYS = {"objectid", "fid", "shape__area", "shape__length", "shape_area", "shape_length", "globalid", "esri_oid"}
TRUNCATED_WARNING = (
    "the server returned only part of the layer (exceededTransferLimit): page the query with resultOffset and "
    "resultRecordCount until exceededTransferLimit is false, and import the pages merged"
)


@dataclass
class JsonRead:
    """A JSON file checked and ready for GDAL: its flavour, the bytes GDAL reads, and what the walk found."""

    format: str
    gdal_bytes: bytes
    crs: str = UNSPECIFIED
    file_date: str | None = None
    warnings: list[str] = field(default_factory=list)
    #: Per feature (0-based, in file order): the first ring that is open or too short, for the message.
    ring_problems: dict[int, str] = field(default_factory=dict)
    vertices: int = 0


def check_json_shape(text: str, name: str, limits: ImportLimits, raw: bytes | None = None) -> None:
    """Refuse deep nesting and huge numbers of arrays or objects on the raw text, before ``json.loads``.

    ``raw``, when given, is ``text`` encoded as UTF-8 already (not encoded once more).

    Raises
    ------
    ControlFileError
        Nested more than ``limits.max_json_depth`` or more than ``limits.max_json_containers`` containers.
    """
    if raw is None:
        raw = text.encode("utf-8")
    structure = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    del raw
    quotes_so_far = depth = deepest = containers = 0
    step = 1 << 20
    for start in range(0, len(structure), step):
        chunk = np.frombuffer(structure, dtype=np.uint8, count=min(step, len(structure) - start), offset=start)
        is_quote = chunk == ord('"')
        quotes = np.cumsum(is_quote, dtype=np.int64) + quotes_so_far
        brackets = chunk[~is_quote & (quotes % 2 == 0)]
        quotes_so_far = int(quotes[-1])
        opening = (brackets == ord("[")) | (brackets == ord("{"))
        containers += int(opening.sum())
        if containers > limits.max_json_containers:
            raise ControlFileError(f"{name} holds more than {limits.max_json_containers:,} JSON arrays and objects; the limit is {limits.max_json_containers:,}")
        if brackets.size:
            running = np.cumsum(np.where(opening, 1, -1), dtype=np.int64) + depth
            deepest = max(deepest, int(running.max()))
            depth = int(running[-1])
        if deepest > limits.max_json_depth:
            raise ControlFileError(f"{name} is nested more than {limits.max_json_depth} levels deep (at least {deepest:,}); GeoJSON needs about 10")


def _loads(text: str, name: str) -> Any:
    """``json.loads`` that refuses NaN, Infinity and numbers too large for a float."""

    def reject_constant(token: str) -> Any:
        raise ControlFileError(f"{name} contains {token}, which is not a number: NaN and Infinity are not valid coordinates")

    def finite_float(token: str) -> float:
        value = float(token)
        if not math.isfinite(value):
            raise ControlFileError(f"{name} contains the number {_one_line(token, 30)}, too large to be a coordinate")
        return value

    return json.loads(text, parse_constant=reject_constant, parse_float=finite_float)


def load_json(text: str, name: str, limits: ImportLimits) -> tuple[Any, bool]:
    """Parse a JSON text (or a sequence of JSON texts, one per line or after RS); ``(value, is_sequence)``.

    Raises
    ------
    ControlFileError
        For invalid JSON, NaN, Infinity, overflow, or nesting and size beyond the limits.
    """
    check_json_shape(text, name, limits)
    try:
        try:
            return _loads(text, name), False
        except json.JSONDecodeError as exc:
            records = [line.strip("\x1e \t\r") for line in text.replace("\x1e", "\n").split("\n")]
            records = [r for r in records if r]
            if exc.msg != "Extra data" and not text.lstrip(" \t\r\n").startswith("\x1e") or len(records) < 2:
                raise
            return [_loads(record, name) for record in records], True
    except ControlFileError:
        raise
    except json.JSONDecodeError as exc:
        raise ControlFileError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ControlFileError(f"{name} is nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ControlFileError(f"{name} is not valid JSON: {_one_line(exc, 100)}") from None


class Walk:
    """Checks the structure of features and counts vertices before GDAL reads them."""

    def __init__(self, name: str, limits: ImportLimits) -> None:
        self.name = name
        self.limits = limits
        self.vertices = 0
        self.where = ""
        self.problem: str | None = None

    def fail(self, text: str) -> ControlFileError:
        return ControlFileError(f"{self.name}: {self.where} {text}")

    def count(self, n: int) -> None:
        if n > self.limits.max_ring_vertices:
            raise self.fail(f"has a ring of {n:,} vertices; the limit is {self.limits.max_ring_vertices:,} per ring")
        self.vertices += n
        if self.vertices > self.limits.max_vertices:
            raise ControlFileError(f"{self.name} has more than {self.limits.max_vertices:,} vertices in its areas; simplify it first")

    def number(self, value: Any, what: str) -> None:
        kind = type(value)
        if kind is float:
            return
        if kind is not int:
            raise self.fail(f"has a {what} that is not a number: {_one_line(json.dumps(value)[:40], 40)}")
        try:
            float(value)
        except OverflowError:
            raise self.fail(f"has a {what} too large to be a coordinate") from None

    def ring(self, ring: Any, polygon_ring: bool = True) -> None:
        if type(ring) is not list:
            raise self.fail("has a ring that is not a list of positions")
        self.count(len(ring))
        number = self.number
        for position in ring:
            if type(position) is not list or len(position) < 2:
                raise self.fail(f"has a position that is not [longitude, latitude]: {_one_line(json.dumps(position)[:40], 40)}")
            x, y = position[0], position[1]
            if type(x) is not float:
                number(x, "longitude")
            if type(y) is not float:
                number(y, "latitude")
            for extra in position[2:]:
                if type(extra) is not float:
                    number(extra, "coordinate")
        if polygon_ring and ring and self.problem is None:
            first, last = ring[0], ring[-1]
            if first[0] != last[0] or first[1] != last[1]:
                self.problem = f"has a ring that is not closed (it starts at {fmt_xy(first[0], first[1])} and ends at {fmt_xy(last[0], last[1])})"
            elif len(ring) < 4:
                self.problem = f"has a ring of {len(ring)} positions; a closed ring needs at least 4"

    def geometry(self, geometry: Any, depth: int = 1) -> None:
        if geometry is None:
            return
        if type(geometry) is not dict:
            raise self.fail("has a geometry that is not an object")
        kind = geometry.get("type")
        coordinates = geometry.get("coordinates")
        if kind == "Polygon":
            if type(coordinates) is not list:
                raise self.fail("has Polygon coordinates that are not a list of rings")
            for ring in coordinates:
                self.ring(ring)
        elif kind == "MultiPolygon":
            if type(coordinates) is not list:
                raise self.fail("has MultiPolygon coordinates that are not a list of polygons")
            for polygon in coordinates:
                if type(polygon) is not list:
                    raise self.fail("has Polygon coordinates that are not a list of rings")
                for ring in polygon:
                    self.ring(ring)
        elif kind == "GeometryCollection":
            if depth > self.limits.max_collection_depth:
                raise self.fail(f"nests GeometryCollections more than {self.limits.max_collection_depth} deep")
            members = geometry.get("geometries")
            if type(members) is not list:
                raise self.fail("is a GeometryCollection without a list of geometries")
            for member in members:
                self.geometry(member, depth + 1)
        elif kind not in _GEOMETRY_TYPES:
            raise self.fail(f"has an unknown geometry type {quote(kind)}")

    def features(self, features: list[Any], problems: dict[int, str], offset: int = 0) -> None:
        if len(features) + offset > self.limits.max_features:
            raise ControlFileError(f"{self.name} has {len(features) + offset:,} features; the limit is {self.limits.max_features:,}")
        for index, item in enumerate(features):
            self.where = f"feature {index + offset + 1}"
            if type(item) is not dict:
                raise self.fail("is not a JSON object")
            if item.get("type") != "Feature":
                raise self.fail(f"has type {quote(item.get('type'))}, not 'Feature'")
            properties = item.get("properties")
            if isinstance(properties, dict) and isinstance(properties.get("name"), str) and properties["name"].strip():
                self.where += f" {quote(properties['name'])}"
            self.problem = None
            self.geometry(item.get("geometry"))
            if self.problem:
                problems[index + offset] = f"{self.where} {self.problem}"


def crs_member(doc: dict[str, Any], name: str) -> str:
    crs = doc.get("crs")
    if crs is None:
        return UNSPECIFIED
    if not isinstance(crs, dict):
        raise ControlFileError(f"{name} has a crs member that is not an object")
    properties = crs.get("properties") if isinstance(crs.get("properties"), dict) else {}
    value = properties.get("name", properties.get("code", properties.get("href")))
    if value is None:
        raise ControlFileError(f"{name} declares a coordinate reference system this tool cannot identify: {_one_line(json.dumps(crs)[:80], 80)}")
    return classify_crs(value, name)


def dump(document: Any) -> bytes:
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def truncated(doc: dict[str, Any]) -> bool:
    properties = doc.get("properties") if isinstance(doc.get("properties"), dict) else {}
    return doc.get("exceededTransferLimit") is True or properties.get("exceededTransferLimit") is True


def read_json(text: str, raw: bytes, name: str, limits: ImportLimits) -> JsonRead:
    """Check a JSON control file and say how GDAL should read it.

    Parameters
    ----------
    text : str
        The decoded text.
    raw : bytes
        The file's bytes, handed to GDAL as they are when they are UTF-8 already.
    name : str
        The file's name, for messages.
    limits : ImportLimits
        What the file may hold.

    Returns
    -------
    JsonRead
        The format, the bytes for GDAL, the CRS the file declares, its date and warnings.

    Raises
    ------
    ControlFileError
        For anything in the file that cannot be used, in one line.
    """
    utf8 = _as_utf8(raw)
    if len(utf8) >= jsonscan.FAST_MIN_BYTES and utf8.lstrip()[:1] == b"{":
        check_json_shape(text, name, limits, utf8)
        fast = _read_skeleton(utf8, name, limits)
        if fast is not None:
            return fast
    from geodata.importer import flavours  # Esri JSON, TopoJSON, uMap: they use this module's walk

    doc, sequence = load_json(text, name, limits)
    warnings: list[str] = []
    if isinstance(doc, str):
        inner = doc.strip()
        if not inner.startswith("{"):
            raise ControlFileError(f"{name} is a JSON string, not GeoJSON")
        doc, sequence = load_json(inner, name, limits)
        if not isinstance(doc, dict):
            raise ControlFileError(f"{name} is a JSON string that does not hold a JSON object")
        warnings.append("the file is a JSON-encoded string of a JSON object; it was decoded once more")
        text, raw = inner, b""
    utf8 = _as_utf8(raw)
    walk = Walk(name, limits)
    problems: dict[int, str] = {}
    if sequence:
        features = [d for d in doc]
        walk.features(features, problems)
        return JsonRead("GeoJSON Lines", utf8 or text.encode("utf-8"), UNSPECIFIED, None, warnings, problems, walk.vertices)
    if isinstance(doc, list):
        raise ControlFileError(f"{name} is a JSON array, not GeoJSON: a GeoJSON file is an object with a \"type\" member")
    if not isinstance(doc, dict):
        raise ControlFileError(f"{name} is a single JSON value, not GeoJSON")
    named_date = date_in_name(doc.get("name"))
    if isinstance(doc.get("map"), dict):
        # DeepStateMap's API: {"id": …, "datetime": …, "map": FeatureCollection}.
        inner_map = doc["map"]
        if inner_map.get("type") != "FeatureCollection" or not isinstance(inner_map.get("features"), list):
            raise ControlFileError(f"{name} looks like a DeepStateMap export, but its \"map\" is not a FeatureCollection")
        walk.features(inner_map["features"], problems)
        file_date = date_from(doc.get("datetime")) or date_from(doc.get("date")) or named_date or date_in_name(inner_map.get("name"))
        crs = crs_member(inner_map, name)
        return JsonRead("DeepStateMap JSON", dump(inner_map), crs, file_date, warnings, problems, walk.vertices)
    kind = doc.get("type")
    if kind == "umap":
        return flavours.umap(doc, name, walk, warnings, problems)
    if kind is None and isinstance(doc.get("features"), list) and ("geometryType" in doc or "spatialReference" in doc or "fields" in doc):
        return flavours.esri(doc, utf8 or text.encode("utf-8"), name, walk, warnings)
    if kind == "Topology":
        return flavours.topojson(doc, utf8 or text.encode("utf-8"), name, walk, warnings)
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise ControlFileError(f"{name} is a FeatureCollection without a list of features")
        crs = crs_member(doc, name)
        walk.features(features, problems)
        first = next((f.get("properties") for f in features if isinstance(f.get("properties"), dict)), {})
        arcgis = "crs" in doc and "name" not in doc or any(str(k).lower() in _ARCGIS_KEYS for k in first)
        if truncated(doc):
            warnings.append(TRUNCATED_WARNING)
            doc = dict(doc, properties={k: v for k, v in (doc.get("properties") or {}).items() if k != "exceededTransferLimit"})
            doc.pop("exceededTransferLimit", None)
            utf8 = b""
        file_date = date_from(doc.get("as_of")) or date_from(doc.get("date")) or named_date
        return JsonRead("ArcGIS GeoJSON" if arcgis else "GeoJSON", utf8 or dump(doc), crs, file_date, warnings, problems, walk.vertices)
    if kind == "Feature":
        crs = crs_member(doc, name)
        walk.features([doc], problems)
        return JsonRead("GeoJSON", utf8 or text.encode("utf-8"), crs, None, warnings, problems, walk.vertices)
    if kind in _GEOMETRY_TYPES:
        crs = crs_member(doc, name)
        walk.features([{"type": "Feature", "properties": None, "geometry": doc}], problems)
        return JsonRead("GeoJSON", utf8 or text.encode("utf-8"), crs, None, warnings, problems, walk.vertices)
    if kind is None:
        keys = ", ".join(_one_line(k, 20) for k in list(doc)[:6])
        raise ControlFileError(f"{name} is JSON but not GeoJSON: it has no \"type\" member (keys: {keys or 'none'})")
    raise ControlFileError(f"{name} is JSON but not GeoJSON: unknown type {quote(kind)}")


def _as_utf8(raw: bytes) -> bytes:
    """The file's bytes when GDAL can read them as they are (UTF-8 JSON without a byte-order mark), else ``b""``."""
    usable = raw and not raw.startswith(b"\xef\xbb\xbf") and raw.lstrip()[:1] in (b"{", b"\x1e") and raw[:4].find(b"\x00") < 0
    return raw if usable else b""


class _Fallback(Exception):
    """The skeleton cannot say what the full parse would: parse the whole text instead."""


class _SkeletonWalk(Walk):
    """The walk over a skeleton (:mod:`.jsonscan`): a ring's placeholder is checked from what the scan found.

    A placeholder anywhere the full walk would see a list that is not a ring raises :class:`_Fallback`.
    """

    def __init__(self, name: str, limits: ImportLimits, rings: list[jsonscan.RingStats]) -> None:
        super().__init__(name, limits)
        self.rings = rings

    def ring(self, ring: Any, polygon_ring: bool = True) -> None:
        if not jsonscan.is_placeholder(ring):
            if jsonscan.holds_placeholder(ring):
                raise _Fallback
            super().ring(ring, polygon_ring)
            return
        stats = self.rings[jsonscan.ring_number(ring)]
        self.count(stats.vertices)
        if polygon_ring and self.problem is None:
            first, last = stats.first, stats.last
            if first[0] != last[0] or first[1] != last[1]:
                self.problem = f"has a ring that is not closed (it starts at {fmt_xy(first[0], first[1])} and ends at {fmt_xy(last[0], last[1])})"
            elif stats.vertices < 4:
                self.problem = f"has a ring of {stats.vertices} positions; a closed ring needs at least 4"

    def geometry(self, geometry: Any, depth: int = 1) -> None:
        if jsonscan.is_placeholder(geometry):
            raise _Fallback
        if type(geometry) is dict:
            kind, coordinates = geometry.get("type"), geometry.get("coordinates")
            if jsonscan.holds_placeholder(kind) or jsonscan.is_placeholder(geometry.get("geometries")):
                raise _Fallback
            if kind in ("Polygon", "MultiPolygon") and jsonscan.is_placeholder(coordinates):
                raise _Fallback
            if kind == "MultiPolygon" and type(coordinates) is list and any(jsonscan.is_placeholder(p) for p in coordinates):
                raise _Fallback
        super().geometry(geometry, depth)

    def features(self, features: list[Any], problems: dict[int, str], offset: int = 0) -> None:
        for item in features:
            if jsonscan.is_placeholder(item):
                raise _Fallback
            if type(item) is dict:
                if any(jsonscan.holds_placeholder(v) for k, v in item.items() if k not in ("properties", "geometry")):
                    raise _Fallback
                properties = item.get("properties")
                if jsonscan.is_placeholder(properties) or type(properties) is dict and jsonscan.is_placeholder(properties.get("name")):
                    raise _Fallback
        super().features(features, problems, offset)


def _outside_features(document: dict[str, Any], *skipped: str) -> bool:
    """Whether a placeholder is in any member of ``document`` but ``skipped``."""
    return any(jsonscan.holds_placeholder(v) for k, v in document.items() if k not in skipped)


def _read_skeleton(utf8: bytes, name: str, limits: ImportLimits) -> JsonRead | None:
    """A large FeatureCollection or DeepStateMap file checked on its skeleton, as :func:`read_json` checks
    the whole parse (the same errors in the same order); ``None`` where only the whole parse can say."""
    scan = jsonscan.skeleton(utf8)
    if scan is None:
        return None
    try:
        doc = _loads(scan.text, name)
    except (ControlFileError, ValueError, RecursionError):
        return None  # the whole parse names the error and its place
    if not isinstance(doc, dict):
        return None
    walk = _SkeletonWalk(name, limits, scan.rings)
    problems: dict[int, str] = {}
    try:
        named_date = date_in_name(doc.get("name"))
        if isinstance(doc.get("map"), dict):
            inner_map = doc["map"]
            if scan.map_span is None or _outside_features(doc, "map") or _outside_features(inner_map, "features"):
                return None
            if inner_map.get("type") != "FeatureCollection" or not isinstance(inner_map.get("features"), list):
                return None
            walk.features(inner_map["features"], problems)
            file_date = date_from(doc.get("datetime")) or date_from(doc.get("date")) or named_date or date_in_name(inner_map.get("name"))
            crs = crs_member(inner_map, name)
            start, end = scan.map_span
            return JsonRead("DeepStateMap JSON", utf8[start:end], crs, file_date, [], problems, walk.vertices)
        if doc.get("type") != "FeatureCollection" or not isinstance(doc.get("features"), list) or truncated(doc):
            return None
        if _outside_features(doc, "features"):
            return None
        features = doc["features"]
        crs = crs_member(doc, name)
        walk.features(features, problems)
        first = next((f.get("properties") for f in features if isinstance(f.get("properties"), dict)), {})
        arcgis = "crs" in doc and "name" not in doc or any(str(k).lower() in _ARCGIS_KEYS for k in first)
        file_date = date_from(doc.get("as_of")) or date_from(doc.get("date")) or named_date
        return JsonRead("ArcGIS GeoJSON" if arcgis else "GeoJSON", utf8, crs, file_date, [], problems, walk.vertices)
    except _Fallback:
        return None
