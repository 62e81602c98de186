"""The briefing pack served as a plain static file, as any static host or CDN would: time to first map paint.

    python benchmarks/pack_static.py [--loads 5] [--json]

Writes the pack (``python -m geodata pack``) into a temporary folder, serves that folder from Python's own static
HTTP server on 127.0.0.1 with the cache headers docs/deployment.md recommends, and opens it in the system Chromium
(every other host blocked and counted), each load in a fresh browser context (an empty cache). Prints the time from
navigation to the first region painted in the pack's map (median and all loads), the bytes sent, and requests to
other hosts (none expected). Used by ``tests/test_deploy.py``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import CHROMIUM_ARGS, find_chromium  # noqa: E402

PACK_NAME = "claims-map.html"
#: As docs/deployment.md recommends for the pack: browsers and CDNs keep it an hour, then ask again (cheap with ETag).
CACHE_CONTROL = "public, max-age=3600, stale-while-revalidate=86400"
#: Records, in the page's own clock, when the first region of the pack's map is in the page.
PAINT_SCRIPT = """
window.__paint = null;
new MutationObserver((_, observer) => {
  if (document.querySelector('#pk-map path.leaflet-interactive')) {
    window.__paint = performance.now();
    observer.disconnect();
  }
}).observe(document, {subtree: true, childList: true});
"""


class _Handler(SimpleHTTPRequestHandler):
    def end_headers(self) -> None:
        self.send_header("Cache-Control", CACHE_CONTROL)
        super().end_headers()

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - the standard library's name
        pass


class StaticServer:
    """Python's static file server on 127.0.0.1, serving one folder with cache headers, in a thread."""

    def __init__(self, folder: Path) -> None:
        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Handler, directory=str(folder)))
        self.httpd.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def write_pack(folder: Path) -> Path:
    """Write the pack with the project's own command; its path."""
    out = folder / PACK_NAME
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "pack", "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(result.stderr)
    return out


def first_paint(browser: Any, url: str) -> dict[str, Any]:
    """Open ``url`` in a fresh context; the time to the first painted region (ms) and requests to other hosts."""
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    outside: list[str] = []

    def route(request_route: Any) -> None:
        if request_route.request.url.startswith(url.split("/", 3)[0] + "//" + url.split("/", 3)[2]):
            request_route.continue_()
        else:
            outside.append(request_route.request.url)
            request_route.abort()

    context.route("**/*", route)
    context.add_init_script(PAINT_SCRIPT)
    page = context.new_page()
    headers: dict[str, str] = {}
    page.on("response", lambda response: headers.update(response.headers) if response.url == url else None)
    try:
        page.goto(url, timeout=60_000)
        page.wait_for_function("() => window.__paint !== null", timeout=60_000)
        paint = page.evaluate("() => window.__paint")
    finally:
        context.close()
    return {"paint_ms": round(paint, 1), "outside": outside, "cache_control": headers.get("cache-control")}


def measure(loads: int) -> dict[str, Any]:
    """Write the pack, serve it, and open it ``loads`` times."""
    from playwright.sync_api import sync_playwright

    chromium = find_chromium()
    if chromium is None:
        raise RuntimeError("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    with tempfile.TemporaryDirectory() as folder:
        pack = write_pack(Path(folder))
        server = StaticServer(Path(folder))
        try:
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
                runs = [first_paint(browser, f"{server.url}/{PACK_NAME}") for _ in range(loads)]
                browser.close()
        finally:
            server.stop()
        size = pack.stat().st_size
    paints = [run["paint_ms"] for run in runs]
    return {
        "pack_bytes": size,
        "first_paint_ms_median": statistics.median(paints),
        "first_paint_ms_all": paints,
        "outside_requests": sum(len(run["outside"]) for run in runs),
        "cache_control": runs[0]["cache_control"],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--loads", type=int, default=5)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    result = measure(max(1, min(args.loads, 50)))
    print(json.dumps(result, indent=2 if args.json else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
