"""What a control file may hold, and the small helpers every message uses (names, sizes, dates).

Every limit is checked before the work it protects (see the README, "Importing control data").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from geodata.control import AS_OF_PATTERN
from geodata.errors import ControlFileError, one_line as _one_line

MB = 1024 * 1024

#: The region a control file may cover, degrees (west, south, east, north): Ukraine with a margin.
#: Anything outside is a mistake (wrong CRS, swapped axes, another country), not data.
REGION_OF_INTEREST: tuple[float, float, float, float] = (20.0, 43.0, 42.0, 53.5)

#: Web Mercator's half-width in metres: projected coordinates beyond it are not Web Mercator.
WEB_MERCATOR_MAX = 20_037_508.342789244

#: Entries smaller than this are not checked for their compression ratio: tiny files cannot be bombs.
ZIP_RATIO_MIN_BYTES = 64 * 1024
#: An archive's central directory is small (100 entries with short names); a huge one is a trick.
ZIP_MAX_DIRECTORY_BYTES = 1 * MB


@dataclass(frozen=True)
class ImportLimits:
    """What a control file may hold; anything beyond is refused before it can use much memory or time.

    Attributes
    ----------
    max_bytes : int
        Size of the file, and of each file read from inside an archive or a gzip stream once unpacked
        (20 MB, as the dashboard's upload limit).
    max_vertices : int
        Positions in all areas used, together.
    max_ring_vertices : int
        Positions in one ring.
    max_features : int
        Features (or placemarks) in the file, all layers together.
    max_json_depth : int
        Nesting of JSON arrays and objects, checked on the raw text before parsing.
    max_json_containers : int
        JSON arrays and objects in the file, counted before parsing.
    max_collection_depth : int
        GeometryCollections (or KML MultiGeometry) inside one another.
    max_xml_depth : int
        Nesting of XML elements in KML.
    max_zip_entries : int
        Files in a ZIP archive (KMZ, zipped shapefile), from the ZIP's end record.
    max_zip_total_bytes : int
        Uncompressed size of all files in an archive, from its directory, before unpacking.
    max_zip_ratio : float
        Uncompressed over compressed size of any entry that is read and larger than 64 KiB
        (KML compresses about 10:1; a decompression bomb about 1000:1). Entries never read
        (an overlay image) are not unpacked and not checked.
    max_layers : int
        Layers in a file (GeoPackage tables, KML folders, TopoJSON objects).
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
    max_layers: int = 100


DEFAULT_LIMITS = ImportLimits()


def display_name(filename: object) -> str:
    """The file's name as given, on one line, short. Never used to open anything: only shown and its extension compared.

    Parameters
    ----------
    filename : object
        The name the user gave the file (anything: it is only shown).

    Returns
    -------
    str
        That name on one line, at most 120 characters; ``"the file"`` when it is empty.
    """
    return _one_line(filename or "", 120) or "the file"


def quote(text: object) -> str:
    """A feature name quoted for a message: one line, short.

    Parameters
    ----------
    text : object
        The name or value to quote.

    Returns
    -------
    str
        The text on one line, at most 60 characters, in single quotes.
    """
    return "'" + _one_line(text, 60) + "'"


def mb(size: int) -> str:
    """A size for a message: MB above 0.1 MB, else bytes.

    Parameters
    ----------
    size : int
        A size in bytes.

    Returns
    -------
    str
        ``"12.3 MB"`` (1 MB = :data:`MB` bytes) from 0.1 MB up, else ``"1,234 bytes"``.
    """
    return f"{size / MB:,.1f} MB" if size >= MB // 10 else f"{size:,} bytes"


def limit_mb(size: int) -> str:
    """A limit in MB, without needless decimals.

    Parameters
    ----------
    size : int
        A limit in bytes.

    Returns
    -------
    str
        The limit in MB (:data:`MB` bytes each), such as ``"20 MB"`` or ``"0.5 MB"``.
    """
    return f"{size / MB:g} MB"


def too_big(name: str, size: int, limits: ImportLimits) -> str:
    """The message for a file over the size limit (exact bytes: "20.0 MB; the limit is 20 MB" would puzzle).

    Parameters
    ----------
    name : str
        The file's name as shown (:func:`display_name`).
    size : int
        The file's size in bytes.
    limits : ImportLimits
        The limits read against (``max_bytes``).

    Returns
    -------
    str
        One line of plain text naming the size and the limit, each in MB and in bytes.
    """
    return f"{name} is {mb(size)} ({size:,} bytes); the limit is {limit_mb(limits.max_bytes)} ({limits.max_bytes:,} bytes)"


def fmt_xy(x: float, y: float) -> str:
    """A position for a message.

    Parameters
    ----------
    x, y : float
        The position's coordinates, in the file's own units (degrees or metres).

    Returns
    -------
    str
        ``"x, y"``, each to five significant digits.
    """
    return f"{x:.5g}, {y:.5g}"


def validate_as_of(as_of: str) -> str:
    """Return ``as_of`` if it is a real date written YYYY-MM-DD.

    Parameters
    ----------
    as_of : str
        The date to check.

    Returns
    -------
    str
        ``as_of`` itself, unchanged.

    Raises
    ------
    ValueError
        Saying what is wrong: the date becomes a file name, so nothing but digits and hyphens in that shape may pass.
    """
    if not isinstance(as_of, str) or not AS_OF_PATTERN.fullmatch(as_of):
        raise ValueError(f"the date must be written YYYY-MM-DD, not {quote(as_of)}")
    try:
        date.fromisoformat(as_of)
    except ValueError:
        raise ValueError(f"{as_of} is not a calendar date") from None
    return as_of


def checked_date(as_of: str | None) -> str | None:
    """``validate_as_of`` as a :class:`ControlFileError`, passing ``None`` through.

    Parameters
    ----------
    as_of : str or None
        The date to check, YYYY-MM-DD, or ``None``.

    Returns
    -------
    str or None
        ``as_of`` itself, unchanged.

    Raises
    ------
    ControlFileError
        With :func:`validate_as_of`'s message, for a date that is not a real YYYY-MM-DD date.
    """
    if as_of is None:
        return None
    try:
        return validate_as_of(as_of)
    except ValueError as exc:
        raise ControlFileError(str(exc)) from None


_ISO_DAY = re.compile(r"\s*(\d{4})-?(\d{2})-?(\d{2})(?:$|[T\s_Z.+:-])")
#: 2024/05/01 (year first: never ambiguous).
_YEAR_SLASH_DAY = re.compile(r"\s*(\d{4})/(\d{1,2})/(\d{1,2})(?:$|[T\s])")
#: 01.05.2024, 1.5.2024, 01.05.24 and 01-05-2024 (day first, as Ukrainians and Europeans write; never month first).
_DAY_FIRST = re.compile(r"\s*(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})(?:$|[T\s,]|\.?$)")
#: 01/05/2024: day first unless the second number cannot be a month (05/31/2024 is read as month first).
_SLASHED = re.compile(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:$|[T\s,])")
_MONTHS = {m: i + 1 for i, m in enumerate(("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"))}
#: 1 May 2024, May 1, 2024, 1-May-2024.
_NAMED_MONTH = re.compile(
    r"\s*(?:(\d{1,2})[\s-]+([a-z]{3})[a-z]*\.?[\s-]+(\d{4})|([a-z]{3})[a-z]*\.?\s+(\d{1,2}),?\s+(\d{4}))\b", re.IGNORECASE
)
_DAY_IN_TEXT = re.compile(r"(?<!\d)(20\d{2})[-_.]?(\d{2})[-_.]?(\d{2})(?!\d)")
_DAY_FIRST_IN_TEXT = re.compile(r"(?<![\d.])(\d{2})[._-](\d{2})[._-](20\d{2})(?!\d)")


def _day(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _date_from_text(value: str) -> str | None:
    """A date written in any of the forms real control files use (see :func:`date_from`), or ``None``."""
    match = _ISO_DAY.match(value)
    if match:
        return _day(*map(int, match.groups()))
    match = _YEAR_SLASH_DAY.match(value)
    if match:
        return _day(*map(int, match.groups()))
    match = _DAY_FIRST.match(value)
    if match:
        day, month, year = match.groups()
        return _day(int(year) + (2000 if len(year) == 2 else 0), int(month), int(day))
    match = _SLASHED.match(value)
    if match:
        first, second, year = map(int, match.groups())
        return _day(year, second, first) if second <= 12 else _day(year, first, second)
    match = _NAMED_MONTH.match(value)
    if match:
        day, month, year, month2, day2, year2 = match.groups()
        month_number = _MONTHS.get((month or month2 or "").lower())
        if month_number:
            return _day(int(year or year2), month_number, int(day or day2))
    return None


def date_from(value: Any) -> str | None:
    """A YYYY-MM-DD date from a file's date field.

    Parameters
    ----------
    value : object
        ISO text (``2024-05-01``, ``20240501``, ``2024-05-01T00:00:00Z``), ``2024/05/01``, day first
        (``01.05.2024``, ``1.5.2024``, ``01.05.24``, ``01-05-2024``, ``01/05/2024``; ``05/31/2024`` is month
        first, as it can only be), a named month (``1 May 2024``, ``May 1, 2024``), a numpy or Python
        date, or seconds or milliseconds since 1970.

    Returns
    -------
    str or None
        The date, or ``None`` when the value holds none that can be read.
    """
    if value is None or isinstance(value, bool):
        return None
    if hasattr(value, "item") and not isinstance(value, (str, bytes)):  # numpy scalars: datetime64, int64, float64
        text = str(value)
        if re.match(r"\d{4}-\d{2}-\d{2}", text):
            return date_from(text[:10])
        try:
            value = value.item()
        except (ValueError, TypeError):
            return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, str):
        return _date_from_text(value)
    elif isinstance(value, (int, float)) and math.isfinite(value):
        seconds = value / 1000 if value > 1e11 else value
        if 946_684_800 <= seconds <= 4_102_444_800:  # 2000 to 2100: anything else is not a timestamp
            return datetime.fromtimestamp(seconds, tz=UTC).date().isoformat()
    return None


def date_in_name(name: object) -> str | None:
    """A date written in a name, such as ``deepstatemap_data_20260822.geojson``, ``front 2025-11-20`` or ``лінія 01.05.2024``.

    Parameters
    ----------
    name : object
        A file or layer name; anything that is not a string holds no date.

    Returns
    -------
    str or None
        The first real calendar date written in it (year first, or day first with dots), as YYYY-MM-DD; ``None``
        when it holds none.
    """
    if not isinstance(name, str):
        return None
    for match in _DAY_IN_TEXT.finditer(name):
        found = _day(*map(int, match.groups()))
        if found:
            return found
    for match in _DAY_FIRST_IN_TEXT.finditer(name):
        day, month, year = map(int, match.groups())
        found = _day(year, month, day)
        if found:
            return found
    return None
