"""A/B page loads of several copies of the app, interleaved so that a busy machine slows each alike.

    python benchmarks/compare_loads.py DIR [DIR ...] [--rounds 8] [--toggles 0] [--query /?scenario=status-quo] [--json]

Each DIR is a copy of the repository (say ``cp -r`` of it with one change applied); its ``app.py`` is
started on 127.0.0.1 with this interpreter. After one uncounted load each, every round loads every copy
once, in a new browser context (a first visit), in turn; the order rotates each round. Printed per copy,
medians over the rounds, in the page's own clock from navigation start: the map's iframe attached, its
first shape painted, the first sidebar widget shown, and the server's ``script_finished`` message.
With ``--toggles N``, one page per copy then flips the Crimea option N times, the copies in turn, and
the median click → new fill painted is printed too. Also per copy: the median of first shape minus iframe
attached, load by load (``iframe_to_shape``: the map's own chain), and for every copy after the first, the median
of its difference to the first copy in the same round (``*_vs_first_ms_median``: a paired comparison) (the map in an
iframe or, for a map drawn in the page itself, in the page). Loopback only; each load and toggle times out after 60 s.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import CRIMEA_LABEL, OPTIONS, Server, _new_page, _wait_any_paint, loads_in_turn, open_options  # noqa: E402
from tests.browser import CHROMIUM_ARGS, MAP_FRAME, OutsideRequests, find_chromium  # noqa: E402

FILLS = ("url(#cm-p-returned)", "url(#cm-p-occupied)")


def _map_root(page):
    """Where the map's shapes are: its iframe, or the page itself for a map drawn without one."""
    return page.frame_locator(MAP_FRAME).first if page.locator(MAP_FRAME).count() else page


def _toggle(page, index: int) -> float:
    """One flip of the Crimea option: click → the new fill painted, ms (a plain click event, as run.py)."""
    page.locator('[data-testid="stSelectbox"]').filter(has_text=CRIMEA_LABEL).first.click()
    item = page.get_by_role("option", name=OPTIONS[index % 2], exact=True)
    item.wait_for()
    started = time.perf_counter()
    item.dispatch_event("click")
    _map_root(page).locator(f'path[fill="{FILLS[index % 2]}"]').first.wait_for(state="attached", timeout=60_000)
    elapsed = 1000 * (time.perf_counter() - started)
    page.wait_for_timeout(150)
    return elapsed


MARKS = ("iframe_attached", "first_shape", "first_widget", "script_finished")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="+", type=Path)
    parser.add_argument("--rounds", type=int, default=8)
    parser.add_argument("--query", default="/?scenario=status-quo")
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--toggles", type=int, default=0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    outside = OutsideRequests()
    viewport = {"width": args.width, "height": args.height}
    servers = [Server("app.py", cwd=d.resolve()) for d in args.dirs]
    samples: dict[str, dict[str, list[float]]] = {
        str(d): {m: [] for m in (*MARKS, "wall", "toggle", "iframe_to_shape")} for d in args.dirs
    }
    try:
        for server in servers:
            server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            pairs = list(zip(args.dirs, servers, strict=False))
            urls = {str(directory): server.url + args.query for directory, server in pairs}
            taken = loads_in_turn(browser, urls, args.rounds, {name: outside for name in urls}, viewport)
            rounds: list[dict[str, dict[str, float]]] = [{name: load["marks"] for name, load in r.items()} for r in taken]
            for round_ in taken:
                for name, load in round_.items():
                    marks = load["marks"]
                    samples[name]["wall"].append(load["wall_ms"])
                    for mark in MARKS:
                        if mark in marks:
                            samples[name][mark].append(marks[mark])
                    if "iframe_attached" in marks and "first_shape" in marks:
                        samples[name]["iframe_to_shape"].append(marks["first_shape"] - marks["iframe_attached"])
            if args.toggles:
                pages = []
                for directory, server in pairs:
                    context, page = _new_page(browser, outside, viewport)
                    page.goto(server.url + args.query)
                    _wait_any_paint(page)
                    open_options(page)  # a copy that draws the options only in an open section (not timed)
                    page.wait_for_timeout(1000)
                    pages.append((directory, context, page))
                for index in range(args.toggles):
                    for directory, _, page in pages:
                        samples[str(directory)]["toggle"].append(_toggle(page, index))
                for _, context, _ in pages:
                    context.close()
            browser.close()
    finally:
        for server in servers:
            server.stop()
    result = {
        d: {f"{k}_ms_median": round(statistics.median(v), 1) if v else None for k, v in marks.items()} | {"n": len(marks["wall"])}
        for d, marks in samples.items()
    }
    # Paired: each copy against the first one, load by load within a round (adjacent in time, so alike in load).
    first = str(args.dirs[0])
    for d in map(str, args.dirs[1:]):
        for mark in ("iframe_attached", "first_shape"):
            deltas = [r[d][mark] - r[first][mark] for r in rounds if mark in r.get(d, {}) and mark in r.get(first, {})]
            result[d][f"{mark}_vs_first_ms_median"] = round(statistics.median(deltas), 1) if deltas else None
    result["outside_requests"] = len(outside.urls)
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        for d, figures in result.items():
            print(d, figures)
    return 0


if __name__ == "__main__":
    sys.exit(main())
