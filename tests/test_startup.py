"""Starting the app with the README's command asks nothing of any other host.

Every HTTP client Streamlit uses (requests, urllib) honours ``HTTP_PROXY`` and
``HTTPS_PROXY``: pointing both at a listener of the test's own on 127.0.0.1
catches any request that would leave the machine, such as the public-address
lookup a headless Streamlit makes when no address is configured.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from tests.browser import free_port
from tests.conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


class _Listener:
    """Accepts and counts connections on 127.0.0.1 (a stand-in proxy that answers nothing)."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=2)
        self.sock.close()


def _readme_start_command() -> list[str]:
    command = re.findall(r"^(python3 -m venv \.venv && .+)$", README, flags=re.M)[0]
    run = command.split("&&")[-1].split()
    assert run[:3] == [".venv/bin/streamlit", "run", "app.py"], run
    return run


def test_readme_start_makes_no_outside_request():
    run = _readme_start_command()
    listener = _Listener()
    port = free_port()
    proxy = f"http://127.0.0.1:{listener.port}"
    env = {**os.environ, "HTTP_PROXY": proxy, "HTTPS_PROXY": proxy, "http_proxy": proxy, "https_proxy": proxy}
    env.pop("NO_PROXY", None)
    env.pop("no_proxy", None)
    # The README's command as written, with the venv's streamlit of this run and a free port.
    # Without the README's .venv (a CI image, a worktree), the streamlit beside this run's interpreter.
    streamlit = ROOT / run[0] if (ROOT / run[0]).exists() else Path(sys.executable).with_name("streamlit")
    command = [str(streamlit), *run[1:], "--server.port", str(port)]
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        # The health check goes to the app itself, never through the proxy.
        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        while True:
            try:
                if opener.open(f"http://localhost:{port}/_stcore/health", timeout=2).read() == b"ok":
                    break
            except OSError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "streamlit did not start"
            time.sleep(0.2)
        time.sleep(2.5)  # the public-address lookup runs right after start, with a 1 s time-out per try
    finally:
        process.terminate()
        output = process.communicate(timeout=20)[0].decode(errors="replace")
        listener.close()
    assert listener.connections == 0, output
    assert "External URL" not in output and "external IP" not in output, output
    assert "http://localhost:" in output
