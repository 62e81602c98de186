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

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer.crs import UNSPECIFIED, classify_crs
from geodata.importer.limits import ImportLimits, fmt_xy, quote

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

    Parameters
    ----------
    text : str
        The JSON text.
    name : str
        The file's name as shown in messages.
    limits : ImportLimits
        The limits on depth and containers.
    raw : bytes, optional
        ``text`` as UTF-8.

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
            raise ControlFileError(
                f"{name} holds more than {limits.max_json_containers:,} JSON arrays and objects; the limit is "
                f"{limits.max_json_containers:,}"
            )
        if brackets.size:
            running = np.cumsum(np.where(opening, 1, -1), dtype=np.int64) + depth
            deepest = max(deepest, int(running.max()))
            depth = int(running[-1])
        if deepest > limits.max_json_depth:
            raise ControlFileError(
                f"{name} is nested more than {limits.max_json_depth} levels deep (at least {deepest:,}); GeoJSON needs about 10"
            )


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

    Parameters
    ----------
    text : str
        The JSON text.
    name : str
        The file's name as shown in messages.
    limits : ImportLimits
        The limits on depth and containers.

    Returns
    -------
    tuple of (Any, bool)
        The parsed value (a list of the records' values for a sequence) and whether the text was a sequence.

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
        """The error for what the current place (:attr:`where`) breaks.

        Parameters
        ----------
        text : str
            What is wrong, as the end of a sentence (``"has a ring that is not a list of positions"``).

        Returns
        -------
        ControlFileError
            ``"<file>: <where> <text>"``, to raise.
        """
        return ControlFileError(f"{self.name}: {self.where} {text}")

    def count(self, n: int) -> None:
        """Count a ring's vertices against the per-ring and the total limits.

        Parameters
        ----------
        n : int
            The ring's number of positions.

        Raises
        ------
        ControlFileError
            For a ring over ``limits.max_ring_vertices`` or a file over ``limits.max_vertices``.
        """
        if n > self.limits.max_ring_vertices:
            raise self.fail(f"has a ring of {n:,} vertices; the limit is {self.limits.max_ring_vertices:,} per ring")
        self.vertices += n
        if self.vertices > self.limits.max_vertices:
            raise ControlFileError(
                f"{self.name} has more than {self.limits.max_vertices:,} vertices in its areas; simplify it first"
            )

    def number(self, value: Any, what: str) -> None:
        """Check a coordinate that is not a float: an int that a float can hold.

        Parameters
        ----------
        value : Any
            The coordinate as parsed.
        what : str
            ``longitude``, ``latitude`` or ``coordinate``, for the message.

        Raises
        ------
        ControlFileError
            For a value that is not a number, or an int too large for a float.
        """
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
        """Check a ring's positions (and count them); note the first ring that is open or too short.

        An open or short polygon ring is not refused here: :attr:`problem` holds it, for the assembly to refuse or repair.

        Parameters
        ----------
        ring : Any
            The ring as parsed.
        polygon_ring : bool
            Whether it is a polygon's ring (closed, 4 positions at least) rather than an arc.

        Raises
        ------
        ControlFileError
            For a ring that is not a list of positions, a position that is not ``[longitude, latitude, ...]`` of numbers,
            or vertices over the limits.
        """
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
                self.problem = (
                    f"has a ring that is not closed (it starts at {fmt_xy(first[0], first[1])} "
                    f"and ends at {fmt_xy(last[0], last[1])})"
                )
            elif len(ring) < 4:
                self.problem = f"has a ring of {len(ring)} positions; a closed ring needs at least 4"

    def geometry(self, geometry: Any, depth: int = 1) -> None:
        """Check a GeoJSON geometry's structure: its type, rings and nested collections.

        Parameters
        ----------
        geometry : Any
            The geometry as parsed (``None`` for a feature without one).
        depth : int
            How deep in GeometryCollections this call is.

        Raises
        ------
        ControlFileError
            For a geometry that is not an object, coordinates that are not lists, an unknown type, collections nested
            over ``limits.max_collection_depth``, or anything :meth:`ring` refuses.
        """
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
        """Check each feature's structure, noting each one's first open or short ring.

        Parameters
        ----------
        features : list
            The features as parsed.
        problems : dict of int to str
            Filled with the message for each feature (its index plus ``offset``) that has an open or short ring.
        offset : int
            The index of the first of ``features`` in the file (for files walked in parts).

        Raises
        ------
        ControlFileError
            For more than ``limits.max_features`` features, an item that is not a Feature object, or anything
            :meth:`geometry` refuses.
        """
        if len(features) + offset > self.limits.max_features:
            raise ControlFileError(
                f"{self.name} has {len(features) + offset:,} features; the limit is {self.limits.max_features:,}"
            )
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
            problem: str | None = self.problem  # set by the walk of the geometry (mypy keeps the None above otherwise)
            if problem:
                problems[index + offset] = f"{self.where} {problem}"


def crs_member(doc: dict[str, Any], name: str) -> str:
    """The CRS a GeoJSON object's (old, 2008) ``crs`` member names, classified.

    Parameters
    ----------
    doc : dict
        The GeoJSON object.
    name : str
        The file's name as shown in messages.

    Returns
    -------
    str
        As :func:`.crs.classify_crs`; :data:`.crs.UNSPECIFIED` when there is no ``crs`` member.

    Raises
    ------
    ControlFileError
        For a ``crs`` that is not an object, names nothing, or names a CRS pyproj cannot identify.
    """
    crs = doc.get("crs")
    if crs is None:
        return UNSPECIFIED
    if not isinstance(crs, dict):
        raise ControlFileError(f"{name} has a crs member that is not an object")
    members = crs.get("properties")
    properties: dict[str, Any] = members if isinstance(members, dict) else {}
    value = properties.get("name", properties.get("code", properties.get("href")))
    if value is None:
        raise ControlFileError(
            f"{name} declares a coordinate reference system this tool cannot identify: {_one_line(json.dumps(crs)[:80], 80)}"
        )
    return classify_crs(value, name)


def dump(document: Any) -> bytes:
    """A JSON value as compact UTF-8 bytes, for GDAL.

    Parameters
    ----------
    document : Any
        The value.

    Returns
    -------
    bytes
        Its JSON, without spaces, characters unescaped.
    """
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def truncated(doc: dict[str, Any]) -> bool:
    """Whether an ArcGIS query's response says it holds only part of the layer.

    Parameters
    ----------
    doc : dict
        The response.

    Returns
    -------
    bool
        True when ``exceededTransferLimit`` is true, on the response or its ``properties``.
    """
    members = doc.get("properties")
    properties: dict[str, Any] = members if isinstance(members, dict) else {}
    return doc.get("exceededTransferLimit") is True or properties.get("exceededTransferLimit") is True
