"""benchmarks/load_ws.py, the protocol-level load test, and the memory janitor: checked on a real server (loopback)."""

from __future__ import annotations

import pytest

from benchmarks.load_ws import AppServer, percentile, run_level
from benchmarks.replicas import ROOT
from benchmarks.wsclient import check_loopback, run_async
from components.serving import release_memory_after_sessions_leave


@pytest.mark.parametrize("url", ["http://example.org", "https://10.0.0.1:8501", "ws://127.0.0.1:8501", "file:///etc/passwd"])
def test_only_loopback_http_is_accepted(url):
    with pytest.raises(ValueError, match="loopback"):
        check_loopback(url)


def test_loopback_addresses_are_accepted():
    assert check_loopback("http://127.0.0.1:8501/") == "http://127.0.0.1:8501"
    assert check_loopback("http://localhost:80") == "http://localhost:80"


def test_percentiles_by_nearest_rank():
    values = [float(v) for v in range(100, 0, -1)]  # 100 … 1, unordered on purpose
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (50.0, 95.0, 99.0)
    assert percentile([], 95) is None


def test_memory_is_released_when_sessions_left_until_none_is_kept_for_reconnecting():
    counts = iter([5, 5, 2, 0, 0, 0, 3])
    kept = iter([3, 1, 0])  # disconnected sessions still kept after each release: 3, then 1, then none
    last, pending, released = 0, False, []
    for _ in range(7):
        last, did, pending = release_memory_after_sessions_leave(lambda: next(counts), lambda: next(kept), last, pending)
        released.append(did)
    # 5 open (nothing), still 5, 2 (3 left: release), 0 (release, 1 kept), 0 (kept: release, none), 0, 3 opened
    assert released == [False, False, True, True, True, False, False]


def test_sessions_toggle_and_every_toggle_changes_the_map():
    server = AppServer(ROOT)
    try:
        server.wait_healthy()
        figures = run_async(run_level(server.url, sessions=3, seconds=4, interval=1.0, pids=[server.process.pid]))
    finally:
        server.stop()
    assert figures["opened"] == 3 and figures["errors_total"] == 0 and figures["disconnects"] == 0, figures
    assert figures["toggles"] >= 6 and figures["cpu_ms_per_toggle"] is not None and figures["cpu_ms_per_toggle"] > 0
