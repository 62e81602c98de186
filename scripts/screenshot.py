"""Take the README's screenshot of the dashboard: ``python scripts/screenshot.py [--out docs/img/dashboard.png]``.

Starts the app (``streamlit run app.py``) on a free port of 127.0.0.1, opens it in the system Chromium through
Playwright (never a browser downloaded by Playwright: set ``CHROMIUM_PATH`` if it is not ``/usr/bin/chromium``),
waits until the map has painted its regions and the script has finished, and saves the window as a PNG. Every
request to another host is refused, as in the browser tests. Run it again after a change the picture shows.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from PIL import Image
from playwright.sync_api import Route, expect, sync_playwright

ROOT = Path(__file__).resolve().parent.parent
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


def chromium() -> str:
    """The system Chromium's path, or exit with a message."""
    for candidate in (os.environ.get("CHROMIUM_PATH"), "/usr/bin/chromium", shutil.which("chromium")):
        if candidate and Path(candidate).is_file():
            return candidate
    sys.exit("no Chromium found: apt-get install chromium, or set CHROMIUM_PATH")


def free_port() -> int:
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 90) -> None:
    """Poll the server's health address until it answers ``ok``."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("the app stopped before it answered")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.25)
    sys.exit(f"the app did not answer within {timeout:.0f} s")


def local_only(route: Route) -> None:
    """Let requests to 127.0.0.1 (and data: URLs) through; refuse every other."""
    url = route.request.url
    if url.startswith(("data:", "blob:", "about:", "http://127.0.0.1:")):
        route.continue_()
    else:
        route.abort()


def take(out: Path, query: str, width: int, height: int) -> None:
    """Start the app, load ``/?query`` at ``width`` × ``height`` and save the screenshot to ``out``."""
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), "--server.address", "127.0.0.1"]
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_until_up(url, process)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium(), args=["--no-sandbox", "--disable-gpu"])
            page = browser.new_page(viewport={"width": width, "height": height}, device_scale_factor=1)
            page.route("**/*", local_only)
            page.goto(f"{url}/?{query}")
            frame = page.frame_locator(MAP_FRAME).first
            expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=90_000)
            # The script has finished (Streamlit's running indicator is gone) and the map's legend is drawn.
            expect(page.locator('[data-testid="stStatusWidget"]')).to_have_count(0, timeout=60_000)
            expect(frame.locator(".cm-legend").first).to_be_visible(timeout=30_000)
            page.wait_for_function("() => document.fonts.status === 'loaded'")
            out.parent.mkdir(parents=True, exist_ok=True)
            png = page.screenshot()
            browser.close()
        # 256 colours are enough for flat fills and text, at a third of the bytes.
        Image.open(io.BytesIO(png)).convert("RGB").quantize(256).save(out, optimize=True)
    finally:
        process.terminate()
        process.wait(timeout=20)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and take the screenshot; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "dashboard.png")
    parser.add_argument("--query", default="scenario=plan-28-points-2025-11&control=2025-11-20", help="the link's parameters")
    parser.add_argument("--size", default="1440x1200", help="window size, WxH")
    args = parser.parse_args(argv)
    width, height = (int(n) for n in args.size.split("x"))
    take(args.out, args.query, width, height)
    print(args.out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
