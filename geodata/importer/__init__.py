"""Bring your own front line: read a control file a user supplies, check it, normalise it, use it.

Analysts bring the line of contact in whatever their tools wrote: a DeepStateMap download or daily
archive, an ISW/ArcGIS query, a QGIS or FME export, a Google Earth KMZ, a mapshaper TopoJSON, a zipped
shapefile, a GeoPackage. :func:`read_control_file` turns such a file, given as **bytes**, into a
:class:`~geodata.control.ControlSnapshot`, or refuses it with a one-line :class:`ControlFileError`.

GDAL reads (through pyogrio, from ``/vsimem/``); the project guards. What is the project's own: the
format detected from the bytes (:mod:`.sniff`), the limits on size, vertices, nesting and archives,
checked before GDAL sees the bytes (:mod:`.limits`, :mod:`.containers`, :mod:`.jsondoc` with
:mod:`.jsonscan` for large files, :mod:`.kmlcheck`), the checks on CRS and coordinates and the repair (:mod:`.crs`,
:mod:`.geometry`), histories of several dates (:mod:`.history`), the assembly into a snapshot (:mod:`.assembly`) and the
messages. Nothing is read from a path or a URL the file names; nothing is written but by
:func:`write_imported_snapshot`. All text returned is plain text: whatever shows it escapes it.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from typing import TypeVar

from geodata.dataset import Dataset
from geodata.errors import ControlFileError, ImportWriteError
from geodata.importer.assembly import UNDATED, assemble
from geodata.importer.categories import DEEPSTATE_OCCUPIED_NAME
from geodata.importer.history import DateChoiceError, choose
from geodata.importer.limits import (
    DEFAULT_LIMITS,
    MB,
    REGION_OF_INTEREST,
    ImportLimits,
    checked_date,
    display_name,
    validate_as_of,
)
from geodata.importer.model import Parsed
from geodata.importer.reading import parse
from geodata.importer.results import ImportResult, ImportSummary
from geodata.importer.sniff import READABLE, UPLOAD_EXTENSIONS
from geodata.importer.writing import export_deepstate, write_imported_snapshot

_R = TypeVar("_R")

logger = logging.getLogger(__name__)


def read_control_file(
    data: bytes,
    filename: str,
    *,
    as_of: str | None = None,
    date: str | None = None,
    repair: bool = False,
    limits: ImportLimits = DEFAULT_LIMITS,
    dataset: Dataset,
) -> ImportResult:
    """Check a control file given as bytes and turn it into a control snapshot.

    Parameters
    ----------
    data : bytes
        The file's content (at most ``limits.max_bytes``).
    filename : str
        The name the user gave it: shown in messages (plain text) and its extension compared with the content.
    as_of : str, optional
        The date of the control data, YYYY-MM-DD; by default the file's own (or the chosen ``date``).
    date : str, optional
        For a history (a file of several dates), the date whose features are used, YYYY-MM-DD.
    repair : bool
        Close open rings and make invalid polygons valid (``shapely.make_valid``), reporting what changed.
    limits : ImportLimits
        What the file may hold.
    dataset : Dataset
        The regions the control areas are cut to, and the caches the result is kept in.

    Returns
    -------
    ImportResult
        The snapshot (one geometry per region in WGS 84 degrees, clipped to it; key ``upload:<sha256>:…``)
        and a plain-text summary: features, categories, area in km² (EPSG:6933), shares 0-1, dates.

    Raises
    ------
    DateChoiceError
        A :class:`ControlFileError` for a history read without ``date``; its ``dates`` lists them.
    ControlFileError
        For anything wrong with the file, in one line. Nothing else escapes for any ``data``; an
        unexpected exception is logged with its traceback and reported with ``internal=True``.
    TypeError
        If ``data`` is not bytes (a path or a URL is never opened).
    """
    return _guarded(
        data,
        filename,
        lambda parsed, name, sha, size: _one(parsed, name, sha, size, as_of, date, repair, limits, dataset=dataset),
        limits,
        repair,
        as_of,
        date,
    )


def read_control_history(
    data: bytes, filename: str, *, repair: bool = False, limits: ImportLimits = DEFAULT_LIMITS, dataset: Dataset
) -> list[ImportResult]:
    """Every date of a control file as its own result, oldest first (one result for a file of one date or none).

    The file is read once.

    Parameters
    ----------
    data : bytes
        The file's content (at most ``limits.max_bytes``).
    filename : str
        The name the user gave it: shown in messages (plain text) and its extension compared with the content.
    repair : bool
        Close open rings and make invalid polygons valid (``shapely.make_valid``), reporting what changed.
    limits : ImportLimits
        What the file may hold.
    dataset : Dataset
        The regions the control areas are cut to, and the caches the results are kept in.

    Returns
    -------
    list of ImportResult
        One result per date, each as :func:`read_control_file` returns it for that ``date``.

    Raises
    ------
    ControlFileError
        As :func:`read_control_file`.
    TypeError
        If ``data`` is not bytes.
    """

    def every(parsed: Parsed, name: str, sha: str, size: int) -> list[ImportResult]:
        try:
            return [_one(parsed, name, sha, size, None, None, repair, limits, dataset=dataset)]
        except DateChoiceError as choice:
            return [_one(parsed, name, sha, size, None, d, repair, limits, dataset=dataset) for d in choice.dates]

    return _guarded(data, filename, every, limits, repair, None, None)


def control_file_dates(data: bytes, filename: str, *, limits: ImportLimits = DEFAULT_LIMITS) -> tuple[str, ...]:
    """The dates a control file holds, oldest first (empty for an undated file), without assembling it.

    Parameters
    ----------
    data : bytes
        The file's content (at most ``limits.max_bytes``).
    filename : str
        The name the user gave it: shown in messages (plain text) and its extension compared with the content.
    limits : ImportLimits
        What the file may hold.

    Returns
    -------
    tuple of str
        The dates, YYYY-MM-DD: those the features carry, else the file's own date, else none.

    Raises
    ------
    ControlFileError
        As :func:`read_control_file`, for a file that cannot be read.
    """
    from geodata.importer.history import file_dates

    def dates(parsed: Parsed, _name: str, _sha: str, _size: int) -> tuple[str, ...]:
        found = file_dates(parsed)
        return found or ((parsed.file_date,) if parsed.file_date else ())

    return _guarded(data, filename, dates, limits, True, None, None)


def _one(
    parsed: Parsed,
    name: str,
    sha: str,
    size: int,
    as_of: str | None,
    date: str | None,
    repair: bool,
    limits: ImportLimits,
    *,
    dataset: Dataset,
) -> ImportResult:
    if not parsed.file_date:
        from geodata.importer.limits import date_in_name

        parsed.file_date = date_in_name(name)  # deepstatemap_data_YYYYMMDD.geojson, front_01.05.2024.kml
    chosen, dates = choose(parsed, name, date)
    return assemble(chosen, name, sha, size, as_of, repair, limits, dates, dataset=dataset)


def _guarded(
    data: object,
    filename: str,
    then: Callable[[Parsed, str, str, int], _R],
    limits: ImportLimits,
    repair: bool,
    as_of: str | None,
    date: str | None,
) -> _R:
    """Read ``data`` (checked to be bytes: callers may pass anything at run time) and hand the parse to ``then``,
    letting only :class:`ControlFileError` (or ``TypeError`` for what is not bytes) out."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError("read_control_file takes the file's bytes, never a path or a URL")
    data = bytes(data)
    name = display_name(filename)
    try:
        checked_date(as_of)
        checked_date(date)
        if not data:
            raise ControlFileError(f"{name} is empty")
        if len(data) > limits.max_bytes:
            from geodata.importer.limits import too_big

            raise ControlFileError(too_big(name, len(data), limits))
        sha = hashlib.sha256(data).hexdigest()
        parsed = parse(data, name, limits, repair)
        return then(parsed, name, sha, len(data))
    except ControlFileError:
        raise
    except MemoryError:
        raise ControlFileError(f"{name} needs more memory than this server has to read") from None
    except RecursionError:
        raise ControlFileError(f"{name} is nested too deeply to read") from None
    except Exception as exc:  # noqa: BLE001 - the promise: nothing but ControlFileError reaches the caller
        logger.error("unexpected error while reading %s", name, exc_info=exc)
        raise ControlFileError(f"{name} could not be read: unexpected {type(exc).__name__}", internal=True) from exc


__all__ = [
    "DEEPSTATE_OCCUPIED_NAME",
    "DEFAULT_LIMITS",
    "MB",
    "READABLE",
    "REGION_OF_INTEREST",
    "UNDATED",
    "UPLOAD_EXTENSIONS",
    "ControlFileError",
    "DateChoiceError",
    "ImportLimits",
    "ImportResult",
    "ImportSummary",
    "ImportWriteError",
    "control_file_dates",
    "export_deepstate",
    "read_control_file",
    "read_control_history",
    "validate_as_of",
    "write_imported_snapshot",
]
