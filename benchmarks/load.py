"""Bounded load test on 127.0.0.1 only: concurrent sessions toggling options, then it stops by itself.

    python benchmarks/load.py [--sessions 20] [--seconds 60] [--json]

Starts the app on 127.0.0.1, opens ``--sessions`` browser sessions in the
system Chromium (every other host blocked), and has each flip a settlement
option about once a second for ``--seconds``. Prints errors seen (exceptions
on the page, JavaScript errors, requests to other hosts, toggles that never
painted) and the server's memory sampled every 5 seconds, to show it levels
off. Traffic goes only to the app on the loopback address.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import OPTIONS, OPTIONS_SECTION, Server  # noqa: E402
from tests.browser import CHROMIUM_ARGS, MAP_FRAME, OutsideRequests, find_chromium  # noqa: E402

TARGET_FILLS = ("url(#cm-p-returned)", "url(#cm-p-occupied)")


async def session(browser, url: str, seconds: float, outside: OutsideRequests, stats: dict[str, Any]) -> None:
    context = await browser.new_context(viewport={"width": 1400, "height": 900})
    await context.route("**/*", lambda r: asyncio.ensure_future(_route(r, outside)))
    page = await context.new_page()
    page.on("pageerror", lambda error: stats["js_errors"].append(str(error)[:200]))
    try:
        await page.goto(url + "/?scenario=status-quo", timeout=120_000)
        frame = page.frame_locator(MAP_FRAME).first
        await frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=180_000)
        stats["loaded"] += 1
        # The options region by region are drawn only while their section is open.
        await page.locator('[data-testid="stSidebar"] summary').filter(has_text=OPTIONS_SECTION).first.click(timeout=60_000)
        # Each session toggles for the same time once its page is up; 20 browser pages on two cores
        # take a while to load, and the server should be measured under all of them at once.
        deadline = time.monotonic() + seconds
        index = 0
        while time.monotonic() < deadline:
            option, fill = OPTIONS[index % 2], TARGET_FILLS[index % 2]
            started = time.perf_counter()
            try:
                await (
                    page.locator('[data-testid="stSelectbox"]')
                    .filter(has_text="Crimea and Sevastopol")
                    .first.click(timeout=30_000)
                )
                await page.get_by_role("option", name=option, exact=True).dispatch_event("click", timeout=30_000)
                await frame.locator(f'path[fill="{fill}"]').first.wait_for(state="attached", timeout=60_000)
                stats["toggle_ms"].append(1000 * (time.perf_counter() - started))
            except Exception as exc:  # a toggle that never painted is what this test counts
                stats["failed_toggles"].append(type(exc).__name__)
            if await page.locator('[data-testid="stException"]').count():
                stats["app_exceptions"] += 1
            index += 1
            await asyncio.sleep(1.0)
    finally:
        await context.close()


async def _route(route, outside: OutsideRequests) -> None:
    url = route.request.url
    host = url.split("/")[2].split(":")[0] if "://" in url else ""
    if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
        await route.continue_()
    else:
        outside.urls.append(url)
        await route.abort()


async def run(sessions: int, seconds: float) -> dict[str, Any]:
    from playwright.async_api import async_playwright

    server = Server("app.py")
    server.wait_healthy()
    outside = OutsideRequests()
    stats: dict[str, Any] = {"toggle_ms": [], "failed_toggles": [], "js_errors": [], "app_exceptions": 0, "loaded": 0}
    memory: list[tuple[float, float]] = []
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=find_chromium(), args=CHROMIUM_ARGS)
            started = time.monotonic()
            tasks = [asyncio.create_task(session(browser, server.url, seconds, outside, stats)) for _ in range(sessions)]
            while not all(task.done() for task in tasks):
                memory.append((round(time.monotonic() - started, 1), round(server.rss_mb(), 1)))
                await asyncio.sleep(5)
            for task in tasks:
                if task.exception() is not None:
                    stats["failed_toggles"].append(f"session: {type(task.exception()).__name__}")
            await browser.close()
    finally:
        server.stop()
    toggles = stats["toggle_ms"]
    rss = [m for _, m in memory]
    half = len(rss) // 2
    return {
        "sessions": sessions,
        "sessions_loaded": stats["loaded"],
        "seconds": seconds,
        "wall_seconds": round(memory[-1][0], 1) if memory else None,
        "toggles": len(toggles),
        "toggle_ms_median": round(statistics.median(toggles), 1) if toggles else None,
        "toggle_ms_p95": round(sorted(toggles)[max(0, int(0.95 * len(toggles)) - 1)], 1) if toggles else None,
        "failed_toggles": len(stats["failed_toggles"]),
        "app_exceptions": stats["app_exceptions"],
        "js_errors": len(stats["js_errors"]),
        "external_requests": len(outside.urls),
        "rss_mb_start": rss[0] if rss else None,
        "rss_mb_peak": max(rss) if rss else None,
        "rss_mb_end": rss[-1] if rss else None,
        # Levels off: the second half of the run grows by little compared with the first.
        "rss_mb_growth_second_half": round(rss[-1] - rss[half], 1) if len(rss) > 2 else None,
        "rss_mb_samples": memory,
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    if not 1 <= args.sessions <= 50 or not 1 <= args.seconds <= 600:
        print("sessions must be 1-50 and seconds 1-600", file=sys.stderr)
        return 2
    if find_chromium() is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    result = asyncio.run(run(args.sessions, args.seconds))
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for key, value in result.items():
            print(f"{key:<28} {value}")
    failed = result["failed_toggles"] or result["app_exceptions"] or result["external_requests"]
    return 1 if failed or result["sessions_loaded"] < result["sessions"] else 0


if __name__ == "__main__":
    sys.exit(main())
