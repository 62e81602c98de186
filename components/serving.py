"""How the dashboard's server process spends its time between runs: what is done once per process, not per run.

Streamlit 1.67 runs a full garbage collection (``gc.collect(2)``) after every run of the script, by default (the
hidden option ``runner.postScriptGC``). On this app that was about half the server's CPU per toggle: measured with
``benchmarks/load_ws.py`` at 10 and 20 sessions, 72-80 ms of CPU per toggle with it, 29-34 ms without, with the
same memory (docs/deployment.md, Capacity). Python's own generational collector still runs; only the forced full
collection after each run is skipped. An operator who sets the option (config file, ``--runner.postScriptGC``, or
``STREAMLIT_RUNNER_POST_SCRIPT_GC``) keeps their choice.

Also here: noticing a new control snapshot between runs (:func:`notice_new_snapshots`, one ``stat`` per run),
the optional scheduled fetch (:func:`start_fetch_schedule`, ``CLAIMS_MAP_FETCH_EVERY``) and the memory janitor
(:func:`start_memory_janitor`: once every session has left, the views the crowd made are dropped and memory given back).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import gc
import logging
import os
import threading
import time
from collections.abc import Callable
from datetime import date
from typing import Any

from streamlit import config

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset, default_dataset
from geodata.errors import FetchError
from geodata.fetch.schedule import schedule_from_environment
from geodata.scenarios import Scenario

logger = logging.getLogger(__name__)

_tuned = False
#: The key of a line a user uploaded in a session (``geodata.importer``), kept by that session only.
UPLOADED = "upload:"


def skip_post_run_gc() -> bool:
    """Turn Streamlit's full collection after every run off, once per process, unless the operator set it.

    Returns
    -------
    bool
        True when the option is off after the call (set here, or by the operator).
    """
    global _tuned
    if not _tuned:
        _tuned = True
        if not config.is_manually_set("runner.postScriptGC"):
            config.set_option("runner.postScriptGC", False, where_defined="components/serving.py")
    return not config.get_option("runner.postScriptGC")


_watch_lock = threading.Lock()
_seen: dict[str, tuple[int | None, ...]] = {}
_schedule: dict[str, object] = {}


def notice_new_snapshots(dataset: Dataset | None = None) -> bool:
    """Clear the dataset's caches when its control folder changed since the last run (a fetch, a timer, a copy).

    One ``stat`` of the folder per run: adding, replacing or removing a ``<date>.geojson`` changes the folder's
    modification time. Running sessions then list the new date and read the new file on their next run, with no
    restart (``Dataset.snapshot_dates`` lists a folder again when its modification time changes; the scenarios'
    ``latest`` control, any cached snapshot of a date fetched again, and the statistics panel's figures and texts are
    read afresh).

    Returns
    -------
    bool
        True when the caches were cleared on this call.
    """
    dataset = dataset or default_dataset()
    # The user's folder is where fetch-control and import-control write; the package's may change on a deploy.
    folders = [dataset.paths.control_dir, *([dataset.paths.user_control_dir] if dataset.paths.user_control_dir else [])]
    stamps = []
    for folder in folders:
        try:
            stamps.append(folder.stat().st_mtime_ns)
        except OSError:
            stamps.append(None)
    key = "|".join(str(folder) for folder in folders)
    with _watch_lock:
        previous = _seen.get(key)
        _seen[key] = tuple(stamps)
    if previous is None or previous == tuple(stamps):
        return False
    logger.info("control folder %s changed: the dataset is read afresh", " or ".join(str(f) for f in folders))
    dataset.clear()
    from components.stats_panel import clear_panel_caches

    clear_panel_caches()
    return True


def start_fetch_schedule(environ: dict[str, str] | None = None) -> object | None:
    """Start ``CLAIMS_MAP_FETCH_EVERY``'s scheduled fetch once per process (:mod:`geodata.fetch.schedule`); off by
    default. A setting that cannot be read is logged and leaves the schedule off; the app runs on."""
    with _watch_lock:
        if "started" in _schedule:
            return _schedule.get("schedule")
        _schedule["started"] = True
    try:
        schedule = schedule_from_environment(
            # Into the writable folder of the user's snapshots (CLAIMS_MAP_DATA_DIR), never into the package.
            os.environ if environ is None else environ,
            default_dataset().paths.user_control_dir or default_dataset().paths.control_dir,
            on_new=lambda result: default_dataset().clear(),
            dataset=default_dataset(),
        )
    except FetchError as exc:
        logger.warning("scheduled fetch off: %s", exc.message)
        return None
    _schedule["schedule"] = schedule
    return schedule


def _malloc_trim() -> bool:
    # glibc keeps freed memory in its arenas; malloc_trim(0) gives the free pages back to the system.
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        return bool(libc.malloc_trim(0))
    except (OSError, AttributeError):
        return False  # not glibc (macOS, musl): nothing to give back this way


def release_memory_after_sessions_leave(
    active_sessions: Callable[[], int],
    expire: Callable[[], int],
    last: int,
    pending: bool,
    forget: Callable[[], object] | None = None,
) -> tuple[int, bool, bool]:
    """One look of the memory janitor: when sessions left since the last look, or disconnected sessions were still
    kept for reconnecting at the last look, drop those whose reconnect time is over, collect garbage and give free
    memory back to the system. When no session is open any more and none is kept for reconnecting, ``forget`` (the
    views the crowd made: :func:`forget_crowd_views`) runs first; never while a session is open.

    Parameters
    ----------
    active_sessions : callable
        The number of open sessions now.
    expire : callable
        Drops disconnected sessions kept past their reconnect time (``server.disconnectedSessionTTL``, 2 minutes by
        default); returns how many are still kept.
    last : int
        The number of open sessions at the previous look.
    pending : bool
        Whether disconnected sessions were still kept at the previous look.
    forget : callable, optional
        Drops what the sessions left behind in the app's own caches, once every session is gone.

    Returns
    -------
    (int, bool, bool)
        The number of open sessions now, whether memory was released on this look, and whether disconnected sessions
        are still kept (the next look releases again).
    """
    now = active_sessions()
    if now >= last and not pending:
        return now, False, False
    kept = expire()
    # Every session gone, and none can come back: what the crowd's views left in the caches goes (a session that
    # opens meanwhile only computes its view again; the caches are thread-safe).
    if forget is not None and kept == 0 and now == 0 and active_sessions() == 0:
        forget()
    gc.collect()
    _malloc_trim()
    return now, True, kept > 0


def expire_kept_sessions(kept: Any, lock: Any) -> int:
    """Drop the disconnected sessions kept past their reconnect time, and shut each down.

    Streamlit drops an expired session from its storage without shutting it down, so its uploaded files, media files
    (downloads) and script event loop stay referenced; here each is shut down as a closed session is.

    Parameters
    ----------
    kept : streamlit.runtime.caching.ttl_cache.TTLCache
        The session manager's storage of disconnected sessions (``expire()`` returns the dropped pairs).
    lock : lock
        The session manager's lock over that storage.

    Returns
    -------
    int
        How many disconnected sessions are still kept.
    """
    with lock:
        removed = kept.expire() or []
        count = len(kept)
    for _, info in removed:
        session = getattr(info, "session", None)
        if session is not None:
            session.shutdown()
    return count


def forget_crowd_views(dataset: Dataset) -> int:
    """Drop the per-view texts and data that sessions made, keeping those of the presets on the dated lines today
    (what a first visitor's view needs): the panel texts and the map's layer data of custom scenarios, uploaded lines
    and past days, every cached statistic (about 1 ms to compute again), imported lines' inline shapes and what the
    dataset derived from uploaded lines. What is read from files and the base maps stay.

    Parameters
    ----------
    dataset : Dataset
        The dataset whose presets are kept.

    Returns
    -------
    int
        How many views were dropped (panel texts and layer data).
    """
    from components.map import forget_layer_data
    from components.stats_panel import forget_panel_texts

    presets = set(dataset.scenarios().values())
    today = date.today()

    def keep(scenario: Scenario, snapshot_key: str, day: date) -> bool:
        return day == today and not snapshot_key.startswith(UPLOADED) and scenario in presets

    dropped = forget_panel_texts(keep) + forget_layer_data(keep)
    # An uploaded line lives in its session only: with every session gone, what was derived from it goes too.
    derived = dataset.forget(lambda arg: isinstance(arg, ControlSnapshot) and arg.key.startswith(UPLOADED))
    logger.info("every session left: %d views and %d results from uploaded lines dropped", dropped, derived)
    return dropped


def start_memory_janitor(interval: float = 30.0) -> bool:
    """Once per process: a daemon thread that releases memory when sessions have left (every ``interval`` seconds).

    Without it a process keeps its high-water mark after a crowd leaves (Streamlit keeps disconnected sessions for
    reconnecting and drops them only when another session disconnects; the allocator keeps freed pages). Reads the
    session manager's count through Streamlit's runtime; where that is not available, does nothing.
    """
    with _watch_lock:
        if "janitor" in _schedule:
            return False
        _schedule["janitor"] = True
    try:
        from streamlit.runtime import Runtime

        manager = Runtime.instance()._session_mgr  # no public count of sessions in 1.67
    except Exception:  # noqa: BLE001 - bare mode (tests), or another Streamlit: no janitor
        return False
    storage = getattr(manager, "_session_storage", None)
    lock = getattr(manager, "_storage_lock", None)
    cache: Any = getattr(storage, "_cache", None)
    if lock is None or cache is None or not hasattr(cache, "expire"):
        # Another Streamlit than the pinned one: without its storage and that storage's lock, a session could be shut
        # down as it reconnects, or the views forgotten while sessions may still come back. Collect and trim only.
        logger.warning("memory janitor: Streamlit's session storage not found; sessions are neither expired nor forgotten")

        def expire() -> int:
            return 1  # "sessions still kept": nothing is forgotten

    else:

        def expire() -> int:
            return expire_kept_sessions(cache, lock)

    def run() -> None:
        last, pending = 0, False
        while True:
            time.sleep(interval)
            try:
                count, released, pending = release_memory_after_sessions_leave(
                    manager.num_active_sessions, expire, last, pending, forget=lambda: forget_crowd_views(default_dataset())
                )
                if released:
                    logger.info("sessions went from %d to %d: memory released", last, count)
                last = count
            except Exception:  # the janitor must never stop the server
                logger.exception("memory janitor")

    threading.Thread(target=run, name="claims-map-memory", daemon=True).start()
    return True
