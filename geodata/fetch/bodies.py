"""What a downloaded body holds: a JSON-encoded string unwrapped once, an HTML page refused, DeepStateMap's version list read."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from html import unescape
from typing import Any

from geodata.errors import FetchError, one_line as _one_line
from geodata.fetch.download import Download, _looks_like_html, _shown, _size

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
        raise FetchError(
            f"{where} sent a body that starts like a JSON string but is not valid JSON; try again later, or pass another "
            "address with --url"
        ) from None
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
            f"{where} answered with something that is not JSON ({_size(len(data))}, "
            f"{download.content_type or 'no content type'}); "
            "the API may have changed: try again later, or pass another address with --url"
        )
    data = unwrap_json_string(data, where)
    if want_json and _first_byte(data) not in (b"{", b"["):
        raise FetchError(
            f"{where} sent a JSON string that does not hold a JSON object; the API may have changed: pass another address with "
            "--url"
        )
    return data


def _versions(download: Download) -> list[dict[str, Any]]:
    """DeepStateMap's version list: ``[{"id": …, "createdAt": "2026-01-15T03:00:00.000Z", …}, …]``."""
    data = _check_body(download, want_json=True)
    try:
        versions = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FetchError(
            f"{_shown(download.url)} did not send a readable list of versions; the API may have changed: fetch the newest "
            "layer without --date"
        ) from None
    if isinstance(versions, dict):  # tolerate {"data": [...]} wrappers
        versions = next((v for v in versions.values() if isinstance(v, list)), None)
    if not isinstance(versions, list):
        raise FetchError(
            f"{_shown(download.url)} did not send a list of versions; the API may have changed: fetch the newest layer without "
            "--date"
        )
    return [v for v in versions if isinstance(v, dict)]


def _version_day(version: Mapping[str, Any]) -> str | None:
    for key in ("createdAt", "datetime", "date", "updatedAt"):
        value = version.get(key)
        if isinstance(value, str):
            match = re.match(r"\s*(\d{4}-\d{2}-\d{2})", value)
            if match:
                return match.group(1)
        if (
            isinstance(value, (int, float))
            and not isinstance(value, bool)
            and 946_684_800 <= value / (1000 if value > 1e11 else 1) <= 4_102_444_800
        ):
            return datetime.fromtimestamp(value / (1000 if value > 1e11 else 1), tz=UTC).date().isoformat()
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
        raise FetchError(
            "DeepStateMap's version list holds no dated version; the API may have changed: fetch the newest layer without --date"
        )
    on_day = sorted((entry for entry in dated if entry[0] == day), key=lambda entry: entry[1])
    if not on_day:
        days = sorted(entry[0] for entry in dated)
        raise FetchError(
            f"DeepStateMap lists no version on {day} (its versions run from {days[0]} to {days[-1]}); pick another --date"
        )
    return on_day[-1][2]
