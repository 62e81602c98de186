"""Bring the newest line in one step: download a control layer and hand its bytes to the importer.

:func:`fetch_control` downloads a control file from DeepStateMap's site (its newest layer, or with
``date`` the version of one day) or from any http(s) address an operator names (a mirror, a daily
archive file, an ArcGIS query), with a time-out and a size cap enforced while reading. The bytes go
through the same checks as ``python -m geodata import-control`` (:func:`geodata.importer.read_control_file`,
never a second parser) and are written by :func:`geodata.importer.write_imported_snapshot`, dated
from the layer itself, with where and when they were fetched, their sha256 and the source's terms.

Anything that goes wrong (offline, a refused connection, an HTTP error, an HTML page, a body that is
not JSON, a file the checks refuse, a time-out, a body over the cap) raises :class:`FetchError`, a
``ValueError`` whose message is one line saying what happened and what to do; nothing is written
then. Nothing here is committed data: what DeepStateMap publishes stays on the operator's machine.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from geodata.dataset import Dataset
from geodata.errors import FetchError, one_line as _one_line
from geodata.fetch.bodies import _check_body, _versions, find_version, unwrap_json_string
from geodata.fetch.download import Download, _shown, check_url, download
from geodata.fetch.sources import (
    DEEPSTATEMAP,
    DEEPSTATEMAP_BASE,
    DEEPSTATEMAP_LAST_PATH,
    DEEPSTATEMAP_VERSION_PATH,
    DEEPSTATEMAP_VERSIONS_PATH,
    DEFAULT_MAX_BYTES,
    DEFAULT_TIMEOUT_S,
    MAX_MAX_BYTES,
    MB,
    TOTAL_TIMEOUT_FACTOR,
    Source,
    url_source,
)
from geodata.importer import (
    DEFAULT_LIMITS,
    ControlFileError,
    ImportResult,
    ImportWriteError,
    read_control_file,
    validate_as_of,
    write_imported_snapshot,
)

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class FetchResult:
    """A fetched layer, checked and written.

    Attributes
    ----------
    path : Path
        The snapshot written, ``<out_dir>/<as_of>.geojson``.
    provenance_path : Path
        Its provenance, ``<out_dir>/<as_of>.provenance.json``.
    as_of : str
        The layer's own date, YYYY-MM-DD.
    source : Source
        Who published it, and on which terms.
    download : Download
        The address, time, size and sha256 of what was downloaded.
    imported : ImportResult
        What the importer made of it (snapshot and summary: features, area in km², shares 0-1).
    replaced : bool
        Whether an earlier fetch of the same date and source was replaced.
    """

    path: Path
    provenance_path: Path
    as_of: str
    source: Source
    download: Download
    imported: ImportResult
    replaced: bool


# ---------------------------------------------------------------------------------------------
# Fetching a layer
# ---------------------------------------------------------------------------------------------


def _name_for(url: str) -> str:
    """The name the importer shows (and whose extension it compares): host and path, never the query."""
    parts = urllib.parse.urlsplit(url)
    return _one_line(f"{parts.hostname}{urllib.parse.unquote(parts.path) or '/'}", 120)


def _earlier_fetch(out_dir: Path, as_of: str, source: Source, url: str) -> bool:
    """Whether ``<out_dir>/<as_of>`` was written by an earlier fetch of the same source (so may be replaced)."""
    sidecar = out_dir / f"{as_of}.provenance.json"
    try:
        fetched = json.loads(sidecar.read_text(encoding="utf-8")).get("fetch")
    except (OSError, ValueError, AttributeError):
        return False
    if not isinstance(fetched, dict) or fetched.get("source") != source.id:
        return False
    return (
        source.id != "url"
        or urllib.parse.urlsplit(str(fetched.get("address", ""))).hostname == urllib.parse.urlsplit(url).hostname
    )


def fetch_control(
    *,
    url: str | None = None,
    date: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
    out_dir: Path | None = None,
    force: bool = False,
    repair: bool = False,
    base: str | None = None,
    dataset: Dataset,
) -> FetchResult:
    """Download a control layer, check it as ``import-control`` does, and write it as a dated snapshot.

    Parameters
    ----------
    url : str, optional
        Any http(s) address serving a file the importer accepts (GeoJSON, DeepStateMap JSON, ArcGIS
        GeoJSON, Esri JSON, KML, KMZ). By default DeepStateMap's newest layer,
        ``<base>/api/history/last``.
    date : str, optional
        YYYY-MM-DD: DeepStateMap's last version of that day, found in ``<base>/api/history/public``.
        Only for a source with history (not with ``url``).
    timeout : float
        Seconds to connect and to wait for each piece of an answer; the whole fetch must end within
        ``TOTAL_TIMEOUT_FACTOR`` times as long.
    max_bytes : int
        Size cap of each answer, bytes (at most ``MAX_MAX_BYTES``); also the importer's file limit.
    out_dir : Path, optional
        Where to write; by default the dataset's user data folder (``dataset.paths.user_control_dir``,
        :mod:`geodata.settings`), never the package's own folder.
    force : bool
        Replace a snapshot of that date even if shipped or imported by hand.
        An earlier fetch of the same date from the same source is replaced without it.
    repair : bool
        Let the importer repair invalid geometry (``--repair``), reporting what changed.
    base : str, optional
        DeepStateMap's site; ``DEEPSTATEMAP_BASE`` (read at call time) by default.
    dataset : geodata.dataset.Dataset
        The regions the layer is cut to.

    Returns
    -------
    FetchResult
        What was written, the layer's date, the download's address, time and sha256, and the
        importer's summary (features used, area in km² in EPSG:6933, shares 0-1 per region).

    Raises
    ------
    FetchError
        For anything that fails, with one line saying what happened and what to do; nothing is
        written then. Unexpected exceptions are logged with their traceback and raised as a
        FetchError with ``internal=True``.
    """
    try:
        return _fetch_control(
            url,
            date,
            timeout,
            max_bytes,
            _folder(out_dir, dataset),
            force,
            repair,
            base or DEEPSTATEMAP_BASE,
            dataset=dataset,
        )
    except FetchError:
        raise
    except Exception as exc:  # noqa: BLE001 - the promise: one line, never a traceback for the user
        logger.exception("fetch-control failed unexpectedly")
        raise FetchError(
            f"fetch-control failed unexpectedly ({type(exc).__name__}); nothing was written; the details are logged "
            "(on the command line: --verbose)",
            internal=True,
        ) from exc


def _folder(out_dir: Path | None, dataset: Dataset) -> Path:
    """Where a fetch writes: ``out_dir`` if given, else the dataset's user data folder."""
    if out_dir is not None:
        return Path(out_dir)
    if dataset.paths.user_control_dir is None:
        raise FetchError("no folder to write into: give out_dir (this dataset has no user data folder)")
    return dataset.paths.user_control_dir


def _fetch_control(
    url: str | None,
    day: str | None,
    timeout: float,
    max_bytes: int,
    out_dir: Path,
    force: bool,
    repair: bool,
    base: str,
    *,
    dataset: Dataset,
) -> FetchResult:
    if not (isinstance(timeout, (int, float)) and 0 < timeout <= 600):
        raise FetchError("the time-out must be more than 0 and at most 600 seconds (--timeout)")
    if not (isinstance(max_bytes, int) and 0 < max_bytes <= MAX_MAX_BYTES):
        raise FetchError(f"the size cap must be more than 0 and at most {MAX_MAX_BYTES // MB} MB (--max-mb)")
    if day is not None:
        try:
            validate_as_of(day)
        except ValueError as exc:
            raise FetchError(f"--date: {exc}") from None
    source = DEEPSTATEMAP if url is None else url_source(check_url(url))
    if day is not None and not source.has_history:
        raise FetchError(
            "--date needs a source with dated versions (DeepStateMap); an address given with --url serves one file: "
            "pass the address of that day's file instead"
        )
    deadline = time.monotonic() + TOTAL_TIMEOUT_FACTOR * timeout
    version: dict[str, Any] | None = None
    if url is None:
        base = check_url(base).rstrip("/")
        if day is None:
            url = base + DEEPSTATEMAP_LAST_PATH
        else:
            versions = download(base + DEEPSTATEMAP_VERSIONS_PATH, timeout=timeout, max_bytes=max_bytes, deadline=deadline)
            version = find_version(_versions(versions), day)
            url = base + DEEPSTATEMAP_VERSION_PATH.format(id=urllib.parse.quote(str(version["id"]), safe=""))
    fetched = download(url, timeout=timeout, max_bytes=max_bytes, deadline=deadline)
    data = _check_body(fetched, want_json=source.id == "deepstatemap")
    limits = replace(DEFAULT_LIMITS, max_bytes=max(max_bytes, DEFAULT_LIMITS.max_bytes))
    try:
        imported = read_control_file(data, _name_for(url), repair=repair, limits=limits, dataset=dataset)
    except ControlFileError as exc:
        if exc.internal:
            logger.error("the importer failed on %s", _shown(url), exc_info=exc.__cause__ or exc)
        raise FetchError(
            f"the layer from {_shown(url)} was refused: {exc.message} (to see the whole report, save the file and run "
            "`python -m geodata validate FILE`)"
        ) from None
    summary = imported.summary
    as_of = summary.as_of if summary.date_source == "file" else None
    if version is not None:
        if as_of is not None and as_of != day:
            raise FetchError(
                f"DeepStateMap's version {version['id']} listed on {day} is dated {as_of} in its layer; nothing was written: "
                "pick another --date"
            )
        as_of = day
    if as_of is None:
        raise FetchError(
            f"the layer from {_shown(url)} carries no date of its own (DeepStateMap's datetime, or an as_of or date all "
            "features share), "
            "so fetch-control cannot date it: save it and run `python -m geodata import-control FILE --as-of DATE`"
        )
    # A layer dated in the future would become the newest line, with a negative age: refuse it.
    if datetime.date.fromisoformat(as_of) > datetime.date.today() + datetime.timedelta(days=1):
        raise FetchError(
            f"the layer from {_shown(url)} is dated {as_of}, later than today; nothing was written: "
            "check the source, or save the file and import it with `python -m geodata import-control FILE --as-of DATE`"
        )

    dated_from = f"version {version['id']} of {day}" if version is not None else "the layer's own date"
    credit = f"{source.attribution}: layer of {as_of}"
    snapshot = replace(
        imported.snapshot,
        as_of=as_of,
        sources=(
            f"{credit}, fetched {fetched.fetched_at} from {_shown(fetched.final_url)}, sha256 {fetched.sha256}; {source.licence}",
        ),
    )
    imported = ImportResult(snapshot=snapshot, summary=summary)
    provenance = {
        "fetch": {
            "source": source.id,
            "source_name": source.name,
            "address": _shown(url),
            "final_address": _shown(fetched.final_url),
            "fetched_at": fetched.fetched_at,
            "http_status": fetched.status,
            "content_type": fetched.content_type,
            "size_bytes": len(fetched.data),
            "sha256": fetched.sha256,
            "json_string_unwrapped": data is not fetched.data,
            "dated_from": dated_from,
            "licence": source.licence,
            "attribution": source.attribution,
            **({"version": {k: version[k] for k in ("id", "createdAt") if k in version}} if version is not None else {}),
        }
    }
    replaced = not force and (out_dir / f"{as_of}.geojson").exists() and _earlier_fetch(out_dir, as_of, source, url)
    # Into the user data folder, a date the package ships is refused too: a user's file there would replace it.
    user = dataset.paths.user_control_dir
    protected = dataset.protected_dates() if user is not None and out_dir.resolve() == user.resolve() else None
    try:
        path = write_imported_snapshot(
            imported, as_of, out_dir, force=force, replace_import=replaced, extra=provenance, protected=protected
        )
    except ImportWriteError as exc:
        raise FetchError(f"{exc}; nothing was written") from None
    except OSError as exc:
        raise FetchError(f"cannot write into {out_dir} ({exc.strerror or exc}); nothing was written") from None
    logger.info("wrote %s from %s", path, _shown(url))
    return FetchResult(
        path=path,
        provenance_path=path.with_name(f"{as_of}.provenance.json"),
        as_of=as_of,
        source=source,
        download=fetched,
        imported=imported,
        replaced=replaced,
    )


def format_fetch_line(result: FetchResult, relative_to: Path | None = None) -> str:
    """The one-line summary of a fetch: date, features, area (km², EPSG:6933), file written, source.

    Parameters
    ----------
    result : FetchResult
        What :func:`fetch_control` returned.
    relative_to : Path, optional
        Show the path relative to this folder when it lies inside it.

    Returns
    -------
    str
        One line of plain text: the line's date, features used and read, the control area in km², the file written,
        and the source with its address (credentials removed), time fetched and licence.
    """
    summary = result.imported.summary
    path = result.path
    if relative_to is not None and path.is_relative_to(relative_to):
        path = path.relative_to(relative_to)
    replaced = " (replacing an earlier fetch)" if result.replaced else ""
    return (
        f"{result.as_of}: {summary.features_used} of {summary.features_read} features used, control area "
        f"{summary.area_km2:,.0f} km² inside Ukraine's regions (EPSG:6933); wrote {path}{replaced}; source {result.source.name} "
        f"({_shown(result.download.url)}, fetched {result.download.fetched_at}; {result.source.licence})"
    )


def configured_source(environ: Mapping[str, str] | None = None) -> str | None:
    """The source an operator configured for the dashboard's fetch button, or ``None`` (off, the default).

    Parameters
    ----------
    environ : mapping, optional
        The environment (``os.environ`` by default); ``CLAIMS_MAP_FETCH_SOURCE`` is ``deepstatemap`` or an
        http(s) address. Visitors never supply it.

    Returns
    -------
    str or None
        ``"deepstatemap"``, the address, or ``None`` when unset or empty.

    Raises
    ------
    FetchError
        For a value that is neither ``deepstatemap`` nor an http(s) address.
    """
    value = (os.environ if environ is None else environ).get("CLAIMS_MAP_FETCH_SOURCE", "").strip()
    if not value:
        return None
    if value.lower() == DEEPSTATEMAP.id:
        return DEEPSTATEMAP.id
    return check_url(value)


__all__ = [
    "DEEPSTATEMAP",
    "DEEPSTATEMAP_BASE",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT_S",
    "Download",
    "FetchError",
    "FetchResult",
    "Source",
    "check_url",
    "configured_source",
    "download",
    "fetch_control",
    "find_version",
    "format_fetch_line",
    "unwrap_json_string",
    "url_source",
]
