"""deploy/: two app processes behind nginx, configured by the shipped deploy/nginx/claims-map.conf, on loopback.

With cookie affinity the load test runs through nginx without an error, every browser's requests reach one process,
and uploads work; without it (the ``hash`` line removed: round robin) an upload reaches the other process and gets
Streamlit's ``400 Invalid session_id``, the failure docs/deployment.md describes. When every process is at its
connection cap, a new visitor gets the busy page that offers the pack. Skipped when nginx is not installed, except
under CI=true, where that is a failure (``apt-get install nginx``).
"""

from __future__ import annotations

import asyncio
import os
import re
import urllib.error
import urllib.request
from collections import defaultdict
from pathlib import Path

import pytest

from benchmarks.load_ws import QUERY, run_level
from benchmarks.replicas import ROOT, Nginx, find_nginx, nginx_config, start_replicas
from benchmarks.wsclient import Session, run_async
from tests.browser import free_port

CONTROL_FILE = ROOT / "geodata" / "data" / "control" / "2025-11-20.geojson"


@pytest.fixture(scope="module")
def replicas():
    if find_nginx() is None:
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is not installed (CI installs it: apt-get install -y nginx)")
        pytest.skip("nginx is not installed: apt-get install nginx to run the replica tests")
    servers = start_replicas(2)
    yield servers
    for server in servers:
        server.stop()


def _nginx(tmp_path: Path, replicas, **options) -> Nginx:
    port = free_port()
    return Nginx(nginx_config(tmp_path, [s.port for s in replicas], port, **options), port)


async def _uploads(url: str, count: int) -> list[tuple[int, str]]:
    data = CONTROL_FILE.read_bytes()
    outcomes = []
    for _ in range(count):
        session = Session(url, QUERY)
        try:
            await session.open()
            outcomes.append(await session.upload("line.geojson", data))
        finally:
            await session.close()
    return outcomes


def test_two_replicas_behind_nginx_serve_the_load_test_and_uploads(tmp_path, replicas):
    nginx = _nginx(tmp_path, replicas)
    try:
        pids = [s.process.pid for s in replicas]
        figures = run_async(run_level(nginx.url, sessions=10, seconds=6, interval=1.0, pids=pids))
        uploads = run_async(_uploads(nginx.url, 10))
        log = nginx.access_log()
    finally:
        nginx.stop()
    assert figures["opened"] == 10 and figures["toggles"] >= 10, figures
    assert figures["errors_total"] == 0 and figures["disconnects"] == 0, figures
    assert [status for status, _ in uploads] == [204] * 10, uploads
    # Affinity: every routing key (a browser) reached exactly one process, and both processes had browsers.
    by_route: dict[str, set[str]] = defaultdict(set)
    for route, upstream, *_ in log:
        if upstream != "-":
            by_route[route].add(upstream)
    assert len(by_route) >= 20  # 10 load sessions and 10 upload sessions, each its own cookie
    assert all(len(upstreams) == 1 for upstreams in by_route.values()), by_route
    assert {f"127.0.0.1:{s.port}" for s in replicas} == set().union(*by_route.values())


def test_without_affinity_an_upload_reaches_the_other_process(tmp_path, replicas):
    nginx = _nginx(tmp_path, replicas, affinity=False)
    try:
        uploads = run_async(_uploads(nginx.url, 6))
    finally:
        nginx.stop()
    refused = [body for status, body in uploads if status == 400]
    assert refused, uploads
    assert all("Invalid session_id" in body for body in refused), refused


def _visit(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode()


def test_a_visitor_past_the_connection_cap_gets_the_busy_page(tmp_path, replicas):
    nginx = _nginx(tmp_path, replicas, max_conns=1)

    async def fill_and_visit() -> tuple[int, str]:
        sessions = [Session(nginx.url, QUERY) for _ in range(2)]
        refused = []
        for session in sessions:
            try:
                await session.open()  # a websocket holds one connection to its process
            except Exception as exc:  # noqa: BLE001  (once every process is full, a session cannot open: that is the point)
                refused.append(exc)
        try:
            assert len(refused) < len(sessions)
            return await asyncio.to_thread(_visit, nginx.url + "/?" + QUERY)
        finally:
            for session in sessions:
                await session.close()

    try:
        status, body = run_async(fill_and_visit())
    finally:
        nginx.stop()
    assert status == 503, body[:200]
    assert "The map is busy" in body and 'href="/pack/claims-map.html"' in body


def test_compose_nginx_config_is_the_tested_one_with_service_names():
    tested = (ROOT / "deploy" / "nginx" / "claims-map.conf").read_text().splitlines()
    compose = (ROOT / "deploy" / "nginx" / "compose.conf").read_text().splitlines()
    assert len(tested) == len(compose)
    differ = [(a, b) for a, b in zip(tested[1:], compose[1:], strict=False) if a != b]
    assert [re.sub(r"127\.0\.0\.1:850\d", "X", a) for a, _ in differ if "server 127" in a] == [
        re.sub(r"app\d:8501", "X", b) for _, b in differ if "server app" in b
    ]
    assert {b for _, b in differ if "listen" in b} == {"    listen 8080;"}
    assert len(differ) == 3


def test_the_pack_from_a_plain_static_server_paints_its_map(browser, tmp_path):
    """The pack for read-only crowds: a static file, painted with no app server and no other host."""
    from benchmarks.pack_static import CACHE_CONTROL, PACK_NAME, StaticServer, first_paint, write_pack

    write_pack(tmp_path)
    server = StaticServer(tmp_path)
    try:
        run = first_paint(browser, f"{server.url}/{PACK_NAME}")
    finally:
        server.stop()
    print(f"pack served statically: first map paint {run['paint_ms']} ms")  # the figure: benchmarks/pack_static.py
    assert run["paint_ms"] > 0 and run["outside"] == []
    assert run["cache_control"] == CACHE_CONTROL


def test_the_dockerfile_takes_its_base_as_an_argument_with_the_official_default():
    """deploy/check-image.sh builds on a stand-in base (--build-arg BASE=…); without the argument it is the official one."""
    instructions = [
        line.split(None, 1) for line in (ROOT / "deploy" / "Dockerfile").read_text().splitlines() if line[:1].isalpha()
    ]
    assert instructions[0] == ["ARG", "BASE=python:3.11-slim-bookworm"]
    assert [rest for keyword, rest in instructions if keyword == "FROM"] == ["${BASE}"]
    script = (ROOT / "deploy" / "check-image.sh").read_text()
    assert '--build-arg "BASE=$BASE" -f deploy/Dockerfile' in script


def test_compose_passes_the_fetch_settings_from_the_shell():
    """A key with no value: the shell's value when set, else unset, in Docker Compose and podman-compose alike.

    ``${VAR:-}`` is not expanded by podman-compose 1.0.3 (the container got the literal text, which the dashboard calls
    a misconfigured fetch source), and a variable the fetch loop reads must be in the fetch service's environment.
    """
    import yaml

    compose = yaml.safe_load((ROOT / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    for name in ("app1", "app2"):
        assert services[name]["environment"]["CLAIMS_MAP_FETCH_SOURCE"] is None
    fetch = services["fetch"]
    read = set(re.findall(r"\$\$\{?([A-Z_]+)", " ".join(fetch["entrypoint"])))
    assert read == {"CLAIMS_MAP_FETCH_URL"}
    assert read <= {key for key, value in fetch["environment"].items() if value is None}
    assert not [
        (name, key)
        for name, service in services.items()
        for key, value in (service.get("environment") or {}).items()
        if isinstance(value, str) and ":-}" in value
    ]
