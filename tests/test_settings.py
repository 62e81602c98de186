"""Data apart from code: snapshots a user imports or fetches go to a writable folder outside the package.

The read-only test copies the package, makes the copy read-only (``chmod -R a-w``) and runs ``import-control``
and ``fetch-control`` in it. Tests run as root, and root ignores permission bits, so the commands run under
``setpriv --bounding-set -dac_override,-dac_read_search,-fowner``: still uid 0 (so the interpreter under /root
stays readable) but without the capabilities that bypass permission bits or let it chmod them back. The test
first proves the restriction bites (``os.access`` says not writable, and writing into the copy fails), then
that both commands succeed, writing only into ``CLAIMS_MAP_DATA_DIR``. The server is on 127.0.0.1.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from geodata import paths
from geodata.cli import main
from geodata.dataset import DataPaths, Dataset, default_dataset
from geodata.errors import ImportWriteError, SnapshotError
from geodata.importer import (
    export_deepstate,
    read_control_file,
    write_imported_snapshot,
)
from geodata.settings import DATA_DIR_VARIABLE, SERVER_DATA_DIR, read_settings
from tests.conftest import skip_or_fail

SHIPPED = "2025-11-20"
FETCHED_DATETIME, FETCHED_DATE = "2026-01-15T03:00:00.000Z", "2026-01-15"
#: The capabilities that let root ignore or change permission bits; without them the bits apply to uid 0 too.
DROPPED_CAPABILITIES = "-dac_override,-dac_read_search,-fowner"


def test_the_folder_is_the_variable_then_xdg_data_home_then_home():
    env = {"HOME": "/home/ann"}
    assert read_settings({**env, DATA_DIR_VARIABLE: "/srv/claims", "XDG_DATA_HOME": "/x"}).data_dir == Path("/srv/claims")
    assert read_settings({**env, DATA_DIR_VARIABLE: "/srv/claims"}).from_variable
    assert read_settings({**env, "XDG_DATA_HOME": "/data/xdg"}).data_dir == Path("/data/xdg/claims-map")
    # The XDG rules: a relative XDG_DATA_HOME is ignored.
    assert read_settings({**env, "XDG_DATA_HOME": "relative/dir"}).data_dir == Path("/home/ann/.local/share/claims-map")
    settings = read_settings(env)
    assert settings.control_dir == Path("/home/ann/.local/share/claims-map/control") and not settings.from_variable
    assert read_settings({**env, DATA_DIR_VARIABLE: "  "}).data_dir == Path("/home/ann/.local/share/claims-map")
    assert read_settings({**env, DATA_DIR_VARIABLE: str(SERVER_DATA_DIR)}).control_dir == SERVER_DATA_DIR / "control"


def test_the_tests_never_write_into_the_real_user_folder():
    # conftest points the variable at a temporary folder before any dataset is made.
    user_dir = default_dataset().paths.user_control_dir
    assert user_dir is not None and user_dir == read_settings().control_dir
    assert os.environ[DATA_DIR_VARIABLE] and not str(user_dir).startswith(str(Path.home() / ".local"))


def _snapshot_file(as_of: str) -> bytes:
    """The shipped 2025-11-20 line re-dated: what an import writes, built without one."""
    collection = json.loads((paths.CONTROL_DIR / f"{SHIPPED}.geojson").read_text(encoding="utf-8"))
    for feature in collection["features"]:
        feature["properties"]["as_of"] = as_of
    return json.dumps(collection).encode("utf-8")


@pytest.fixture
def user_dataset(tmp_path: Path) -> tuple[Dataset, Path]:
    user = tmp_path / "claims-map" / "control"
    return Dataset(DataPaths.package(user_control_dir=user)), user


def test_user_snapshots_are_listed_beside_the_shipped_ones(user_dataset):
    dataset, user = user_dataset
    shipped = Dataset(DataPaths.package()).snapshot_dates()
    assert dataset.snapshot_dates() == shipped and dataset.user_snapshots() == ()  # the folder need not exist
    user.mkdir(parents=True)
    (user / "2030-01-01.geojson").write_bytes(_snapshot_file("2030-01-01"))
    (user / "notes.geojson").write_text("{}", encoding="utf-8")  # not a date: not a snapshot
    assert dataset.snapshot_dates() == (*shipped, "2030-01-01")
    assert dataset.user_snapshots() == ("2030-01-01",) and dataset.replaced_snapshots() == ()
    assert dataset.latest_snapshot() == "2030-01-01"
    assert dataset.shipped_snapshots() == shipped
    snapshot = dataset.snapshot("2030-01-01")
    assert snapshot.as_of == "2030-01-01" and snapshot.key.startswith("file:2030-01-01:")
    # Its parts are cut like the shipped line it copies.
    expected = dataset.region_parts(dataset.snapshot(SHIPPED)).controlled_share
    assert dict(dataset.region_parts(snapshot).controlled_share) == pytest.approx(dict(expected))
    with pytest.raises(SnapshotError, match=r"unknown control snapshot '2031-01-01' \(known: .*2030-01-01\)"):
        dataset.snapshot("2031-01-01")


def test_a_user_snapshot_of_a_shipped_date_is_refused_unless_forced_and_then_said(user_dataset, capsys, monkeypatch):
    dataset, user = user_dataset
    result = read_control_file(export_deepstate(dataset.snapshot(SHIPPED)), "line.json", dataset=dataset)
    with pytest.raises(ImportWriteError, match=rf"{SHIPPED} is a snapshot the package ships.*--force"):
        write_imported_snapshot(result, SHIPPED, user, protected=dataset.protected_dates())
    assert not user.exists()
    write_imported_snapshot(result, SHIPPED, user, force=True, protected=dataset.protected_dates())
    # Forced: the user's file is used for that date, and every listing says so.
    assert dataset.replaced_snapshots() == (SHIPPED,)
    assert dataset.snapshot(SHIPPED).key.startswith(f"file:{SHIPPED}:")
    assert SHIPPED not in dataset.shipped_snapshots() and SHIPPED in dataset.snapshot_dates()
    monkeypatch.setattr("geodata.dataset._default", dataset)
    assert main(["snapshots"]) == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if line.startswith(SHIPPED))
    assert "yours" in line and "replaces the shipped one" in line


# --- The package folder read-only --------------------------------------------------------------


class _OneFileServer:
    """127.0.0.1, port 0: serves one body at /last.json, 404 elsewhere."""

    def __init__(self, body: bytes) -> None:
        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                found = self.path == "/last.json"
                self.send_response(200 if found else 404)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body) if found else 0))
                self.end_headers()
                if found:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}/last.json"


@pytest.fixture
def local_layer() -> Iterator[str]:
    document = json.loads(export_deepstate(default_dataset().snapshot(SHIPPED)))
    server = _OneFileServer(json.dumps({"id": 1, "datetime": FETCHED_DATETIME, "map": document["map"]}).encode("utf-8"))
    server.thread.start()
    try:
        yield server.url
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()


def _restricted_prefix() -> list[str]:
    """How to run a command to which permission bits apply: as it is for a non-root user, under setpriv for root."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        skip_or_fail("running as root without setpriv (util-linux): cannot make permission bits apply")
    return [setpriv, "--bounding-set", DROPPED_CAPABILITIES]


@pytest.fixture
def read_only_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of the package (geodata/), made read-only; the user data folder beside it stays writable."""
    shutil.copytree(paths.PACKAGE_DIR, tmp_path / "geodata", ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run(["chmod", "-R", "a-w", str(tmp_path / "geodata")], check=True)
    try:
        yield tmp_path
    finally:
        subprocess.run(["chmod", "-R", "u+w", str(tmp_path / "geodata")], check=True)


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, DATA_DIR_VARIABLE: str(cwd / "userdata"), "PYTHONDONTWRITEBYTECODE": "1"}
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        env.pop(name, None)
    return subprocess.run(
        [*_restricted_prefix(), sys.executable, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=180
    )


def test_import_and_fetch_work_with_the_package_folder_read_only(read_only_copy, local_layer):
    root = read_only_copy
    control = root / "geodata" / "data" / "control"
    before = sorted(p.name for p in control.iterdir())
    assert not (stat.S_IMODE(control.stat().st_mode) & 0o222)
    # The restriction bites: the package copy is not writable for the commands below.
    probe = _run(root, "-c", f"import os; open({str(control / 'probe')!r}, 'w')")
    assert probe.returncode != 0 and "PermissionError" in probe.stderr
    access = _run(root, "-c", f"import os; print(os.access({str(control)!r}, os.W_OK))")
    assert access.stdout.strip() == "False", access.stderr
    # Writing into the package on purpose fails in one line, and writes nothing.
    source = root / "line.json"
    source.write_bytes(export_deepstate(default_dataset().snapshot(SHIPPED)))
    into_package = _run(root, "-m", "geodata", "import-control", str(source), "--as-of", "2026-01-30", "--out-dir", str(control))
    assert into_package.returncode == 2 and into_package.stderr.count("\n") == 1, into_package.stderr
    assert "cannot write" in into_package.stderr and "Traceback" not in into_package.stderr
    # By default both commands write into the user data folder.
    imported = _run(root, "-m", "geodata", "import-control", str(source), "--as-of", "2026-01-31")
    assert imported.returncode == 0, imported.stderr
    fetched = _run(root, "-m", "geodata", "fetch-control", "--url", local_layer)
    assert fetched.returncode == 0, fetched.stderr
    user = root / "userdata" / "control"
    assert sorted(p.name for p in user.iterdir()) == [
        f"{FETCHED_DATE}.geojson",
        f"{FETCHED_DATE}.provenance.json",
        "2026-01-31.geojson",
        "2026-01-31.provenance.json",
    ]
    assert sorted(p.name for p in control.iterdir()) == before
    # And they are listed beside the shipped ones, which are still there.
    listed = _run(root, "-m", "geodata", "snapshots", "--json")
    assert listed.returncode == 0, listed.stderr
    dates = [s["as_of"] for s in json.loads(listed.stdout)]
    assert dates == sorted([*Dataset(DataPaths.package()).snapshot_dates(), "2026-01-31", FETCHED_DATE])
