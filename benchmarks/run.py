"""Benchmark the dashboard in a real browser, against the usual way Streamlit-folium apps are written.

    python benchmarks/run.py [--json] [--toggles 20] [--loads 5] [--sessions 20] [--skip-domain]

Starts each app on 127.0.0.1 in turn, drives the system Chromium with Playwright (every other host
blocked and counted), and prints a table, or JSON. In the same run it measures three apps:

- this app (``app.py``): every figure of issue 15, at the top level of the JSON;
- the naive app (``benchmarks/naive_app.py``, the usual way): the same figures, keys ``baseline_*``
  and the whole set under ``naive``;
- the floor app (``benchmarks/floor_app.py``, one select box): what any Streamlit toggle and page load
  cost at least, keys ``streamlit_floor_*`` and the whole set under ``floor``.

Page loads of this app and the naive app are measured twice: one app after the other with the rest of its
figures (``warm_load_sequential_ms_median``), and then the two in turn, load by load, each in its own server
(``warm_load_ms_median``, the figure issue 15's target is checked on, with ``warm_load_paired_vs_naive_ms_median``,
the median of this app's load minus the naive app's in the same round; ``warm_load_ms_all``,
``warm_load_inpage_ms_median`` and ``warm_load_iframe_attached_ms_median`` are of these loads too): taken one
after the other, the machine's drift over a minute lands on one app only.

Figures: first paint on a cold server (``cold_first_paint_ms``: the first page load after the server answers, with no
cache warm; ``cold_start_ms`` counts from the server's start), page load → map painted (median of ``--loads``, or of
twice as many rounds for the loads taken in turn, each in a new browser context: a first visit;
``repeat_visit_load_ms_median`` for a returning visitor whose browser kept its cache), toggle → new fills painted
(median and p95 of ``--toggles``), server script run per toggle, map data and code for one view, iframe reloads, view
kept, outside requests, time to interactive in the 1280×720 presentation view (median of ``--loads``), and server
memory with ``--sessions`` sessions open (per extra session). ``machine`` records the cores and the load average
before and after the run: the figures are only as quiet as the machine was. Figures are printed, never asserted: the
README carries the latest table. Every wait is bounded (60 s); loopback only.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, MAP_FRAME, OutsideRequests, find_chromium, first_view_line, free_port, streamlit_command  # noqa: E402

CRIMEA_LABEL = "Crimea and Sevastopol"
#: The start of the heading of the sidebar's section that holds the options region by region (drawn only while open).
OPTIONS_SECTION = "De jure and de facto options by region"
RUN_MS = re.compile(r"claims-map-run-ms (\d+\.\d)")
OPTIONS = ("Returned to Ukraine (proposed)", "Held by Russia (occupied, not recognised)")


class Server:
    """``streamlit run`` on 127.0.0.1 with run timing on; collects the per-run times it prints."""

    def __init__(self, script: str, cwd: Path | None = None, prefix: tuple[str, ...] = ()) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = {**os.environ, "CLAIMS_MAP_TIMING": "1"}
        self.started = time.perf_counter()
        self.process = subprocess.Popen(
            [*prefix, *streamlit_command(script, self.port)],
            cwd=cwd or ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        self.run_ms: list[float] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stderr is not None
        for line in self.process.stderr:
            self.run_ms.extend(float(ms) for ms in RUN_MS.findall(line))

    def wait_healthy(self, timeout: float = 60) -> None:
        import urllib.request

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def rss_mb(self) -> float:
        """Resident memory of the server process, MB (Linux /proc)."""
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
        return float("nan")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()


def _new_page(browser, outside: OutsideRequests, viewport: dict[str, int] | None = None):
    """A fresh browser context (empty cache) whose page records, in its own clock, when the map's
    iframe appears, when its first shape is painted and when each websocket message arrives."""
    from benchmarks.trace_load import INIT_SCRIPT

    context = browser.new_context(viewport=viewport or {"width": 1600, "height": 1000})
    context.route("**/*", outside)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    received = {"bytes": 0}
    payloads: list[bytes] = []

    def on_frame(payload) -> None:
        data = payload if isinstance(payload, bytes) else payload.encode()
        received["bytes"] += len(data)
        payloads.append(data)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    page.ws_received = received
    page.ws_payloads = payloads
    return context, page


def _page_marks(page) -> dict[str, Any]:
    """In-page times (ms from navigation start): iframe attached, first shape, title box, and the
    arrival of the last ``script_finished`` message (the server's run is over)."""
    from benchmarks.trace_load import COLLECT, describe_message

    top = page.evaluate(COLLECT)
    marks = {k: v - top["origin"] for k, v in top["marks"].items()}
    for frame in page.frames:
        if frame.parent_frame is not None and "streamlit_folium" in frame.url:
            inner = frame.evaluate("() => window.__cmMarks || {}")
            marks.update({k: v - top["origin"] for k, v in inner.items()})
    finished = [
        at
        for (at, _), payload in zip(top["ws"], page.ws_payloads, strict=False)
        if describe_message(payload)[0] == "script_finished"
    ]
    if finished:
        marks["script_finished"] = max(finished) - top["origin"]
    return marks


def _wait_paint(page, timeout: float = 60_000):
    page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=timeout)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=timeout)
    return frame


def _wait_any_paint(page, timeout: float = 60_000) -> None:
    """Until the map's first shape is painted, in the map's iframe or (a map without one) in the page."""
    page.wait_for_function(
        """() => {
          if (document.querySelector('path.leaflet-interactive')) return true;
          const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
          try { return !!(frame && frame.contentDocument && frame.contentDocument.querySelector('path.leaflet-interactive')); }
          catch (e) { return false; }
        }""",
        timeout=timeout,
        polling="raf",
    )


def _view(frame) -> list:
    return frame.locator("body").evaluate(
        "() => { const c = window.map.getCenter(); return [c.lat.toFixed(4), c.lng.toFixed(4), window.map.getZoom()]; }"
    )


def open_options(page, timeout: float = 60_000) -> None:
    """Open the sidebar's section of options region by region, where the page has one (the dashboard draws them
    only while it is open; the naive app has no section), and wait for Crimea's option."""
    section = page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').filter(has_text=OPTIONS_SECTION)
    crimea = page.locator('[data-testid="stSelectbox"]').filter(has_text=CRIMEA_LABEL)
    # The dashboard draws its sidebar once the map has painted (components/first_view.py): wait for either.
    section.or_(crimea).first.wait_for(timeout=timeout)
    if section.count() and crimea.count() == 0:
        section.first.click()
        page.locator('[data-testid="stSelectbox"]').filter(has_text=CRIMEA_LABEL).first.wait_for(timeout=timeout)


def _toggle_runs(page, frame, server: Server, toggles: int, target_fills: tuple[str, str]) -> dict[str, Any]:
    """Flip the Crimea option ``toggles`` times (its section opened first, not timed); time click → new fill
    painted in the map."""
    open_options(page)
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(700)
    view = _view(frame)
    repaint: list[float] = []
    reloads = 0
    preserved = True
    runs_before = len(server.run_ms)
    for index in range(toggles):
        option = OPTIONS[index % 2]
        fill = target_fills[index % 2]
        frame.locator("body").evaluate("() => { window.__probe = true; }")
        box = page.locator('[data-testid="stSelectbox"]').filter(has_text=CRIMEA_LABEL).first
        box.click()
        item = page.get_by_role("option", name=option, exact=True)
        item.wait_for()
        started = time.perf_counter()
        # A plain click event: Playwright's click() adds its own actionability checks (about 45 ms here).
        item.dispatch_event("click")
        frame = page.frame_locator(MAP_FRAME).first
        frame.locator(f'path[fill="{fill}"]').first.wait_for(state="attached", timeout=60_000)
        repaint.append(1000 * (time.perf_counter() - started))
        page.wait_for_timeout(150)
        if not frame.locator("body").evaluate("() => window.__probe === true"):
            reloads += 1
        if _view(frame) != view:
            preserved = False
    page.wait_for_timeout(300)
    runs = server.run_ms[runs_before:]
    return {
        "toggle_repaint_ms_median": round(statistics.median(repaint), 1),
        "toggle_repaint_ms_p95": _p95(repaint),
        "iframe_reloads": reloads,
        "view_preserved": preserved,
        "rerun_ms_median": round(statistics.median(runs), 1) if runs else None,
    }


def _payload_bytes(script: str, query: dict[str, str]) -> int:
    """Bytes of map data and script for one view: st_folium's JSON arguments, plus the map data
    files the map fetches from the app's static folder (Leaflet itself not counted)."""
    from streamlit.testing.v1 import AppTest

    at = AppTest.from_file(str(ROOT / script), default_timeout=120)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    total = 0
    for element in at.get("component_instance"):
        args = getattr(element.proto, "json_args", "")
        if '"script"' in args:
            total += len(args.encode("utf-8"))
            for url in sorted(set(re.findall(r"/app/static/data/[a-z0-9-]+\.json", args))):
                total += (ROOT / url.removeprefix("/app/")).stat().st_size
    return total


def _load(browser, outside: OutsideRequests, url: str, viewport: dict[str, int] | None = None) -> dict[str, Any]:
    """One page load in a fresh context: wall time to map painted (Playwright's clock) and the in-page marks."""
    context, page = _new_page(browser, outside, viewport)
    try:
        started = time.perf_counter()
        page.goto(url)
        _wait_any_paint(page)
        wall = 1000 * (time.perf_counter() - started)
        # The rest of the page: the dashboard's first view ends (its sidebar line goes) on the run the map's paint starts.
        first_view_line(page).first.wait_for(state="detached", timeout=60_000)
        page.wait_for_timeout(1000)  # any later run arrives
        marks = _page_marks(page)
        return {"wall_ms": wall, "marks": marks, "ws_bytes": page.ws_received["bytes"]}
    finally:
        context.close()


def _p95(values: list[float]) -> float:
    """The 95th percentile by nearest rank (the 19th of 20)."""
    return round(sorted(values)[max(0, math.ceil(0.95 * len(values)) - 1)], 1)


def _median(values: list[float]) -> float | None:
    values = [v for v in values if v is not None]
    return round(statistics.median(values), 1) if values else None


def _repeat_visits(browser, outside: OutsideRequests, url: str, loads: int) -> list[float]:
    """Navigation → map painted for ``loads`` visits in one browser context after a first, uncounted one."""
    context, page = _new_page(browser, outside)
    times = []
    try:
        for index in range(loads + 1):
            page.goto("about:blank")
            started = time.perf_counter()
            page.goto(url)
            _wait_paint(page)
            if index:
                times.append(1000 * (time.perf_counter() - started))
            page.wait_for_timeout(500)
    finally:
        context.close()
    return times


PRESENT_VIEWPORT = {"width": 1280, "height": 720}


def measure_app(browser, script: str, toggles: int, loads: int, sessions: int, fills: tuple[str, str]) -> dict[str, Any]:
    """Every figure of issue 15 for one map app, in the order a visitor meets them."""
    outside = OutsideRequests()
    server = Server(script)
    results: dict[str, Any] = {}
    query = "/?scenario=status-quo"
    try:
        server.wait_healthy()
        results["server_ready_ms"] = round(1000 * (time.perf_counter() - server.started), 1)
        # Cold: the server's first page, nothing cached in the server or the browser.
        context, page = _new_page(browser, outside)
        started = time.perf_counter()
        page.goto(server.url + query)
        frame = _wait_paint(page)
        results["cold_first_paint_ms"] = round(1000 * (time.perf_counter() - started), 1)
        results["cold_start_ms"] = round(1000 * (time.perf_counter() - server.started), 1)
        page.wait_for_timeout(1000)
        results["rss_mb_1_session"] = round(server.rss_mb(), 1)
        results.update(_toggle_runs(page, frame, server, toggles, fills))
        context.close()
        warm = [_load(browser, outside, server.url + query) for _ in range(loads)]
        results["warm_load_ms_median"] = _median([w["wall_ms"] for w in warm])
        results["warm_load_ms_all"] = [round(w["wall_ms"]) for w in warm]
        # The same load in the page's own clock (navigation start → first shape), without Playwright's polling.
        results["warm_load_inpage_ms_median"] = _median([w["marks"].get("first_shape") for w in warm])
        results["warm_load_iframe_attached_ms_median"] = _median([w["marks"].get("iframe_attached") for w in warm])
        results["websocket_bytes_per_load"] = int(statistics.median([w["ws_bytes"] for w in warm]))
        # A returning visitor: the same browser (its cache holds Streamlit's bundles, which are served
        # immutable for a year, and the map's files, which are revalidated), a new session each time.
        results["repeat_visit_load_ms_median"] = _median(_repeat_visits(browser, outside, server.url + query, loads))
        # Presentation view on a 1280×720 screen: interactive once the map is painted (title box drawn
        # where there is one) and the server's run is over (its last script_finished message has arrived).
        present = [_load(browser, outside, server.url + query + "&present=1", PRESENT_VIEWPORT) for _ in range(loads)]
        tti = [
            max(p["marks"].get(k, 0) for k in ("first_shape", "titlebox", "script_finished"))
            if "first_shape" in p["marks"]
            else None
            for p in present
        ]
        results["present_1280x720_tti_ms_median"] = _median(tti)
        results["present_1280x720_paint_ms_median"] = _median([p["marks"].get("first_shape") for p in present])
        if sessions > 1:
            contexts = []
            try:
                for _ in range(sessions):
                    context, page = _new_page(browser, outside)
                    contexts.append(context)
                    page.goto(server.url + query)
                    _wait_paint(page)
                page.wait_for_timeout(1000)
                results[f"rss_mb_{sessions}_sessions"] = round(server.rss_mb(), 1)
                results["rss_mb_per_extra_session"] = round(
                    (results[f"rss_mb_{sessions}_sessions"] - results["rss_mb_1_session"]) / (sessions - 1), 2
                )
            finally:
                for context in contexts:
                    context.close()
        results["external_requests"] = len(outside.urls)
    finally:
        server.stop()
    results["map_payload_bytes"] = _payload_bytes(script, {"scenario": "status-quo"})
    return results


def loads_in_turn(
    browser, urls: dict[str, str], rounds: int, outside: dict[str, OutsideRequests], viewport: dict[str, int] | None = None
) -> list[dict[str, dict[str, Any]]]:
    """Page loads of several pages taken in turn, so that the machine's drift slows each alike.

    After one uncounted load of each page (it warms its server), every round loads every page once in a new
    browser context (a first visit), the order rotating each round.

    Parameters
    ----------
    urls : dict of str to str
        Name → address of each page.
    rounds : int
        How many rounds.
    outside : dict of str to OutsideRequests
        Name → the counter of requests to other hosts for that page's loads (one counter may serve several).
    viewport : dict, optional
        Width and height in CSS pixels (1600×1000 by default).

    Returns
    -------
    list of dict
        One dict per round: name → the load (:func:`_load`'s ``wall_ms``, ``marks`` and ``ws_bytes``).
    """
    names = list(urls)
    for name in names:
        _load(browser, outside[name], urls[name], viewport)  # warms the server: not counted
    taken = []
    for index in range(rounds):
        shift = index % len(names)
        taken.append({name: _load(browser, outside[name], urls[name], viewport) for name in names[shift:] + names[:shift]})
    return taken


def warm_loads_in_turn(browser, scripts: dict[str, str], rounds: int, query: str) -> dict[str, dict[str, Any]]:
    """Warm page loads of map apps, each in its own server (all at once: an idle server takes no CPU), taken in turn
    (:func:`loads_in_turn`), as figures.

    Returns
    -------
    dict
        Per app name: ``warm_load_ms_median`` and ``warm_load_ms_all`` (navigation → map painted, Playwright's clock),
        ``warm_load_inpage_ms_median`` (→ first shape, the page's clock), ``warm_load_iframe_attached_ms_median``,
        ``outside_requests``; and for every app after the first, ``warm_load_paired_ms_median``: the median of its
        load minus the first app's in the same round (negative: faster).
    """
    names = list(scripts)
    outside = {name: OutsideRequests() for name in names}
    servers: dict[str, Server] = {}
    try:
        for name in names:
            servers[name] = Server(scripts[name])
        for server in servers.values():
            server.wait_healthy()
        # Each app answers on its own port (free_port() picks before the servers bind): never one app twice.
        if len({server.port for server in servers.values()}) != len(servers) or any(
            server.process.poll() is not None for server in servers.values()
        ):
            raise RuntimeError("the apps' servers did not each start on a port of their own")
        taken = loads_in_turn(browser, {name: servers[name].url + query for name in names}, rounds, outside)
    finally:
        for server in servers.values():
            server.stop()
    figures: dict[str, dict[str, Any]] = {}
    for name in names:
        loads = [round_[name] for round_ in taken]
        figures[name] = {
            "warm_load_ms_median": _median([load["wall_ms"] for load in loads]),
            "warm_load_ms_all": [round(load["wall_ms"]) for load in loads],
            "warm_load_inpage_ms_median": _median([load["marks"].get("first_shape") for load in loads]),
            "warm_load_iframe_attached_ms_median": _median([load["marks"].get("iframe_attached") for load in loads]),
            "outside_requests": len(outside[name].urls),
        }
        if name != names[0]:
            figures[name]["warm_load_paired_ms_median"] = _median([r[name]["wall_ms"] - r[names[0]]["wall_ms"] for r in taken])
    return figures


def measure_floor(browser, toggles: int, loads: int) -> dict[str, Any]:
    """A one-select-box Streamlit app: what any toggle (click → text updated) and any page load
    (navigation → first element shown) cost at least."""
    outside = OutsideRequests()
    server = Server("benchmarks/floor_app.py")
    results: dict[str, Any] = {}
    try:
        server.wait_healthy()
        load_times, inpage = [], []
        for _ in range(loads + 1):  # the first load warms the server and is not counted
            context, page = _new_page(browser, outside)
            started = time.perf_counter()
            page.goto(server.url)
            page.locator("#floor-out").wait_for(timeout=60_000)
            load_times.append(1000 * (time.perf_counter() - started))
            page.wait_for_timeout(300)
            inpage.append(_page_marks(page).get("floor_out"))
            context.close()
        context, page = _new_page(browser, outside)
        page.goto(server.url)
        page.locator("#floor-out").wait_for(timeout=60_000)
        timings = []
        runs_before = len(server.run_ms)
        for index in range(toggles):
            option = OPTIONS[index % 2]
            page.locator('[data-testid="stSelectbox"]').first.click()
            item = page.get_by_role("option", name=option, exact=True)
            item.wait_for()
            started = time.perf_counter()
            item.dispatch_event("click")
            page.locator("#floor-out", has_text=option).wait_for(timeout=60_000)
            timings.append(1000 * (time.perf_counter() - started))
        context.close()
        time.sleep(0.3)  # the last run's timing line reaches the reader thread
        runs = server.run_ms[runs_before:]
        results = {
            "toggle_ms_median": _median(timings),
            "toggle_ms_p95": _p95(timings),
            "rerun_ms_median": _median(runs),
            "warm_load_ms_median": _median(load_times[1:]),
            "warm_load_inpage_ms_median": _median(inpage[1:]),
            "external_requests": len(outside.urls),
        }
    finally:
        server.stop()
    return results


def measure_domain() -> dict[str, Any]:
    """Server-side figures with no browser: statistics, and the static renderer where present."""
    from geodata.dataset import default_dataset
    from geodata.stats import compute_stats

    scenario = default_dataset().scenarios()["plan-28-points-2025-11"]
    started = time.perf_counter()
    compute_stats(scenario, default_dataset().snapshot("2025-11-20"), dataset=default_dataset())
    results = {"stats_ms_cold": round(1000 * (time.perf_counter() - started), 1)}
    timings = []
    for _ in range(5):
        started = time.perf_counter()
        compute_stats(scenario, default_dataset().snapshot("2025-11-20"), dataset=default_dataset())
        timings.append(1000 * (time.perf_counter() - started))
    results["stats_ms"] = round(statistics.median(timings), 1)
    try:
        from geodata.figures import render_bytes
    except ImportError:
        return results
    snapshot = default_dataset().snapshot("2025-11-20")
    for fmt in ("png", "svg", "pdf"):
        timings = []
        for _ in range(3):
            started = time.perf_counter()
            render_bytes(scenario, snapshot, fmt=fmt, dataset=default_dataset())
            timings.append(1000 * (time.perf_counter() - started))
        results[f"render_{fmt}_ms"] = round(statistics.median(timings), 1)
    return results


TARGETS = {
    "warm_load_ms_median": "≤ baseline_warm_load_ms_median (same run)",
    "toggle_repaint_ms_median": "≤ streamlit_floor_toggle_ms_median + 50",
    "rerun_ms_median": "≤ 40",
    "map_payload_bytes": "≤ 250,000",
    "iframe_reloads": "0",
    "view_preserved": "true",
    "external_requests": "0",
    "render_png_ms": "≤ 3,000",
    "rss_mb_per_extra_session": "≤ 40",
}


def targets(results: dict[str, Any]) -> dict[str, bool | None]:
    """Issue 15's targets, each met or not in this run (None where a figure is missing)."""

    def check(key: str, test) -> bool | None:
        return None if results.get(key) is None else bool(test(results[key]))

    floor = results.get("streamlit_floor_toggle_ms_median")
    naive = results.get("baseline_warm_load_ms_median")
    return {
        "warm_load_ms_median": check("warm_load_ms_median", lambda v: naive is not None and v <= naive),
        "toggle_repaint_ms_median": check("toggle_repaint_ms_median", lambda v: floor is not None and v <= floor + 50),
        "rerun_ms_median": check("rerun_ms_median", lambda v: v <= 40),
        "map_payload_bytes": check("map_payload_bytes", lambda v: v <= 250_000),
        "iframe_reloads": check("iframe_reloads", lambda v: v == 0),
        "view_preserved": check("view_preserved", lambda v: v is True),
        "external_requests": check("external_requests", lambda v: v == 0),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    parser.add_argument("--toggles", type=int, default=20, help="toggles per app (the issue asks ≥ 20)")
    parser.add_argument("--loads", type=int, default=5, help="warm loads per app (the issue asks ≥ 5)")
    parser.add_argument("--sessions", type=int, default=20, help="sessions open at once for the memory figure (1 to skip)")
    parser.add_argument("--skip-domain", action="store_true", help="leave out the statistics and figure timings")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    run_started = time.perf_counter()
    load_before = os.getloadavg()
    results: dict[str, Any] = {"date": time.strftime("%Y-%m-%d %H:%M")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        app = measure_app(
            browser, "app.py", args.toggles, args.loads, args.sessions, ("url(#cm-p-returned)", "url(#cm-p-occupied)")
        )
        naive = measure_app(browser, "benchmarks/naive_app.py", args.toggles, args.loads, 1, ("#009E73", "#D55E00"))
        floor = measure_floor(browser, args.toggles, args.loads)
        # The page-load comparison, again with the two apps' loads in turn: measured one app after the other,
        # the machine's drift over a minute (this machine's load average moves by several points) lands on one
        # app only. These are the figures the target is checked on; the one-after-the-other ones are kept.
        turns = warm_loads_in_turn(
            browser, {"naive": "benchmarks/naive_app.py", "app": "app.py"}, 2 * args.loads, "/?scenario=status-quo"
        )
        browser.close()
    for name, figures in (("app", app), ("naive", naive)):
        figures["warm_load_sequential_ms_median"] = figures.get("warm_load_ms_median")
        in_turn = turns[name]
        figures["external_requests"] = figures.get("external_requests", 0) + in_turn.pop("outside_requests")
        figures.update(in_turn)
    app["warm_load_paired_vs_naive_ms_median"] = app.pop("warm_load_paired_ms_median")
    results.update(app)
    for key in (
        "toggle_repaint_ms_median",
        "toggle_repaint_ms_p95",
        "iframe_reloads",
        "view_preserved",
        "rerun_ms_median",
        "map_payload_bytes",
        "warm_load_ms_median",
        "warm_load_sequential_ms_median",
        "cold_first_paint_ms",
        "present_1280x720_tti_ms_median",
        "repeat_visit_load_ms_median",
    ):
        results[f"baseline_{key}"] = naive.get(key)
    results["streamlit_floor_toggle_ms_median"] = floor["toggle_ms_median"]
    results["streamlit_floor_warm_load_ms_median"] = floor["warm_load_ms_median"]
    floor_ms = floor["toggle_ms_median"]
    if results.get("toggle_repaint_ms_median") and floor_ms:
        results["toggle_speedup_vs_baseline"] = round(
            results["baseline_toggle_repaint_ms_median"] / results["toggle_repaint_ms_median"], 1
        )
        # What is left once Streamlit's own round trip (the floor) is taken out of both.
        results["toggle_ms_above_floor"] = round(results["toggle_repaint_ms_median"] - floor_ms, 1)
        results["baseline_toggle_ms_above_floor"] = round(results["baseline_toggle_repaint_ms_median"] - floor_ms, 1)
    if not args.skip_domain:
        results.update(measure_domain())
    results["targets_met"] = targets(results)
    results["naive"] = naive
    results["floor"] = floor
    load_after = os.getloadavg()
    results["machine"] = {
        "cores": os.cpu_count(),
        "python": sys.version.split()[0],
        "load_average_1_5_15_before": [round(x, 2) for x in load_before],
        "load_average_1_5_15_after": [round(x, 2) for x in load_after],
        "run_seconds": round(time.perf_counter() - run_started),
    }
    if args.json:
        print(json.dumps(results, indent=2))
    else:
        print(f"{'figure':<40} {'value':>14}  target")
        for key, value in results.items():
            if isinstance(value, dict):
                print(f"{key}: {json.dumps(value)}")
            else:
                print(f"{key:<40} {str(value):>14}  {TARGETS.get(key, '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
