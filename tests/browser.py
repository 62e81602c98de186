"""A real browser against a real server: Streamlit on 127.0.0.1 and the system Chromium via Playwright.

Every request to another host is aborted and counted, which proves the page works with no internet.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def find_chromium() -> str | None:
    """The system Chromium (never a browser downloaded by Playwright)."""
    candidates = (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium"))
    for candidate in (*candidates, shutil.which("chromium-browser")):
        if candidate and Path(candidate).is_file():
            return candidate
    return None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def streamlit_command(script: str, port: int, *extra: str) -> list[str]:
    """``python -m streamlit run script`` on 127.0.0.1:port, headless, with no usage statistics sent; ``extra``:
    more command-line options. The one command line of the tests' and the benchmarks' servers."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        *extra,
    ]


@contextmanager
def streamlit_server(app: str = "app.py", timeout: float = 60) -> Iterator[str]:
    """Run ``streamlit run app`` on 127.0.0.1 until the block ends; yield its base URL."""
    port = free_port()
    process = subprocess.Popen(streamlit_command(app, port), cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout
        while True:
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.read() == b"ok":
                        break
            except OSError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                output = process.stdout.read().decode(errors="replace") if process.stdout else ""
                raise RuntimeError(f"streamlit did not start: {output[-2000:]}")
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


class OutsideRequests:
    """Aborts and records every request whose host is not 127.0.0.1."""

    def __init__(self) -> None:
        self.urls: list[str] = []

    def __call__(self, route) -> None:
        url = route.request.url
        host = url.split("/")[2].split(":")[0] if "://" in url else ""
        if url.startswith(("data:", "blob:", "about:")) or host == "127.0.0.1":
            route.continue_()
        else:
            self.urls.append(url)
            route.abort()


MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def first_view_line(page):
    """The sidebar's line that the dashboard shows while its first view lasts (components/first_view.py)."""
    from geodata.wording import word

    texts = "|".join(re.escape(word("first_view_loading", lang)) for lang in ("en", "uk"))
    return page.get_by_text(re.compile(texts))


def map_frame(page):
    """The map's iframe, once Leaflet has drawn the region shapes in it, and the dashboard's whole page is drawn (its
    first view, the map and the text above it, is over: the sidebar and the figures are there)."""
    page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=60_000)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=60_000)
    first_view_line(page).first.wait_for(state="detached", timeout=60_000)
    return frame


def hover_map(page, frame, lat: float, lon: float) -> None:
    """Move the mouse onto the point ``lat``, ``lon`` of the map (in a few steps, as a user would)."""
    page.locator(MAP_FRAME).first.scroll_into_view_if_needed()
    box = frame.locator("#map_div").bounding_box()
    x, y = frame.locator("body").evaluate(
        "(_, [lat, lon]) => { const p = window.map.latLngToContainerPoint([lat, lon]); return [p.x, p.y]; }", [lat, lon]
    )
    page.mouse.move(box["x"] + x - 30, box["y"] + y - 10)
    page.mouse.move(box["x"] + x, box["y"] + y, steps=4)


def shown_tooltip(frame):
    """The map's tooltip on screen (there is one at a time)."""
    tooltip = frame.locator(".leaflet-tooltip.cm-tip").last
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip
