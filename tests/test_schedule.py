"""A line that updates itself: the scheduled fetch (CLAIMS_MAP_FETCH_EVERY, or the systemd timer's command) adds a
snapshot from a local stand-in server, a failed fetch writes nothing and is logged, and a running session lists the
new date on its next run without a restart. Loopback only; nothing is written into the real control folder (the
running app is a copy of the project in a temporary folder)."""

from __future__ import annotations

import asyncio
import logging
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from benchmarks.load_ws import QUERY, AppServer
from benchmarks.wsclient import Session, run_async
from geodata.dataset import default_dataset
from geodata.errors import FetchError
from geodata.fetch.schedule import FetchSchedule, fetch_period, schedule_from_environment
from tests.test_fetch import LAYER_DATE, LocalServer, Route, deepstate_object, dumps

ROOT = Path(__file__).resolve().parent.parent
DATE_CHOOSER = "Line of contact on"


@pytest.fixture
def stand_in(monkeypatch):
    for name in ("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)
    local = LocalServer()
    local.thread.start()
    local.routes["/daily.json"] = Route(dumps(deepstate_object()))
    local.routes["/broken.json"] = Route(b"<html>oops</html>", 500, "text/html")
    yield local
    local.httpd.shutdown()
    local.httpd.server_close()


@pytest.mark.parametrize(("value", "seconds"), [("24h", 86400.0), ("90m", 5400.0), ("1d", 86400.0), ("", None), ("off", None)])
def test_the_period_is_read_from_the_setting(value, seconds):
    assert fetch_period({"CLAIMS_MAP_FETCH_EVERY": value}) == seconds


@pytest.mark.parametrize("value", ["daily", "24", "10s", "-1h"])
def test_a_period_that_cannot_be_read_or_is_too_short_is_refused(value):
    with pytest.raises(FetchError):
        fetch_period({"CLAIMS_MAP_FETCH_EVERY": value})


def test_a_period_without_a_source_is_refused(tmp_path):
    with pytest.raises(FetchError, match="CLAIMS_MAP_FETCH_SOURCE"):
        schedule_from_environment({"CLAIMS_MAP_FETCH_EVERY": "24h"}, tmp_path, dataset=default_dataset())


def _wait(condition, timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return False


def test_the_schedule_adds_a_snapshot_and_a_failed_fetch_writes_nothing(stand_in, tmp_path, caplog):
    good, bad = tmp_path / "good", tmp_path / "bad"
    new: list[str] = []
    with caplog.at_level(logging.WARNING, logger="geodata.fetch.schedule"):
        broken = FetchSchedule(stand_in.url("/broken.json"), bad, period=0.2, dataset=default_dataset()).start()
        working = FetchSchedule(
            stand_in.url("/daily.json"), good, period=0.2, on_new=lambda r: new.append(r.as_of), dataset=default_dataset()
        ).start()
        try:
            assert _wait(lambda: broken.runs >= 2 and working.runs >= 1)
        finally:
            broken.stop()
            working.stop()
    assert (good / f"{LAYER_DATE}.geojson").is_file() and new[0] == LAYER_DATE
    assert not bad.exists() or not list(bad.glob("*.geojson"))
    failures = [r for r in caplog.records if r.name == "geodata.fetch.schedule" and "nothing written" in r.getMessage()]
    assert len(failures) >= 2 and "HTTP 500" in failures[0].getMessage()


def _copy_project(target: Path) -> Path:
    ignore = shutil.ignore_patterns(".git", ".cache", ".venv", "__pycache__", "*.pyc", ".pytest_cache")
    return Path(shutil.copytree(ROOT, target, ignore=ignore))


def _dates(session: Session) -> list[str]:
    _, widget = next((value for label, value in session.widgets.items() if label.startswith(DATE_CHOOSER)))
    return list(widget.options)


def test_a_running_session_lists_a_fetched_line_without_a_restart(stand_in, tmp_path):
    project = _copy_project(tmp_path / "app")
    control = project / "geodata" / "data" / "control"
    server = AppServer(project)
    try:
        server.wait_healthy()

        async def scenario() -> tuple[list[str], list[str], str, str]:
            session = Session(server.url, QUERY)
            try:
                await session.open()
                before, first_id = _dates(session), session.session_id
                # The systemd timer's command, into the data folder the running process reads.
                fetched = await asyncio.to_thread(
                    subprocess.run,
                    [
                        sys.executable,
                        "-m",
                        "geodata",
                        "fetch-control",
                        "--url",
                        stand_in.url("/daily.json"),
                        "--out-dir",
                        str(control),
                    ],
                    cwd=project,
                    capture_output=True,
                    text=True,
                    timeout=120,
                    check=False,
                )
                assert fetched.returncode == 0, fetched.stderr
                await session.rerun()
                return before, _dates(session), first_id, session.session_id
            finally:
                await session.close()

        before, after, first_id, later_id = run_async(scenario())
        assert server.process.poll() is None  # the same process, never restarted
    finally:
        server.stop()
    assert LAYER_DATE not in before and LAYER_DATE in after
    assert after == sorted([*before, LAYER_DATE]) and first_id == later_id


def test_a_change_in_the_control_folder_clears_the_dataset_once(tmp_path):
    import dataclasses
    import os

    from components.serving import notice_new_snapshots
    from geodata.dataset import DataPaths, Dataset

    control = tmp_path / "control"
    control.mkdir()
    dataset = Dataset(dataclasses.replace(DataPaths.package(), control_dir=control))
    assert dataset.memo(len, "abc") == 3 and dataset.cache_sizes()
    # The statistics panel's texts, kept per process on keys a replaced shipped line keeps: forgotten too.
    from components import stats_panel

    shipped = default_dataset()
    scenario, snapshot = shipped.scenario("status-quo"), shipped.snapshot(shipped.latest_snapshot())
    stats_panel.cached_panel_texts(stats_panel.compute_stats(scenario, snapshot, dataset=shipped), scenario, snapshot, "en")
    assert stats_panel._PANEL_TEXTS
    assert notice_new_snapshots(dataset) is False  # the first look only records the folder
    assert notice_new_snapshots(dataset) is False and dataset.cache_sizes() and stats_panel._PANEL_TEXTS
    (control / f"{LAYER_DATE}.geojson").write_text("{}")
    stamp = control.stat().st_mtime_ns
    os.utime(control, ns=(stamp + 10**9, stamp + 10**9))  # a coarse file system clock still sees the change
    assert notice_new_snapshots(dataset) is True and not dataset.cache_sizes()
    assert not stats_panel._PANEL_TEXTS
    assert notice_new_snapshots(dataset) is False
