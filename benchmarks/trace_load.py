"""Where a warm page load of the dashboard spends its time before the map is painted.

    python benchmarks/trace_load.py [--app app.py] [--loads 3] [--json] [--trace out.json]

Starts the app on 127.0.0.1 (every other host blocked), loads the page once to warm the server, then
loads it ``--loads`` times more and prints, for the median load, a timeline in milliseconds from
navigation start:

- every resource the page and the map's iframe fetch (Performance API ``resource`` entries): start, end,
  bytes, so the script chunks Streamlit loads for the page's widgets show up by name;
- every websocket message the server sends (a Streamlit ``ForwardMsg``, decoded): its kind, the element a
  delta carries, its size and when it arrived;
- the page's paint entries, when the map's iframe is attached, and when its first shape is painted;
- with ``--trace FILE``, Chromium's own trace of the last load (open it in chrome://tracing or Perfetto),
  and the main thread's busy time by kind (script compile/evaluate, function calls, layout, paint) before
  the iframe exists.

Loopback only, bounded in time (each load times out after 60 s). Figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.run import Server  # noqa: E402
from tests.browser import CHROMIUM_ARGS, MAP_FRAME, OutsideRequests, find_chromium  # noqa: E402

#: Runs in every frame before its scripts. In the page: epoch-ms marks for the first sidebar widget, the map's iframe
#: attached, its first shape and title box (polled each animation frame), and every websocket message's arrival.
INIT_SCRIPT = """
(() => {
  const now = () => performance.timeOrigin + performance.now();
  const marks = window.__cmMarks = {};
  const watch = (test, name) => {
    const seen = () => {
      if (!marks[name] && test()) { marks[name] = now(); try { performance.mark('cm-' + name); } catch (e) {} return true; }
      return false;
    };
    // Observe the document itself: its root element may be replaced while it loads.
    const observer = new MutationObserver(() => { if (seen()) observer.disconnect(); });
    observer.observe(document, {childList: true, subtree: true, attributes: true});
  };
  if (window === window.top) {
    watch(() => document.querySelector('iframe[title="streamlit_folium.st_folium"]'), 'iframe_attached');
    watch(() => document.querySelector('[data-testid="stSidebar"] [data-testid="stSelectbox"]'), 'first_widget');
    watch(() => document.querySelector('[data-testid="stDataFrame"], [data-testid="stTable"]'), 'table');
    watch(() => document.querySelector('#floor-out'), 'floor_out');
    // Inside the map's iframe (same origin), checked on every animation frame of the page: init scripts
    // do not reliably reach a sandboxed component's document.
    const inside = (selector) => {
      if (document.querySelector(selector)) return true;  // a map drawn in the page itself (no iframe)
      const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
      try {
        return !!(frame && frame.contentDocument && frame.contentDocument.querySelector(selector));
      } catch (e) { return false; }
    };
    const until = Date.now() + 60000;
    const poll = () => {
      if (!marks.first_shape && inside('path.leaflet-interactive')) { marks.first_shape = now(); }
      if (!marks.titlebox && inside('.cm-titlebox')) { marks.titlebox = now(); }
      const done = marks.first_shape && (marks.titlebox || now() - marks.first_shape > 5000);
      if (!done && Date.now() < until) requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);
  }
  const messages = window.__cmWs = [];
  const Native = window.WebSocket;
  if (Native && window === window.top) {
    window.WebSocket = function (...args) {
      const ws = new Native(...args);
      ws.addEventListener('message', (event) => {
        const size = event.data.byteLength !== undefined ? event.data.byteLength : (event.data.size || event.data.length || 0);
        messages.push([now(), size]);
      });
      return ws;
    };
    window.WebSocket.prototype = Native.prototype;
    Object.assign(window.WebSocket, {CONNECTING: 0, OPEN: 1, CLOSING: 2, CLOSED: 3});
  }
})();
"""

COLLECT = """
() => ({
  origin: performance.timeOrigin,
  marks: window.__cmMarks || {},
  ws: window.__cmWs || [],
  paint: performance.getEntriesByType('paint').map(e => [e.name, e.startTime]),
  nav: performance.getEntriesByType('navigation').map(e => ({dcl: e.domContentLoadedEventEnd, load: e.loadEventEnd}))[0] || {},
  resources: performance.getEntriesByType('resource').map(e => ({
    name: e.name, type: e.initiatorType, start: e.startTime, end: e.responseEnd,
    transfer: e.transferSize, body: e.encodedBodySize, decoded: e.decodedBodySize})),
})
"""


def describe_message(payload: bytes) -> tuple[str, str]:
    """A ForwardMsg's kind, and for a delta the element or block it carries."""
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    try:
        message = ForwardMsg.FromString(payload)
    except Exception:  # noqa: BLE001 - not every frame need be a ForwardMsg
        return "undecoded", ""
    kind = message.WhichOneof("type") or "none"
    detail = ""
    if kind == "delta":
        delta = message.delta
        which = delta.WhichOneof("type")
        if which == "new_element":
            detail = delta.new_element.WhichOneof("type") or ""
            if detail == "component_instance":
                detail += ":" + delta.new_element.component_instance.component_name
        elif which == "add_block":
            detail = "block:" + (delta.add_block.WhichOneof("type") or "vertical")
        else:
            detail = which or ""
        path = list(message.metadata.delta_path)
        detail += f" @{'/'.join(map(str, path))}"
    elif kind == "ref_hash":
        detail = "cached message"
    return kind, detail


def load_once(
    browser, url: str, outside: OutsideRequests, viewport: dict[str, int], trace_path: Path | None = None, rate: float = 1.0
) -> dict[str, Any]:
    context = browser.new_context(viewport=viewport)
    context.route("**/*", outside)
    context.add_init_script(INIT_SCRIPT)
    page = context.new_page()
    if rate > 1:  # the page's CPU slowed ``rate`` times, as benchmarks/slow_machine.py does
        context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": rate})
    payloads: list[bytes] = []

    def on_websocket(ws) -> None:
        ws.on("framereceived", lambda payload: payloads.append(payload if isinstance(payload, bytes) else payload.encode()))

    page.on("websocket", on_websocket)
    if trace_path is not None:
        browser.start_tracing(
            page=page,
            path=str(trace_path),
            screenshots=False,
            categories=[
                "devtools.timeline",
                "v8.execute",
                "blink.user_timing",
                "loading",
                "disabled-by-default-devtools.timeline",
            ],
        )
    started = time.perf_counter()
    page.goto(url)
    page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=120_000)
    frame = page.frame_locator(MAP_FRAME).first
    frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=120_000)
    wall_ms = 1000 * (time.perf_counter() - started)
    page.wait_for_timeout(1500)  # let the rest of the page (tables, buttons) arrive
    if trace_path is not None:
        browser.stop_tracing()
    top = page.evaluate(COLLECT)
    inner_frame = next((f for f in page.frames if f.parent_frame is not None and "streamlit_folium" in f.url), None)
    inner = inner_frame.evaluate(COLLECT) if inner_frame else {"origin": top["origin"], "marks": {}, "resources": [], "paint": []}
    context.close()
    origin = top["origin"]
    shift = inner["origin"] - origin
    marks = {k: round(v - origin, 1) for k, v in top["marks"].items()}
    marks.update({k: round(v - origin, 1) for k, v in inner["marks"].items()})
    resources = [{**r, "frame": "page"} for r in top["resources"]]
    resources += [{**r, "frame": "map", "start": r["start"] + shift, "end": r["end"] + shift} for r in inner["resources"]]
    messages = []
    for index, (at, size) in enumerate(top["ws"]):
        kind, detail = describe_message(payloads[index]) if index < len(payloads) else ("?", "")
        messages.append({"at": round(at - origin, 1), "bytes": size, "kind": kind, "detail": detail})
    return {
        "wall_ms": round(wall_ms, 1),
        "marks": marks,
        "paint": {name: round(at, 1) for name, at in top["paint"]},
        "nav": {k: round(v, 1) for k, v in top["nav"].items()},
        "resources": sorted(resources, key=lambda r: r["start"]),
        "messages": messages,
    }


def summarise_trace(trace_path: Path, until_mark: str = "cm-iframe_attached") -> dict[str, Any]:
    """Main-thread busy time by event name, from navigation start to ``until_mark`` (Chromium trace)."""
    events = json.loads(trace_path.read_text())
    events = events["traceEvents"] if isinstance(events, dict) else events
    threads = {(e["pid"], e["tid"]): e["args"]["name"] for e in events if e.get("ph") == "M" and e.get("name") == "thread_name"}
    nav = [
        e["ts"]
        for e in events
        if e.get("name") == "navigationStart" and e.get("args", {}).get("data", {}).get("isLoadingMainFrame")
    ]
    mark = [e["ts"] for e in events if e.get("name") == until_mark]
    if not nav or not mark:
        return {}
    start, end = min(nav), min(mark)
    main = {key for key, name in threads.items() if name == "CrRendererMain"}
    names = (
        "EvaluateScript",
        "v8.compile",
        "v8.compileModule",
        "v8.evaluateModule",
        "FunctionCall",
        "ParseHTML",
        "ParseAuthorStyleSheet",
        "UpdateLayoutTree",
        "Layout",
        "Paint",
        "TimerFire",
        "EventDispatch",
        "RunMicrotasks",
        "V8.GC_SCAVENGER",
        "MajorGC",
        "MinorGC",
    )
    busy: Counter[str] = Counter()
    toplevel = 0.0
    for e in events:
        if (e.get("pid"), e.get("tid")) not in main or e.get("ph") != "X" or not (start <= e.get("ts", 0) <= end):
            continue
        if e.get("name") in ("RunTask", "ThreadControllerImpl::RunTask"):
            toplevel += e.get("dur", 0)
        if e.get("name") in names:
            busy[e["name"]] += e.get("dur", 0)
    window = (end - start) / 1000
    return {
        "window_ms": round(window, 1),
        "main_thread_busy_ms": round(toplevel / 1000, 1),
        "main_thread_idle_ms": round(window - toplevel / 1000, 1),
        "by_kind_ms": {k: round(v / 1000, 1) for k, v in busy.most_common()},
    }


def summarise(load: dict[str, Any]) -> dict[str, Any]:
    """The figures that say where the time goes, for one load."""
    marks = load["marks"]
    iframe = marks.get("iframe_attached", float("inf"))
    js_before = [r for r in load["resources"] if r["frame"] == "page" and r["end"] <= iframe and r["name"].endswith(".js")]
    css_before = [r for r in load["resources"] if r["frame"] == "page" and r["end"] <= iframe and ".css" in r["name"]]
    map_resources = [
        r for r in load["resources"] if r["frame"] == "map" or "streamlit_folium" in r["name"] or "/app/static/" in r["name"]
    ]
    messages = load["messages"]
    before = [m for m in messages if m["at"] <= iframe]
    map_delta = next((m for m in messages if "component_instance:streamlit_folium" in m["detail"]), None)
    new_session = next((m for m in messages if m["kind"] == "new_session"), None)
    finished = next((m for m in messages if m["kind"] == "script_finished"), None)
    kinds = Counter(m["detail"].split(" @")[0] or m["kind"] for m in messages if m["kind"] in ("delta",))
    return {
        "wall_ms": load["wall_ms"],
        "first_contentful_paint_ms": load["paint"].get("first-contentful-paint"),
        "dom_content_loaded_ms": load["nav"].get("dcl"),
        "first_sidebar_widget_ms": marks.get("first_widget"),
        "websocket_first_message_ms": messages[0]["at"] if messages else None,
        "new_session_ms": new_session["at"] if new_session else None,
        "map_delta_received_ms": map_delta["at"] if map_delta else None,
        "map_delta_bytes": map_delta["bytes"] if map_delta else None,
        "iframe_attached_ms": marks.get("iframe_attached"),
        "first_shape_ms": marks.get("first_shape"),
        "script_finished_ms": finished["at"] if finished else None,
        "table_shown_ms": marks.get("table"),
        "messages_before_iframe": len(before),
        "bytes_before_iframe": sum(m["bytes"] for m in before),
        "messages_total": len(messages),
        "deltas_by_element": dict(kinds.most_common()),
        "js_chunks_before_iframe": len(js_before),
        "js_bytes_before_iframe": sum(r["body"] for r in js_before),
        "js_decoded_bytes_before_iframe": sum(r["decoded"] for r in js_before),
        "css_before_iframe": len(css_before),
        "map_resources": [
            {
                "name": r["name"].split("/")[-1].split("?")[0],
                "start": round(r["start"], 1),
                "end": round(r["end"], 1),
                "bytes": r["body"],
                "cached": r["transfer"] == 0,
            }
            for r in map_resources
        ],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--app", default="app.py")
    parser.add_argument("--query", default="/?scenario=status-quo")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--width", type=int, default=1600)
    parser.add_argument("--height", type=int, default=1000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--trace", type=Path, help="write Chromium's trace of the last load here")
    parser.add_argument("--full", action="store_true", help="with --json: every resource and message of the median load")
    parser.add_argument("--rate", type=float, default=1.0, help="slow the page's CPU this many times (slow_machine.py's 2)")
    parser.add_argument("--one-core", action="store_true", help="hold the server to one core (taskset -c 0)")
    args = parser.parse_args()
    chromium = find_chromium()
    if chromium is None:
        print("no Chromium found: apt-get install chromium", file=sys.stderr)
        return 2
    from playwright.sync_api import sync_playwright

    outside = OutsideRequests()
    import shutil

    server = Server(args.app, prefix=("taskset", "-c", "0") if args.one_core and shutil.which("taskset") else ())
    viewport = {"width": args.width, "height": args.height}
    try:
        server.wait_healthy()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            load_once(browser, server.url + args.query, outside, viewport, rate=args.rate)  # warm the server's caches
            loads = [
                load_once(
                    browser, server.url + args.query, outside, viewport, args.trace if i == args.loads - 1 else None, args.rate
                )
                for i in range(args.loads)
            ]
            browser.close()
    finally:
        server.stop()
    loads.sort(key=lambda load: load["marks"].get("first_shape", float("inf")))
    median = loads[len(loads) // 2]
    result: dict[str, Any] = {"app": args.app, "loads": args.loads, "outside_requests": len(outside.urls)}
    summaries = [summarise(load) for load in loads]
    for key in (
        "wall_ms",
        "first_contentful_paint_ms",
        "first_sidebar_widget_ms",
        "new_session_ms",
        "map_delta_received_ms",
        "iframe_attached_ms",
        "first_shape_ms",
        "script_finished_ms",
        "table_shown_ms",
    ):
        values = [s[key] for s in summaries if s.get(key) is not None]
        result[f"{key}_median"] = round(statistics.median(values), 1) if values else None
    result["median_load"] = summarise(median)
    if args.trace:
        result["trace"] = summarise_trace(args.trace)
    if args.full:
        result["median_load_resources"] = median["resources"]
        result["median_load_messages"] = median["messages"]
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    s = result["median_load"]
    print(f"{args.app}: {args.loads} warm loads, median by first shape painted (ms from navigation start)")
    for key in (
        "first_contentful_paint_ms",
        "dom_content_loaded_ms",
        "websocket_first_message_ms",
        "first_sidebar_widget_ms",
        "map_delta_received_ms",
        "iframe_attached_ms",
        "first_shape_ms",
        "script_finished_ms",
        "table_shown_ms",
    ):
        print(f"  {key:<32} {s.get(key)}")
    print(
        f"  before the iframe: {s['messages_before_iframe']} messages ({s['bytes_before_iframe']} B), "
        f"{s['js_chunks_before_iframe']} JS files ({s['js_bytes_before_iframe']} B on the wire, "
        f"{s['js_decoded_bytes_before_iframe']} B decoded)"
    )
    print("  map's resources:")
    for r in s["map_resources"]:
        print(f"    {r['start']:>8} → {r['end']:>8}  {r['bytes']:>8} B {'(cache)' if r['cached'] else ''} {r['name']}")
    if result.get("trace"):
        print("  main thread before the iframe:", json.dumps(result["trace"]))
    print("  messages:")
    for m in median["messages"]:
        print(f"    {m['at']:>8}  {m['bytes']:>7} B  {m['kind']:<16} {m['detail']}")
    print("  page JS files:")
    for r in median["resources"]:
        if r["frame"] == "page" and ".js" in r["name"]:
            print(f"    {r['start']:>8.1f} → {r['end']:>8.1f}  {r['body']:>8} B  {r['name'].split('/')[-1]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
