"""``python -m geodata fetch-control``: a layer served by a local HTTP server becomes a dated snapshot whose
statistics run; every failure (HTTP error, HTML page, closed port, slow or trickling server, oversized body,
a body that is not JSON, a file the checks refuse, a non-http address) is exit status 2, one line, and
nothing written.

Every body is built by the tests (from a shipped snapshot via ``export_deepstate``); the server listens on
127.0.0.1 only. Nothing is written into the real ``geodata/data/control/``: every fetch writes into ``tmp_path``.
"""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

import geodata.fetch
from geodata import paths
from geodata.cli import main
from geodata.control import snapshot_from_collection
from geodata.dataset import Dataset, default_dataset
from geodata.fetch import FetchError, check_url, configured_source, find_version
from geodata.importer import DEEPSTATE_OCCUPIED_NAME, export_deepstate
from geodata.stats import compute_stats

SHIPPED = "2025-11-20"
LAYER_DATETIME = "2026-01-15T03:00:00.000Z"
LAYER_DATE = "2026-01-15"
#: Bounds the slow handlers sleep at most, so a failing test cannot hang the suite.
SLOW_S = 3.0


# ---------------------------------------------------------------------------------------------
# Bodies, built from a shipped snapshot
# ---------------------------------------------------------------------------------------------


def _ring(west: float, south: float, east: float, north: float) -> list[list[float]]:
    return [[west, south, 0], [east, south, 0], [east, north, 0], [west, north, 0], [west, south, 0]]


def deepstate_object(datetime: str | None = LAYER_DATETIME) -> dict[str, Any]:
    """DeepStateMap's ``/api/history/last`` shape: the shipped line as occupied areas, plus a liberated area and a point."""
    document = json.loads(export_deepstate(default_dataset().snapshot(SHIPPED)))
    document["map"]["features"] += [
        {
            "type": "Feature",
            "properties": {"name": "Звільнено /// Liberated /// geoJSON.status.liberated"},
            "geometry": {"type": "Polygon", "coordinates": [_ring(31.0, 46.7, 31.5, 47.0)]},
        },
        {
            "type": "Feature",
            "properties": {"name": "Штаб /// Headquarters /// geoJSON.icons.headquarter"},
            "geometry": {"type": "Point", "coordinates": [37.5, 48.0, 0]},
        },
    ]
    return {"id": 1768446000, "datetime": datetime, "map": document["map"]}


def occupied_count(document: dict[str, Any]) -> int:
    return sum(1 for f in document["map"]["features"] if f["properties"]["name"] == DEEPSTATE_OCCUPIED_NAME)


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


HTML_500 = b"<!DOCTYPE html><html><head><title>500 Internal Server Error</title></head><body><h1>Oops</h1></body></html>"
HTML_200 = b"<!doctype html>\n<html lang='en'><head><title>DeepState Map</title></head><body><div id='app'></div></body></html>"


# ---------------------------------------------------------------------------------------------
# A local server
# ---------------------------------------------------------------------------------------------


@dataclass
class Route:
    body: bytes = b""
    status: int = 200
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0  # before the headers
    trickle_s: float = 0.0  # between bytes of the body
    send_length: bool = True


class LocalServer:
    """A ThreadingHTTPServer on 127.0.0.1, port 0, serving the routes a test sets."""

    def __init__(self) -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"  # one request per connection; a body without length ends at close

            def do_GET(self) -> None:  # noqa: N802 - the standard library's name
                server.requests.append(self.path)
                route = server.routes.get(self.path.split("?")[0], Route(b"not found", 404, "text/plain"))
                try:
                    if route.delay_s:
                        time.sleep(min(route.delay_s, SLOW_S))
                    self.send_response(route.status)
                    self.send_header("Content-Type", route.content_type)
                    if route.send_length:
                        self.send_header("Content-Length", str(len(route.body)))
                    for name, value in route.headers.items():
                        self.send_header(name, value)
                    self.end_headers()
                    if route.trickle_s:
                        started = time.monotonic()
                        for index in range(len(route.body)):
                            if time.monotonic() - started > SLOW_S:
                                break
                            self.wfile.write(route.body[index : index + 1])
                            self.wfile.flush()
                            time.sleep(route.trickle_s)
                    else:
                        self.wfile.write(route.body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up, as it should

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - keep the test output clean
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.block_on_close = False
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    # The local server must be reached directly whatever the machine's proxy settings.
    for name in ("http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture
def server(monkeypatch: pytest.MonkeyPatch) -> Iterator[LocalServer]:
    local = LocalServer()
    local.thread.start()
    monkeypatch.setattr(geodata.fetch, "DEEPSTATEMAP_BASE", local.base)  # the default source, served locally
    try:
        yield local
    finally:
        local.httpd.shutdown()
        local.httpd.server_close()


@pytest.fixture
def out_dir(tmp_path: Path) -> Path:
    return tmp_path / "control"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    status = main(["fetch-control", *args])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def assert_refused(status: int, out: str, err: str, out_dir: Path, *words: str) -> None:
    """Exit status 2, exactly one line (on stderr), no traceback, and nothing written."""
    assert status == 2, (out, err)
    assert out == ""
    assert err.count("\n") == 1 and err.startswith("error: "), err
    assert "Traceback" not in err
    for word in words:
        assert word in err, err
    assert not out_dir.exists() or not any(out_dir.iterdir()), sorted(p.name for p in out_dir.iterdir())


def load_written(path: Path) -> Any:
    return snapshot_from_collection(json.loads(path.read_text(encoding="utf-8")), key=f"test:{path.name}")


def assert_good_snapshot(out_dir: Path, as_of: str) -> dict[str, Any]:
    """The snapshot written for ``as_of`` has the shipped line's shares, and statistics run on it."""
    snapshot = load_written(out_dir / f"{as_of}.geojson")
    assert snapshot.as_of == as_of
    shipped = default_dataset().snapshot(SHIPPED)
    expected = default_dataset().region_parts(shipped).controlled_share
    for region_id, share in default_dataset().region_parts(snapshot).controlled_share.items():
        assert share == pytest.approx(expected[region_id], abs=0.001), region_id
    stats = compute_stats(default_dataset().scenario("status-quo"), snapshot, dataset=default_dataset())
    assert stats["control_as_of"] == as_of
    assert stats["russian_held_area_km2"] == pytest.approx(
        compute_stats(default_dataset().scenario("status-quo"), shipped, dataset=default_dataset())["russian_held_area_km2"],
        rel=0.002,
    )
    return json.loads((out_dir / f"{as_of}.provenance.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# Good layers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize("as_string", [False, True], ids=["object", "json-encoded string"])
def test_deepstatemap_layer_becomes_a_dated_snapshot(server, out_dir, capsys, as_string):
    document = deepstate_object()
    body = dumps(document)
    if as_string:
        body = dumps(body.decode("utf-8"))  # the whole object as one JSON string
        assert body.startswith(b'"{')
    server.routes["/api/history/last"] = Route(body)
    status, out, err = run(capsys, "--out-dir", str(out_dir))
    assert status == 0, err
    assert err == "" and out.count("\n") == 1
    # One line: date, features, area, path, source.
    assert out.startswith(f"{LAYER_DATE}: {occupied_count(document)} of {len(document['map']['features'])} features used")
    assert "km²" in out and str(out_dir / f"{LAYER_DATE}.geojson") in out and "DeepStateMap" in out
    assert server.requests == ["/api/history/last"]

    provenance = assert_good_snapshot(out_dir, LAYER_DATE)
    fetched = provenance["fetch"]
    assert fetched["source"] == "deepstatemap"
    assert fetched["address"] == server.url("/api/history/last")
    assert fetched["sha256"] == __import__("hashlib").sha256(body).hexdigest()
    assert fetched["size_bytes"] == len(body)
    assert fetched["json_string_unwrapped"] is as_string
    assert "non-commercial use with attribution" in fetched["licence"]
    assert fetched["attribution"].startswith("DeepStateMap")
    assert time.strptime(fetched["fetched_at"], "%Y-%m-%dT%H:%M:%SZ")
    assert provenance["categories_found"]["liberated"] == 1 and provenance["categories_used"] == ["occupied"]
    # The snapshot names its source, the address, the time and the terms.
    sources = load_written(out_dir / f"{LAYER_DATE}.geojson").sources
    assert len(sources) == 1 and fetched["fetched_at"] in sources[0] and fetched["sha256"] in sources[0]
    assert "non-commercial" in sources[0]


def test_a_mirror_given_with_url_is_read_and_credited_to_its_host(server, out_dir, capsys):
    server.routes["/mirror/deepstate-2026-01-15.json"] = Route(dumps(deepstate_object()))
    status, out, err = run(capsys, "--url", server.url("/mirror/deepstate-2026-01-15.json"), "--out-dir", str(out_dir))
    assert status == 0, err
    provenance = assert_good_snapshot(out_dir, LAYER_DATE)
    assert provenance["fetch"]["source"] == "url"
    assert provenance["fetch"]["licence"] == "as served by 127.0.0.1; check the source's terms"


def test_a_day_is_found_in_the_version_list(server, out_dir, capsys):
    layer = deepstate_object()["map"]  # a version's /geojson is the FeatureCollection alone
    server.routes["/api/history/public"] = Route(
        dumps(
            [
                {"id": 1768359600, "createdAt": "2026-01-14T03:00:00.000Z", "status": True},
                {"id": 1768446000, "createdAt": "2026-01-15T03:00:00.000Z", "status": True},
                {"id": 1768478400, "createdAt": "2026-01-15T12:00:00.000Z", "status": True},
                {"id": 1768532400, "createdAt": "2026-01-16T03:00:00.000Z", "status": True},
            ]
        )
    )
    server.routes["/api/history/1768478400/geojson"] = Route(dumps(layer))
    status, out, err = run(capsys, "--date", "2026-01-15", "--out-dir", str(out_dir))
    assert status == 0, err
    assert server.requests == ["/api/history/public", "/api/history/1768478400/geojson"]  # the day's last version
    provenance = assert_good_snapshot(out_dir, "2026-01-15")
    assert provenance["fetch"]["version"] == {"id": 1768478400, "createdAt": "2026-01-15T12:00:00.000Z"}

    status, out, err = run(capsys, "--date", "2026-02-01", "--out-dir", str(out_dir / "other"))
    assert_refused(status, out, err, out_dir / "other", "no version on 2026-02-01", "2026-01-14 to 2026-01-16")


def test_an_earlier_fetch_of_the_day_is_replaced_but_a_hand_import_is_not(server, out_dir, capsys):
    server.routes["/api/history/last"] = Route(dumps(deepstate_object()))
    assert run(capsys, "--out-dir", str(out_dir))[0] == 0
    status, out, err = run(capsys, "--out-dir", str(out_dir))
    assert status == 0, err
    assert "replacing an earlier fetch" in out
    # A snapshot of that date imported by hand is kept unless --force.
    sidecar = out_dir / f"{LAYER_DATE}.provenance.json"
    provenance = json.loads(sidecar.read_text(encoding="utf-8"))
    del provenance["fetch"]
    sidecar.write_text(json.dumps(provenance), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in out_dir.iterdir()}
    status, out, err = run(capsys, "--out-dir", str(out_dir))
    assert status == 2 and err.count("\n") == 1 and "--force" in err and "nothing was written" in err
    assert {p.name: p.read_bytes() for p in out_dir.iterdir()} == before
    assert run(capsys, "--out-dir", str(out_dir), "--force")[0] == 0


def test_a_shipped_date_is_never_replaced_without_force(server, tmp_path, capsys):
    # A package whose PROVENANCE.json lists the layer's date as shipped.
    out_dir = tmp_path / "control"
    (tmp_path / "PROVENANCE.json").write_text(
        json.dumps({"outputs": {f"control/{LAYER_DATE}.geojson": "0" * 64}}), encoding="utf-8"
    )
    server.routes["/api/history/last"] = Route(dumps(deepstate_object()))
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "shipped snapshot", "--force")
    assert run(capsys, "--out-dir", str(out_dir), "--force")[0] == 0
    before = (out_dir / f"{LAYER_DATE}.geojson").read_bytes()
    # Even though the file there now comes from a fetch of the same source.
    status, out, err = run(capsys, "--out-dir", str(out_dir))
    assert status == 2 and "shipped snapshot" in err and err.count("\n") == 1
    assert (out_dir / f"{LAYER_DATE}.geojson").read_bytes() == before


# ---------------------------------------------------------------------------------------------
# Failures: exit 2, one line, nothing written
# ---------------------------------------------------------------------------------------------


def test_a_500_with_an_html_page(server, out_dir, capsys):
    server.routes["/api/history/last"] = Route(HTML_500, 500, "text/html; charset=utf-8")
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "HTTP 500", "HTML page", "try again later")


def test_sign_in_required_for_the_version_list(server, out_dir, capsys):
    server.routes["/api/history/public"] = Route(b'{"message":"Unauthorized"}', 401)
    assert_refused(*run(capsys, "--date", "2026-01-15", "--out-dir", str(out_dir)), out_dir, "HTTP 401", "sign-in")


def test_a_closed_port(out_dir, capsys):
    with socket.socket() as probe:  # a free port, then closed: nobody listens there
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    status, out, err = run(
        capsys, "--url", f"http://127.0.0.1:{port}/control.geojson", "--timeout", "2", "--out-dir", str(out_dir)
    )
    assert_refused(status, out, err, out_dir, "could not connect", "connection refused")


def test_a_slow_server_past_the_timeout(server, out_dir, capsys):
    server.routes["/api/history/last"] = Route(dumps(deepstate_object()), delay_s=SLOW_S)
    started = time.monotonic()
    status, out, err = run(capsys, "--timeout", "1", "--out-dir", str(out_dir))
    assert time.monotonic() - started < SLOW_S - 0.5  # gave up at the time-out, not when the server answered
    assert_refused(status, out, err, out_dir, "did not answer within 1 s", "--timeout")


def test_a_server_that_trickles_is_stopped_by_the_total_deadline(server, out_dir, capsys):
    # Each byte arrives within the time-out, so only the deadline for the whole fetch stops it.
    server.routes["/api/history/last"] = Route(b'{"datetime": "2026-01-15", "map": ' + b" " * 200 + b"}", trickle_s=0.05)
    started = time.monotonic()
    status, out, err = run(capsys, "--timeout", "0.25", "--out-dir", str(out_dir))
    assert time.monotonic() - started < 0.25 * geodata.fetch.TOTAL_TIMEOUT_FACTOR + 1.0
    assert_refused(status, out, err, out_dir, "had not finished sending")


@pytest.mark.parametrize("send_length", [True, False], ids=["content-length", "no length"])
def test_an_oversized_body(server, out_dir, capsys, send_length):
    body = dumps(deepstate_object())
    assert len(body) > 0.01 * 1024 * 1024
    server.routes["/api/history/last"] = Route(body, send_length=send_length)
    status, out, err = run(capsys, "--max-mb", "0.01", "--out-dir", str(out_dir))
    assert_refused(status, out, err, out_dir, "the cap of 0.01 MB", "--max-mb")
    assert ("serves" if send_length else "sent more than") in err  # refused by its length, or while reading


def test_an_html_page_with_status_200(server, out_dir, capsys):
    server.routes["/api/history/last"] = Route(HTML_200, content_type="text/html")
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "HTML page", "'DeepState Map'", "--url")


@pytest.mark.parametrize(
    "body", [b"Service temporarily unavailable, come back soon", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64], ids=["text", "png"]
)
def test_a_body_that_is_not_json(server, out_dir, capsys, body):
    server.routes["/api/history/last"] = Route(body, content_type="text/plain")
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "not JSON")


def test_json_that_is_not_a_layer_is_refused_by_the_importer(server, out_dir, capsys):
    server.routes["/api/history/last"] = Route(b'{"error": "maintenance", "retry": 60}')
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "was refused", "not GeoJSON", "geodata validate")


def test_a_layer_with_only_points_is_refused(server, out_dir, capsys):
    document = deepstate_object()
    document["map"]["features"] = [f for f in document["map"]["features"] if f["geometry"]["type"] == "Point"]
    server.routes["/api/history/last"] = Route(dumps(document))
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "was refused")


def test_an_undated_layer_is_not_guessed_a_date(server, out_dir, capsys):
    server.routes["/layer.geojson"] = Route(dumps(deepstate_object()["map"]))
    status, out, err = run(capsys, "--url", server.url("/layer.geojson"), "--out-dir", str(out_dir))
    assert_refused(status, out, err, out_dir, "carries no date", "import-control")


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://127.0.0.1/x.geojson", "data:application/json,{}", "javascript:alert(1)", "127.0.0.1/x.json"],
)
def test_a_non_http_address(out_dir, capsys, url):
    assert_refused(*run(capsys, "--url", url, "--out-dir", str(out_dir)), out_dir, "only http and https")


@pytest.mark.parametrize("location", ["file:///etc/passwd", "ftp://127.0.0.1/control.geojson"])
def test_a_redirect_to_another_scheme_is_not_followed(server, out_dir, capsys, location):
    server.routes["/moved"] = Route(b"", 302, "text/plain", headers={"Location": location})
    status, out, err = run(capsys, "--url", server.url("/moved"), "--out-dir", str(out_dir))
    assert_refused(status, out, err, out_dir, "redirected", "only http and https")


def test_date_needs_a_source_with_history(server, out_dir, capsys):
    status, out, err = run(capsys, "--url", server.url("/x.geojson"), "--date", "2026-01-15", "--out-dir", str(out_dir))
    assert_refused(status, out, err, out_dir, "--date needs a source with dated versions")
    assert server.requests == []  # refused before asking anything


def test_bad_options_are_one_line(out_dir, capsys):
    assert_refused(*run(capsys, "--date", "2026-02-30", "--out-dir", str(out_dir)), out_dir, "not a calendar date")
    assert_refused(*run(capsys, "--max-mb", "0", "--out-dir", str(out_dir)), out_dir, "--max-mb")
    assert_refused(*run(capsys, "--timeout", "nan", "--out-dir", str(out_dir)), out_dir, "time-out")


def test_an_unexpected_error_is_one_line_and_logged(server, out_dir, capsys, monkeypatch, caplog):
    server.routes["/api/history/last"] = Route(dumps(deepstate_object()))

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise KeyError("bug")

    monkeypatch.setattr(geodata.fetch, "write_imported_snapshot", broken)
    with caplog.at_level("ERROR", logger="geodata.fetch"):
        status, out, err = run(capsys, "--out-dir", str(out_dir))
    assert_refused(status, out, err, out_dir, "failed unexpectedly (KeyError)", "--verbose")
    assert any(record.exc_info for record in caplog.records)  # the traceback goes to the log, not the user


# ---------------------------------------------------------------------------------------------
# The domain's own checks
# ---------------------------------------------------------------------------------------------


def test_check_url_accepts_only_http_addresses_with_a_host():
    assert check_url(" https://example.org/a.geojson ") == "https://example.org/a.geojson"
    for bad in ("", "https://", "http:///x", "https://example.org/a b", "https://example.org:port/", "gopher://x/"):
        with pytest.raises(FetchError):
            check_url(bad)


def test_find_version_takes_the_days_last_published_version():
    versions = [
        {"id": 3, "createdAt": "2026-01-15T20:00:00.000Z", "status": False},  # not published
        {"id": 2, "createdAt": "2026-01-15T09:00:00.000Z"},
        {"id": 1, "createdAt": "2026-01-15T01:00:00.000Z"},
        {"id": "../../etc", "createdAt": "2026-01-15T23:00:00.000Z"},  # never becomes part of an address
    ]
    assert find_version(versions, "2026-01-15")["id"] == 2


def test_the_dashboard_button_is_off_unless_an_operator_configures_a_source():
    assert configured_source({}) is None
    assert configured_source({"CLAIMS_MAP_FETCH_SOURCE": " "}) is None
    assert configured_source({"CLAIMS_MAP_FETCH_SOURCE": "DeepStateMap"}) == "deepstatemap"
    assert (
        configured_source({"CLAIMS_MAP_FETCH_SOURCE": "https://mirror.example/last.json"}) == "https://mirror.example/last.json"
    )
    with pytest.raises(FetchError):
        configured_source({"CLAIMS_MAP_FETCH_SOURCE": "file:///etc/passwd"})


def test_the_real_control_folder_is_untouched():
    # Every test above writes into tmp_path; the package's folder holds only committed snapshots.
    assert not list(paths.CONTROL_DIR.glob("2026-01-1*"))


# ---------------------------------------------------------------------------------------------
# The dashboard's button
# ---------------------------------------------------------------------------------------------


def _button_script() -> None:
    from components.operator_fetch import render_operator_fetch

    render_operator_fetch("en")


def test_the_dashboard_shows_no_button_by_default(monkeypatch):
    from streamlit.testing.v1 import AppTest

    monkeypatch.delenv("CLAIMS_MAP_FETCH_SOURCE", raising=False)
    at = AppTest.from_function(_button_script, default_timeout=30).run()
    assert not at.exception
    assert not at.sidebar.button and not at.sidebar.expander


def test_the_operators_button_fetches_its_configured_source(server, tmp_path, monkeypatch):
    from streamlit.testing.v1 import AppTest

    import components.operator_fetch as operator_fetch

    server.routes["/last.json"] = Route(dumps(deepstate_object()))
    monkeypatch.setenv("CLAIMS_MAP_FETCH_SOURCE", server.url("/last.json"))
    # The app writes into its dataset's user data folder, never the package's folder.
    monkeypatch.setattr("geodata.dataset._default", Dataset(user_control_dir=tmp_path / "control"))
    monkeypatch.setattr(operator_fetch, "_last", {"at": -float("inf"), "line": "", "ok": False})
    at = AppTest.from_function(_button_script, default_timeout=60).run()
    assert not at.exception
    assert [b.label for b in at.sidebar.button] == ["Fetch the newest line"]
    at.sidebar.button[0].click().run()
    assert not at.exception
    assert server.requests == ["/last.json"]
    assert (tmp_path / "control" / f"{LAYER_DATE}.geojson").is_file()
    assert [s.value for s in at.sidebar.success] == ["Fetched and added:"]
    assert any(LAYER_DATE in text.value for text in at.sidebar.text)
    # Pressed again at once: the source is not asked again.
    at.sidebar.button[0].click().run()
    assert server.requests == ["/last.json"]
    assert "recently" in at.sidebar.info[0].value


def test_a_layer_dated_in_the_future_is_refused(server, out_dir, capsys):
    # It would become the newest line, with a negative age.
    server.routes["/api/history/last"] = Route(dumps(deepstate_object("2099-01-01T00:00:00Z")))
    assert_refused(*run(capsys, "--out-dir", str(out_dir)), out_dir, "dated 2099-01-01", "later than today")
