"""Bring your own front line: read a control file a user supplies, check it, normalise it, use it.

Analysts often have fresher control data than the shipped snapshots: a
DeepStateMap export, an ISW layer from ArcGIS, their own KML from Google
Earth. :func:`read_control_file` turns such a file, given as **bytes**, into
a :class:`~geodata.control.ControlSnapshot` that the map and every figure can
use, or rejects it with a one-line :class:`ControlFileError` that says what is
wrong. It never opens a path or a URL named by the file (KML network links
are not followed), and it never writes anything: :func:`write_imported_snapshot`
does that, only when asked, and never over the bundled data unless forced.

Everything a user sends is hostile until checked. The order of the checks is
chosen so that memory and time stay bounded whatever the bytes are: size
first, then the format sniffed from the bytes (never trusted from the file
name), then the structure (ZIP directory, XML declarations, JSON nesting)
*before* anything is unpacked or parsed, then coordinates and geometry.

The formats, limits and rejections are documented in the README section
"Importing control data".
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import io
import json
import math
import os
import re
import struct
import xml.etree.ElementTree as ET
import zipfile
import zlib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Callable, Iterable, Mapping, Sequence

import numpy as np
import shapely
from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry

from geodata.errors import CONTROL_CHARS, ControlFileError, ImportWriteError
from geodata.errors import one_line as _one_line
from geodata import __version__, paths
from geodata.control import AS_OF_PATTERN, EQUAL_AREA_CRS, ControlSnapshot, region_parts
from geodata.geojson import feature, snap, write_feature_collection
from geodata.safe_text import escape_html

# ---------------------------------------------------------------------------------------------
# Limits and constants
# ---------------------------------------------------------------------------------------------

if TYPE_CHECKING:  # pyproj is imported only when a file needs reprojecting
    from pyproj import Transformer

MB = 1024 * 1024

#: The region a control file may cover, degrees (west, south, east, north): Ukraine with a margin.
#: Anything outside is a mistake (wrong CRS, swapped axes, another country), not data.
REGION_OF_INTEREST: tuple[float, float, float, float] = (20.0, 43.0, 42.0, 53.5)

#: Web Mercator's half-width in metres: projected coordinates beyond it are not Web Mercator.
WEB_MERCATOR_MAX = 20_037_508.342789244

#: Placemark and feature names DeepStateMap uses: "Ukrainian /// English /// key".
DEEPSTATE_SEPARATOR = "///"
#: The name :func:`export_deepstate` gives each area (DeepStateMap itself keys them ``geoJSON.status.occupied``;
#: the importer reads both).
DEEPSTATE_OCCUPIED_NAME = "Окуповано /// Occupied /// occupied"

#: Categories whose areas are used as Russian-held territory.
CONTROL_CATEGORIES = ("area", "occupied")

#: The category of a feature whose geometry is null (or has no parts).
NO_GEOMETRY = "no geometry"

#: The date a snapshot gets when neither the caller nor the file gives one.
UNDATED = "undated"


@dataclass(frozen=True)
class ImportLimits:
    """What a control file may hold; anything beyond is refused before it can use much memory or time.

    Attributes
    ----------
    max_bytes : int
        Size of the file, and of the KML inside a KMZ once unpacked (20 MB, as the dashboard's upload limit).
    max_vertices : int
        Positions in all areas used, together.
    max_ring_vertices : int
        Positions in one ring.
    max_features : int
        Features (or placemarks) in the file.
    max_json_depth : int
        Nesting of JSON arrays and objects, checked on the raw text before parsing
        (GeoJSON needs about 10; the parser must never recurse on a hostile file).
    max_json_containers : int
        JSON arrays and objects in the file, counted before parsing: each costs memory once parsed.
    max_collection_depth : int
        GeometryCollections (or KML MultiGeometry) inside one another.
    max_xml_depth : int
        Nesting of XML elements in KML.
    max_zip_entries : int
        Files in a KMZ, read from the ZIP's end record before the directory is parsed.
    max_zip_total_bytes : int
        Uncompressed size of all files in a KMZ, from the directory, before unpacking.
    max_zip_ratio : float
        Uncompressed over compressed size of any entry larger than 64 KiB (KML compresses about 10:1;
        a decompression bomb about 1000:1).
    """

    max_bytes: int = 20 * MB
    max_vertices: int = 2_000_000
    max_ring_vertices: int = 200_000
    max_features: int = 100_000
    max_json_depth: int = 64
    max_json_containers: int = 3_000_000
    max_collection_depth: int = 3
    max_xml_depth: int = 64
    max_zip_entries: int = 100
    max_zip_total_bytes: int = 100 * MB
    max_zip_ratio: float = 100.0


DEFAULT_LIMITS = ImportLimits()

#: Entries smaller than this are not checked for their compression ratio: tiny files cannot be bombs.
_ZIP_RATIO_MIN_BYTES = 64 * 1024
#: A KMZ's central directory is small (100 entries with short names); a huge one is a trick.
_ZIP_MAX_DIRECTORY_BYTES = 1 * MB


# ---------------------------------------------------------------------------------------------
# Errors and results
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportSummary:
    """What an import found and did. Text fields meant for display are HTML-escaped already.

    Attributes
    ----------
    label : str
        The file's name, HTML-escaped.
    format : str
        The format detected from the bytes (``GeoJSON``, ``DeepStateMap JSON``, ``ArcGIS GeoJSON``,
        ``Esri JSON``, ``KML``, ``KMZ``).
    sha256 : str
        Hex sha256 of the file's bytes.
    size_bytes : int
        The file's size.
    features_read : int
        Features (or placemarks) in the file.
    features_used : int
        Features whose areas are part of the control area.
    categories : mapping of str to int
        Every category found and how many features it has (``occupied``, ``liberated``,
        ``contested``, ``other territory``, ``other area``, ``area``, ``point``, ``line``, ``no geometry``).
    categories_used : tuple of str
        The categories taken as Russian-held.
    area_km2 : float
        The control area inside Ukraine's regions, km², in EPSG:6933.
    area_outside_km2 : float
        The part of the file's areas outside Ukraine's regions (left out), km².
    shares : mapping of str to float
        Every region's controlled share, 0 to 1 (from :func:`geodata.control.region_parts`).
    as_of : str
        The date: the one given, else the file's own, else ``"undated"``.
    date_source : str
        ``"given"``, ``"file"`` or ``"none"``.
    crs : str
        The coordinate reference system: declared, assumed (GeoJSON without one) or reprojected from.
    warnings : tuple of str
        What was skipped or assumed, HTML-escaped.
    repairs : tuple of str
        What was repaired (only with ``repair=True``), HTML-escaped.
    repaired_features : int
        Features whose geometry was changed by the repair.
    repair_area_before_km2, repair_area_after_km2 : float
        Area of the repaired features before and after the repair, km².
    vertices : int
        Positions read in the areas used.
    repair : bool
        Whether repairs were accepted.
    """

    label: str
    format: str
    sha256: str
    size_bytes: int
    features_read: int
    features_used: int
    categories: Mapping[str, int]
    categories_used: tuple[str, ...]
    area_km2: float
    area_outside_km2: float
    shares: Mapping[str, float]
    as_of: str
    date_source: str
    crs: str
    warnings: tuple[str, ...]
    repairs: tuple[str, ...]
    repaired_features: int
    repair_area_before_km2: float
    repair_area_after_km2: float
    vertices: int
    repair: bool

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (shares rounded to 4 decimals, areas to 0.1 km²)."""
        return {
            "label": self.label,
            "format": self.format,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "features_read": self.features_read,
            "features_used": self.features_used,
            "categories": dict(self.categories),
            "categories_used": list(self.categories_used),
            "area_km2": round(self.area_km2, 1),
            "area_outside_km2": round(self.area_outside_km2, 1),
            "shares": {r: round(s, 4) for r, s in self.shares.items()},
            "as_of": self.as_of,
            "date_source": self.date_source,
            "crs": self.crs,
            "warnings": list(self.warnings),
            "repair": self.repair,
            "repairs": list(self.repairs),
            "repaired_features": self.repaired_features,
            "repair_area_before_km2": round(self.repair_area_before_km2, 1),
            "repair_area_after_km2": round(self.repair_area_after_km2, 1),
            "vertices": self.vertices,
        }


@dataclass(frozen=True)
class ImportResult:
    """A checked control file: the snapshot to use, and what the import found."""

    snapshot: ControlSnapshot
    summary: ImportSummary


# ---------------------------------------------------------------------------------------------
# Small helpers: names, numbers, dates
# ---------------------------------------------------------------------------------------------



def _display_name(filename: object) -> str:
    """The file's name as given (browsers send a base name, the command line passes one), on one line, short.

    Never used to open anything: only shown (escaped where it reaches HTML) and its extension compared.
    """
    return _one_line(filename or "", 120) or "the file"


def _quote(text: object) -> str:
    """A feature name quoted for a message: one line, short."""
    return "'" + _one_line(text, 60) + "'"


def _mb(size: int) -> str:
    return f"{size / MB:,.1f} MB" if size >= MB // 10 else f"{size:,} bytes"


def _limit_mb(size: int) -> str:
    return f"{size / MB:g} MB"


def _too_big(name: str, size: int, limits: ImportLimits) -> str:
    # Exact bytes: a file just over the limit would otherwise read "20.0 MB; the limit is 20 MB".
    return f"{name} is {_mb(size)} ({size:,} bytes); the limit is {_limit_mb(limits.max_bytes)} ({limits.max_bytes:,} bytes)"


def _fmt_xy(x: float, y: float) -> str:
    return f"{x:.5g}, {y:.5g}"


def validate_as_of(as_of: str) -> str:
    """Return ``as_of`` if it is a real date written YYYY-MM-DD, else raise ``ValueError`` saying so.

    The date becomes a file name, so nothing but digits and hyphens in that shape may pass.
    """
    if not isinstance(as_of, str) or not AS_OF_PATTERN.fullmatch(as_of):
        raise ValueError(f"the date must be written YYYY-MM-DD, not {_quote(as_of)}")
    try:
        date.fromisoformat(as_of)
    except ValueError:
        raise ValueError(f"{as_of} is not a calendar date") from None
    return as_of


def _date_from(value: Any) -> str | None:
    """A YYYY-MM-DD date from a file's date field (ISO text, or seconds/milliseconds since 1970), if any."""
    if isinstance(value, str):
        match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
        if match:
            try:
                return date.fromisoformat(match.group(1)).isoformat()
            except ValueError:
                return None
    elif isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value):
        seconds = value / 1000 if value > 1e11 else value
        if 946_684_800 <= seconds <= 4_102_444_800:  # 2000 to 2100: anything else is not a timestamp
            return datetime.fromtimestamp(seconds, tz=timezone.utc).date().isoformat()
    return None


# ---------------------------------------------------------------------------------------------
# Sniffing the format from the bytes
# ---------------------------------------------------------------------------------------------

#: Signatures of binary formats people upload by mistake, so the message can say what the file is.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "zip", "a ZIP archive"),
    (b"PK\x05\x06", "zip", "an empty ZIP archive"),
    (b"\x89PNG\r\n\x1a\n", "binary", "a PNG image"),
    (b"\xff\xd8\xff", "binary", "a JPEG image"),
    (b"GIF87a", "binary", "a GIF image"),
    (b"GIF89a", "binary", "a GIF image"),
    (b"%PDF-", "binary", "a PDF document"),
    (b"\x1f\x8b", "binary", "gzip-compressed data"),
    (b"SQLite format 3\x00", "binary", "an SQLite database (a GeoPackage?)"),
    (b"7z\xbc\xaf\x27\x1c", "binary", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "binary", "a RAR archive"),
    (b"\xfd7zXZ\x00", "binary", "xz-compressed data"),
    (b"II*\x00", "binary", "a TIFF image"),
    (b"MM\x00*", "binary", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "binary", "a Microsoft Office document"),
    (b"\x7fELF", "binary", "an executable program"),
    (b"\x00\x00\x27\x0a", "binary", "an Esri shapefile (.shp)"),
    (b"fgb\x03", "binary", "a FlatGeobuf file"),
    (b"PAR1", "binary", "a Parquet file"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")


def _decode_text(data: bytes) -> str | None:
    """The bytes as text (UTF-8, UTF-16 or UTF-32 by their byte-order mark or NUL pattern, or an XML
    declaration's single-byte encoding), without a byte-order mark; ``None`` if they are not text."""
    encoding = None
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom):]
            break
    if encoding is None:
        # JSON's rule for text without a byte-order mark: the pattern of NULs in the first 4 bytes.
        encoding = json.detect_encoding(data[:4]) if b"\x00" in data[:4] else "utf-8"
    try:
        text = body.decode(encoding)
    except UnicodeDecodeError:
        declared = _XML_ENCODING.match(data[:200])
        if encoding != "utf-8" or not declared:
            return None
        try:
            info = codecs.lookup(declared.group(1).decode("ascii"))
        except LookupError:
            return None
        if not getattr(info, "_is_text_encoding", True) or info.name.startswith(("utf-16", "utf-32")):
            return None
        try:
            text = body.decode(info.name)
        except (UnicodeDecodeError, ValueError):
            return None
    text = text.lstrip("\ufeff")
    # Text has no NULs; binary data that happened to decode does.
    return None if "\x00" in text else text


_XML_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")


def _xml_root_name(text: str) -> str:
    """The local name of the first element in an XML text (after declarations and comments), or ''."""
    position = 0
    for _ in range(1000):
        start = text.find("<", position)
        if start < 0:
            return ""
        if text.startswith("<?", start):
            position = text.find("?>", start) + 2 if text.find("?>", start) >= 0 else len(text)
        elif text.startswith("<!--", start):
            position = text.find("-->", start) + 3 if text.find("-->", start) >= 0 else len(text)
        elif text.startswith("<!", start):
            position = start + 2
        else:
            match = _XML_ROOT.match(text, start)
            return match.group(1).split(":")[-1] if match else ""
    return ""


@dataclass(frozen=True)
class _Sniffed:
    kind: str  # "zip", "json", "kml", "xml", "html", "text", "binary", "empty"
    label: str  # what it looks like, for messages
    text: str | None = None


_KML_ELEMENT = re.compile(r"<(?:[\w.-]+:)?kml[\s>/]")


def _sniff(data: bytes) -> _Sniffed:
    """What the bytes are, from their content alone."""
    for magic, kind, label in _MAGIC:
        if data.startswith(magic):
            return _Sniffed(kind, label)
    text = _decode_text(data)
    if text is None:
        if b"\x00" not in data[:8192]:
            return _Sniffed("binary", "text that is not UTF-8 (save it as UTF-8)")
        return _Sniffed("binary", "binary data, not text")
    return _sniff_text(text)


def _sniff_text(text: str) -> _Sniffed:
    """What a text is: JSON, KML, other XML, HTML or plain text (from its first characters)."""
    head = text.lstrip()
    if not head:
        return _Sniffed("empty", "blank text")
    if head[0] in "{[":
        return _Sniffed("json", "JSON", text)
    if head[0] == "<":
        # Only the root decides: KML descriptions often hold HTML (in CDATA), which is fine.
        if head[:14].lower() == "<!doctype html" or _xml_root_name(head[:65536]).lower() == "html":
            return _Sniffed("html", "an HTML page", text)
        # A DOCTYPE's internal subset may hold anything that looks like an element: a KML with
        # declarations is still called KML here, so that it is refused for its declarations.
        if _DECLARATION.search(head[:65536]) and _KML_ELEMENT.search(head[:1 << 20]):
            return _Sniffed("kml", "KML", text)
        root = _xml_root_name(head[:65536])
        if root == "kml":
            return _Sniffed("kml", "KML", text)
        return _Sniffed("xml", f"an XML document with root <{_one_line(root, 40)}>" if root else "XML", text)
    return _Sniffed("text", "plain text", text)


#: What a file's extension promises: the kind its content must be, and the name of the format.
_EXTENSIONS: dict[str, tuple[str, str]] = {
    ".geojson": ("json", "GeoJSON"),
    ".json": ("json", "JSON"),
    ".kml": ("kml", "KML"),
    ".kmz": ("zip", "KMZ"),
    ".zip": ("zip", "a ZIP archive"),
}

_READABLE = "GeoJSON, DeepStateMap JSON, ArcGIS GeoJSON or Esri JSON, KML or KMZ"


def _check_extension(name: str, sniffed: _Sniffed) -> None:
    """Refuse a file whose extension promises another format than its bytes hold, or one no reader takes."""
    suffix = os.path.splitext(name)[1].lower()
    expected = _EXTENSIONS.get(suffix)
    if expected is not None:
        kind, label = expected
        if sniffed.kind != kind:
            raise ControlFileError(f"{name} is not {label}: it looks like {sniffed.label}")
        return
    if sniffed.kind not in ("json", "kml", "zip"):
        raise ControlFileError(f"{name} is not a control file this tool reads ({_READABLE}): it looks like {sniffed.label}")


# ---------------------------------------------------------------------------------------------
# Candidates: features before their coordinates are read
# ---------------------------------------------------------------------------------------------

#: A ring's positions as an (n, 2) array of longitude, latitude (or projected x, y before reprojection).
Ring = np.ndarray
#: A polygon as its rings, exterior first.
PolygonRings = list[Ring]


@dataclass
class _Candidate:
    """One feature of the file: its name and geometry kinds, with its coordinates read only if it is used."""

    index: int  # 1-based, as users count
    name: str
    kinds: frozenset[str]  # "area", "line", "point"; empty when the geometry is null
    read_polygons: Callable[["_Context"], list[PolygonRings]]


@dataclass
class _Parsed:
    format: str
    candidates: list[_Candidate]
    file_date: str | None = None
    crs: str = "unspecified"  # "wgs84", "web_mercator" or "unspecified"
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Context:
    """State while reading coordinates: the counters that enforce the limits, and the CRS."""

    name: str
    limits: ImportLimits
    crs: str
    vertices: int = 0
    feature: str = ""  # "feature 3 'name'", for messages

    def count(self, n: int) -> None:
        if n > self.limits.max_ring_vertices:
            raise ControlFileError(
                f"{self.name}: {self.feature} has a ring of {n:,} vertices; the limit is {self.limits.max_ring_vertices:,} per ring"
            )
        self.vertices += n
        if self.vertices > self.limits.max_vertices:
            raise ControlFileError(f"{self.name} has more than {self.limits.max_vertices:,} vertices in its areas; simplify it first")


def _read_nothing(_ctx: "_Context") -> list[PolygonRings]:
    return []


def _feature_label(candidate: _Candidate) -> str:
    return f"feature {candidate.index}" + (f" {_quote(candidate.name)}" if candidate.name else "")


# ---------------------------------------------------------------------------------------------
# JSON: GeoJSON, DeepStateMap, ArcGIS GeoJSON, Esri JSON
# ---------------------------------------------------------------------------------------------

#: Every byte but the quote and the four brackets, deleted before the structure is scanned.
_NOT_STRUCTURE = bytes(b for b in range(256) if b not in b'"[]{}')


def _check_json_shape(text: str, name: str, limits: ImportLimits) -> None:
    """Refuse deep nesting and huge numbers of arrays or objects on the raw text, before ``json.loads``.

    ``json.loads`` recurses once per level (100,000 ``[`` exhaust the stack) and a parsed
    empty array costs about 60 bytes, so both are checked on the text first. The scan works
    on bytes in fixed-size chunks, so its memory does not grow with the number of brackets.
    """
    raw = text.encode("utf-8")
    # Escapes first, left to right as JSON reads them: an escaped backslash, then an escaped quote.
    # What remains are the quotes that open and close strings, and the brackets.
    structure = raw.replace(b"\\\\", b"").replace(b'\\"', b"").translate(None, _NOT_STRUCTURE)
    del raw
    quotes_so_far = depth = deepest = containers = 0
    step = 1 << 20
    for start in range(0, len(structure), step):
        chunk = np.frombuffer(structure, dtype=np.uint8, count=min(step, len(structure) - start), offset=start)
        is_quote = chunk == ord('"')
        quotes = np.cumsum(is_quote, dtype=np.int64) + quotes_so_far
        # A bracket after an odd number of quotes is inside a string, not structure.
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
            raise ControlFileError(
                f"{name} is nested more than {limits.max_json_depth} levels deep (at least {deepest:,}); GeoJSON needs about 10"
            )


def _load_json(text: str, name: str, limits: ImportLimits) -> Any:
    """``json.loads`` that refuses NaN, Infinity and numbers too large for a float."""

    def reject_constant(token: str) -> Any:
        raise ControlFileError(f"{name} contains {token}, which is not a number: NaN and Infinity are not valid coordinates")

    def finite_float(token: str) -> float:
        value = float(token)
        if not math.isfinite(value):
            raise ControlFileError(f"{name} contains the number {_one_line(token, 30)}, too large to be a coordinate")
        return value

    _check_json_shape(text, name, limits)
    try:
        return json.loads(text, parse_constant=reject_constant, parse_float=finite_float)
    except ControlFileError:  # from the hooks above: a ValueError too, so it must pass first
        raise
    except json.JSONDecodeError as exc:
        raise ControlFileError(f"{name} is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except RecursionError:
        raise ControlFileError(f"{name} is nested too deeply to read") from None
    except ValueError as exc:  # e.g. an integer of more than 4,300 digits
        raise ControlFileError(f"{name} is not valid JSON: {_one_line(exc, 100)}") from None


_GEOMETRY_TYPES = ("Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon", "GeometryCollection")
_NAME_KEYS = ("name", "Name", "NAME", "title", "Title", "label", "Label")
_ARCGIS_KEYS = {"objectid", "fid", "shape__area", "shape__length", "shape_area", "shape_length", "globalid", "esri_oid"}


def _feature_name(properties: Any) -> str:
    if not isinstance(properties, dict):
        return ""
    for key in _NAME_KEYS:
        value = properties.get(key)
        if isinstance(value, str) and value.strip():
            return value
    return ""


def _is_number(value: Any) -> bool:
    return type(value) in (int, float)


def _number(value: Any, ctx: _Context, what: str) -> float:
    if not _is_number(value):
        raise ControlFileError(f"{ctx.name}: {ctx.feature} has a {what} that is not a number: {_one_line(json.dumps(value)[:40], 40)}")
    try:
        number = float(value)
    except OverflowError:
        number = math.inf
    if not math.isfinite(number):
        raise ControlFileError(f"{ctx.name}: {ctx.feature} has a {what} too large to be a coordinate")
    return number


def _json_ring(ring: Any, ctx: _Context) -> Ring:
    """A GeoJSON ring (a list of [x, y(, z…)] positions) as an (n, 2) array, each number checked."""
    if not isinstance(ring, list):
        raise ControlFileError(f"{ctx.name}: {ctx.feature} has a ring that is not a list of positions")
    ctx.count(len(ring))
    out = np.empty((len(ring), 2), dtype=np.float64)
    for i, position in enumerate(ring):
        if type(position) is not list or len(position) < 2:
            raise ControlFileError(f"{ctx.name}: {ctx.feature} has a position that is not [longitude, latitude]: {_one_line(json.dumps(position)[:40], 40)}")
        out[i, 0] = _number(position[0], ctx, "longitude")
        out[i, 1] = _number(position[1], ctx, "latitude")
        for extra in position[2:]:  # a Z (DeepStateMap writes 0) or M value: checked, then dropped
            _number(extra, ctx, "coordinate")
    return out


def _json_polygon(coordinates: Any, ctx: _Context) -> PolygonRings:
    if not isinstance(coordinates, list):
        raise ControlFileError(f"{ctx.name}: {ctx.feature} has Polygon coordinates that are not a list of rings")
    return [_json_ring(ring, ctx) for ring in coordinates]


def _json_geometry_kinds(geometry: Any, ctx: _Context, depth: int = 1) -> frozenset[str]:
    """The kinds of a GeoJSON geometry ("area", "line", "point"), with GeometryCollection nesting limited."""
    if geometry is None:
        return frozenset()
    if not isinstance(geometry, dict):
        raise ControlFileError(f"{ctx.name}: {ctx.feature} has a geometry that is not an object")
    kind = geometry.get("type")
    if kind in ("Polygon", "MultiPolygon"):
        return frozenset({"area"})
    if kind in ("LineString", "MultiLineString"):
        return frozenset({"line"})
    if kind in ("Point", "MultiPoint"):
        return frozenset({"point"})
    if kind == "GeometryCollection":
        if depth > ctx.limits.max_collection_depth:
            raise ControlFileError(
                f"{ctx.name}: {ctx.feature} nests GeometryCollections more than {ctx.limits.max_collection_depth} deep"
            )
        members = geometry.get("geometries")
        if not isinstance(members, list):
            raise ControlFileError(f"{ctx.name}: {ctx.feature} is a GeometryCollection without a list of geometries")
        kinds: set[str] = set()
        for member in members:
            if member is None:
                continue
            kinds |= _json_geometry_kinds(member, ctx, depth + 1)
        return frozenset(kinds)
    raise ControlFileError(f"{ctx.name}: {ctx.feature} has an unknown geometry type {_quote(kind)}")


def _json_polygons(geometry: Any, ctx: _Context) -> list[PolygonRings]:
    """Every polygon of a GeoJSON geometry (lines and points are not control areas and are dropped)."""
    if not isinstance(geometry, dict):
        return []
    kind = geometry.get("type")
    if kind == "Polygon":
        return [_json_polygon(geometry.get("coordinates"), ctx)]
    if kind == "MultiPolygon":
        coordinates = geometry.get("coordinates")
        if not isinstance(coordinates, list):
            raise ControlFileError(f"{ctx.name}: {ctx.feature} has MultiPolygon coordinates that are not a list of polygons")
        return [_json_polygon(polygon, ctx) for polygon in coordinates]
    if kind == "GeometryCollection":
        return [p for member in geometry.get("geometries") or [] for p in _json_polygons(member, ctx)]
    return []


_CRS_WGS84 = {"4326", "4979", "CRS84", "CRS84H"}
_CRS_WEB_MERCATOR = {"3857", "900913", "102100", "102113", "3785"}


def _crs_code(value: Any) -> str | None:
    """The EPSG/Esri code or CRS84 named by a CRS value such as ``urn:ogc:def:crs:EPSG::4326``."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value)
    if not isinstance(value, str):
        return None
    text = value.strip().upper()
    if re.search(r"CRS84H?$", text):
        return "CRS84H" if text.endswith("H") else "CRS84"
    match = re.search(r"(?:EPSG|ESRI)\D{0,20}?(\d{3,6})$", text)
    return match.group(1) if match else None


def _classify_crs(code: str | None, shown: str, name: str) -> str:
    if code in _CRS_WGS84:
        return "wgs84"
    if code in _CRS_WEB_MERCATOR:
        return "web_mercator"
    raise ControlFileError(
        f"{name} declares the coordinate reference system {_one_line(shown, 60)}; only WGS 84 longitude/latitude "
        "(EPSG:4326, CRS84) or Web Mercator (EPSG:3857) can be read: export it in EPSG:4326"
    )


def _geojson_crs(doc: dict[str, Any], name: str) -> str:
    """The CRS a GeoJSON file declares in its (2008-style) ``crs`` member: "wgs84", "web_mercator" or "unspecified"."""
    crs = doc.get("crs")
    if crs is None:
        return "unspecified"
    if not isinstance(crs, dict):
        raise ControlFileError(f"{name} has a crs member that is not an object")
    properties = crs.get("properties") if isinstance(crs.get("properties"), dict) else {}
    value = properties.get("name", properties.get("code", properties.get("href")))
    code = _crs_code(value)
    if code is None:
        raise ControlFileError(f"{name} declares a coordinate reference system this tool cannot identify: {_one_line(json.dumps(crs)[:80], 80)}")
    return _classify_crs(code, str(value), name)


def _geojson_candidates(features: list[Any], name: str, limits: ImportLimits) -> list[_Candidate]:
    """Candidates from a list of GeoJSON features; structure is checked here, coordinates when used."""
    if len(features) > limits.max_features:
        raise ControlFileError(f"{name} has {len(features):,} features; the limit is {limits.max_features:,}")
    ctx = _Context(name=name, limits=limits, crs="unspecified")
    candidates = []
    for index, item in enumerate(features, start=1):
        ctx.feature = f"feature {index}"
        if not isinstance(item, dict):
            raise ControlFileError(f"{name}: feature {index} is not a JSON object")
        if item.get("type") != "Feature":
            raise ControlFileError(f"{name}: feature {index} has type {_quote(item.get('type'))}, not 'Feature'")
        geometry = item.get("geometry")
        title = _feature_name(item.get("properties"))
        candidates.append(_Candidate(index, title, _json_geometry_kinds(geometry, ctx), _bind_json(geometry)))
    return candidates


def _bind_json(geometry: Any) -> Callable[[_Context], list[PolygonRings]]:
    return lambda ctx: _json_polygons(geometry, ctx)


def _common_property_date(features: Iterable[Any]) -> str | None:
    """The date all features agree on in ``as_of`` or ``date`` (a shipped snapshot carries ``as_of``)."""
    dates = set()
    for item in features:
        properties = item.get("properties") if isinstance(item, dict) else None
        value = None
        if isinstance(properties, dict):
            value = properties.get("as_of", properties.get("date"))
        dates.add(_date_from(value) if isinstance(value, str) else None)
        if len(dates) > 1:
            return None
    return next(iter(dates)) if len(dates) == 1 else None


def _parse_json_document(text: str, name: str, limits: ImportLimits) -> _Parsed:
    doc = _load_json(text, name, limits)
    if isinstance(doc, list):
        raise ControlFileError(f"{name} is a JSON array, not GeoJSON: a GeoJSON file is an object with a \"type\" member")
    if not isinstance(doc, dict):
        raise ControlFileError(f"{name} is a single JSON value, not GeoJSON")
    if isinstance(doc.get("map"), dict):
        # DeepStateMap's API: {"id": …, "datetime": …, "map": FeatureCollection}.
        inner = doc["map"]
        if inner.get("type") != "FeatureCollection" or not isinstance(inner.get("features"), list):
            raise ControlFileError(f"{name} looks like a DeepStateMap export, but its \"map\" is not a FeatureCollection")
        candidates = _geojson_candidates(inner["features"], name, limits)
        file_date = _date_from(doc.get("datetime")) or _date_from(doc.get("date"))
        return _Parsed("DeepStateMap JSON", candidates, file_date, crs=_geojson_crs(inner, name) if "crs" in inner else "unspecified")
    kind = doc.get("type")
    if kind is None and isinstance(doc.get("features"), list) and ("geometryType" in doc or "spatialReference" in doc):
        return _parse_esri_json(doc, name, limits)
    if kind == "FeatureCollection":
        features = doc.get("features")
        if not isinstance(features, list):
            raise ControlFileError(f"{name} is a FeatureCollection without a list of features")
        crs = _geojson_crs(doc, name)
        candidates = _geojson_candidates(features, name, limits)
        first_properties = next((f.get("properties") for f in features if isinstance(f.get("properties"), dict)), {})
        arcgis = "crs" in doc or any(str(k).lower() in _ARCGIS_KEYS for k in first_properties)
        file_date = _date_from(doc.get("as_of")) or _date_from(doc.get("date")) or _common_property_date(features)
        return _Parsed("ArcGIS GeoJSON" if arcgis else "GeoJSON", candidates, file_date, crs=crs)
    if kind == "Feature":
        crs = _geojson_crs(doc, name)
        candidates = _geojson_candidates([doc], name, limits)
        return _Parsed("GeoJSON", candidates, _common_property_date([doc]), crs=crs)
    if kind in _GEOMETRY_TYPES:
        crs = _geojson_crs(doc, name)
        candidates = _geojson_candidates([{"type": "Feature", "properties": None, "geometry": doc}], name, limits)
        return _Parsed("GeoJSON", candidates, None, crs=crs)
    if kind is None:
        keys = ", ".join(_one_line(k, 20) for k in list(doc)[:6])
        raise ControlFileError(f"{name} is JSON but not GeoJSON: it has no \"type\" member (keys: {keys or 'none'})")
    raise ControlFileError(f"{name} is JSON but not GeoJSON: unknown type {_quote(kind)}")


def _parse_esri_json(doc: dict[str, Any], name: str, limits: ImportLimits) -> _Parsed:
    """Esri JSON (an ArcGIS REST query with ``f=json``): ``attributes`` and ``geometry.rings``."""
    reference = doc.get("spatialReference")
    crs = "unspecified"
    if reference is not None:
        if not isinstance(reference, dict):
            raise ControlFileError(f"{name} has a spatialReference that is not an object")
        value = reference.get("latestWkid", reference.get("wkid"))
        code = _crs_code(value)
        if code is None:
            raise ControlFileError(f"{name} declares a spatialReference this tool cannot identify (wkid {_one_line(value, 30)})")
        crs = _classify_crs(code, f"wkid {code}", name)
    features = doc["features"]
    if len(features) > limits.max_features:
        raise ControlFileError(f"{name} has {len(features):,} features; the limit is {limits.max_features:,}")
    candidates = []
    for index, item in enumerate(features, start=1):
        if not isinstance(item, dict):
            raise ControlFileError(f"{name}: feature {index} is not a JSON object")
        geometry = item.get("geometry")
        if geometry is None:
            kinds: frozenset[str] = frozenset()
        elif not isinstance(geometry, dict):
            raise ControlFileError(f"{name}: feature {index} has a geometry that is not an object")
        elif "rings" in geometry:
            kinds = frozenset({"area"})
        elif "paths" in geometry:
            kinds = frozenset({"line"})
        elif "x" in geometry or "points" in geometry:
            kinds = frozenset({"point"})
        else:
            kinds = frozenset()
        candidates.append(_Candidate(index, _feature_name(item.get("attributes")), kinds, _bind_esri(geometry)))
    return _Parsed("Esri JSON", candidates, None, crs=crs)


def _bind_esri(geometry: Any) -> Callable[[_Context], list[PolygonRings]]:
    def read(ctx: _Context) -> list[PolygonRings]:
        rings = geometry.get("rings") if isinstance(geometry, dict) else None
        if not isinstance(rings, list):
            raise ControlFileError(f"{ctx.name}: {ctx.feature} has rings that are not a list")
        # Esri rings carry no structure: clockwise rings are outer boundaries, counter-clockwise ones holes.
        # Each ring is returned as a one-ring polygon; _build_geometry sorts them by orientation.
        return [[_json_ring(ring, ctx)] for ring in rings]

    return read


# ---------------------------------------------------------------------------------------------
# KML and KMZ
# ---------------------------------------------------------------------------------------------

_DECLARATION = re.compile(r"<!(?!--|\[CDATA\[)", re.I)
_COMMA_SPACES = re.compile(r"\s*,\s*")


def _reject_declarations(text: str, name: str) -> None:
    """Refuse any ``<!DOCTYPE``, ``<!ENTITY`` or other markup declaration before an XML parser sees the text.

    Entities are how XML bombs ("billion laughs") and external-entity reads work; KML needs none.
    Comments (``<!--``) and CDATA sections are not declarations and pass.
    """
    match = _DECLARATION.search(text)
    if match:
        what = re.match(r"<!\s*([A-Za-z]*)", text[match.start():match.start() + 30])
        word = (what.group(1).upper() if what and what.group(1) else "declaration")
        raise ControlFileError(f"{name} contains a <!{word}> declaration; KML with DOCTYPE or ENTITY declarations is refused")


def _local(tag: Any) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: ET.Element, local_name: str) -> ET.Element | None:
    for child in element:
        if _local(child.tag) == local_name:
            return child
    return None


def _children(element: ET.Element, local_name: str) -> list[ET.Element]:
    return [child for child in element if _local(child.tag) == local_name]


_KML_AREAS = {"Polygon"}
_KML_LINES = {"LineString", "LinearRing", "Track", "MultiTrack"}
_KML_POINTS = {"Point", "Model"}


def _kml_geometries(placemark: ET.Element) -> list[ET.Element]:
    return [c for c in placemark if _local(c.tag) in _KML_AREAS | _KML_LINES | _KML_POINTS | {"MultiGeometry"}]


def _kml_kinds(element: ET.Element, ctx: _Context, depth: int = 1) -> frozenset[str]:
    tag = _local(element.tag)
    if tag in _KML_AREAS:
        return frozenset({"area"})
    if tag in _KML_LINES:
        return frozenset({"line"})
    if tag in _KML_POINTS:
        return frozenset({"point"})
    if tag == "MultiGeometry":
        if depth > ctx.limits.max_collection_depth:
            raise ControlFileError(f"{ctx.name}: {ctx.feature} nests MultiGeometry more than {ctx.limits.max_collection_depth} deep")
        kinds: set[str] = set()
        for child in _kml_geometries(element):
            kinds |= _kml_kinds(child, ctx, depth + 1)
        return frozenset(kinds)
    return frozenset()


def _kml_ring(linear_ring: ET.Element | None, ctx: _Context) -> Ring:
    """A KML ``<LinearRing><coordinates>lon,lat[,alt] …`` as an (n, 2) array."""
    coordinates = _child(linear_ring, "coordinates") if linear_ring is not None else None
    text = (coordinates.text or "") if coordinates is not None else ""
    tokens = _COMMA_SPACES.sub(",", text.strip()).split()
    ctx.count(len(tokens))
    out = np.empty((len(tokens), 2), dtype=np.float64)
    for i, token in enumerate(tokens):
        parts = token.split(",")
        try:
            values = [float(p) for p in parts]
        except ValueError:
            values = []
        if len(values) < 2 or len(values) > 3:
            raise ControlFileError(f"{ctx.name}: {ctx.feature} has coordinates that are not longitude,latitude[,altitude]: {_quote(token[:40])}")
        if not all(math.isfinite(v) for v in values):
            raise ControlFileError(f"{ctx.name}: {ctx.feature} has a coordinate that is not a finite number (NaN or Infinity): {_quote(token[:40])}")
        out[i, 0], out[i, 1] = values[0], values[1]
    return out


def _kml_polygons(element: ET.Element, ctx: _Context) -> list[PolygonRings]:
    tag = _local(element.tag)
    if tag == "Polygon":
        outer = _child(element, "outerBoundaryIs")
        rings = [_kml_ring(_child(outer, "LinearRing") if outer is not None else None, ctx)]
        # KML 2.2 puts one LinearRing in each innerBoundaryIs; some writers put several in one.
        for inner in _children(element, "innerBoundaryIs"):
            rings += [_kml_ring(ring, ctx) for ring in _children(inner, "LinearRing")]
        return [rings]
    if tag == "MultiGeometry":
        return [p for child in _kml_geometries(element) for p in _kml_polygons(child, ctx)]
    return []


def _bind_kml(geometries: list[ET.Element]) -> Callable[[_Context], list[PolygonRings]]:
    return lambda ctx: [p for g in geometries for p in _kml_polygons(g, ctx)]


def _parse_kml(text: str, name: str, limits: ImportLimits, format_name: str = "KML") -> _Parsed:
    """Placemarks of a KML document. Parsed incrementally so depth is checked as elements open."""
    _reject_declarations(text, name)
    parser = ET.XMLPullParser(events=("start", "end"))
    ctx = _Context(name=name, limits=limits, crs="wgs84")
    candidates: list[_Candidate] = []
    depth = 0
    root_seen = False
    network_links = 0

    def events() -> Iterable[tuple[str, ET.Element]]:
        # Fed in pieces so that nesting is checked as elements open, before a hostile tree is built whole.
        step = 1 << 16
        for start in range(0, len(text), step):
            parser.feed(text[start:start + step])
            yield from parser.read_events()
        parser.close()
        yield from parser.read_events()

    try:
        for event, element in events():
            if event == "start":
                depth += 1
                if depth > limits.max_xml_depth:
                    raise ControlFileError(f"{name} nests XML elements more than {limits.max_xml_depth} deep")
                if not root_seen:
                    root_seen = True
                    if _local(element.tag) != "kml":
                        raise ControlFileError(f"{name} is not KML: its root element is <{_one_line(_local(element.tag), 40)}>")
                continue
            depth -= 1
            tag = _local(element.tag)
            if tag == "NetworkLink":
                network_links += 1
            if tag != "Placemark":
                continue
            if len(candidates) >= limits.max_features:
                raise ControlFileError(f"{name} has more than {limits.max_features:,} placemarks")
            index = len(candidates) + 1
            title = (_child(element, "name").text or "") if _child(element, "name") is not None else ""
            ctx.feature = f"feature {index}" + (f" {_quote(title)}" if title else "")
            geometries = _kml_geometries(element)
            kinds: frozenset[str] = frozenset()
            for geometry in geometries:
                kinds |= _kml_kinds(geometry, ctx)
            candidates.append(_Candidate(index, title, kinds, _bind_kml(geometries if "area" in kinds else [])))
            if "area" not in kinds:
                element.clear()  # nothing of it is needed again: free its text now
    except ET.ParseError as exc:
        raise ControlFileError(f"{name} is not well-formed XML: {_one_line(exc, 120)}") from None
    if not root_seen:
        raise ControlFileError(f"{name} is not KML: it has no root element")
    parsed = _Parsed(format_name, candidates, None, crs="wgs84")
    if network_links:
        parsed.warnings.append(f"{network_links} network link(s) were not followed: only what is in the file is read")
    return parsed


def _read_kmz(data: bytes, name: str, limits: ImportLimits) -> tuple[str, str]:
    """The KML document inside a KMZ, after checking the archive from its directory alone.

    The entry count comes from the end-of-directory record (before :mod:`zipfile`
    parses the directory); sizes and ratios from the directory, before anything is
    inflated; and the one document read is read in chunks against its declared size.
    """
    end = data.rfind(b"PK\x05\x06", max(0, len(data) - 65_557))
    if end < 0 or len(data) - end < 22:
        raise ControlFileError(f"{name} is a damaged ZIP archive: no central directory")
    disk, cd_disk, on_disk, total, cd_size, cd_offset, _comment = struct.unpack("<HHHHIIH", data[end + 4:end + 22])
    if disk != 0 or cd_disk != 0 or on_disk != total:
        raise ControlFileError(f"{name} is part of a multi-part ZIP archive; a KMZ is one file")
    if total == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF or data.rfind(b"PK\x06\x07", 0, end) >= 0:
        raise ControlFileError(f"{name} is a ZIP64 archive; a KMZ needs no ZIP64 and it is refused")
    if total > limits.max_zip_entries or on_disk > limits.max_zip_entries:
        raise ControlFileError(f"{name} holds {max(total, on_disk):,} files; a KMZ may hold at most {limits.max_zip_entries}")
    if cd_size > _ZIP_MAX_DIRECTORY_BYTES:
        raise ControlFileError(f"{name} has a ZIP directory of {_mb(cd_size)}, far more than {limits.max_zip_entries} files need")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if len(entries) != total:
            raise ControlFileError(f"{name} is a damaged ZIP archive: its directory lists {len(entries)} files, its end record {total}")
        unpacked = 0
        for entry in entries:
            unpacked += entry.file_size
            if unpacked > limits.max_zip_total_bytes:
                raise ControlFileError(f"{name} would unpack to more than {_limit_mb(limits.max_zip_total_bytes)}, the limit for a KMZ")
            if entry.file_size > _ZIP_RATIO_MIN_BYTES and entry.file_size > limits.max_zip_ratio * max(entry.compress_size, 1):
                ratio = entry.file_size / max(entry.compress_size, 1)
                raise ControlFileError(
                    f"{name}: {_quote(entry.filename)} is compressed {ratio:,.0f}:1; more than {limits.max_zip_ratio:g}:1 is refused as a decompression bomb"
                )
        documents = [e for e in entries if e.filename.lower().endswith(".kml") and not e.is_dir()]
        if not documents:
            listed = ", ".join(_one_line(e.filename, 30) for e in entries[:5]) or "none"
            raise ControlFileError(f"{name} holds no KML document (files: {listed})")
        # Google Earth reads the first .kml at the archive's root, by convention doc.kml.
        roots = [e for e in documents if "/" not in e.filename.strip("/")]
        chosen = next((e for e in roots if e.filename.lower() == "doc.kml"), None) or (roots or documents)[0]
        if chosen.flag_bits & 0x1:
            raise ControlFileError(f"{name} is encrypted; export it without a password")
        if chosen.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise ControlFileError(f"{name} uses compression method {chosen.compress_type}; a KMZ uses deflate")
        if chosen.file_size > limits.max_bytes:
            raise ControlFileError(f"{name}: {_quote(chosen.filename)} unpacks to {_mb(chosen.file_size)}; the limit is {_limit_mb(limits.max_bytes)}")
        pieces = []
        read = 0
        with archive.open(chosen) as handle:
            while True:
                piece = handle.read(1 << 20)
                if not piece:
                    break
                read += len(piece)
                if read > chosen.file_size:
                    raise ControlFileError(f"{name} is a damaged ZIP archive: {_quote(chosen.filename)} is larger than its directory says")
                pieces.append(piece)
        document = b"".join(pieces)
    except ControlFileError:
        raise
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, EOFError, OSError, ValueError, struct.error, NotImplementedError, RuntimeError) as exc:
        raise ControlFileError(f"{name} is a damaged ZIP archive: {_one_line(exc, 100)}") from None
    inner = f"{name}/{_one_line(chosen.filename, 60)}"
    text = _decode_text(document)
    if text is None or not text.strip():
        raise ControlFileError(f"{inner} is not KML text")
    return text, inner


# ---------------------------------------------------------------------------------------------
# Categories
# ---------------------------------------------------------------------------------------------

_DEEPSTATE_OCCUPIED_KEYS = {"territories.crimea", "territories.ordlo", "territories.tuzla"}


def _deepstate_category(name: str) -> str:
    """A DeepStateMap area's category from its name, "Ukrainian /// English /// key": the key decides;
    without one, the English part. Keys such as ``geoJSON.status.occupied`` and plain ``occupied`` both work."""
    parts = [p.strip(" \t\r\n\xa0") for p in name.split(DEEPSTATE_SEPARATOR)]
    key = parts[2].lower() if len(parts) >= 3 else ""
    if key:
        key = key.removeprefix("geojson.")
        if key.startswith(("status.occupied", "occupied")) or key in _DEEPSTATE_OCCUPIED_KEYS:
            return "occupied"
        if key.startswith(("status.dismissed", "status.liberated", "liberated", "dismissed")):
            return "liberated"
        if key.startswith(("status.unknown", "unknown", "contested")):
            return "contested"
        if key.startswith("territories."):
            return "other territory"
        return "other area"
    english = (parts[1] if len(parts) >= 2 else parts[0]).lower()
    if "unoccupied" in english or "de-occupied" in english or "liberated" in english:
        return "liberated"
    if "occupied" in english or "ordlo" in english or "cadr" in english:
        return "occupied"
    if "unknown" in english or "contested" in english or "grey zone" in english or "gray zone" in english:
        return "contested"
    return "other area"


def _category(candidate: _Candidate, deepstate: bool) -> str:
    if "area" in candidate.kinds:
        return _deepstate_category(candidate.name) if deepstate else "area"
    if "line" in candidate.kinds:
        return "line"
    if "point" in candidate.kinds:
        return "point"
    return NO_GEOMETRY


# ---------------------------------------------------------------------------------------------
# Coordinates and geometry
# ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _from_web_mercator() -> "Transformer":
    from pyproj import Transformer

    return Transformer.from_crs("EPSG:3857", "EPSG:4326", always_xy=True)


def _to_degrees(ring: Ring, ctx: _Context) -> Ring:
    """Reproject a Web Mercator ring to longitude/latitude, after checking it really is in metres."""
    if ctx.crs != "web_mercator" or len(ring) == 0:
        return ring
    if np.abs(ring).max() <= 180:
        raise ControlFileError(
            f"{ctx.name} declares Web Mercator (EPSG:3857, metres) but {ctx.feature} has coordinates that look like degrees "
            f"({_fmt_xy(*ring[0])}); fix or remove the crs"
        )
    if np.abs(ring).max() > WEB_MERCATOR_MAX * 1.001:
        raise ControlFileError(f"{ctx.name}: {ctx.feature} has coordinates outside Web Mercator's range ({_fmt_xy(*ring[0])})")
    lon, lat = _from_web_mercator().transform(ring[:, 0], ring[:, 1])
    return np.column_stack([lon, lat])


def _check_ring_location(ring: Ring, ctx: _Context) -> None:
    """Refuse a ring outside the region of interest, saying why when the cause is recognisable."""
    if len(ring) == 0:
        return
    x, y = ring[:, 0], ring[:, 1]
    west, south, east, north = REGION_OF_INTEREST
    if np.abs(x).max() > 180 or np.abs(y).max() > 90:
        i = int(np.argmax((np.abs(x) > 180) | (np.abs(y) > 90)))
        message = f"{ctx.name}: {ctx.feature} has coordinates that are not longitude/latitude degrees ({_fmt_xy(x[i], y[i])})"
        if ctx.crs == "unspecified":
            # A missing CRS means WGS 84 only while the numbers can be degrees; these cannot.
            looks = " and looks projected (metres, perhaps Web Mercator)" if np.abs(ring).max() <= WEB_MERCATOR_MAX * 1.001 else ""
            message += f"; the file declares no coordinate reference system{looks}: export it in WGS 84 (EPSG:4326)"
        raise ControlFileError(message)
    span = float(x.max() - x.min())
    if span > 180:
        raise ControlFileError(f"{ctx.name}: {ctx.feature} crosses the antimeridian (one ring spans {span:.0f}° of longitude)")
    outside = (x < west) | (x > east) | (y < south) | (y > north)
    if outside.any():
        swapped_inside = (y >= west) & (y <= east) & (x >= south) & (x <= north)
        i = int(np.argmax(outside))
        if swapped_inside.all():
            raise ControlFileError(
                f"{ctx.name}: {ctx.feature} looks like latitude and longitude are swapped ({_fmt_xy(x[i], y[i])} would be "
                f"in Ukraine as {_fmt_xy(y[i], x[i])}); GeoJSON and KML put longitude first"
            )
        raise ControlFileError(
            f"{ctx.name}: {ctx.feature} lies outside the area this map covers (longitude {west:g} to {east:g}, latitude "
            f"{south:g} to {north:g}): e.g. longitude {x[i]:.5g}, latitude {y[i]:.5g}"
        )


def _readable_reason(reason: str) -> str:
    """GEOS's validity reason ("Self-intersection[37.5 48.5]") as "self-intersection at 37.5, 48.5"."""
    match = re.match(r"^(.*?)\[\s*(-?[\d.eE+-]+)\s+(-?[\d.eE+-]+)\s*\]$", reason)
    if match:
        text, x, y = match.groups()
        try:
            return f"{text.strip().lower()} at {_fmt_xy(float(x), float(y))}"
        except ValueError:
            pass
    return reason.strip().lower()


def _polygonal(geometry: BaseGeometry) -> BaseGeometry:
    """Only the polygons of a geometry (a repair or a cut can leave stray lines and points)."""
    if geometry.is_empty:
        return Polygon()
    if geometry.geom_type in ("Polygon", "MultiPolygon"):
        return geometry
    polygons = [g for g in getattr(geometry, "geoms", []) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polygons) if polygons else Polygon()


def _equal_area_km2(geometries: Sequence[BaseGeometry]) -> list[float]:
    import geopandas as gpd

    if not geometries:
        return []
    return [a / 1e6 for a in gpd.GeoSeries(list(geometries), crs="EPSG:4326").to_crs(EQUAL_AREA_CRS).area]


@dataclass
class _RepairLog:
    closed_rings: int = 0
    dropped_rings: int = 0
    made_valid: list[tuple[str, str, BaseGeometry, BaseGeometry]] = field(default_factory=list)


def _prepare_rings(polygon: PolygonRings, ctx: _Context, repair: bool, log: _RepairLog) -> PolygonRings:
    """Close open rings and drop degenerate ones when repairing; refuse them otherwise."""
    kept = []
    for position, ring in enumerate(polygon):
        if len(ring) == 0:
            if position == 0:
                return []  # an empty exterior: an empty polygon, skipped with a warning
            continue
        if not np.array_equal(ring[0], ring[-1]):
            if not repair:
                raise ControlFileError(
                    f"{ctx.name}: {ctx.feature} has a ring that is not closed (it starts at {_fmt_xy(*ring[0])} and ends at "
                    f"{_fmt_xy(*ring[-1])}); re-run with repair accepted (--repair) to close it"
                )
            ring = np.vstack([ring, ring[:1]])
            log.closed_rings += 1
        if len(ring) < 4:
            if not repair:
                raise ControlFileError(
                    f"{ctx.name}: {ctx.feature} has a ring of {len(ring)} positions; a closed ring needs at least 4 "
                    "(re-run with repair accepted (--repair) to drop it)"
                )
            log.dropped_rings += 1
            if position == 0:
                return []
            continue
        kept.append(ring)
    return kept


def _valid(geometry: BaseGeometry, ctx: _Context, repair: bool, log: _RepairLog) -> BaseGeometry:
    """The geometry if valid; made valid and logged when repairing; otherwise an error saying where."""
    reason = shapely.is_valid_reason(geometry)
    if reason == "Valid Geometry":
        return geometry
    if not repair:
        raise ControlFileError(
            f"{ctx.name}: {ctx.feature} is an invalid geometry ({_readable_reason(reason)}); re-run with repair accepted (--repair)"
        )
    # "structure": outer boundaries united, holes cut out; a bow tie becomes its two triangles.
    fixed = _polygonal(shapely.make_valid(geometry, method="structure", keep_collapsed=False))
    log.made_valid.append((ctx.feature, _readable_reason(reason), geometry, fixed))
    return fixed


def _build_geometry(polygons: list[PolygonRings], ctx: _Context, repair: bool, log: _RepairLog, esri: bool) -> BaseGeometry:
    """A valid (Multi)Polygon from a feature's rings, or an error saying where it is invalid."""
    if esri:
        # Esri rings carry no nesting: clockwise rings are outer boundaries, counter-clockwise ones holes.
        outers, holes = [], []
        for rings in polygons:
            if rings:
                piece = Polygon(rings[0])
                (holes if piece.exterior.is_ccw else outers).append(piece)
        if not outers:
            return Polygon()
        geometry = shapely.union_all([_valid(p, ctx, repair, log) for p in outers])
        if holes:
            geometry = shapely.difference(geometry, shapely.union_all([_valid(h, ctx, repair, log) for h in holes]))
        return _polygonal(geometry)
    shapes = [Polygon(rings[0], rings[1:]) for rings in polygons if rings]
    if not shapes:
        return Polygon()
    return _valid(shapes[0] if len(shapes) == 1 else MultiPolygon(shapes), ctx, repair, log)


# ---------------------------------------------------------------------------------------------
# Reading a file
# ---------------------------------------------------------------------------------------------


def read_control_file(
    data: bytes,
    filename: str,
    *,
    as_of: str | None = None,
    repair: bool = False,
    limits: ImportLimits = DEFAULT_LIMITS,
) -> ImportResult:
    """Check a control file given as bytes and turn it into a control snapshot.

    The format is sniffed from the bytes; the extension of ``filename`` must
    agree with it. Nothing is read from disk or the network.

    Parameters
    ----------
    data : bytes
        The file's content.
    filename : str
        The name the user gave it (only its base name is shown, HTML-escaped, in the result).
    as_of : str, optional
        The date of the control data, YYYY-MM-DD; by default the file's own date if it has one.
    repair : bool
        Close open rings, drop degenerate ones and make invalid polygons valid
        (``shapely.make_valid``), reporting what changed, instead of refusing the file.
    limits : ImportLimits
        What the file may hold.

    Returns
    -------
    ImportResult
        The snapshot (one geometry per region, clipped to it; key ``upload:<sha256>:…``)
        and a summary of what was found, used, skipped and repaired.

    Raises
    ------
    ControlFileError
        For anything wrong with the file, with a one-line message. No other exception
        escapes for any ``data``; an unexpected one is reported as a ControlFileError
        with ``internal=True``.
    """
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("read_control_file takes the file's bytes, never a path or a URL")
    data = bytes(data)
    name = _display_name(filename)
    try:
        return _read(data, name, as_of, repair, limits)
    except ControlFileError:
        raise
    except MemoryError:
        raise ControlFileError(f"{name} needs more memory than this server has to read") from None
    except RecursionError:
        raise ControlFileError(f"{name} is nested too deeply to read") from None
    except Exception as exc:  # noqa: BLE001 - the promise: nothing but ControlFileError reaches the caller
        raise ControlFileError(f"{name} could not be read: unexpected {type(exc).__name__}", internal=True) from exc


def _read(data: bytes, name: str, as_of: str | None, repair: bool, limits: ImportLimits) -> ImportResult:
    if as_of is not None:
        try:
            validate_as_of(as_of)
        except ValueError as exc:
            raise ControlFileError(str(exc)) from None
    if not data:
        raise ControlFileError(f"{name} is empty")
    if len(data) > limits.max_bytes:
        raise ControlFileError(_too_big(name, len(data), limits))
    sha = hashlib.sha256(data).hexdigest()
    # Parsed in a helper so that the decoded text is released before the geometry work starts.
    parsed = _parse(data, name, limits)
    return _assemble(parsed, name, sha, len(data), as_of, repair, limits)


def _parse(data: bytes, name: str, limits: ImportLimits) -> _Parsed:
    """Sniff the format, check the extension agrees, and read the features (not yet their coordinates)."""
    sniffed = _sniff(data)
    _check_extension(name, sniffed)
    if sniffed.kind == "zip":
        text, inner = _read_kmz(data, name, limits)
        inner_sniffed = _sniff_text(text)
        if inner_sniffed.kind != "kml":
            raise ControlFileError(f"{inner} is not KML: it looks like {inner_sniffed.label}")
        return _parse_kml(text, inner, limits, "KMZ")
    if sniffed.kind == "json":
        return _parse_json_document(sniffed.text or "", name, limits)
    return _parse_kml(sniffed.text or "", name, limits)  # "kml": _check_extension lets nothing else through


def _assemble(
    parsed: _Parsed, name: str, sha: str, size: int, as_of: str | None, repair: bool, limits: ImportLimits
) -> ImportResult:
    """Read the used features' coordinates, check and (if asked) repair them, and cut the union to the regions."""
    from geodata.regions import load_regions

    deepstate = parsed.format.startswith("DeepStateMap") or any(
        DEEPSTATE_SEPARATOR in c.name for c in parsed.candidates if "area" in c.kinds
    )
    format_name = parsed.format + (" (DeepStateMap categories)" if deepstate and not parsed.format.startswith("DeepStateMap") else "")
    warnings = list(parsed.warnings)
    categories: Counter[str] = Counter()
    ctx = _Context(name=name, limits=limits, crs=parsed.crs)
    log = _RepairLog()
    geometries: list[BaseGeometry] = []
    used = 0
    empty = 0
    esri = parsed.format == "Esri JSON"
    for candidate in parsed.candidates:
        category = _category(candidate, deepstate)
        categories[category] += 1
        if category not in CONTROL_CATEGORIES:
            continue
        ctx.feature = _feature_label(candidate)
        polygons = candidate.read_polygons(ctx)
        candidate.read_polygons = _read_nothing  # let the parsed JSON or XML of this feature be freed
        prepared = []
        for rings in polygons:
            rings = [_to_degrees(ring, ctx) for ring in rings]
            for ring in rings:
                _check_ring_location(ring, ctx)
            prepared.append(_prepare_rings(rings, ctx, repair, log))
        geometry = _build_geometry(prepared, ctx, repair, log, esri)
        if geometry.is_empty:
            empty += 1
            continue
        geometries.append(geometry)
        used += 1
    if categories[NO_GEOMETRY]:
        warnings.append(f"{categories[NO_GEOMETRY]} feature(s) without a geometry were skipped")
    if empty:
        warnings.append(f"{empty} feature(s) with an empty geometry were skipped")
    if not geometries:
        raise ControlFileError(_nothing_to_use(name, categories, deepstate, empty))
    skipped = {c: n for c, n in categories.items() if c not in CONTROL_CATEGORIES and c != NO_GEOMETRY}
    if skipped:
        warnings.append("not used: " + ", ".join(f"{c} {n}" for c, n in sorted(skipped.items())))
    if parsed.crs == "web_mercator":
        warnings.append("coordinates reprojected from Web Mercator (EPSG:3857) to WGS 84")
    crs = {
        "wgs84": "WGS 84 (declared)" if parsed.format not in ("KML", "KMZ") else "WGS 84 (as KML always is)",
        "web_mercator": "Web Mercator (EPSG:3857), reprojected to WGS 84",
        "unspecified": "WGS 84 (none declared; the coordinates are longitude/latitude)",
    }[parsed.crs]

    # The union of everything used, cut to each region (one geometry per region id), as the build does.
    held = shapely.union_all(geometries)
    regions = load_regions()
    by_region: dict[str, BaseGeometry] = {}
    for region_id, region in regions.geometry.items():
        if not shapely.intersects(region, held):
            continue
        part = _polygonal(snap(_polygonal(shapely.intersection(held, region))))
        if not part.is_empty and part.area > 0:
            by_region[region_id] = part
    if not by_region:
        raise ControlFileError(f"{name}: none of its {used} area(s) lies inside the regions of Ukraine (they are all in the sea or another country)")
    total_km2, *region_km2 = _equal_area_km2([held, *by_region.values()])
    inside_km2 = float(sum(region_km2))
    outside_km2 = max(0.0, total_km2 - inside_km2)
    if outside_km2 > max(1.0, 0.001 * total_km2):
        warnings.append(f"{outside_km2:,.0f} km² of the areas in the file lie outside the 1991 borders of Ukraine (in the sea or another country) and were left out")

    date_source = "none"
    snapshot_date = UNDATED
    if as_of is not None:
        snapshot_date, date_source = as_of, "given"
        if parsed.file_date and parsed.file_date != as_of:
            warnings.append(f"the file is dated {parsed.file_date}; the date given, {as_of}, is used")
    elif parsed.file_date:
        snapshot_date, date_source = parsed.file_date, "file"

    repairs: list[str] = []
    repair_before = repair_after = 0.0
    if log.closed_rings:
        repairs.append(f"closed {log.closed_rings} ring(s) whose last position differed from the first")
    if log.dropped_rings:
        repairs.append(f"dropped {log.dropped_rings} ring(s) of fewer than 4 positions")
    if log.made_valid:
        # The invalid geometry's area is what GEOS computes for it (a bow-tie's halves cancel out).
        areas = _equal_area_km2([g for entry in log.made_valid for g in (entry[2], entry[3])])
        for position, (where, reason, _before, _after) in enumerate(log.made_valid):
            before, after = areas[2 * position], areas[2 * position + 1]
            repair_before += before
            repair_after += after
            repairs.append(f"{where}: {reason}, made valid (area {before:,.1f} km² before, {after:,.1f} km² after)")

    label = escape_html(name)
    # The name is part of the key: caches shared by sessions never hand one user's file name to another.
    name_digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:12]
    key = f"upload:{sha}:{'repaired' if repair else 'strict'}:{snapshot_date}:{name_digest}"
    used_categories = tuple(c for c in CONTROL_CATEGORIES if categories[c])
    # The snapshot carries the name as plain text: every place that shows it escapes it for its own
    # medium (HTML, markdown, XML, a figure), so escaping it here would show entities to users.
    plain_name = name
    snapshot = ControlSnapshot(
        as_of=snapshot_date,
        method=(
            f"Imported from {plain_name} ({format_name}): {used} area feature(s) ({', '.join(used_categories)}) merged and clipped to "
            f"the regions{'; geometry repaired' if (log.closed_rings or log.dropped_rings or log.made_valid) else ''}."
        ),
        sources=(f"User file {plain_name}, sha256 {sha}",),
        by_region=MappingProxyType(by_region),
        key=key,
        label=plain_name,
        extra=MappingProxyType({"format": format_name, "sha256": sha, "repair": repair}),
    )
    shares = region_parts(snapshot).controlled_share
    summary = ImportSummary(
        label=label,
        format=format_name,
        sha256=sha,
        size_bytes=size,
        features_read=len(parsed.candidates),
        features_used=used,
        categories=MappingProxyType(dict(sorted(categories.items()))),
        categories_used=used_categories,
        area_km2=inside_km2,
        area_outside_km2=outside_km2,
        shares=MappingProxyType({r: float(shares[r]) for r in sorted(shares)}),
        as_of=snapshot_date,
        date_source=date_source,
        crs=crs,
        warnings=tuple(escape_html(w) for w in warnings),
        repairs=tuple(escape_html(r) for r in repairs),
        repaired_features=len(log.made_valid),
        repair_area_before_km2=repair_before,
        repair_area_after_km2=repair_after,
        vertices=ctx.vertices,
        repair=repair,
    )
    return ImportResult(snapshot=snapshot, summary=summary)


def _nothing_to_use(name: str, categories: Counter[str], deepstate: bool, empty: int) -> str:
    found = ", ".join(f"{c} {n}" for c, n in sorted(categories.items())) or "no features"
    if deepstate:
        return f"{name} has no occupied areas to use (found: {found})"
    if empty or categories[NO_GEOMETRY]:
        return f"{name} has no polygons of control: every area's geometry is empty or null (found: {found})"
    return f"{name} has no polygons of control, only {found}; control must be drawn as areas (Polygon or MultiPolygon)"


# ---------------------------------------------------------------------------------------------
# Export and writing
# ---------------------------------------------------------------------------------------------


def export_deepstate(snapshot: ControlSnapshot) -> bytes:
    """Write a snapshot in DeepStateMap's shape: ``{"datetime": …, "map": FeatureCollection}``.

    Parameters
    ----------
    snapshot : ControlSnapshot
        Any snapshot, e.g. ``load_snapshot("2025-11-20")``.

    Returns
    -------
    bytes
        UTF-8 JSON, one feature per region named ``"Окуповано /// Occupied /// occupied"``,
        polygons with a Z coordinate of 0 as DeepStateMap writes them. Reading it back with
        :func:`read_control_file` gives the same per-region shares.
    """
    features = []
    for region_id in sorted(snapshot.by_region):
        geometry = shapely.force_3d(snapshot.by_region[region_id], 0.0)
        features.append(feature(geometry, {"name": DEEPSTATE_OCCUPIED_NAME, "region_id": region_id}))
    document = {
        "datetime": f"{snapshot.as_of}T00:00:00Z" if AS_OF_PATTERN.fullmatch(snapshot.as_of) else None,
        "map": {"type": "FeatureCollection", "features": features},
    }
    return json.dumps(document, ensure_ascii=False, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _protected_dates(out_dir: Path) -> dict[str, str]:
    """Snapshot dates the package ships or builds (listed in PROVENANCE.json, or with a vertex file), and why."""
    package = out_dir.parent
    protected: dict[str, str] = {}
    provenance = package / "PROVENANCE.json"
    if provenance.is_file():
        try:
            outputs = json.loads(provenance.read_text(encoding="utf-8")).get("outputs", {})
        except (OSError, ValueError):
            outputs = {}
        for relative in outputs:
            stem = Path(relative).stem
            if Path(relative).parent.name == out_dir.name and AS_OF_PATTERN.fullmatch(stem):
                protected[stem] = "a shipped snapshot (listed in PROVENANCE.json)"
    sources = package / "sources" / out_dir.name
    if sources.is_dir():
        for spec in sources.glob("*.toml"):
            protected.setdefault(spec.stem, f"built from sources/{out_dir.name}/{spec.name} by `python -m geodata build`")
    return protected


def write_imported_snapshot(
    result: ImportResult,
    as_of: str,
    out_dir: Path = paths.CONTROL_DIR,
    *,
    force: bool = False,
    replace_import: bool = False,
    extra: Mapping[str, Any] | None = None,
) -> Path:
    """Write an imported snapshot as ``<out_dir>/<as_of>.geojson`` plus ``<as_of>.provenance.json``.

    The snapshot file has the build's format (one feature per region with ``as_of``,
    ``region_id``, ``method``, ``sources``), so the app lists and loads it like a
    shipped one. The provenance file records the original file name, its sha256,
    the format, the categories used and the tool's version (no clock time, so the
    same import writes the same bytes).

    Parameters
    ----------
    result : ImportResult
        What :func:`read_control_file` returned.
    as_of : str
        The date, YYYY-MM-DD; it becomes the file name.
    out_dir : Path
        The control folder (the package's by default).
    force : bool
        Replace an existing file, even a shipped snapshot.
    replace_import : bool
        Replace a file imported earlier, but never a shipped or built snapshot (``fetch-control``
        replaces its own earlier fetch of a date with it).
    extra : mapping, optional
        Further JSON-ready members of the provenance file (``fetch-control`` adds ``fetch``: address,
        time fetched, sha256, licence); they cannot replace the import's own members.

    Returns
    -------
    Path
        The snapshot file written.

    Raises
    ------
    ImportWriteError
        For a malformed date, or a file that exists (shipped or imported before) without ``force``.
    """
    try:
        validate_as_of(as_of)
    except ValueError as exc:
        raise ImportWriteError(str(exc)) from None
    out_dir = Path(out_dir)
    target = out_dir / f"{as_of}.geojson"
    sidecar = out_dir / f"{as_of}.provenance.json"
    # The validated date cannot leave the folder; the check guards against a future change of the pattern.
    if target.resolve().parent != out_dir.resolve():
        raise ImportWriteError(f"{as_of!r} would write outside {out_dir}")
    if not force:
        why = _protected_dates(out_dir).get(as_of)
        if why:
            raise ImportWriteError(f"{out_dir.name}/{target.name} is {why}; pass --force to replace it")
        if target.exists() and not replace_import:
            raise ImportWriteError(f"{out_dir.name}/{target.name} exists (an earlier import?); pass --force to replace it")
    summary = result.summary
    method = result.snapshot.method
    sources = list(result.snapshot.sources)
    features = [
        feature(result.snapshot.by_region[region_id], {"as_of": as_of, "region_id": region_id, "method": method, "sources": sources}, feature_id=f"{as_of}/{region_id}")
        for region_id in sorted(result.snapshot.by_region)
    ]
    out_dir.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed into place, so a reader never sees half a file.
    temporary = out_dir / f".{as_of}.geojson.tmp"
    write_feature_collection(temporary, features)
    os.replace(temporary, target)
    provenance = {
        "as_of": as_of,
        "snapshot": target.name,
        "snapshot_sha256": hashlib.sha256(target.read_bytes()).hexdigest(),
        "file_name": summary.label,
        "file_sha256": summary.sha256,
        "file_size_bytes": summary.size_bytes,
        "format": summary.format,
        "repair": summary.repair,
        "categories_found": dict(summary.categories),
        "categories_used": list(summary.categories_used),
        "features_read": summary.features_read,
        "features_used": summary.features_used,
        "warnings": list(summary.warnings),
        "repairs": list(summary.repairs),
        "tool": f"geodata {__version__}",
        "libraries": {"shapely": shapely.__version__, "geos": shapely.geos_version_string},
    }
    for key, value in (extra or {}).items():
        provenance.setdefault(key, value)
    temporary = out_dir / f".{as_of}.provenance.json.tmp"
    temporary.write_text(json.dumps(provenance, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")
    os.replace(temporary, sidecar)
    return target


__all__ = [
    "ControlFileError",
    "DEFAULT_LIMITS",
    "ImportLimits",
    "ImportResult",
    "ImportSummary",
    "ImportWriteError",
    "REGION_OF_INTEREST",
    "export_deepstate",
    "read_control_file",
    "validate_as_of",
    "write_imported_snapshot",
]
