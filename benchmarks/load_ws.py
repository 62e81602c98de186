"""Protocol-level load test: websocket sessions that speak Streamlit's protocol, toggling an option at a set rate.

    python benchmarks/load_ws.py --sessions 1,10,20,60 --seconds 20 [--interval 2] [--json]
    python benchmarks/load_ws.py --app . --app ../older-copy --sessions 10,20   # this code beside another copy (git archive)
    python benchmarks/load_ws.py --url http://127.0.0.1:8080 --pid 1234 --pid 1235 # a running server (or nginx)

Each session opens as a browser does (:mod:`benchmarks.wsclient`: the page with ``?scenario=status-quo``, the
health check, the websocket, one run with the query string), opens the sidebar's section of options region by region
(drawn only while open), then every ``--interval`` seconds chooses the other
value for Crimea and Sevastopol and waits for the run to finish. A toggle counts as served only when the run
finished without an exception on the page and the map's layer data differ from the previous run's (the map's data
really changed); a run that did not is counted under ``errors``. Sessions start spread over one interval; the
measured window (``--seconds``) starts one interval after every session has opened.

Per level (and per app, levels taken in turn when several apps are given, each app in its own server started
once, so the machine's drift lands on both): sessions, toggles served per second, toggle latency p50/p95/p99
(from the run request sent to the run finished), errors, disconnects, the server's resident memory at the end of
the level and ``--settle`` seconds after the sessions left (and, to compare, as long after one visitor came and
left: ``rss_warm_mb``), and its CPU seconds per toggle (``/proc/<pid>/stat``; the figure that holds on a busy
machine, where latencies do not). Bounded: at most ``--max-sessions`` sessions, ``--seconds`` per level
(at most 600) and a 30-second wait per run; loopback addresses only.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages are imported from the checkout

from benchmarks.wsclient import Session, check_loopback, map_layers  # noqa: E402
from tests.browser import free_port, streamlit_command  # noqa: E402

CRIMEA = "Crimea and Sevastopol"
#: The start of the heading of the sidebar section that holds the options region by region (as benchmarks/run.py).
OPTIONS_SECTION = "De jure and de facto options by region"
VALUES = ("Returned to Ukraine (proposed)", "Held by Russia (occupied, not recognised)")
QUERY = "scenario=status-quo"
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU seconds of the given processes (Linux ``/proc/<pid>/stat``)."""
    total = 0.0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
    return total


def rss_mb(pids: list[int]) -> float:
    """Resident memory of the given processes, MB."""
    total = 0.0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total += int(line.split()[1]) / 1024
    return total


class AppServer:
    """``streamlit run app.py`` from an app folder, on a free loopback port (``extra``: more command-line options)."""

    def __init__(
        self, folder: Path, extra: tuple[str, ...] = (), env: dict[str, str] | None = None, script: str = "app.py"
    ) -> None:
        self.folder = folder
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.process = subprocess.Popen(
            streamlit_command(script, self.port, *extra),
            cwd=folder,
            env={**os.environ, **(env or {})},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    def wait_healthy(self, timeout: float = 60) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"server in {self.folder} did not start")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def percentile(values: list[float], q: float) -> float | None:
    """The ``q``-th percentile (nearest rank) of ``values``, or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(q / 100 * len(ordered)) - 1))]


async def one_session(url: str, start_delay: float, window: dict[str, float], interval: float, stats: dict[str, Any]) -> None:
    """Open a session, then toggle every ``interval`` seconds until ``window["stop"]`` (a ``time.monotonic`` value)."""
    await asyncio.sleep(start_delay)
    session = Session(url, QUERY, timeout=30.0)
    try:
        try:
            previous = await session.open()
        except Exception as exc:  # noqa: BLE001  (a session that never opened is what this test counts)
            stats["open_failures"].append(type(exc).__name__)
            return
        stats["opened"] += 1
        # The options region by region are drawn only while their section is open: open it, as a person would.
        session.set_bool(OPTIONS_SECTION, True)
        previous = await session.rerun()
        index = 0
        next_tick = time.monotonic()
        while time.monotonic() < window["stop"]:
            session.set_string(CRIMEA, VALUES[index % 2])
            index += 1
            try:
                result = await session.rerun()
            except TimeoutError:
                stats["errors"]["timeout"] += 1
                return
            except Exception as exc:  # noqa: BLE001  (the connection went away)
                stats["disconnects"].append(type(exc).__name__)
                return
            if result.exceptions or result.status != 0:
                stats["errors"]["exception"] += 1
            elif not result.map_args or map_layers(result) == map_layers(previous):
                stats["errors"]["map_unchanged"] += 1
            else:
                stats["latency_ms"].append(1000 * result.seconds)
            previous = result
            next_tick += interval
            await asyncio.sleep(max(0.0, next_tick - time.monotonic()))
    finally:
        await session.close()


async def run_level(url: str, sessions: int, seconds: float, interval: float, pids: list[int]) -> dict[str, Any]:
    """``sessions`` sessions toggling for ``seconds`` against ``url``; the figures of one level."""
    stats: dict[str, Any] = {
        "opened": 0,
        "open_failures": [],
        "latency_ms": [],
        "disconnects": [],
        "errors": {"timeout": 0, "exception": 0, "map_unchanged": 0},
    }
    spread = min(interval, 10.0)
    # Sessions open spread over one interval; the measured window starts once every session has opened (or failed
    # to, at most 120 s), so a busy machine's slow opening is not counted as idle time, and lasts ``seconds``.
    window = {"stop": math.inf}
    tasks = [asyncio.create_task(one_session(url, spread * i / sessions, window, interval, stats)) for i in range(sessions)]
    opening_deadline = time.monotonic() + spread + 120.0
    while stats["opened"] + len(stats["open_failures"]) < sessions and time.monotonic() < opening_deadline:
        await asyncio.sleep(0.1)
    await asyncio.sleep(interval)  # every session has toggled at least once: the rate is steady
    served_before, cpu_before = len(stats["latency_ms"]), cpu_seconds(pids) if pids else None
    latency_from = served_before
    window["stop"] = time.monotonic() + seconds
    await asyncio.sleep(seconds)
    served = len(stats["latency_ms"]) - served_before
    cpu_used = cpu_seconds(pids) - cpu_before if pids and cpu_before is not None else None
    rss_busy = rss_mb(pids) if pids else None
    await asyncio.wait(tasks, timeout=40)
    for task in tasks:
        task.cancel()
    latencies = stats["latency_ms"][latency_from:]  # the measured window only
    errors = dict(stats["errors"], open_failed=len(stats["open_failures"]))
    return {
        "sessions": sessions,
        "opened": stats["opened"],
        "toggles_per_s": round(served / seconds, 2),
        "p50_ms": _round(percentile(latencies, 50)),
        "p95_ms": _round(percentile(latencies, 95)),
        "p99_ms": _round(percentile(latencies, 99)),
        "toggles": len(latencies),
        "errors": errors,
        "errors_total": sum(errors.values()),
        "disconnects": len(stats["disconnects"]),
        "cpu_ms_per_toggle": _round(1000 * cpu_used / served) if cpu_used is not None and served else None,
        "rss_mb": _round(rss_busy),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def settle_rss(pids: list[int], seconds: float = 5.0) -> float | None:
    """The servers' memory a few seconds after the sessions left."""
    if not pids:
        return None
    time.sleep(seconds)
    return _round(rss_mb(pids))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sessions", default="1,10,20", help="levels: comma-separated session counts")
    parser.add_argument("--seconds", type=float, default=20.0, help="measured seconds per level (at most 600)")
    parser.add_argument("--interval", type=float, default=2.0, help="seconds between one session's toggles")
    parser.add_argument("--app", action="append", type=Path, help="app folder to start (repeat to compare copies)")
    parser.add_argument("--url", help="a running server on a loopback address instead (e.g. nginx in front of replicas)")
    parser.add_argument("--pid", action="append", type=int, default=[], help="with --url: server processes to measure")
    parser.add_argument("--script", default="app.py", help="the script each app folder runs (e.g. a profiling wrapper)")
    parser.add_argument("--settle", type=float, default=5.0, help="seconds after a level before memory is read again")
    parser.add_argument("--env", action="append", default=[], help="KEY=VALUE in the started servers' environment")
    parser.add_argument("--max-sessions", type=int, default=200)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    levels = [int(level) for level in args.sessions.split(",")]
    if max(levels) > args.max_sessions or min(levels) < 1:
        parser.error(f"sessions must be between 1 and {args.max_sessions}")
    seconds = min(args.seconds, 600.0)

    targets: list[tuple[str, str, list[int], AppServer | None]] = []
    if args.url:
        targets.append((args.url, check_loopback(args.url), args.pid, None))
    for folder in args.app or ([] if args.url else [ROOT]):
        env = dict(item.split("=", 1) for item in args.env)
        started = AppServer(folder.resolve(), script=args.script, env=env)
        targets.append((str(folder), started.url, [started.process.pid], started))
    results: dict[str, list[dict[str, Any]]] = {name: [] for name, *_ in targets}
    try:
        for _, _, _, server in targets:
            if server:
                server.wait_healthy()
        baseline = {name: _round(rss_mb(pids)) if pids else None for name, _, pids, _ in targets}
        # The memory a crowd should give back down to: the process once one visitor has loaded the code and the data
        # (one session opened, toggled once and closed), read after the same settling time as after each level.
        for _, url, _, _ in targets:
            asyncio.run(run_level(url, 1, 1.0, 1.0, []))
        time.sleep(min(args.settle, 600.0))
        warm = {name: settle_rss(pids, 0.0) for name, _, pids, _ in targets}
        for level in levels:
            for name, url, pids, _ in targets:  # levels in turn: each app sees the same moment of the machine
                figures = asyncio.run(run_level(url, level, seconds, args.interval, pids))
                figures["rss_after_mb"] = settle_rss(pids, min(args.settle, 600.0))
                figures["rss_start_mb"] = baseline[name]
                figures["rss_warm_mb"] = warm[name]
                results[name].append(figures)
                if not args.json:
                    print(_line(name, figures), flush=True)
    finally:
        for _, _, _, server in targets:
            if server:
                server.stop()
    report = {
        "interval_s": args.interval,
        "seconds": seconds,
        "machine": {"cores": os.cpu_count(), "load": os.getloadavg()},
        "results": results,
    }
    if args.json:
        print(json.dumps(report, indent=2))
    return 0


def _line(name: str, f: dict[str, Any]) -> str:
    return (
        f"{name}: sessions {f['sessions']:>3} (opened {f['opened']}), {f['toggles_per_s']:>5} toggles/s, "
        f"p50 {f['p50_ms']} ms, p95 {f['p95_ms']} ms, p99 {f['p99_ms']} ms, errors {f['errors_total']} {f['errors']}, "
        f"disconnects {f['disconnects']}, CPU/toggle {f['cpu_ms_per_toggle']} ms, RSS {f['rss_mb']} MB "
        f"(start {f['rss_start_mb']}, one visitor {f['rss_warm_mb']}, after {f['rss_after_mb']})"
    )


if __name__ == "__main__":
    sys.exit(main())
