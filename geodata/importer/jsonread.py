"""Reading a JSON control file: GeoJSON (fast skeleton or full walk), and the flavours (Esri JSON, TopoJSON, uMap).

Split from :mod:`geodata.importer.jsondoc` (the guards and the walk both use) so that the flavours, which use the
walk, and the reader, which dispatches to them, import in one direction only.
"""

from __future__ import annotations

from typing import Any

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer import flavours, jsondoc, jsonscan
from geodata.importer.crs import UNSPECIFIED
from geodata.importer.jsondoc import (
    _ARCGIS_KEYS,
    _GEOMETRY_TYPES,
    TRUNCATED_WARNING,
    JsonRead,
    Walk,
    check_json_shape,
    crs_member,
    dump,
    load_json,
    truncated,
)
from geodata.importer.limits import ImportLimits, date_from, date_in_name, fmt_xy, quote


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
        walk.features(list(doc), problems)
        return JsonRead("GeoJSON Lines", utf8 or text.encode("utf-8"), UNSPECIFIED, None, warnings, problems, walk.vertices)
    if isinstance(doc, list):
        raise ControlFileError(f'{name} is a JSON array, not GeoJSON: a GeoJSON file is an object with a "type" member')
    if not isinstance(doc, dict):
        raise ControlFileError(f"{name} is a single JSON value, not GeoJSON")
    named_date = date_in_name(doc.get("name"))
    if isinstance(doc.get("map"), dict):
        # DeepStateMap's API: {"id": …, "datetime": …, "map": FeatureCollection}.
        inner_map = doc["map"]
        if inner_map.get("type") != "FeatureCollection" or not isinstance(inner_map.get("features"), list):
            raise ControlFileError(f'{name} looks like a DeepStateMap export, but its "map" is not a FeatureCollection')
        walk.features(inner_map["features"], problems)
        file_date = (
            date_from(doc.get("datetime")) or date_from(doc.get("date")) or named_date or date_in_name(inner_map.get("name"))
        )
        crs = crs_member(inner_map, name)
        return JsonRead("DeepStateMap JSON", dump(inner_map), crs, file_date, warnings, problems, walk.vertices)
    kind = doc.get("type")
    if kind == "umap":
        return flavours.umap(doc, name, walk, warnings, problems)
    if (
        kind is None
        and isinstance(doc.get("features"), list)
        and ("geometryType" in doc or "spatialReference" in doc or "fields" in doc)
    ):
        return flavours.esri(doc, utf8 or text.encode("utf-8"), name, walk, warnings)
    if kind == "Topology":
        return flavours.topojson(doc, utf8 or text.encode("utf-8"), name, walk, warnings)
    if kind == "FeatureCollection":
        collection = doc.get("features")
        if not isinstance(collection, list):
            raise ControlFileError(f"{name} is a FeatureCollection without a list of features")
        crs = crs_member(doc, name)
        walk.features(collection, problems)
        first: dict[str, Any] = next((f.get("properties") for f in collection if isinstance(f.get("properties"), dict)), {})
        arcgis = "crs" in doc and "name" not in doc or any(str(k).lower() in _ARCGIS_KEYS for k in first)
        if truncated(doc):
            warnings.append(TRUNCATED_WARNING)
            doc = dict(doc, properties={k: v for k, v in (doc.get("properties") or {}).items() if k != "exceededTransferLimit"})
            doc.pop("exceededTransferLimit", None)
            utf8 = b""
        file_date = date_from(doc.get("as_of")) or date_from(doc.get("date")) or named_date
        return JsonRead(
            "ArcGIS GeoJSON" if arcgis else "GeoJSON", utf8 or dump(doc), crs, file_date, warnings, problems, walk.vertices
        )
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
        raise ControlFileError(f'{name} is JSON but not GeoJSON: it has no "type" member (keys: {keys or "none"})')
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
                self.problem = (
                    f"has a ring that is not closed (it starts at {fmt_xy(first[0], first[1])} "
                    f"and ends at {fmt_xy(last[0], last[1])})"
                )
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
                if (
                    jsonscan.is_placeholder(properties)
                    or type(properties) is dict
                    and jsonscan.is_placeholder(properties.get("name"))
                ):
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
        doc = jsondoc._loads(scan.text, name)  # looked up on the module: one parser to watch
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
            file_date = (
                date_from(doc.get("datetime")) or date_from(doc.get("date")) or named_date or date_in_name(inner_map.get("name"))
            )
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
        first: dict[str, Any] = next((f.get("properties") for f in features if isinstance(f.get("properties"), dict)), {})
        arcgis = "crs" in doc and "name" not in doc or any(str(k).lower() in _ARCGIS_KEYS for k in first)
        file_date = date_from(doc.get("as_of")) or date_from(doc.get("date")) or named_date
        return JsonRead("ArcGIS GeoJSON" if arcgis else "GeoJSON", utf8, crs, file_date, [], problems, walk.vertices)
    except _Fallback:
        return None
