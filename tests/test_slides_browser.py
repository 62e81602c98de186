"""Slides in a real browser: the comparison in presentation view fits Ukraine in each half, a phone sees the map in
its first screen, and the embed snippet shows the map from a page on another origin (all on 127.0.0.1).

Skipped with a clear message where no Chromium is found (a failure under CI=true): see ``tests/conftest.py``.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path

import pytest

from geodata.wording import word
from tests.browser import ARTIFACTS, MAP_FRAME, OutsideRequests, free_port, streamlit_server

LOAD_TIMEOUT = 90_000


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@contextmanager
def _page(browser, size: tuple[int, int], name: str) -> Iterator:
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.outside = OutsideRequests()
    context.route("**/*", page.outside)
    try:
        yield page
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        raise
    finally:
        context.close()


def _wait_for_shapes(frame) -> None:
    frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=LOAD_TIMEOUT)


#: Every region shape's box (in its frame's pixels) and the frame's size, once the map has settled.
REGION_BOXES = """() => {
  const boxes = Array.from(document.querySelectorAll('path.leaflet-interactive')).map(p => p.getBoundingClientRect())
    .filter(b => b.width > 0 && b.height > 0);
  return {w: innerWidth, h: innerHeight, n: boxes.length,
          left: Math.min(...boxes.map(b => b.left)), top: Math.min(...boxes.map(b => b.top)),
          right: Math.max(...boxes.map(b => b.right)), bottom: Math.max(...boxes.map(b => b.bottom))};
}"""


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_presentation_comparison_fits_all_of_ukraine_in_each_half(browser, server, size):
    with _page(browser, size, f"present-compare-fit-{size[0]}") as page:
        page.goto(f"{server}/?present=1&scenario=plan-28-points-2025-11&compare=us-2025-04")
        page.locator(MAP_FRAME).nth(1).wait_for(state="attached", timeout=LOAD_TIMEOUT)
        frames = [page.frame_locator(MAP_FRAME).nth(index) for index in range(2)]
        for frame in frames:
            _wait_for_shapes(frame)
        # The view settles (the page's styles resize the frames, the map fits, any zoom animates): measure until
        # two readings a second apart agree, at most 20 times.
        facts = None
        for _ in range(20):
            page.wait_for_timeout(1000)
            reading = [frame.locator("body").evaluate(REGION_BOXES) for frame in frames]
            if reading == facts:
                break
            facts = reading
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"present-compare-fit-{size[0]}x{size[1]}.png"))
        for fact in facts:
            # No region shape is drawn past its panel's edge: all of Ukraine is in each half.
            assert fact["n"] > 27 and fact["left"] >= 0 and fact["top"] >= 0, fact
            assert fact["right"] <= fact["w"] and fact["bottom"] <= fact["h"], fact
        assert page.outside.urls == []


def test_a_phone_sees_the_top_of_the_map_in_its_first_screen(browser, server):
    with _page(browser, (390, 844), "phone-first-screen") as page:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11")
        page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=LOAD_TIMEOUT)
        _wait_for_shapes(page.frame_locator(MAP_FRAME).first)
        page.wait_for_timeout(1000)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "phone-390x844.png"))
        top = page.locator(MAP_FRAME).first.bounding_box()["y"]
        assert page.evaluate("scrollY") == 0 and top < 844, top
        # The line's-age notice (shown while the line is over 30 days old) takes one line, even here.
        notice = page.locator('[data-testid="stExpander"] summary').filter(has_text="2025-11-20")
        if notice.count():
            line_height = notice.first.evaluate("e => parseFloat(getComputedStyle(e.querySelector('p') || e).lineHeight)")
            text_height = notice.first.evaluate("e => (e.querySelector('p') || e).getBoundingClientRect().height")
            assert text_height < 1.5 * line_height, (text_height, line_height)


@contextmanager
def _static_site(folder: Path) -> Iterator[str]:
    """A page server on another loopback port (another origin than the dashboard's)."""
    handler = partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", free_port()), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_the_embed_snippet_paints_the_map_in_a_page_of_another_origin(browser, server, tmp_path):
    with _page(browser, (1400, 1000), "embed-snippet") as page:
        page.goto(f"{server}/?scenario=us-2025-04")
        page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=LOAD_TIMEOUT)
        summary = page.locator('[data-testid="stExpander"] summary').filter(has_text=word("downloads", "en")).first
        summary.scroll_into_view_if_needed()
        summary.click()
        heading = page.get_by_text(word("embed_heading", "en"), exact=True)
        heading.wait_for(state="visible", timeout=LOAD_TIMEOUT)
        snippet = page.locator('[data-testid="stCode"] code').filter(has_text="<iframe").first.inner_text()
    assert snippet.startswith(f'<iframe src="{server}/?') and "present=1" in snippet and "scenario=us-2025-04" in snippet
    (tmp_path / "index.html").write_text(f"<!doctype html><html><body><h1>Briefing</h1>{snippet}</body></html>", encoding="utf-8")
    with _static_site(tmp_path) as site, _page(browser, (1200, 800), "embed-host") as host:
        assert site.split(":")[-1] != server.split(":")[-1]
        host.goto(f"{site}/index.html")
        embedded = host.frame_locator("iframe").first
        embedded.locator(MAP_FRAME).first.wait_for(state="attached", timeout=LOAD_TIMEOUT)
        map_frame = embedded.frame_locator(MAP_FRAME).first
        _wait_for_shapes(map_frame)
        fills = map_frame.locator("path.leaflet-interactive").evaluate_all("els => els.map(e => e.getAttribute('fill'))")
        # The map painted: region shapes with their status fills, inside the embedding page.
        assert len([f for f in fills if f and f != "none"]) > 27
        ARTIFACTS.mkdir(exist_ok=True)
        host.screenshot(path=str(ARTIFACTS / "embed-host.png"))
        assert host.outside.urls == []
