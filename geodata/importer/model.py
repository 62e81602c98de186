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
    """

    index: int
    name: str
    geometry: BaseGeometry | None
    date: str | None = None
    part: str | None = None
    problem: str | None = None
    broken: bool = False


@dataclass
class Parsed:
    """A file read and checked up to its coordinates."""

    format: str
    features: list[Feature]
    crs: str
    file_date: str | None = None
    warnings: list[str] = field(default_factory=list)
