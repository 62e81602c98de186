"""Downloading one address: http(s) only, a time-out, a size cap enforced while reading, and one-line failures."""

from __future__ import annotations

import hashlib
import logging
import socket
import ssl
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from geodata.errors import CONTROL_CHARS, FetchError, one_line as _one_line
from geodata.fetch.sources import _ACCEPT, _CHUNK, _USER_AGENT, DEFAULT_MAX_BYTES, DEFAULT_TIMEOUT_S, MB, TOTAL_TIMEOUT_FACTOR

logger = logging.getLogger(__name__)


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
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


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
        raise FetchError(
            f"only http and https addresses can be fetched, not {shown}; pass an address such as https://example.org/control.geojson"
        )
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
        advice = (
            "the source asks for sign-in or refuses this client; nothing can be fetched there without it: "
            "pass another address with --url"
        )
    elif code == 404:
        advice = (
            "the address may have changed (DeepStateMap's endpoints change without notice): check it, or pass another with --url"
        )
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


def download(
    url: str, *, timeout: float = DEFAULT_TIMEOUT_S, max_bytes: int = DEFAULT_MAX_BYTES, deadline: float | None = None
) -> Download:
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
            raise FetchError(
                f"{where} did not answer within {_seconds(timeout)}; try again later, or pass a longer --timeout"
            ) from None
        reason = exc.reason if isinstance(exc, urllib.error.URLError) else exc
        text = _reason(reason) if isinstance(reason, BaseException) else _one_line(reason, 80)
        if isinstance(reason, socket.gaierror):
            raise FetchError(
                f"could not find {_one_line(urllib.parse.urlsplit(url).hostname, 80)} (offline?); check the connection and the "
                "address"
            ) from None
        raise FetchError(
            f"could not connect to {where} ({text}); check that this machine is online and the address is right, or try again "
            "later"
        ) from None
    with response:
        final_url = response.geturl() or url
        content_type = response.headers.get("Content-Type", "") or ""
        length = response.headers.get("Content-Length")
        cap = f"the cap of {max_bytes / MB:.3g} MB ({max_bytes:,} bytes)"
        if length and length.strip().isdigit() and int(length) > max_bytes:
            raise FetchError(
                f"{_shown(url)} serves {_size(int(length))}, over {cap}; pass a larger --max-mb if you trust the source"
            )
        chunks: list[bytes] = []
        received = 0
        try:
            while True:
                if time.monotonic() > deadline:
                    raise FetchError(
                        f"{where} had not finished sending after {_seconds(TOTAL_TIMEOUT_FACTOR * timeout)} ({_size(received)} "
                        "so far); "
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
                raise FetchError(
                    f"{where} stopped sending for {_seconds(timeout)} ({_size(received)} received); try again later, or pass a "
                    "longer --timeout"
                ) from None
            raise FetchError(
                f"the download from {where} broke off ({_reason(exc)}, {_size(received)} received); try again later"
            ) from None
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
