"""KML checked before GDAL reads it: no DTD or entity (defusedxml), bounded nesting and placemarks,
and the network links it holds, sorted into links inside the archive and links out of it."""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

import defusedxml
import defusedxml.ElementTree as DET

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer.limits import ImportLimits

_ENCODING_DECLARATION = re.compile(r"""^(\s*<\?xml[^>]*?)\sencoding\s*=\s*["'][^"']*["']""")
_GEOMETRY = {"Polygon", "LineString", "LinearRing", "Point", "Model", "Track", "MultiTrack", "MultiGeometry"}


@dataclass
class KmlCheck:
    """What the check found: placemarks, and network links' addresses."""

    placemarks: int = 0
    links: list[str] = field(default_factory=list)


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def as_utf8(text: str) -> bytes:
    """The KML text as UTF-8 bytes, its XML declaration saying so (GDAL's KML driver sniffs UTF-8 only).

    Parameters
    ----------
    text : str
        The KML text, checked.

    Returns
    -------
    bytes
        The text in UTF-8, its first XML declaration's encoding replaced with ``UTF-8``.
    """
    return _ENCODING_DECLARATION.sub(r'\1 encoding="UTF-8"', text, count=1).encode("utf-8")


def _declaration_word(data: bytes, exc: ET.ParseError) -> str | None:
    """Which declaration (DOCTYPE, ENTITY …) a parse error stopped at, if it stopped at one."""
    line, column = getattr(exc, "position", (0, 0))
    lines = data.split(b"\n")
    if not 0 < line <= len(lines):
        return None
    match = re.search(rb"<!\s*([A-Za-z]+)", lines[line - 1][max(0, column - 4) : column + 30])
    return match.group(1).decode("ascii").upper() if match else None


def check_kml(data: bytes, name: str, limits: ImportLimits) -> KmlCheck:
    """Parse KML with defusedxml, streaming, to check it before GDAL reads it.

    Parameters
    ----------
    data : bytes
        The KML as UTF-8 (see :func:`as_utf8`).
    name : str
        The file's name (or ``archive/entry``), for messages.
    limits : ImportLimits
        XML nesting, placemarks, MultiGeometry nesting.

    Returns
    -------
    KmlCheck
        Placemarks counted and network links' addresses.

    Raises
    ------
    ControlFileError
        For a DTD or an entity declaration (billion laughs, external entities), XML that is not
        well-formed, a root that is not ``<kml>``, nesting or placemarks over the limits.
    """
    found = KmlCheck()
    depth = 0
    stack: list[str] = []
    multi_depth = 0
    declared = "refused: KML with DOCTYPE or ENTITY declarations is refused"
    try:
        for event, element in DET.iterparse(
            io.BytesIO(data), events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
        ):
            tag = _local(element.tag)
            if event == "start":
                depth += 1
                if depth > limits.max_xml_depth:
                    raise ControlFileError(f"{name} nests XML elements more than {limits.max_xml_depth} deep")
                if depth == 1 and tag != "kml":
                    raise ControlFileError(f"{name} is not KML: its root element is <{_one_line(tag, 40)}>")
                if tag == "MultiGeometry":
                    multi_depth += 1
                    if multi_depth > limits.max_collection_depth:
                        raise ControlFileError(
                            f"{name}: placemark {found.placemarks + 1} nests MultiGeometry more than "
                            f"{limits.max_collection_depth} deep"
                        )
                elif tag == "Placemark":
                    found.placemarks += 1
                    if found.placemarks > limits.max_features:
                        raise ControlFileError(f"{name} has more than {limits.max_features:,} placemarks")
                stack.append(tag)
                continue
            depth -= 1
            stack.pop()
            if tag == "MultiGeometry":
                multi_depth -= 1
            elif tag == "href" and "NetworkLink" in stack:
                found.links.append((element.text or "").strip())
            if tag in ("Placemark", "NetworkLink", "Folder", "Document", "GroundOverlay", "ScreenOverlay"):
                element.clear()
    except defusedxml.DTDForbidden:
        raise ControlFileError(f"{name} contains a <!DOCTYPE> declaration; {declared.split(': ', 1)[1]}") from None
    except defusedxml.EntitiesForbidden:
        raise ControlFileError(f"{name} contains an <!ENTITY> declaration; {declared.split(': ', 1)[1]}") from None
    except defusedxml.DefusedXmlException as exc:
        raise ControlFileError(f"{name} is refused: {_one_line(exc, 80)}") from None
    except ET.ParseError as exc:
        word = _declaration_word(data, exc)
        if word:
            raise ControlFileError(f"{name} contains a <!{word}> declaration; {declared.split(': ', 1)[1]}") from None
        raise ControlFileError(f"{name} is not well-formed XML: {_one_line(exc, 120)}") from None
    if depth != 0 or (not stack and found.placemarks == 0 and depth == 0 and not data.strip()):
        raise ControlFileError(f"{name} is not KML: it has no root element")
    return found
