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

import hashlib
import json
import logging
import os
import re
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, replace
from datetime import datetime, timezone
from html import unescape
from pathlib import Path
from typing import Any, Mapping

from geodata.errors import CONTROL_CHARS, FetchError
from geodata.errors import one_line as _one_line
from geodata import __version__, paths
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

MB = 1024 * 1024

#: DeepStateMap's site (https://deepstatemap.live, the "DeepState" volunteer map of the war). Its JSON
#: API is unofficial and changes without notice: ``/api/history/last`` serves the newest layer as
#: ``{"id", "datetime", "map": FeatureCollection}`` (some clients receive that object as a JSON-encoded
#: string), ``/api/history/public`` lists the dated versions (``[{"id", "createdAt", ...}]``; reported
#: in 2026 to need sign-in) and ``/api/history/<id>/geojson`` serves one version's FeatureCollection.
DEEPSTATEMAP_BASE = "https://deepstatemap.live"
DEEPSTATEMAP_LAST_PATH = "/api/history/last"
DEEPSTATEMAP_VERSIONS_PATH = "/api/history/public"
DEEPSTATEMAP_VERSION_PATH = "/api/history/{id}/geojson"

#: Seconds to connect and to wait for each piece of the answer.
DEFAULT_TIMEOUT_S = 30.0
#: The whole download (every request of one fetch) must end within this many time-outs.
TOTAL_TIMEOUT_FACTOR = 4
#: The size cap, by default the importer's own file limit (20 MB).
DEFAULT_MAX_BYTES = DEFAULT_LIMITS.max_bytes
#: The largest cap an operator may set (``--max-mb``).
MAX_MAX_BYTES = 200 * MB
_CHUNK = 64 * 1024
_USER_AGENT = f"claims-map-geodata/{__version__} (fetch-control)"
_ACCEPT = "application/json, application/geo+json, application/vnd.google-earth.kml+xml, application/vnd.google-earth.kmz, */*;q=0.5"


@dataclass(frozen=True)
class Source:
    """Where a layer comes from, and on which terms.

    Attributes
    ----------
    id : str
        ``deepstatemap``, or ``url`` for an address an operator names.
    name : str
        Who publishes it, as shown in the summary and the snapshot's sources.
    licence : str
        The source's licence line, as recorded in the provenance.
    attribution : str
        The credit its terms ask for.
    has_history : bool
        Whether dated versions can be asked for (``date``).
    """

    id: str
    name: str
    licence: str
    attribution: str
    has_history: bool


#: DeepStateMap's terms: its data is for non-commercial use with attribution (FACTS.md, "Public sources
#: of control polygons"); it may not be committed to this repository.
DEEPSTATEMAP = Source(
    id="deepstatemap",
    name="DeepStateMap",
    licence="DeepStateMap's terms: non-commercial use with attribution; not for redistribution in this repository",
    attribution="DeepStateMap, deepstatemap.live",
    has_history=True,
)


def url_source(url: str) -> Source:
    """The :class:`Source` of an address an operator names: its terms are the host's, unknown here."""
    host = urllib.parse.urlsplit(url).hostname or "the host"
    return Source(
        id="url",
        name=host,
        licence=f"as served by {host}; check the source's terms",
        attribution=f"as served by {host}",
        has_history=False,
    )


@dataclass(frozen=True)
class Download:
    """The bytes one request brought back.

    Attributes
    ----------
    url : str
        The address asked for.
    final_url : str
        The address that answered (after redirects).
    status : int
        The HTTP status (200).
    content_type : str
        The ``Content-Type`` header, or ``""``.
    data : bytes
        The body, at most the cap.
    fetched_at : str
        When the answer ended, UTC, ISO 8601 to the second (``2026-01-15T03:04:05Z``).
    sha256 : str
        Hex sha256 of ``data``.
    """

    url: str
    final_url: str
    status: int
    content_type: str
    data: bytes
    fetched_at: str
    sha256: str


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
# Small helpers
# ---------------------------------------------------------------------------------------------



def _shown(url: str) -> str:
    """An address as shown in a message: without user name or password, on one line, short."""
    parts = urllib.parse.urlsplit(url)
    netloc = parts.hostname or ""
    if parts.port:
        netloc += f":{parts.port}"
    return _one_line(urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, parts.query, "")), 160)


def _where(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    return f"{parts.hostname}:{parts.port}" if parts.port else str(parts.hostname)


def _seconds(value: float) -> str:
    return f"{value:g} s"


def _size(n: int) -> str:
    return f"{n / MB:,.1f} MB" if n >= MB // 10 else f"{n:,} bytes"


def _utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_url(url: str) -> str:
    """Return ``url`` if it is an http or https address with a host, else raise :class:`FetchError`.

    Parameters
    ----------
    url : str
        The address to fetch.

    Returns
    -------
    str
        The same address, stripped of surrounding spaces.

    Raises
    ------
    FetchError
        For any other scheme (``file:``, ``ftp:``, ``data:`` …), an address without a host, or one
        with spaces or control characters in it.
    """
    url = (url or "").strip()
    if not url:
        raise FetchError("no address given; pass an http(s) address with --url")
    if CONTROL_CHARS.search(url) or " " in url:
        raise FetchError("the address has spaces or control characters in it; pass it percent-encoded with --url")
    parts = urllib.parse.urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        shown = f"'{_one_line(scheme, 20)}:'" if scheme else "an address without a scheme"
        raise FetchError(f"only http and https addresses can be fetched, not {shown}; pass an address such as https://example.org/control.geojson")
    if not parts.hostname:
        raise FetchError(f"{_one_line(url, 120)} has no host; pass an address such as https://example.org/control.geojson")
    try:
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        raise FetchError(f"{_one_line(url, 120)} has a port that is not a number; check the address") from None
    return url


# ---------------------------------------------------------------------------------------------
# Downloading
# ---------------------------------------------------------------------------------------------


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    """Follow redirects (at most urllib's 10) only to other http or https addresses."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        scheme = urllib.parse.urlsplit(newurl).scheme.lower()
        if scheme not in ("http", "https"):
            raise FetchError(
                f"{_shown(req.full_url)} redirected to a '{_one_line(scheme, 20)}:' address; only http and https are followed: "
                "pass the data's own address with --url"
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # Only the handlers needed: http, https, redirects (checked), errors. No file:, ftp: or data: handler.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.ProxyHandler(),  # the operator's http(s)_proxy and no_proxy settings
        urllib.request.HTTPHandler(),
        urllib.request.HTTPSHandler(context=ssl.create_default_context()),
        _HttpOnlyRedirects(),
        urllib.request.HTTPDefaultErrorHandler(),
        urllib.request.HTTPErrorProcessor(),
    ):
        opener.add_handler(handler)
    return opener


def _reason(exc: BaseException) -> str:
    """What a connection error means, in words."""
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, ConnectionResetError):
        return "connection reset"
    if isinstance(exc, socket.gaierror):
        return "host not found"
    if isinstance(exc, ssl.SSLCertVerificationError):
        return "its TLS certificate could not be verified"
    if isinstance(exc, ssl.SSLError):
        return "TLS failed"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return _one_line(exc, 80) or type(exc).__name__


def _is_timeout(exc: BaseException) -> bool:
    return isinstance(exc, (TimeoutError, socket.timeout)) or (
        isinstance(exc, urllib.error.URLError) and isinstance(exc.reason, (TimeoutError, socket.timeout))
    )


def _looks_like_html(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<head", b"<body")) or (
        head.startswith(b"<") and b"<html" in head and b"<kml" not in head
    )


def _http_failure(url: str, code: int, reason: str, content_type: str) -> FetchError:
    page = " (an HTML page)" if "html" in content_type.lower() else ""
    status = f"HTTP {code} {_one_line(reason, 40)}".rstrip()
    if code in (401, 403):
        advice = "the source asks for sign-in or refuses this client; nothing can be fetched there without it: pass another address with --url"
    elif code == 404:
        advice = "the address may have changed (DeepStateMap's endpoints change without notice): check it, or pass another with --url"
    elif 300 <= code < 400:  # urllib refuses redirects to file: and the like itself, or there were too many
        return FetchError(
            f"{_shown(url)} redirected to an address that is not http or https, or redirected too often ({status}); "
            "only http and https redirects are followed: pass the data's own address with --url"
        )
    elif code == 429:
        advice = "the source limits how often it may be asked: try again later"
    elif 500 <= code < 600:
        advice = "the source is failing: try again later, or pass another address with --url"
    else:
        advice = "check the address, or pass another with --url"
    return FetchError(f"{_shown(url)} answered {status}{page}; {advice}")


def download(url: str, *, timeout: float = DEFAULT_TIMEOUT_S, max_bytes: int = DEFAULT_MAX_BYTES, deadline: float | None = None) -> Download:
    """Download one address with a time-out and a size cap.

    Parameters
    ----------
    url : str
        An http or https address (redirects are followed only to http or https addresses).
    timeout : float
        Seconds to connect, and to wait for each piece of the answer.
    max_bytes : int
        The most the body may hold, bytes; never more than ``max_bytes + 1`` bytes are read.
    deadline : float, optional
        A :func:`time.monotonic` time by which the whole answer must have arrived
        (by default ``TOTAL_TIMEOUT_FACTOR`` time-outs from now).

    Returns
    -------
    Download
        The body with its address, status, content type, time and sha256.

    Raises
    ------
    FetchError
        For a non-http(s) address, no connection (offline, refused, host not found, TLS), a time-out,
        an HTTP status of 400 or more, or a body over ``max_bytes``.
    """
    url = check_url(url)
    if deadline is None:
        deadline = time.monotonic() + TOTAL_TIMEOUT_FACTOR * timeout
    request = urllib.request.Request(url, headers={"User-Agent": _USER_AGENT, "Accept": _ACCEPT})
    where = _where(url)
    logger.info("fetching %s (time-out %s, cap %s bytes)", _shown(url), timeout, max_bytes)
    try:
        response = _opener().open(request, timeout=timeout)
    except FetchError:
        raise
    except urllib.error.HTTPError as exc:
        content_type = exc.headers.get("Content-Type", "") if exc.headers else ""
        exc.close()
        raise _http_failure(url, exc.code, exc.reason, content_type) from None
    except Exception as exc:  # noqa: BLE001 - every way of not connecting becomes one line
        if _is_timeout(exc):
            raise FetchError(f"{where} did not answer within {_seconds(timeout)}; try again later, or pass a longer --timeout") from None
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        if isinstance(reason, BaseException):
            text = _reason(reason)
        else:
            text = _one_line(reason, 80)
        if isinstance(reason, socket.gaierror):
            raise FetchError(f"could not find {_one_line(urllib.parse.urlsplit(url).hostname, 80)} (offline?); check the connection and the address") from None
        raise FetchError(f"could not connect to {where} ({text}); check that this machine is online and the address is right, or try again later") from None
    with response:
        final_url = response.geturl() or url
        content_type = response.headers.get("Content-Type", "") or ""
        length = response.headers.get("Content-Length")
        cap = f"the cap of {max_bytes / MB:.3g} MB ({max_bytes:,} bytes)"
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise FetchError(f"{_shown(url)} serves {_size(int(length))}, over {cap}; pass a larger --max-mb if you trust the source")
        chunks: list[bytes] = []
        received = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"{where} had not finished sending after {_seconds(TOTAL_TIMEOUT_FACTOR * timeout)} ({_size(received)} so far); "
                        "try again later, or pass a longer --timeout"
                    )
                chunk = response.read1(min(_CHUNK, max_bytes + 1 - received))
                if not chunk:
                    break
                chunks.append(chunk)
                received += len(chunk)
                if received > max_bytes:
                    raise FetchError(f"{_shown(url)} sent more than {cap}; pass a larger --max-mb if you trust the source")
        except FetchError:
            raise
        except Exception as exc:  # noqa: BLE001
            if _is_timeout(exc):
                raise FetchError(f"{where} stopped sending for {_seconds(timeout)} ({_size(received)} received); try again later, or pass a longer --timeout") from None
            raise FetchError(f"the download from {where} broke off ({_reason(exc)}, {_size(received)} received); try again later") from None
    data = b"".join(chunks)
    status = getattr(response, "status", 200) or 200
    logger.info("fetched %s: HTTP %s, %s bytes, %s", _shown(final_url), status, len(data), content_type)
    return Download(
        url=url,
        final_url=final_url,
        status=int(status),
        content_type=content_type,
        data=data,
        fetched_at=_utc_now(),
        sha256=hashlib.sha256(data).hexdigest(),
    )


# ---------------------------------------------------------------------------------------------
# What came back
# ---------------------------------------------------------------------------------------------


def _first_byte(data: bytes) -> bytes:
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]


def unwrap_json_string(data: bytes, where: str = "the source") -> bytes:
    """The bytes of a body sent as a JSON-encoded string (``"{\\"id\\": …}"``); any other body as it is.

    Some clients of DeepStateMap receive ``/api/history/last`` as a JSON string holding the object.
    Only that outer string is decoded here (a string has no nesting); the object inside goes to the
    importer's checks like any file.

    Parameters
    ----------
    data : bytes
        The body as downloaded.
    where : str
        Who sent it, for the message.

    Returns
    -------
    bytes
        The string's content, UTF-8, when the body is a JSON string; else ``data`` unchanged.

    Raises
    ------
    FetchError
        For a body that starts like a JSON string but is not one.
    """
    if _first_byte(data) != b'"':
        return data
    try:
        inner = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError):
        raise FetchError(f"{where} sent a body that starts like a JSON string but is not valid JSON; try again later, or pass another address with --url") from None
    if not isinstance(inner, str):
        raise FetchError(f"{where} sent a JSON value that is not a control layer; pass another address with --url")
    return inner.encode("utf-8")


def _check_body(download: Download, *, want_json: bool) -> bytes:
    """Refuse an HTML page, or (for an API that serves JSON) a body that is not JSON; unwrap a JSON string."""
    where = _shown(download.url)
    data = download.data
    if not data.strip():
        raise FetchError(f"{where} answered with an empty body; try again later, or pass another address with --url")
    if _looks_like_html(data):  # by the bytes: some servers label JSON text/html
        title = re.search(rb"<title[^>]*>(.{0,200}?)</title>", data[:16384], re.I | re.S)
        shown = f" ('{_one_line(unescape(title.group(1).decode('utf-8', 'replace')), 60)}')" if title else ""
        raise FetchError(
            f"{where} answered with an HTML page{shown}, not data: the address is a web page, a sign-in page or has changed; "
            "pass the data's own address with --url"
        )
    if want_json and _first_byte(data) not in (b"{", b"[", b'"'):
        raise FetchError(
            f"{where} answered with something that is not JSON ({_size(len(data))}, {download.content_type or 'no content type'}); "
            "the API may have changed: try again later, or pass another address with --url"
        )
    data = unwrap_json_string(data, where)
    if want_json and _first_byte(data) not in (b"{", b"["):
        raise FetchError(f"{where} sent a JSON string that does not hold a JSON object; the API may have changed: pass another address with --url")
    return data


def _versions(download: Download) -> list[dict[str, Any]]:
    """DeepStateMap's version list: ``[{"id": …, "createdAt": "2026-01-15T03:00:00.000Z", …}, …]``."""
    data = _check_body(download, want_json=True)
    try:
        versions = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FetchError(f"{_shown(download.url)} did not send a readable list of versions; the API may have changed: fetch the newest layer without --date") from None
    if isinstance(versions, dict):  # tolerate {"data": [...]} wrappers
        versions = next((v for v in versions.values() if isinstance(v, list)), None)
    if not isinstance(versions, list):
        raise FetchError(f"{_shown(download.url)} did not send a list of versions; the API may have changed: fetch the newest layer without --date")
    return [v for v in versions if isinstance(v, dict)]


def _version_day(version: Mapping[str, Any]) -> str | None:
    for key in ("createdAt", "datetime", "date", "updatedAt"):
        value = version.get(key)
        if isinstance(value, str):
            match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
            if match:
                return match.group(1)
        if isinstance(value, (int, float)) and not isinstance(value, bool) and 946_684_800 <= value / (1000 if value > 1e11 else 1) <= 4_102_444_800:
            return datetime.fromtimestamp(value / (1000 if value > 1e11 else 1), tz=timezone.utc).date().isoformat()
    return None


def find_version(versions: list[dict[str, Any]], day: str) -> dict[str, Any]:
    """The last version published on ``day`` in DeepStateMap's version list.

    Parameters
    ----------
    versions : list of dict
        Entries of ``/api/history/public``, each with an ``id`` and a ``createdAt`` time (UTC).
    day : str
        YYYY-MM-DD.

    Returns
    -------
    dict
        The entry with the latest ``createdAt`` on that day (entries marked ``"status": false`` are skipped).

    Raises
    ------
    FetchError
        When no version carries that date (the message gives the first and last dates listed).
    """
    dated = []
    for version in versions:
        if version.get("status") is False or not isinstance(version.get("id"), (int, str)) or isinstance(version.get("id"), bool):
            continue
        if not re.fullmatch(r"[0-9A-Za-z_-]{1,40}", str(version["id"])):
            continue  # the id becomes part of an address
        version_day = _version_day(version)
        if version_day:
            dated.append((version_day, str(version.get("createdAt", "")), version))
    if not dated:
        raise FetchError("DeepStateMap's version list holds no dated version; the API may have changed: fetch the newest layer without --date")
    on_day = sorted((entry for entry in dated if entry[0] == day), key=lambda entry: entry[1])
    if not on_day:
        days = sorted(entry[0] for entry in dated)
        raise FetchError(f"DeepStateMap lists no version on {day} (its versions run from {days[0]} to {days[-1]}); pick another --date")
    return on_day[-1][2]


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
    return source.id != "url" or urllib.parse.urlsplit(str(fetched.get("address", ""))).hostname == urllib.parse.urlsplit(url).hostname


def fetch_control(
    *,
    url: str | None = None,
    date: str | None = None,
    timeout: float = DEFAULT_TIMEOUT_S,
    max_bytes: int = DEFAULT_MAX_BYTES,
    out_dir: Path = paths.CONTROL_DIR,
    force: bool = False,
    repair: bool = False,
    base: str | None = None,
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
    out_dir : Path
        The control folder (the package's by default).
    force : bool
        Replace a snapshot of that date even if shipped or imported by hand.
        An earlier fetch of the same date from the same source is replaced without it.
    repair : bool
        Let the importer repair invalid geometry (``--repair``), reporting what changed.
    base : str, optional
        DeepStateMap's site; ``DEEPSTATEMAP_BASE`` (read at call time) by default.

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
        return _fetch_control(url, date, timeout, max_bytes, Path(out_dir), force, repair, base or DEEPSTATEMAP_BASE)
    except FetchError:
        raise
    except Exception as exc:  # noqa: BLE001 - the promise: one line, never a traceback for the user
        logger.exception("fetch-control failed unexpectedly")
        raise FetchError(
            f"fetch-control failed unexpectedly ({type(exc).__name__}); nothing was written; the details are logged "
            "(on the command line: --verbose)",
            internal=True,
        ) from exc


def _fetch_control(
    url: str | None, day: str | None, timeout: float, max_bytes: int, out_dir: Path, force: bool, repair: bool, base: str
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
        imported = read_control_file(data, _name_for(url), repair=repair, limits=limits)
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
            raise FetchError(f"DeepStateMap's version {version['id']} listed on {day} is dated {as_of} in its layer; nothing was written: pick another --date")
        as_of = day
    if as_of is None:
        raise FetchError(
            f"the layer from {_shown(url)} carries no date of its own (DeepStateMap's datetime, or an as_of or date all features share), "
            "so fetch-control cannot date it: save it and run `python -m geodata import-control FILE --as-of DATE`"
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
    try:
        path = write_imported_snapshot(imported, as_of, out_dir, force=force, replace_import=replaced, extra=provenance)
    except ImportWriteError as exc:
        raise FetchError(f"{exc}; nothing was written") from None
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
