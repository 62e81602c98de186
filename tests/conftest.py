"""Shared fixtures. Test data is built by code in the tests, never downloaded."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
# Snapshots the tests import or fetch by default go to a folder of their own, never the user's real
# ~/.local/share/claims-map: set before any dataset is made (geodata.settings, read by default_dataset()).
os.environ["CLAIMS_MAP_DATA_DIR"] = tempfile.mkdtemp(prefix="claims-map-tests-")
atexit.register(shutil.rmtree, os.environ["CLAIMS_MAP_DATA_DIR"], True)


def natural_earth_source() -> Path | None:
    """The pinned Natural Earth file, fetched by scripts/fetch-natural-earth.sh, or None."""
    candidate = Path(os.environ.get("GEODATA_SOURCE", ROOT / ".cache" / "world_map.gpkg"))
    return candidate if candidate.is_file() else None


def skip_or_fail(reason: str) -> None:
    """Skip with a clear reason on a developer's machine; under CI a missing prerequisite is a failure."""
    if IN_CI:
        pytest.fail(f"{reason} (required under CI)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def source_path() -> Path:
    path = natural_earth_source()
    if path is None:
        skip_or_fail("Natural Earth source not found: run scripts/fetch-natural-earth.sh or set GEODATA_SOURCE")
    return path


@pytest.fixture(scope="session")
def browser():
    """One headless Chromium (the system's) for every browser test; skipped where there is none, failed under CI."""
    from tests.browser import CHROMIUM_ARGS, find_chromium

    path = find_chromium()
    if path is None:
        skip_or_fail("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    # Lets fixtures see whether the test failed (to keep a screenshot of the failing page).
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)
