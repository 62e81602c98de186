"""Fetching the newest line on a schedule, inside a server process (``CLAIMS_MAP_FETCH_EVERY``, off by default).

For one server process: ``CLAIMS_MAP_FETCH_EVERY=24h`` with ``CLAIMS_MAP_FETCH_SOURCE`` (``deepstatemap`` or an
http(s) address) makes the process run :func:`geodata.fetch.fetch_control` every 24 hours into the control folder,
the first time one period after it starts. With several processes, use the systemd timer of ``deploy/systemd/``
instead (one fetch for the machine). A failed fetch writes nothing (``fetch_control`` writes only a layer that
passed every check) and is logged as a warning with its one-line reason; the schedule goes on.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from geodata.fetch import DEEPSTATEMAP, FetchError, FetchResult, configured_source, fetch_control, format_fetch_line

if TYPE_CHECKING:
    from geodata.dataset import Dataset

log = logging.getLogger(__name__)

#: Shortest period accepted (seconds): the source must not be asked more often (the button's own limit is 10 min).
MIN_PERIOD_S = 60.0
_UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}
_PERIOD = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([smhd])\s*$", re.IGNORECASE)


def fetch_period(environ: Mapping[str, str], *, minimum: float = MIN_PERIOD_S) -> float | None:
    """Seconds between scheduled fetches from ``CLAIMS_MAP_FETCH_EVERY`` (``24h``, ``90m``, ``1d``), or None (off).

    Parameters
    ----------
    environ : mapping
        The environment; an unset, empty, ``off`` or ``0`` value is off.
    minimum : float
        The shortest period accepted, seconds.

    Returns
    -------
    float or None
        The period in seconds, or None when off.

    Raises
    ------
    FetchError
        For a value that is not a number with a unit ``s``, ``m``, ``h`` or ``d``, or a period under ``minimum``.
    """
    value = environ.get("CLAIMS_MAP_FETCH_EVERY", "").strip()
    if value.lower() in ("", "off", "0"):
        return None
    match = _PERIOD.match(value)
    if not match:
        raise FetchError(f"CLAIMS_MAP_FETCH_EVERY={value!r} is not a period such as 24h, 90m or 1d")
    seconds = float(match.group(1)) * _UNITS[match.group(2).lower()]
    if seconds < minimum:
        raise FetchError(f"CLAIMS_MAP_FETCH_EVERY={value!r} is shorter than {minimum:g} seconds")
    return seconds


def fetch_once(source: str, out_dir: Path, *, dataset: Dataset) -> FetchResult | None:
    """One scheduled fetch: the result, or None after logging why it failed (then nothing was written).

    Parameters
    ----------
    source : str
        ``deepstatemap`` or an http(s) address (:func:`geodata.fetch.configured_source`).
    out_dir : Path
        The control folder written into.
    dataset : Dataset
        The dataset the new line is checked against (regions, shipped dates).

    Returns
    -------
    FetchResult or None
        What was written, or None when the fetch failed.
    """
    try:
        result = fetch_control(url=None if source == DEEPSTATEMAP.id else source, out_dir=out_dir, dataset=dataset)
    except FetchError as exc:
        log.warning("scheduled fetch failed, nothing written: %s", exc.message)
        return None
    log.info("scheduled fetch: %s", format_fetch_line(result, relative_to=out_dir))
    return result


class FetchSchedule:
    """A daemon thread that calls :func:`fetch_once` every ``period`` seconds until :meth:`stop`.

    Parameters
    ----------
    source : str
        What to fetch (``deepstatemap`` or an http(s) address).
    out_dir : Path
        The control folder written into.
    period : float
        Seconds between fetches; the first one period after :meth:`start`.
    on_new : callable, optional
        Called with the result after a fetch that wrote a snapshot (the app clears its dataset's caches).
    dataset : Dataset
        The dataset each new line is checked against.
    """

    def __init__(
        self, source: str, out_dir: Path, period: float, on_new: Callable[[FetchResult], None] | None = None, *, dataset: Dataset
    ) -> None:
        self.source, self.out_dir, self.period, self.on_new, self.dataset = source, out_dir, period, on_new, dataset
        self._stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="claims-map-fetch", daemon=True)
        self.runs = 0

    def start(self) -> FetchSchedule:
        """Start the thread (the first fetch comes one period later).

        Returns
        -------
        FetchSchedule
            This schedule.
        """
        self.thread.start()
        return self

    def stop(self) -> None:
        """Ask the thread to stop; it ends at its next wake-up, after any fetch under way."""
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.period):
            result = fetch_once(self.source, self.out_dir, dataset=self.dataset)
            self.runs += 1
            if result is not None and self.on_new is not None:
                self.on_new(result)


def schedule_from_environment(
    environ: Mapping[str, str],
    out_dir: Path,
    on_new: Callable[[FetchResult], None] | None = None,
    *,
    dataset: Dataset,
    minimum: float = MIN_PERIOD_S,
) -> FetchSchedule | None:
    """The schedule ``CLAIMS_MAP_FETCH_EVERY`` and ``CLAIMS_MAP_FETCH_SOURCE`` ask for, started; None when off.

    Parameters
    ----------
    environ : mapping of str to str
        The environment (``os.environ``).
    out_dir : Path
        The control folder written into.
    on_new : callable, optional
        Called with the result after a fetch that wrote a snapshot.
    dataset : Dataset
        The dataset each new line is checked against.
    minimum : float
        The shortest period accepted, in seconds.

    Returns
    -------
    FetchSchedule or None
        The started schedule, or ``None`` when ``CLAIMS_MAP_FETCH_EVERY`` is not set.

    Raises
    ------
    FetchError
        For a period that cannot be read, or a period without a source.
    """
    period = fetch_period(environ, minimum=minimum)
    if period is None:
        return None
    source = configured_source(environ)
    if source is None:
        raise FetchError("CLAIMS_MAP_FETCH_EVERY is set but CLAIMS_MAP_FETCH_SOURCE names no source")
    log.info("fetching %s every %g s into %s", source, period, out_dir)
    return FetchSchedule(source, out_dir, period, on_new, dataset=dataset).start()
