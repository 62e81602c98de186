"""A Streamlit session without a browser: the page's requests, then Streamlit's own protocol over the websocket.

Used by ``benchmarks/load_ws.py`` and ``tests/test_deploy.py``. A session opens as a browser does: it asks for the
page (with its query string; a load balancer in front sets its routing cookie there), for ``/_stcore/health`` (which
sets the XSRF cookie), then opens ``/_stcore/stream`` with the cookies, the ``Origin`` header and the XSRF token in
the subprotocol list, and asks for a run with the page's query string (a ``BackMsg``); once that run has drawn the
map, it sends the map's first-paint report as the browser's map does, and the run that starts draws the whole page.
Every ``ForwardMsg`` is read with the protobuf classes of the installed ``streamlit`` package; a widget is changed
the way the browser changes it, by sending its new value in the next run's widget states. Only loopback addresses
are accepted.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import http.cookiejar
import json
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import connect

from components.first_view import PAINT_REPORT

#: Hosts a session may talk to: this machine only.
LOOPBACK = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: ``ForwardMsg.script_finished`` when the script stopped to run again (``st.rerun``).
FINISHED_EARLY_FOR_RERUN = ForwardMsg.ScriptFinishedStatus.FINISHED_EARLY_FOR_RERUN
#: The map's component (streamlit-folium) as it appears in a delta.
MAP_COMPONENT = "streamlit_folium.st_folium"


def check_loopback(url: str) -> str:
    """Return ``url`` without a trailing slash; raise ValueError unless it is http(s) on a loopback address."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or parts.hostname not in LOOPBACK:
        raise ValueError(f"only http(s) on a loopback address is allowed, not {url!r}")
    return url.rstrip("/")


@dataclass
class RunResult:
    """What one run of the script sent back."""

    seconds: float
    status: int  # ForwardMsg.ScriptFinishedStatus (0: finished successfully)
    map_args: list[str] = field(default_factory=list)  # the map components' arguments, one JSON text each
    map_ids: list[str] = field(default_factory=list)  # the map components' widget ids, in the same order
    exceptions: int = 0  # exception elements shown on the page


class Session:
    """One browser-like session: page, cookies, websocket, widget states."""

    def __init__(self, base_url: str, query: str = "", timeout: float = 60.0) -> None:
        self.url = check_loopback(base_url)
        self.query = query
        self.timeout = timeout
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.ws: Any = None
        self.session_id = ""
        self.page_script_hash = ""
        self.widgets: dict[str, tuple[str, Any]] = {}  # label -> (widget id, element proto)
        self.states: dict[str, Any] = {}  # widget id -> WidgetState sent with every run

    def cookie(self, name: str) -> str | None:
        """The value of one cookie the server (or the load balancer) set."""
        return next((c.value for c in self.jar if c.name == name), None)

    def _http(self) -> None:
        # The page and the health check, as the browser asks for them before it opens the websocket.
        for path in (f"/?{self.query}" if self.query else "/", "/_stcore/health"):
            with self.opener.open(self.url + path, timeout=self.timeout) as response:
                response.read()

    async def open(self, report: bool = True) -> RunResult:
        """Ask for the page, open the websocket and run the script once with the page's query string (and the widget
        states set so far: a page that reconnects sends its widgets' last values); then, with ``report``, report the
        map's first paint (:meth:`report_paint`) and return the run that starts."""
        await asyncio.to_thread(self._http)
        parts = urlsplit(self.url)
        scheme = "wss" if parts.scheme == "https" else "ws"
        cookies = "; ".join(f"{c.name}={c.value}" for c in self.jar)
        xsrf = self.cookie("_streamlit_xsrf")
        self.ws = await connect(
            f"{scheme}://{parts.netloc}/_stcore/stream",
            subprotocols=["streamlit", xsrf] if xsrf else ["streamlit"],  # type: ignore[list-item]
            additional_headers={"Cookie": cookies} if cookies else None,
            origin=self.url,  # type: ignore[arg-type]
            max_size=None,
            open_timeout=self.timeout,
            ping_interval=None,
        )
        first = await self.rerun()
        return await self.report_paint(first) if report else first

    async def report_paint(self, result: RunResult) -> RunResult:
        """Tell the app its maps have painted, as the browser does, and return the run that report starts.

        The dashboard's map frame reports its first paint (``static/map/prefetch.js`` sets the component's value to
        ``{"cm_painted": true}``); the dashboard draws its map alone until then and the whole page on the run the
        report starts (``components/first_view.py``). Sent only for a map that loads ``prefetch.js``, as in the
        browser: other apps' maps (the naive app's) get no report. ``result`` is returned as it is when there is none.
        """
        painted = [wid for wid, args in zip(result.map_ids, result.map_args, strict=True) if "/map/prefetch.js" in args]
        if not painted:
            return result
        for widget_id in painted:
            self._set(widget_id, json_value=json.dumps(PAINT_REPORT))
        return await self.rerun()

    async def rerun(self) -> RunResult:
        """Send a run request with every widget state set so far; wait for the run to finish."""
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_script_hash = self.page_script_hash
        for state in self.states.values():
            msg.rerun_script.widget_states.widgets.append(state)
        started = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        result = RunResult(seconds=0.0, status=0)
        deadline = time.monotonic() + self.timeout
        while True:
            data = await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.monotonic()))
            fwd = ForwardMsg()
            fwd.ParseFromString(data)
            kind = fwd.WhichOneof("type")
            if kind == "new_session":
                self.session_id = fwd.new_session.initialize.session_id or self.session_id
                self.page_script_hash = fwd.new_session.page_script_hash or self.page_script_hash
            elif kind == "delta":
                self._read_delta(fwd, result)
            elif kind == "script_finished":
                result.status = int(fwd.script_finished)
                if result.status == FINISHED_EARLY_FOR_RERUN:
                    # The script asked for another run (st.rerun): the page waits for that one, and so does this.
                    result.map_args.clear()
                    result.map_ids.clear()
                    continue
                result.seconds = time.perf_counter() - started
                return result

    def _read_delta(self, fwd: Any, result: RunResult) -> None:
        delta = fwd.delta
        if delta.WhichOneof("type") == "add_block":
            block = delta.add_block
            if block.WhichOneof("type") == "expandable" and block.id:  # a section with state (``on_change``)
                self.widgets[block.expandable.label] = (block.id, block)
            return
        if delta.WhichOneof("type") != "new_element":
            return
        element = delta.new_element
        kind = element.WhichOneof("type")
        if kind == "exception":
            result.exceptions += 1
        elif kind == "component_instance" and element.component_instance.component_name == MAP_COMPONENT:
            result.map_args.append(element.component_instance.json_args)
            result.map_ids.append(element.component_instance.id)
        elif kind:
            widget = getattr(element, kind)
            if hasattr(widget, "id") and hasattr(widget, "label") and widget.id:
                self.widgets[widget.label] = (widget.id, widget)

    def widget_id(self, label_start: str) -> str:
        """The id of the widget whose label starts with ``label_start`` (seen in the last runs)."""
        for label, (widget_id, _) in self.widgets.items():
            if label.startswith(label_start):
                return widget_id
        raise KeyError(f"no widget labelled {label_start!r} among {sorted(self.widgets)}")

    def _set(self, widget_id: str, **value: Any) -> None:
        # One widget state (its id and one typed value, as the protobuf names it), sent with every later run.
        state = BackMsg().rerun_script.widget_states.widgets.add()
        state.id = widget_id
        for field_name, field_value in value.items():
            setattr(state, field_name, field_value)
        self.states[widget_id] = state

    def set_string(self, label_start: str, value: str) -> None:
        """Choose ``value`` in a select box, as the browser does (its shown text as the widget's value)."""
        self._set(self.widget_id(label_start), string_value=value)

    def set_bool(self, label_start: str, value: bool) -> None:
        """Set a check box, a toggle or a section (open or closed), as the browser does."""
        self._set(self.widget_id(label_start), bool_value=value)

    async def upload(self, name: str, data: bytes) -> tuple[int, str]:
        """Upload a file as the browser's file box does: ask the session for an upload address over the websocket,
        then ``PUT`` the file there (multipart, with the XSRF header). Returns the HTTP status and body."""
        msg = BackMsg()
        msg.file_urls_request.request_id = "upload-1"
        msg.file_urls_request.file_names.append(name)
        msg.file_urls_request.session_id = self.session_id
        await self.ws.send(msg.SerializeToString())
        deadline = time.monotonic() + self.timeout
        while True:
            fwd = ForwardMsg()
            fwd.ParseFromString(await asyncio.wait_for(self.ws.recv(), timeout=max(0.1, deadline - time.monotonic())))
            if fwd.WhichOneof("type") == "file_urls_response" and fwd.file_urls_response.response_id == "upload-1":
                break
        address = fwd.file_urls_response.file_urls[0].upload_url
        return await asyncio.to_thread(self._put, address, name, data)

    def _put(self, address: str, name: str, data: bytes) -> tuple[int, str]:
        boundary = "claimsmapupload"
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            ).encode()
            + data
            + f"\r\n--{boundary}--\r\n".encode()
        )
        url = address if address.startswith("http") else self.url + address
        request = urllib.request.Request(
            url,
            data=body,
            method="PUT",
            headers={
                "Content-Type": f"multipart/form-data; boundary={boundary}",
                "X-Xsrftoken": self.cookie("_streamlit_xsrf") or "",
                "Origin": self.url,
            },
        )
        try:
            with self.opener.open(request, timeout=self.timeout) as response:
                return response.status, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace")

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


def run_async(coroutine: Any) -> Any:
    """``asyncio.run`` in a thread of its own: works where this thread already runs an event loop (Playwright's)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


def map_layers(result: RunResult) -> list[str]:
    """The part of each map's arguments that a toggle changes (the layers' script), for comparing runs."""
    return [json.loads(args).get("feature_group") or "" for args in result.map_args]
