"""KML placemarks read with their styles, times and folders (after :func:`.kmlcheck.check_kml` has guarded the text).

Why not GDAL here: its LIBKML driver returns a GroundOverlay's LatLonBox as a polygon (counted as control),
keeps one hole of an ``innerBoundaryIs`` holding two ``LinearRing`` elements, fails on a closed ``LinearRing``
placemark, and gives neither the ``styleUrl`` nor the colour that tell a file's sides apart. KML's geometry is
small (coordinates as text), so it is read here, streaming, with defusedxml:

- only ``Placemark`` geometries become features: ``GroundOverlay``, ``ScreenOverlay``, ``PhotoOverlay``,
  ``Model`` and ``NetworkLink`` never do (they are counted and named);
- every ``LinearRing`` of a polygon is kept, however the ``innerBoundaryIs`` elements group them;
- a closed ``LinearRing`` placemark is an area, an open one a line;
- ``MultiGeometry`` becomes a GeometryCollection (its members are united by the assembly);
- ``gx:Track`` and ``gx:MultiTrack`` are lines;
- each placemark keeps its name, its style (id, resolved through ``StyleMap``; inline ``Style``), its fill
  colour (``PolyStyle``), its date (``TimeStamp/when``, ``TimeSpan/begin``, an ``ExtendedData`` date
  field, else the innermost folder name holding a date) and its ``ExtendedData`` class fields.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import defusedxml.ElementTree as DET
import numpy as np
from shapely.geometry import GeometryCollection, LineString, Point, Polygon
from shapely.geometry.base import BaseGeometry

from geodata.errors import ControlFileError
from geodata.importer.categories import CLASS_FIELDS, HINT_FIELDS
from geodata.importer.gdalread import DATE_FIELDS
from geodata.importer.limits import ImportLimits, date_from, date_in_name
from geodata.importer.model import Feature

#: Elements that are drawn but are never control: counted and named in the summary's warnings.
NOT_PLACEMARKS = ("GroundOverlay", "ScreenOverlay", "PhotoOverlay", "Model", "NetworkLink")
_GEOMETRIES = ("Polygon", "LinearRing", "LineString", "Point", "MultiGeometry", "Track", "MultiTrack", "Model")
_COMMA_SPACES = re.compile(r"\s*,\s*")


@dataclass
class KmlRead:
    """What a KML document holds: its placemarks as features, the elements that are not placemarks, links."""

    features: list[Feature] = field(default_factory=list)
    not_read: Counter[str] = field(default_factory=Counter)
    vertices: int = 0


def _local(tag: object) -> str:
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""


def _child(element: Any, name: str) -> Any:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: Any, name: str) -> list[Any]:
    return [child for child in element if _local(child.tag) == name]


def _text(element: Any) -> str:
    return (element.text or "").strip() if element is not None else ""


def _abgr_to_rgb(value: str) -> str | None:
    """KML's ``aabbggrr`` colour as ``rrggbb``."""
    value = value.strip().lstrip("#").lower()
    if re.fullmatch(r"[0-9a-f]{8}", value):
        return value[6:8] + value[4:6] + value[2:4]
    if re.fullmatch(r"[0-9a-f]{6}", value):  # written without alpha: bbggrr
        return value[4:6] + value[2:4] + value[0:2]
    return None


def _style_colour(style: Any) -> str | None:
    """The fill colour of a ``Style`` element (its PolyStyle's, else its LineStyle's), ``rrggbb``."""
    if style is None:
        return None
    for kind in ("PolyStyle", "LineStyle"):
        part = _child(style, kind)
        if part is not None:
            colour = _child(part, "color")
            if colour is not None and _text(colour):
                return _abgr_to_rgb(_text(colour))
    return None


class _Reader:
    def __init__(self, name: str, limits: ImportLimits) -> None:
        self.name = name
        self.limits = limits
        self.read = KmlRead()
        self.problem: str | None = None

    def fail(self, text: str) -> ControlFileError:
        return ControlFileError(f"{self.name}: {text}")

    def positions(self, text: str, where: str) -> np.ndarray:
        tuples = _COMMA_SPACES.sub(",", text.strip()).split()
        if not tuples:
            return np.empty((0, 2))
        if len(tuples) > self.limits.max_ring_vertices:
            raise self.fail(
                f"{where} has a ring or line of {len(tuples):,} vertices; the limit is {self.limits.max_ring_vertices:,} per ring"
            )
        self.read.vertices += len(tuples)
        if self.read.vertices > self.limits.max_vertices:
            raise ControlFileError(f"{self.name} has more than {self.limits.max_vertices:,} vertices; simplify it first")
        dims = tuples[0].count(",") + 1
        try:
            if dims >= 2 and all(t.count(",") + 1 == dims for t in tuples):
                values = np.array(",".join(tuples).split(","), dtype=float).reshape(-1, dims)[:, :2]
            else:
                values = np.array([[float(v) for v in t.split(",")[:2]] for t in tuples], dtype=float)
        except ValueError:
            raise self.fail(f"{where} has coordinates that are not numbers") from None
        if values.ndim != 2 or values.shape[1] != 2:
            raise self.fail(f"{where} has a position that is not longitude,latitude")
        if not np.isfinite(values).all():
            raise self.fail(f"{where} has a coordinate that is not a finite number (NaN or Infinity)")
        return values

    def ring(self, element: Any, where: str) -> np.ndarray | None:
        xy = self.positions(_text(_child(element, "coordinates")), where)
        if len(xy) == 0:
            return None
        if not (xy[0] == xy[-1]).all():
            if self.problem is None:
                self.problem = (
                    f"{where} has a ring that is not closed (it starts at {xy[0][0]:.5g}, {xy[0][1]:.5g} "
                    f"and ends at {xy[-1][0]:.5g}, {xy[-1][1]:.5g})"
                )
            xy = np.vstack([xy, xy[:1]])
        if len(xy) < 4:
            if self.problem is None:
                self.problem = f"{where} has a ring of {len(xy)} positions; a closed ring needs at least 4"
            return None
        return xy

    def geometry(self, element: Any, where: str) -> BaseGeometry | None:
        kind = _local(element.tag)
        if kind == "Polygon":
            outer_box = _child(element, "outerBoundaryIs")
            outer_ring = _child(outer_box, "LinearRing") if outer_box is not None else None
            shell = self.ring(outer_ring, where) if outer_ring is not None else None
            if shell is None:
                return None
            holes = [
                self.ring(ring, where) for box in _children(element, "innerBoundaryIs") for ring in _children(box, "LinearRing")
            ]
            return Polygon(shell, [h for h in holes if h is not None])
        if kind == "LinearRing":
            xy = self.positions(_text(_child(element, "coordinates")), where)
            if len(xy) >= 4 and (xy[0] == xy[-1]).all():
                return Polygon(xy)
            return LineString(xy) if len(xy) >= 2 else None
        if kind == "LineString":
            xy = self.positions(_text(_child(element, "coordinates")), where)
            return LineString(xy) if len(xy) >= 2 else None
        if kind == "Point":
            xy = self.positions(_text(_child(element, "coordinates")), where)
            return Point(xy[0]) if len(xy) else None
        if kind == "Track":
            coords = [c.text or "" for c in element if _local(c.tag) == "coord"]
            xy = self.positions(" ".join(",".join(c.split()[:2]) for c in coords if c.strip()), where)
            return LineString(xy) if len(xy) >= 2 else None
        if kind in ("MultiGeometry", "MultiTrack"):
            found = [self.geometry(child, where) for child in element if _local(child.tag) in _GEOMETRIES]
            members = [m for m in found if m is not None]
            return GeometryCollection(members) if members else None
        if kind == "Model":
            self.read.not_read["Model"] += 1
        return None


def read_kml(data: bytes, name: str, limits: ImportLimits, index_offset: int = 0) -> KmlRead:
    """The placemarks of a KML document (UTF-8, checked by :func:`.kmlcheck.check_kml`) as features.

    Parameters
    ----------
    data : bytes
        The KML as UTF-8.
    name : str
        The file's name (or ``archive/entry``), for messages.
    limits : ImportLimits
        Vertices per ring and in all.
    index_offset : int
        Features already read from other documents of the same archive (features are numbered on).

    Returns
    -------
    KmlRead
        The features (geometry in WGS 84 degrees, 2D) and the elements left out.

    Raises
    ------
    ControlFileError
        For coordinates that are not numbers, or more vertices than the limits allow.
    """
    reader = _Reader(name, limits)
    styles: dict[str, tuple[str, str | None]] = {}  # id → (signature, colour)
    style_maps: dict[str, str] = {}  # id → the normal style's url
    folders: list[str] = []
    pending: list[tuple[Feature, str]] = []  # features whose style url is resolved at the end
    tags: list[str] = []
    for event, element in DET.iterparse(
        io.BytesIO(data), events=("start", "end"), forbid_dtd=True, forbid_entities=True, forbid_external=True
    ):
        tag = _local(element.tag)
        if event == "start":
            tags.append(tag)
            if tag in ("Folder", "Document"):
                folders.append("")
            continue
        tags.pop()
        parent = tags[-1] if tags else ""
        if tag == "name" and parent in ("Folder", "Document") and folders:
            folders[-1] = _text(element)
        elif tag in ("Folder", "Document"):
            if folders:
                folders.pop()
            element.clear()
        elif tag == "Style" and parent != "Placemark" and element.get("id"):
            ident = element.get("id") or ""
            styles[ident] = ("#" + ident, _style_colour(element))
        elif tag == "StyleMap" and element.get("id"):
            for pair in _children(element, "Pair"):
                if _text(_child(pair, "key")) == "normal":
                    style_maps[element.get("id") or ""] = _text(_child(pair, "styleUrl"))
        elif tag in NOT_PLACEMARKS and parent != "Placemark":
            reader.read.not_read[tag] += 1
            element.clear()
        elif tag == "Placemark":
            pending.append(_placemark(reader, element, index_offset + len(pending) + 1, [f for f in folders if f]))
            element.clear()
    for feature, url in pending:
        if url:
            ident = url.rsplit("#", 1)[-1]
            ident = style_maps.get(ident, "#" + ident).rsplit("#", 1)[-1]
            signature, colour = styles.get(ident, ("#" + ident, None))
            feature.style = feature.style or signature
            feature.colour = feature.colour or colour
        reader.read.features.append(feature)
    return reader.read


def _placemark(reader: _Reader, element: Any, index: int, folders: list[str]) -> tuple[Feature, str]:
    title = _text(_child(element, "name"))
    where = f"feature {index}" + (f" '{title[:60]}'" if title else "")
    reader.problem = None
    geometry = None
    for child in element:
        if _local(child.tag) in _GEOMETRIES:
            geometry = reader.geometry(child, where)
            break
    attributes: dict[str, str] = {}
    dates: dict[str, str] = {}
    part: str | None = None
    extended = _child(element, "ExtendedData")
    if extended is not None:
        for item in extended.iter():
            local = _local(item.tag)
            if local == "Data":
                key, value = (item.get("name") or "").lower(), _text(_child(item, "value"))
            elif local == "SimpleData":
                key, value = (item.get("name") or "").lower(), _text(item)
            else:
                continue
            if key in CLASS_FIELDS or key in HINT_FIELDS:
                attributes[key] = value
            elif key == "part" and value:
                part = value
            elif key in DATE_FIELDS and value:
                dates.setdefault(key, value)
    date_text = None
    when = _text(_child(_child(element, "TimeStamp"), "when")) if _child(element, "TimeStamp") is not None else ""
    span = _child(element, "TimeSpan")
    begin = _text(_child(span, "begin")) if span is not None else ""
    raw = when or begin or next(iter(dates.values()), "")
    date = date_from(raw) if raw else None
    if raw and date is None:
        date_text = raw
    if date is None:
        date = next((d for d in (date_in_name(f) for f in reversed(folders)) if d), None)
    style = _child(element, "Style")
    signature, colour = "", None
    if style is not None:
        colour = _style_colour(style)
        signature = f"colour {colour}" if colour else ""
    feature = Feature(
        index=index,
        name=title,
        geometry=geometry,
        date=date,
        part=part,
        problem=reader.problem,
        broken=reader.problem is not None,
        style=signature,
        colour=colour,
        attributes=attributes,
        folder=" / ".join(folders),
        date_text=date_text,
    )
    return feature, _text(_child(element, "styleUrl"))
