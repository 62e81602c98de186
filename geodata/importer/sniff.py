"""What a file really is, from its bytes alone (never from its name), and whether its name agrees."""

from __future__ import annotations

import codecs
import json
import os
import re
from dataclasses import dataclass

from geodata.errors import ControlFileError, one_line as _one_line

#: Signatures: (magic, kind, label). Kinds the importer reads: zip, gzip, gpkg, fgb; the rest are named in messages.
_MAGIC: tuple[tuple[bytes, str, str], ...] = (
    (b"PK\x03\x04", "zip", "a ZIP archive"),
    (b"PK\x05\x06", "zip", "an empty ZIP archive"),
    (b"\x1f\x8b", "gzip", "gzip-compressed data"),
    (b"SQLite format 3\x00", "gpkg", "an SQLite database (a GeoPackage)"),
    (b"fgb\x03", "fgb", "a FlatGeobuf file"),
    (b"\x89PNG\r\n\x1a\n", "binary", "a PNG image"),
    (b"\xff\xd8\xff", "binary", "a JPEG image"),
    (b"GIF87a", "binary", "a GIF image"),
    (b"GIF89a", "binary", "a GIF image"),
    (b"%PDF-", "binary", "a PDF document"),
    (b"7z\xbc\xaf\x27\x1c", "binary", "a 7-Zip archive"),
    (b"Rar!\x1a\x07", "binary", "a RAR archive"),
    (b"\xfd7zXZ\x00", "binary", "xz-compressed data"),
    (b"II*\x00", "binary", "a TIFF image"),
    (b"MM\x00*", "binary", "a TIFF image"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "binary", "a Microsoft Office document"),
    (b"\x7fELF", "binary", "an executable program"),
    (b"\x00\x00\x27\x0a", "binary", "an Esri shapefile's .shp alone (zip it with its .shx, .dbf and .prj)"),
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
_XML_ROOT = re.compile(r"<([A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?)")
#: A markup declaration (not a comment, not CDATA): only used to name what a file looks like.
DECLARATION = re.compile(r"<!(?!--|\[CDATA\[)", re.IGNORECASE)
_KML_ELEMENT = re.compile(r"<(?:[\w.-]+:)?kml[\s>/]")


def decode_text(data: bytes) -> str | None:
    """The bytes as text (UTF-8, UTF-16 or UTF-32 by their byte-order mark or NUL pattern, or an XML
    declaration's single-byte encoding), without a byte-order mark; ``None`` if they are not text.

    Parameters
    ----------
    data : bytes
        The file's content.

    Returns
    -------
    str or None
        The decoded text, or ``None`` when the bytes do not decode in the encoding they show.
    """
    encoding = None
    body = data
    for bom, name in _BOMS:
        if data.startswith(bom):
            encoding, body = name, data[len(bom) :]
            break
    if encoding is None:
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
    return None if "\x00" in text else text


def xml_root_name(text: str) -> str:
    """The local name of the first element in an XML text (after declarations and comments), or ''.

    Parameters
    ----------
    text : str
        The start of an XML document (a thousand declarations or comments at most are skipped).

    Returns
    -------
    str
        The root element's local name (its namespace prefix dropped), or ``""`` when none is found.
    """
    position = 0
    for _ in range(1000):
        start = text.find("<", position)
        if start < 0:
            return ""
        if text.startswith("<?", start):
            end = text.find("?>", start)
            position = end + 2 if end >= 0 else len(text)
        elif text.startswith("<!--", start):
            end = text.find("-->", start)
            position = end + 3 if end >= 0 else len(text)
        elif text.startswith("<!", start):
            position = start + 2
        else:
            match = _XML_ROOT.match(text, start)
            return match.group(1).split(":")[-1] if match else ""
    return ""


@dataclass(frozen=True)
class Sniffed:
    """What the bytes are: ``kind`` (zip, gzip, gpkg, fgb, json, kml, xml, html, text, binary, empty),
    a label for messages, and the decoded text for text kinds."""

    kind: str
    label: str
    text: str | None = None


def sniff(data: bytes) -> Sniffed:
    """What the bytes are, from their content alone.

    Parameters
    ----------
    data : bytes
        The file's content (its name is never consulted).

    Returns
    -------
    Sniffed
        The kind (``zip``, ``gzip``, ``json``, ``kml``, ``binary``, ...), a label for messages and, for text, the text.
    """
    for magic, kind, label in _MAGIC:
        if data.startswith(magic):
            return Sniffed(kind, label)
    text = decode_text(data)
    if text is None:
        if b"\x00" not in data[:8192]:
            return Sniffed("binary", "text that is not UTF-8 (save it as UTF-8)")
        return Sniffed("binary", "binary data, not text")
    return sniff_text(text)


def sniff_text(text: str) -> Sniffed:
    """What a text is: JSON (also JSON text sequences), KML, other XML, HTML or plain text.

    Parameters
    ----------
    text : str
        The decoded text of a file.

    Returns
    -------
    Sniffed
        The kind (``json``, ``kml``, ``xml``, ``html``, ``csv``, ``text`` or ``empty``), a label and the text.
    """
    head = text.lstrip()
    if not head:
        return Sniffed("empty", "blank text")
    if head[0] in '{[\x1e"':
        return Sniffed("json", "JSON", text)
    if head[0] == "<":
        if head[:14].lower() == "<!doctype html" or xml_root_name(head[:65536]).lower() == "html":
            return Sniffed("html", "an HTML page", text)
        # A DOCTYPE's internal subset may hold anything that looks like an element: a KML with
        # declarations is still called KML, so that it is refused for its declarations.
        if DECLARATION.search(head[:65536]) and _KML_ELEMENT.search(head[: 1 << 20]):
            return Sniffed("kml", "KML", text)
        root = xml_root_name(head[:65536])
        if root == "kml":
            return Sniffed("kml", "KML", text)
        return Sniffed("xml", f"an XML document with root <{_one_line(root, 40)}>" if root else "XML", text)
    first = head.split("\n", 1)[0]
    if first.count(",") >= 2 or first.count(";") >= 2 or first.count("\t") >= 2:
        return Sniffed("csv", "a CSV table", text)
    return Sniffed("text", "plain text", text)


#: What a file's extension promises: the kinds its content may be, and the name of the format.
EXTENSIONS: dict[str, tuple[frozenset[str], str]] = {
    ".geojson": (frozenset({"json"}), "GeoJSON"),
    ".json": (frozenset({"json"}), "JSON"),
    ".esrijson": (frozenset({"json"}), "Esri JSON"),
    ".topojson": (frozenset({"json"}), "TopoJSON"),
    ".geojsonl": (frozenset({"json"}), "GeoJSON Lines"),
    ".geojsons": (frozenset({"json"}), "a GeoJSON text sequence"),
    ".geojsonseq": (frozenset({"json"}), "a GeoJSON text sequence"),
    ".jsonl": (frozenset({"json"}), "JSON Lines"),
    ".ndjson": (frozenset({"json"}), "newline-delimited JSON"),
    ".kml": (frozenset({"kml"}), "KML"),
    ".kmz": (frozenset({"zip"}), "KMZ"),
    ".zip": (frozenset({"zip"}), "a ZIP archive"),
    ".gz": (frozenset({"gzip"}), "gzip-compressed data"),
    ".gzip": (frozenset({"gzip"}), "gzip-compressed data"),
    ".gpkg": (frozenset({"gpkg"}), "a GeoPackage"),
    ".fgb": (frozenset({"fgb"}), "FlatGeobuf"),
    ".csv": (frozenset({"csv", "text"}), "a CSV table"),
}

#: Every extension the dashboard's upload accepts (any case).
UPLOAD_EXTENSIONS: tuple[str, ...] = tuple(sorted(e.lstrip(".") for e in EXTENSIONS))

READABLE = (
    "GeoJSON, GeoJSON Lines, DeepStateMap JSON, ArcGIS GeoJSON or Esri JSON, TopoJSON, KML or KMZ, "
    "a zipped shapefile, GeoPackage, FlatGeobuf, CSV with a WKT or longitude/latitude geometry, or any of these gzip-compressed"
)
_READ_KINDS = frozenset({"json", "kml", "zip", "gzip", "gpkg", "fgb", "csv"})


def check_extension(name: str, sniffed: Sniffed) -> None:
    """Refuse a file whose extension promises another format than its bytes hold, or one no reader takes.

    Parameters
    ----------
    name : str
        The file's name as shown (its extension is compared with the content).
    sniffed : Sniffed
        What :func:`sniff` found the content to be.

    Raises
    ------
    ControlFileError
        "map.kml is not KML: it looks like a ZIP archive", or that the file is not a control file.
    """
    suffix = os.path.splitext(name)[1].lower()
    expected = EXTENSIONS.get(suffix)
    if expected is not None:
        kinds, label = expected
        if sniffed.kind not in kinds:
            raise ControlFileError(f"{name} is not {label}: it looks like {sniffed.label}")
        return
    if sniffed.kind not in _READ_KINDS:
        raise ControlFileError(f"{name} is not a control file this tool reads ({READABLE}): it looks like {sniffed.label}")
