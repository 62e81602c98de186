"""What a file was read into before assembly: its features, with names, dates and geometry."""

from __future__ import annotations

from dataclasses import dataclass, field

from shapely.geometry.base import BaseGeometry


@dataclass
class Feature:
    """One feature (or placemark) of the file.

    Attributes
    ----------
    index : int
        1-based, in file order over all layers, as users count.
    name : str
        Its name (``name``, ``Name``, ``title`` …), or ''.
    geometry : BaseGeometry or None
        As read, 2D, in the file's CRS; ``None`` for a null geometry.
    date : str or None
        Its own date (a ``date`` field, its layer's name), YYYY-MM-DD.
    part : str or None
        The ``part`` of the project's own export (``russian_held`` …), if it is one.
    problem : str or None
        A ring that is open or too short (from the JSON walk), for the message.
    broken : bool
        GDAL read a geometry GEOS could not build as it is (an open or too-short ring).
    style : str
        What the feature is drawn with, as one comparable text (a KML style id, a fill colour, a
        simplestyle or Google My Maps ``styleUrl``), or '': two areas with different styles are
        different classes unless something else says which is which.
    colour : str or None
        Its fill colour as ``rrggbb`` (lower case), from a KML PolyStyle, a ``fill`` property or a
        Google My Maps style id.
    attributes : dict of str to str
        Class-bearing fields (``status``, ``control``, ``class`` …) and their text values.
    folder : str
        The names of the folders or layers it is in, innermost last, joined by " / ".
    date_text : str or None
        A date value the importer could not read (warned about; the feature is then undated).
    """

    index: int
    name: str
    geometry: BaseGeometry | None
    date: str | None = None
    part: str | None = None
    problem: str | None = None
    broken: bool = False
    style: str = ""
    colour: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)
    folder: str = ""
    date_text: str | None = None


@dataclass
class Parsed:
    """A file read and checked up to its coordinates."""

    format: str
    features: list[Feature]
    crs: str
    file_date: str | None = None
    warnings: list[str] = field(default_factory=list)
