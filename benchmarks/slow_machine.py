"""Page load and toggle on a slower machine: the browser's CPU slowed and each server held to one core, this app
beside the naive app (``benchmarks/naive_app.py``) in the same run.

    python benchmarks/slow_machine.py [--rate 2] [--rounds 5] [--toggles 10] [--app DIR ...] [--json]

Each server runs under ``taskset -c 0`` (one core; where ``taskset`` is missing, unpinned, and the output says so).
Every page is slowed ``--rate`` times by Chromium's CPU throttling through the DevTools protocol
(``Emulation.setCPUThrottlingRate``). Page loads (navigation → first region painted, each in a fresh context) are
taken in turn, app by app with the order rotating each round, so the machine's drift lands on both; then each app's
toggle (Crimea's option flipped, click → new fill painted) ``--toggles`` times in one throttled page. Prints, per app,
the medians and all loads, the paired difference (this app minus the naive app in the same round), toggle median and
p95, iframe reloads, and whether this app's load and toggle are no slower than the naive app's. Loopback only; every
other host is blocked and counted.

With ``--app DIR`` (repeatable), copies of the repository (say, an older commit unpacked with ``git archive``) are
measured beside this one and the naive app, in the same rounds, each named by its folder; each gets the same figures
and targets.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import Server, _median, _new_page, _toggle_runs, _wait_any_paint, _wait_paint  # noqa: E402
from tests.browser import CHROMIUM_ARGS, OutsideRequests, find_chromium  # noqa: E402

NAIVE_FILLS = ("#009E73", "#D55E00")
APP_FILLS = ("url(#cm-p-returned)", "url(#cm-p-occupied)")
QUERY = "/?scenario=status-quo"


def throttled_page(browser: Any, outside: OutsideRequests, rate: float) -> tuple[Any, Any]:
    """A fresh context and page (:func:`benchmarks.run._new_page`) whose CPU is slowed ``rate`` times."""
    context, page = _new_page(browser, outside)
    cdp = context.new_cdp_session(page)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
    return context, page


#: A load that has not painted by then failed (a throttled load takes 1.5-4 s here); it is taken again, and counted.
LOAD_TIMEOUT_MS = 30_000
LOAD_ATTEMPTS = 3


def load_ms(browser: Any, outside: OutsideRequests, url: str, rate: float, failures: list[str] | None = None) -> float:
    """Navigation → first region painted, in a fresh throttled context (ms).

    A load that fails (the machine's network changed under the browser, say: Chromium then drops every request with
    ``ERR_NETWORK_CHANGED``) is taken again, up to :data:`LOAD_ATTEMPTS` times; each failure is added to ``failures``.
    """
    for attempt in range(LOAD_ATTEMPTS):
        context, page = throttled_page(browser, outside, rate)
        try:
            started = time.perf_counter()
            page.goto(url, timeout=LOAD_TIMEOUT_MS)
            _wait_any_paint(page, timeout=LOAD_TIMEOUT_MS)
            return 1000 * (time.perf_counter() - started)
        except Exception as error:  # noqa: BLE001 - Playwright's timeouts and network errors alike: taken again
            if failures is not None:
                failures.append(f"{url}: {type(error).__name__}")
            if attempt == LOAD_ATTEMPTS - 1:
                raise
        finally:
            context.close()
    raise AssertionError("unreachable")


def measure(rate: float, rounds: int, toggles: int, copies: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Loads in turn and toggles of the naive app, this app and each copy in ``copies``, under the same limits."""
    from playwright.sync_api import sync_playwright

    apps: dict[str, tuple[str, Path, tuple[str, str]]] = {
        "naive": ("benchmarks/naive_app.py", ROOT, NAIVE_FILLS),
        "app": ("app.py", ROOT, APP_FILLS),
        **{str(copy): ("app.py", copy.resolve(), APP_FILLS) for copy in copies},
    }

    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    prefix = ("taskset", "-c", "0") if shutil.which("taskset") else ()
    outside = {name: OutsideRequests() for name in apps}
    servers = {name: Server(script, cwd=cwd, prefix=prefix) for name, (script, cwd, _) in apps.items()}
    results: dict[str, Any] = {
        "rate": rate,
        "server_cores": 1 if prefix else None,
        "load_average_before": [round(x, 2) for x in os.getloadavg()],
        "apps": {},
    }
    try:
        for server in servers.values():
            server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            names = list(apps)
            failures: dict[str, list[str]] = {name: [] for name in names}
            for name in names:  # warms each server: not counted
                load_ms(browser, outside[name], servers[name].url + QUERY, rate)
            loads: list[dict[str, float]] = []
            for index in range(rounds):
                order = names[index % len(names) :] + names[: index % len(names)]
                loads.append(
                    {name: load_ms(browser, outside[name], servers[name].url + QUERY, rate, failures[name]) for name in order}
                )
            for name, (_, _, fills) in apps.items():
                toggled: dict[str, Any] = {}
                if toggles:
                    context, page = throttled_page(browser, outside[name], rate)
                    try:
                        page.goto(servers[name].url + QUERY, timeout=120_000)
                        frame = _wait_paint(page, timeout=120_000)
                        toggled = _toggle_runs(page, frame, servers[name], toggles, fills)
                    finally:
                        context.close()
                results["apps"][name] = {
                    "load_ms_median": _median([r[name] for r in loads]),
                    "load_ms_all": [round(r[name]) for r in loads],
                    **toggled,
                    "outside_requests": len(outside[name].urls),
                    "loads_taken_again": len(failures[name]),
                }
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    results["load_average_after"] = [round(x, 2) for x in os.getloadavg()]
    naive = results["apps"]["naive"]
    results["targets"] = {}
    for name in names[1:]:
        app = results["apps"][name]
        app["load_paired_vs_naive_ms_median"] = _median([r[name] - r["naive"] for r in loads])
        results["targets"][name] = {"load_no_slower_than_naive": app["load_ms_median"] <= naive["load_ms_median"]}
        if toggles:
            results["targets"][name]["toggle_no_slower_than_naive"] = (
                app["toggle_repaint_ms_median"] <= naive["toggle_repaint_ms_median"]
            )
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rate", type=float, default=2.0, help="CPU slow-down factor for the browser (1: none)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--toggles", type=int, default=10, help="toggles per app (0: page loads only)")
    parser.add_argument("--app", type=Path, action="append", default=[], help="a copy of the repository to measure too")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    toggles = 0 if args.toggles <= 0 else max(2, min(args.toggles, 60))
    results = measure(max(1.0, args.rate), max(1, min(args.rounds, 30)), toggles, tuple(args.app))
    print(json.dumps(results, indent=2 if args.json else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
