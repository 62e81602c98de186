"""The dashboard in real Chromium (Playwright), served by `streamlit run app.py` on 127.0.0.1, offline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from geodata.dataset import default_dataset
from geodata.wording import word
from tests.browser import (
    ARTIFACTS,
    MAP_FRAME,
    ROOT,
    OutsideRequests,
    first_view_line,
    hover_map,
    map_frame,
    shown_tooltip,
    streamlit_server,
)

SELECT_TIMEOUT = 30_000


@pytest.fixture(scope="module")
def server():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.outside = OutsideRequests()
    context.route("**/*", page.outside)
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _fills(frame) -> list[str]:
    return frame.locator("path.leaflet-interactive").evaluate_all("els => els.map(e => e.getAttribute('fill'))")


def _view(frame) -> tuple[float, float, int]:
    return tuple(
        frame.locator("body").evaluate(
            "() => { const c = window.map.getCenter();"
            " return [Math.round(c.lat * 1000) / 1000, Math.round(c.lng * 1000) / 1000, window.map.getZoom()]; }"
        )
    )


def open_options(page, lang: str = "en") -> None:
    """Open the sidebar's section of options region by region (drawn only while open) and wait for Crimea's."""
    heading = word("options_section", lang, base="").removesuffix(": ").split(",")[0]
    page.locator('[data-testid="stSidebar"] [data-testid="stExpander"] summary').filter(has_text=heading).first.click()
    page.locator('[data-testid="stSelectbox"]').filter(has_text=word("crimea", lang)).first.wait_for(timeout=SELECT_TIMEOUT)


def _choose(page, label: str, option: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text=label).first
    # Long proposal summaries push the options down the sidebar: a box at the window's bottom edge opens no list.
    box.scroll_into_view_if_needed()
    box.click()
    page.get_by_role("option", name=option, exact=True).click(timeout=SELECT_TIMEOUT)


#: In the page before its scripts: when the map's first shape is painted (checked every animation frame, marking the
#: map's window then), and when the sidebar's first widget appears.
FIRST_VIEW_MARKS = """
(() => {
  if (window !== window.top) return;
  const marks = window.__firstView = {};
  const widget = '[data-testid="stSidebar"] [data-testid="stSelectbox"]';
  new MutationObserver(() => {
    if (!marks.widget && document.querySelector(widget)) marks.widget = performance.now();
  }).observe(document, {childList: true, subtree: true});
  const poll = () => {
    const frame = document.querySelector('iframe[title="streamlit_folium.st_folium"]');
    try {
      if (frame && frame.contentDocument && frame.contentDocument.querySelector('path.leaflet-interactive')) {
        marks.shape = performance.now();
        frame.contentWindow.__firstFrame = true;
        return;
      }
    } catch (e) {}
    requestAnimationFrame(poll);
  };
  requestAnimationFrame(poll);
})();
"""


def test_the_map_paints_first_then_the_page_around_it_keeps_its_frame(page, server):
    """A session's first run draws the map alone; the sidebar and the figures come on the run the map's paint starts
    (components/first_view.py), and the map's frame is the same one afterwards (not reloaded)."""
    page.add_init_script(FIRST_VIEW_MARKS)
    page.goto(server + "/?scenario=status-quo")
    frame = map_frame(page)
    page.get_by_text(word("headline", "en"), exact=True).first.wait_for(timeout=SELECT_TIMEOUT)
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.wait_for(timeout=SELECT_TIMEOUT)
    marks = page.evaluate("() => window.__firstView")
    assert marks["shape"] < marks["widget"], marks
    assert frame.locator("body").evaluate("() => window.__firstFrame === true")
    assert page.get_by_text(word("first_view_loading", "en")).count() == 0
    assert page.console_errors == []


def test_the_page_is_drawn_whole_even_when_the_map_cannot_paint(page, server):
    """Should the map's script never run (here: it cannot be loaded), the page draws itself whole a few seconds later
    all the same (the sidebar line's own timer, components/first_view.py): never the map's frame alone."""
    page.route("**/static/map/claims-map.js*", lambda route: route.abort())
    page.goto(server + "/?scenario=status-quo")
    # First the first view: the map's frame, the sidebar's line, no widget.
    first_view_line(page).first.wait_for(timeout=SELECT_TIMEOUT)
    assert page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').count() == 0
    # Then, with no report from the map, the page's own timer draws it whole.
    page.locator('[data-testid="stSidebar"] [data-testid="stSelectbox"]').first.wait_for(timeout=SELECT_TIMEOUT)
    assert first_view_line(page).count() == 0
    page.get_by_text(word("headline", "en"), exact=True).first.wait_for(timeout=SELECT_TIMEOUT)
    frame = page.frame_locator(MAP_FRAME).first
    assert frame.locator("path.leaflet-interactive").count() == 0  # the report came from the fallback, not a paint


def test_a_drag_on_a_map_taller_than_the_window_pans_it_and_leaves_the_page_still(browser, server):
    """At 1280x720 the map's frame runs below the window's edge: pressing in it must not scroll the page (Leaflet's
    focus on a press did, so the drag that followed panned the map diagonally)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        page.goto(server + "/?scenario=status-quo&lat=48.5&lon=31.2&zoom=6")
        frame = map_frame(page)
        box = page.locator(MAP_FRAME).first.bounding_box()
        assert box["y"] + box["height"] > 720  # the frame runs below the window: the case that jumped
        before = frame.locator("body").evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
        x, y = box["x"] + box["width"] / 2, min(box["y"] + 150, 700)
        page.mouse.move(x, y)
        page.mouse.down()
        page.mouse.move(x - 125, y, steps=5)
        page.mouse.move(x - 250, y, steps=5)
        page.mouse.up()
        page.wait_for_timeout(800)
        after_box = page.locator(MAP_FRAME).first.bounding_box()
        after = frame.locator("body").evaluate("() => { const c = window.map.getCenter(); return [c.lat, c.lng]; }")
        assert abs(after_box["y"] - box["y"]) < 1, (box, after_box)  # the page did not scroll
        assert after[1] > before[1]  # dragged left: the map's centre moved east
        assert abs(after[0] - before[0]) < 0.3, (before, after)  # and not north or south
    finally:
        context.close()


def test_page_loads_offline_and_paints_the_regions(page, server):
    page.goto(server)
    frame = map_frame(page)
    assert frame.locator("path.leaflet-interactive").count() >= 27
    fills = _fills(frame)
    assert sum(1 for f in fills if f and f != "none") >= 27
    assert frame.locator(".cm-legend").count() == 1
    assert page.outside.urls == []
    assert page.console_errors == []


def test_each_data_file_is_fetched_once_the_prefetch_taken_by_the_map(page, server):
    """The first script of the map's iframe starts the data fetches and asks for the scripts and styles that
    follow it; the map's script takes the fetches rather than fetching again, and nothing is asked for twice."""
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(f"{server}/?scenario=status-quo")
    frame = map_frame(page)
    for _ in range(300):  # until places.json is drawn too
        if frame.locator("body").evaluate("() => !!(window.cm && window.cm.places)"):
            break
        page.wait_for_timeout(100)
    data_requests = [url for url in requests if "/app/static/data/" in url]
    names = sorted(url.rsplit("/", 1)[1] for url in data_requests)
    assert len(names) == len(set(names)) == 3, names
    # Asked for before Leaflet: by the prefetch, not by the map's script after Leaflet and it have loaded.
    leaflet = next(i for i, url in enumerate(requests) if url.split("?")[0].endswith("/leaflet/leaflet.js"))
    assert all(requests.index(url) < leaflet for url in data_requests), requests
    assert names[0] == "context.json" and names[1] == "places.json" and names[2].startswith("snapshot-")
    assert frame.locator("body").evaluate("() => Object.keys(window.cmPrefetch)") == []  # every prefetch taken
    # Scripts and styles asked for once each: the preload is what streamlit-folium's own tags then use.
    code = [url.split("?")[0].rsplit("/", 1)[1] for url in requests if re.search(r"/app/static/(leaflet|map)/", url)]
    assert sorted(code) == ["claims-map.css", "claims-map.js", "leaflet.css", "leaflet.js", "prefetch.js"], code
    assert page.console_errors == []


def test_toggle_changes_fills_and_keeps_the_zoom(page, server):
    page.goto(f"{server}/?scenario=status-quo")
    frame = map_frame(page)
    start_zoom = _view(frame)[2]
    for _ in range(2):
        frame.locator(".leaflet-control-zoom-in").click()
        page.wait_for_timeout(600)
    view = _view(frame)
    assert view[2] == start_zoom + 2
    frame.locator("body").evaluate("() => { window.__probe = 'same iframe'; }")
    assert not any("returned" in (f or "") for f in _fills(frame))

    open_options(page)
    _choose(page, "Crimea and Sevastopol", "Returned to Ukraine (proposed)")
    frame.locator('path[fill="url(#cm-p-returned)"]').first.wait_for(state="attached", timeout=SELECT_TIMEOUT)
    assert _view(frame) == view
    assert frame.locator("body").evaluate("() => window.__probe") == "same iframe"
    # Another control date: new data (and a new prefetch list in the map's arguments), the same iframe and view.
    snapshots = []
    page.on("request", lambda request: snapshots.append(request.url) if "/data/snapshot-2022-11-12" in request.url else None)
    page.locator('[data-testid="stSidebar"]').get_by_text("2022-11-12", exact=True).click()
    for _ in range(300):
        if snapshots and frame.locator("body").evaluate(
            "() => !!(window.cm && window.cm.data['/app/static/data/snapshot-2022-11-12.json'])"
        ):
            break
        page.wait_for_timeout(100)
    assert len(snapshots) == 1
    page.wait_for_timeout(500)
    assert _view(frame) == view
    assert frame.locator("body").evaluate("() => window.__probe") == "same iframe"
    assert page.outside.urls == []


def test_scenario_from_the_url(page, server):
    page.goto(f"{server}/?scenario=plan-28-points-2025-11")
    frame = map_frame(page)
    frame.locator('path[fill="url(#cm-p-buffer_zone)"]').first.wait_for(state="attached", timeout=SELECT_TIMEOUT)
    assert frame.locator('path[fill="url(#cm-p-de_facto_russia)"]').count() >= 4  # Crimea, Luhansk, and the held parts
    assert "As reported (point 21)" in page.locator('[data-testid="stSidebar"]').inner_text()
    assert "Demilitarised buffer zone (proposed)" in frame.locator(".cm-legend").inner_text()
    assert page.outside.urls == []


def open_downloads(page, lang: str = "en") -> None:
    """Open the downloads (a section under the map, drawn when opened)."""
    page.locator('[data-testid="stExpander"] summary').filter(has_text=word("downloads", lang)).click()


def test_download_exports_what_is_on_screen(page, server):
    page.goto(f"{server}/?scenario=custom&base=us-2025-04&opts=c.dj~d.df.bz~l.df.ua~z.df.ua~k.fr.ua~r.63")
    map_frame(page)
    open_downloads(page)
    with page.expect_download(timeout=SELECT_TIMEOUT) as download_info:
        page.get_by_role("button", name="CSV", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "claims-map-custom-2025-04-20-en.csv"  # the US proposal's own date
    text = Path(download.path()).read_text(encoding="utf-8")
    assert text.startswith("table,region_id,") and ",custom,Custom options," in text
    assert "region_part,UA-14,Donetsk Oblast,ukrainian_held,buffer_zone," in text
    assert "region_part,UA-65,Kherson Oblast,russian_held,frozen," in text
    assert page.outside.urls == []


def test_download_figure_is_a_png_of_the_view(page, server):
    page.goto(f"{server}/?scenario=plan-28-points-2025-11&lang=uk")
    map_frame(page)
    open_downloads(page, "uk")
    with page.expect_download(timeout=60_000) as download_info:
        page.get_by_role("button", name="PNG", exact=True).click()
    download = download_info.value
    assert download.suggested_filename == "claims-map-plan-28-points-2025-11-2025-11-20-uk.png"
    data = Path(download.path()).read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    from PIL import Image

    with Image.open(download.path()) as image:
        assert image.size == (1920, 1080)


HOSTILE = '<img src=x onerror="window.__xss=1">${window.__xss=2}`'


def test_uploaded_file_with_hostile_names_shows_text_and_runs_nothing(page, server):
    import json

    polygon = [[36.0, 49.5], [37.2, 49.5], [37.2, 50.2], [36.0, 50.2], [36.0, 49.5]]  # in Kharkiv oblast
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"name": f"{HOSTILE}</script><script>window.__xss=3</script>"},
                "geometry": {"type": "Polygon", "coordinates": [polygon]},
            },
            {
                "type": "Feature",
                "properties": {"name": f"point {HOSTILE}</script>"},
                "geometry": {"type": "Point", "coordinates": [36.5, 49.9]},
            },
        ],
    }
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(f"{server}/?scenario=status-quo")
    map_frame(page)
    page.get_by_text("Use your own control data").click()
    page.locator('input[type="file"]').set_input_files(
        {"name": f"{HOSTILE}.geojson", "mimeType": "application/geo+json", "buffer": json.dumps(collection).encode()}
    )
    page.get_by_text("Checked. What the file holds:").wait_for(timeout=SELECT_TIMEOUT)
    sidebar = page.locator('[data-testid="stSidebar"]').inner_text()
    # Shown as text (browsers send a double quote in a file name as %22).
    assert "<img src=x onerror=" in sidebar and "${window.__xss=2}`" in sidebar
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').first
    # The map now shows the uploaded area: Kharkiv's Russian-held part fills most of the box drawn.
    frame.locator('path[fill="url(#cm-p-occupied)"]').first.wait_for(state="attached", timeout=SELECT_TIMEOUT)
    page.wait_for_timeout(500)
    assert page.evaluate("() => window.__xss") is None
    assert frame.locator("body").evaluate("() => window.__xss === undefined")
    # The uploaded file's name reaches the region tooltips (their sources) as text too.
    hover_map(page, frame, 49.7, 36.9)
    tooltip = shown_tooltip(frame)
    assert "Kharkiv" in tooltip.inner_text() and "<img src=x onerror=" in tooltip.inner_text()
    assert tooltip.locator("img").count() == 0 and frame.locator("img[src='x']").count() == 0
    assert frame.locator("body").evaluate("() => window.__xss === undefined")
    assert dialogs == []
    assert page.locator("img[src='x']").count() == 0
    assert page.outside.urls == []


def _inside(inner: dict, outer: dict, slack: float = 1.0) -> bool:
    return (
        inner["x"] >= outer["x"] - slack
        and inner["y"] >= outer["y"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
    )


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_tooltips_are_narrow_wrapped_and_inside_the_map(page, server, lang):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(f"{server}/?scenario=status-quo&lang={lang}")
    frame = map_frame(page)
    map_box = frame.locator("#map_div").bounding_box()
    names = {
        "en": ("Luhansk Oblast", "Volyn Oblast", "Chernihiv Oblast", "Area: "),
        "uk": ("Луганська область", "Волинська область", "Чернігівська область", "Площа: "),
    }[lang]
    widths = {}
    # East (Luhansk), west (Volyn), and the northern edge (Chernihiv), where a box centred on the pointer
    # would stick out of the map's top.
    for (lat, lon), name in zip([(48.9, 39.7), (51.45, 25.25), (52.15, 33.0)], names, strict=False):
        hover_map(page, frame, lat, lon)
        tooltip = shown_tooltip(frame)
        frame.locator(".leaflet-tooltip.cm-tip", has_text=name).first.wait_for(state="visible", timeout=10_000)
        box = tooltip.bounding_box()
        widths[name] = box["width"]
        text = tooltip.inner_text()
        assert box["width"] <= 420, (name, box)
        assert _inside(box, map_box), (name, box, map_box)
        assert len(text.splitlines()) >= 6  # wrapped into lines, not one 2,000-pixel row
        assert names[3] in text
        page.mouse.move(map_box["x"] + 5, map_box["y"] + map_box["height"] - 5)  # off the regions
        tooltip.wait_for(state="hidden", timeout=10_000)
    print(f"tooltip widths ({lang}):", {k: round(v) for k, v in widths.items()})
    # Numbers in the interface's language: 1,234 in English, 1 234 (narrow no-break space) in Ukrainian.
    hover_map(page, frame, 48.9, 39.7)
    text = shown_tooltip(frame).inner_text()
    grouped = re.search(r"\d[,\u00a0\u202f ]\d{3}", text)
    assert grouped, text
    assert (grouped.group(0)[1] == ",") == (lang == "en"), text
    assert page.console_errors == []
    assert page.outside.urls == []


def test_data_that_cannot_be_fetched_is_said_on_the_map(page, server):
    page.route("**/app/static/data/snapshot-*.json", lambda route: route.fulfill(status=404, body="Not Found"))
    page.route("**/app/static/data/places.json", lambda route: route.abort())
    page.goto(f"{server}/?scenario=status-quo")
    page.locator(MAP_FRAME).first.wait_for(state="attached", timeout=60_000)
    frame = page.frame_locator(MAP_FRAME).first
    message = frame.locator(".cm-message")
    message.wait_for(state="visible", timeout=60_000)
    frame.locator(".cm-message p").nth(1).wait_for(state="visible", timeout=30_000)
    text = message.inner_text()
    assert "could not load the region shapes and figures: the server answered 404" in text, text
    assert "could not load the place names: the app could not be reached" in text, text
    assert "Reload the page" in text
    # Not a blank map: the legend and the context (borders) are there, with the message.
    assert frame.locator(".cm-legend").is_visible()
    assert page.console_errors == []
    assert page.outside.urls == []


def test_switching_to_ukrainian_leaves_no_english_option_or_town_on_the_page(browser, server):
    """At 1920×1080: after the language switch in the sidebar, chosen values, chips and towns are Ukrainian."""
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = context.new_page()
    page.outside = OutsideRequests()
    context.route("**/*", page.outside)
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11")
        frame = map_frame(page)
        open_options(page)  # the options' chosen values too: the section stays open across the language switch
        page.locator('[data-testid="stSidebar"]').get_by_text("Українська").click()
        page.get_by_text("Основні показники").wait_for(timeout=SELECT_TIMEOUT)
        page.wait_for_timeout(1500)
        # The chosen values of select boxes and the chips of multiselects, as the page shows them.
        chosen = page.locator('[data-testid="stSidebar"]').evaluate(
            "el => Array.from(el.querySelectorAll('[data-testid=stSelectbox], [data-testid=stMultiSelect]'))"
            ".map(b => b.textContent + ' ' + Array.from(b.querySelectorAll('input')).map(i => i.value).join(' ')).join('\\n')"
        )
        body = page.locator("body").inner_text() + "\n" + chosen
        for english in (
            "28-point plan",
            "Russian control accepted",
            "Ukrainian-held",
            "Donetsk",
            "Kherson Oblast",
            "Kramatorsk",
            "Sloviansk",
            "Vovchansk",
            "km²",
            "part Russia holds",
        ):
            assert english not in body, english
        assert "Краматорськ" in body and "План із 28 пунктів" in body
        assert re.search(r"\d\u00a0\d{3}", body) and re.search(r"\d,\d\u00a0%", body)
        legend = frame.locator(".cm-legend").inner_text()
        assert "пункт 21(b)" in legend and "Лінія зіткнення" in legend
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "dashboard-uk-1920x1080.png"))
        assert page.outside.urls == []
    finally:
        context.close()


# --- Presentation view and comparison: one screen to put on a slide (issue 14) ------------------------------

BASELINE_DIR = ARTIFACTS.parent / "tests" / "baselines"
PRESENT_BASELINE = BASELINE_DIR / "present-plan-28-points-2025-11-en-1920x1080.png"
#: The screenshot baseline is compared downscaled (antialiasing and the line's age in days move a few pixels).
BASELINE_SIZE = (480, 270)

MAP_FACTS = r"""() => {
  const box = e => { const r = e.getBoundingClientRect(); return {x: r.x, y: r.y, width: r.width, height: r.height}; };
  // Ukraine's land under a box: region shapes found at points sampled every 6 px, with the box set aside.
  const landUnder = el => {
    if (!el) { return 0; }
    const r = el.getBoundingClientRect(); el.style.visibility = 'hidden'; let hits = 0;
    for (let x = r.left + 1; x < r.right; x += 6) for (let y = r.top + 1; y < r.bottom; y += 6) {
      const e = document.elementFromPoint(x, y);
      if (e && e.tagName === 'path' && e.classList.contains('leaflet-interactive')) { hits++; }
    }
    el.style.visibility = ''; return hits;
  };
  const visible = e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
  return {
    zoom: window.map.getZoom(), center: [window.map.getCenter().lat.toFixed(4), window.map.getCenter().lng.toFixed(4)],
    legend_land: landUnder(document.querySelector('.cm-legend')),
    scale_land: landUnder(document.querySelector('.leaflet-control-scale')),
    titlebox_land: landUnder(document.querySelector('.cm-titlebox')),
    scale: Array.from(document.querySelectorAll('.leaflet-control-scale-line')).map(e => e.textContent),
    source_px: Array.from(document.querySelectorAll('.cm-titlebox .src')).map(e => parseFloat(getComputedStyle(e).fontSize)),
    heading: Array.from(document.querySelectorAll('.cm-titlebox .heading')).map(e => e.textContent),
    towns: Array.from(document.querySelectorAll('.cm-label.city')).filter(visible).map(e => e.textContent),
    kyiv: Array.from(document.querySelectorAll('.cm-label')).filter(visible).filter(e => e.textContent === 'Kyiv').length,
    buttons: Array.from(document.querySelectorAll('button, a[role=button], .leaflet-control-zoom a')).filter(visible).length,
    legend_rows: Array.from(document.querySelectorAll('.cm-legend [data-status], .cm-legend [data-asset]'))
      .map(e => e.getAttribute('data-status') || e.getAttribute('data-asset')),
  };
}"""


def _present_page(browser, size):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    page.outside = OutsideRequests()
    context.route("**/*", page.outside)
    page.console_errors = []
    page.on("pageerror", lambda error: page.console_errors.append(str(error)))
    return context, page


def _map_facts(page, count: int) -> list[dict]:
    page.locator(MAP_FRAME).nth(count - 1).wait_for(state="attached", timeout=60_000)
    facts = []
    for index in range(count):
        frame = page.frame_locator(MAP_FRAME).nth(index)
        frame.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=60_000)
        frame.locator(".cm-label.city").first.wait_for(state="attached", timeout=30_000)
        page.wait_for_timeout(800)  # styles arrive beside the script; the first view follows them
        facts.append(frame.locator("body").evaluate(MAP_FACTS))
    return facts


def _page_scrolls(page) -> list[int]:
    """How far the page, or Streamlit's main area, could scroll (both must be 0 on one screen)."""
    return page.evaluate(
        "() => { const m = document.querySelector('[data-testid=stMain]'); const s = document.scrollingElement;"
        " return [s.scrollHeight - innerHeight, s.scrollWidth - innerWidth, m ? m.scrollHeight - m.clientHeight : 0]; }"
    )


def _visible_page_buttons(page) -> list[str]:
    return page.evaluate(
        "() => Array.from(document.querySelectorAll('button, [role=button]')).filter(b => { const r = b.getBoundingClientRect();"
        " return r.width > 0 && r.height > 0 && r.bottom > 0 && r.top < innerHeight && r.right > 0 && r.left < innerWidth"
        " && getComputedStyle(b).visibility !== 'hidden'; }).map(b => b.textContent.trim())"
    )


@pytest.mark.parametrize("size,compare", [((1920, 1080), ""), ((1280, 720), ""), ((1920, 1080), "status-quo")])
def test_presentation_view_is_exactly_one_screen(browser, server, request, size, compare):
    context, page = _present_page(browser, size)
    try:
        query = "scenario=plan-28-points-2025-11&present=1" + (f"&compare={compare}" if compare else "")
        page.goto(f"{server}/?{query}")
        count = 2 if compare else 1
        facts = _map_facts(page, count)
        assert page.locator(MAP_FRAME).count() == count
        assert _page_scrolls(page) == [0, 0, 0]
        assert _visible_page_buttons(page) == []
        frames = [page.locator(MAP_FRAME).nth(i).bounding_box() for i in range(count)]
        # The frames tile the window: one, or A on the left half and B on the right half.
        assert round(sum(f["width"] for f in frames)) == size[0] and all(round(f["height"]) == size[1] for f in frames), frames
        assert all(f["y"] == 0 for f in frames) and frames[0]["x"] == 0
        for fact in facts:
            assert fact["buttons"] == 0, fact
            assert fact["legend_land"] == 0 and fact["scale_land"] == 0 and fact["titlebox_land"] == 0, fact
            assert fact["source_px"] and min(fact["source_px"]) >= 12, fact
            assert fact["scale"] and all(text.endswith(" km") for text in fact["scale"]), fact  # metric only
            assert fact["kyiv"] == 1, fact
        if compare:
            assert facts[0]["heading"][0].startswith("A: 28-point plan") and facts[1]["heading"][0].startswith("B: Status quo")
        if size == (1920, 1080) and not compare:  # the figure's front-line towns (a half map is smaller)
            for town in ("Kramatorsk", "Pokrovsk", "Mariupol"):
                assert all(town in fact["towns"] for fact in facts), (town, facts)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"present-{size[0]}x{size[1]}{'-compare' if compare else ''}.png"))
        assert page.console_errors == [] and page.outside.urls == []
    except Exception:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"))
        raise
    finally:
        context.close()


def test_first_view_is_the_same_on_every_load(browser, server):
    views = []
    for _ in range(2):
        context, page = _present_page(browser, (1920, 1080))
        try:
            page.goto(f"{server}/?scenario=plan-28-points-2025-11&present=1")
            fact = _map_facts(page, 1)[0]
            views.append((fact["zoom"], fact["center"]))
        finally:
            context.close()
    # The same zoom, and the same centre to within a pixel (0.013° at this zoom).
    assert views[0][0] == views[1][0], views
    assert all(abs(float(a) - float(b)) < 0.013 for a, b in zip(views[0][1], views[1][1], strict=False)), views
    assert views[0][0] * 4 == int(views[0][0] * 4)  # a quarter step


def test_escape_leaves_presentation_view(browser, server):
    context, page = _present_page(browser, (1920, 1080))
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11&present=1")
        _map_facts(page, 1)
        page.locator(MAP_FRAME).first.focus()
        page.keyboard.press("Escape")
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=60_000)
        page.wait_for_timeout(1500)
        assert page.locator(MAP_FRAME).first.bounding_box()["width"] < 1920  # the map is back in the page
        assert page.get_by_text("Headline figures").first.is_visible()
        # The resumed session must not write presentation back into the link.
        page.wait_for_timeout(2500)
        assert "present=1" not in page.url, page.url
        page.reload()
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=60_000)
        # The page fills in after the sidebar shows (on a busy machine, a moment later): wait for it, bounded.
        page.get_by_text("Headline figures").first.wait_for(state="visible", timeout=60_000)
    finally:
        context.close()


def test_compare_view_keeps_legends_off_the_land_and_heads_both_sides(browser, server):
    context, page = _present_page(browser, (1920, 1080))
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11&compare=status-quo&layers=line,claims,labels,settlements,assets")
        facts = _map_facts(page, 2)
        for fact in facts:
            assert fact["legend_land"] == 0 and fact["scale_land"] == 0, fact
            assert "settlement" in fact["legend_rows"] and {"nuclear_plant", "dam", "port"} <= set(fact["legend_rows"]), fact
        headings = page.locator("h3").all_inner_texts()
        assert any(h.startswith("A: 28-point plan") for h in headings) and any(h.startswith("B: Status quo") for h in headings), (
            headings
        )
        assert page.console_errors == [] and page.outside.urls == []
    finally:
        context.close()


@pytest.mark.parametrize("size,lang", [((1920, 1080), "en"), ((1280, 720), "en"), ((1280, 720), "uk")])
def test_normal_view_map_frame_is_a_complete_slide(browser, server, size, lang):
    """Issue 23, part 1: the map's frame alone names the title, the scenario, the line's date and age and a source,
    in the interface's language, and neither the title box nor the legend covers Ukraine."""
    from components.state import parse_query
    from geodata.dating import control_age_line
    from geodata.wording import scenario_title

    scenario_id = "plan-28-points-2025-11"
    state, _ = parse_query({"scenario": scenario_id, "lang": lang})
    context, page = _present_page(browser, size)
    try:
        page.goto(f"{server}/?scenario={scenario_id}&lang={lang}")
        fact = _map_facts(page, 1)[0]
        frame = page.frame_locator(MAP_FRAME).first
        text = " ".join(frame.locator(".cm-titlebox").inner_text().split())
        assert word("title", lang) in text
        assert scenario_title(default_dataset().scenarios()[scenario_id], lang) in text
        assert state.control in text and control_age_line(state.control, lang) in text
        assert word("source_line", lang) in text and "Natural Earth" in text
        assert fact["titlebox_land"] == 0 and fact["legend_land"] == 0 and fact["scale_land"] == 0, fact
        # The box is inside the frame, whole.
        inner = frame.locator("body").evaluate(
            "() => { const r = document.querySelector('.cm-titlebox').getBoundingClientRect();"
            " return r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight; }"
        )
        assert inner
        ARTIFACTS.mkdir(exist_ok=True)
        page.locator(MAP_FRAME).first.screenshot(path=str(ARTIFACTS / f"normal-map-{lang}-{size[0]}x{size[1]}.png"))
        assert page.console_errors == [] and page.outside.urls == []
    finally:
        context.close()


def _downscaled(path_or_bytes):
    import io

    import numpy as np
    from PIL import Image

    source = io.BytesIO(path_or_bytes) if isinstance(path_or_bytes, bytes) else path_or_bytes
    with Image.open(source) as image:
        return np.asarray(image.convert("RGB").resize(BASELINE_SIZE, Image.Resampling.BOX), dtype=np.int16)


PRESENT_BASELINE_URL = "/?scenario=plan-28-points-2025-11&present=1"


def _present_screenshot(browser, server) -> bytes:
    context, page = _present_page(browser, (1920, 1080))
    try:
        page.goto(f"{server}{PRESENT_BASELINE_URL}")
        _map_facts(page, 1)
        return page.screenshot()
    finally:
        context.close()


def test_presentation_view_matches_its_screenshot_baseline(browser, server):
    """Compared, never written: the baseline changes only through ``python -m tests.test_browser --update-baselines``."""
    shot = _present_screenshot(browser, server)
    assert PRESENT_BASELINE.is_file(), "no baseline: run .venv/bin/python -m tests.test_browser --update-baselines"
    got, want = _downscaled(shot), _downscaled(PRESENT_BASELINE)
    diff = abs(got - want).max(axis=2)
    if diff.mean() > 3 or (diff > 80).mean() > 0.01:
        ARTIFACTS.mkdir(exist_ok=True)
        (ARTIFACTS / "present-baseline-actual.png").write_bytes(shot)
        raise AssertionError(
            f"presentation view differs from {PRESENT_BASELINE.name}: mean {diff.mean():.2f}, "
            f"{(diff > 80).mean():.2%} of pixels far off; see test-artifacts/present-baseline-actual.png; "
            "after an intended change: .venv/bin/python -m tests.test_browser --update-baselines"
        )


def update_baselines():
    """Write the presentation view's screenshot baseline from the app as it is now (look at it before committing)."""
    from PIL import Image
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM_ARGS, find_chromium

    path = find_chromium()
    if path is None:
        raise SystemExit("no Chromium found (apt-get install chromium, or set CHROMIUM_PATH)")
    with streamlit_server() as server, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)
        try:
            shot = _present_screenshot(browser, server)
        finally:
            browser.close()
    Image.fromarray(_downscaled(shot).astype("uint8")).save(PRESENT_BASELINE, optimize=True)
    return PRESENT_BASELINE


#: What lies past the map frame's edges: region shapes (their drawn boxes) and shown labels (their text), in px.
OUTSIDE_FRAME = r"""() => {
  const frame = document.querySelector('.leaflet-container').getBoundingClientRect();
  const past = r => Math.max(frame.left - r.left, r.right - frame.right, frame.top - r.top, r.bottom - frame.bottom);
  const text = e => { const range = document.createRange(); range.selectNodeContents(e); return range.getBoundingClientRect(); };
  const shown = e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden';
  const shapes = Array.from(document.querySelectorAll('path.leaflet-interactive')).filter(e => e.getAttribute('fill') !== 'none');
  const labels = Array.from(document.querySelectorAll('.cm-label')).filter(shown);
  return {
    shapes: shapes.length, labels: labels.map(e => e.textContent),
    shapes_past: shapes.map(e => past(e.getBoundingClientRect())).filter(d => d > 1),
    labels_past: labels.filter(e => past(text(e)) > 1).map(e => [e.textContent, past(text(e))]),
  };
}"""


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_presentation_compare_keeps_every_shape_and_label_inside_its_panel(browser, server, size, lang):
    context, page = _present_page(browser, size)
    try:
        page.goto(f"{server}/?present=1&scenario=plan-28-points-2025-11&compare=us-2025-04&lang={lang}")
        _map_facts(page, 2)
        for index in range(2):
            facts = page.frame_locator(MAP_FRAME).nth(index).locator("body").evaluate(OUTSIDE_FRAME)
            # All of Ukraine in each half (every region part drawn inside it), and names that fit or are left out.
            assert facts["shapes"] >= 27 and facts["shapes_past"] == [], (index, facts)
            assert facts["labels_past"] == [], (index, facts)
            # Not by leaving every name out: the capital and most regions stay named (9 names in a 640 px half in Ukrainian).
            assert len(facts["labels"]) >= 8 and ("Kyiv" in facts["labels"] or "Київ" in facts["labels"]), (index, facts)
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"present-compare-{size[0]}x{size[1]}-{lang}.png"))
        assert page.console_errors == [] and page.outside.urls == []
    finally:
        context.close()


if __name__ == "__main__":
    import sys

    if sys.argv[1:] != ["--update-baselines"]:
        sys.exit("usage: python -m tests.test_browser --update-baselines")
    print(update_baselines())


# --- Issue 23, part 7: a map everyone can use -------------------------------------------------------------------

AXE_JS = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"
#: axe-core's serious and critical findings (moderate ones are fixed or explained in docs/contract.md).
AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => [v.id, v.impact, v.nodes.map(n => n.target.join(' ')).slice(0, 5)]);
}"""
#: Every element inside the map a Tab press stops at.
TAB_STOPS = """() => Array.from(document.querySelectorAll('.leaflet-container, .leaflet-container *'))
  .filter(e => e.tabIndex >= 0 && !e.disabled && e.getClientRects().length).length"""


def _map_document(page):
    """The map's own frame (not a locator: axe runs inside it)."""
    page.frame_locator(MAP_FRAME).first.locator("path.leaflet-interactive").first.wait_for(state="attached", timeout=60_000)
    return next(f for f in page.frames if f.evaluate("() => !!window.ClaimsMap"))


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_axe_finds_no_serious_violation_on_the_dashboard_or_its_map(browser, server, lang):
    context, page = _present_page(browser, (1600, 1000))
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11&lang={lang}")
        frame = _map_document(page)
        page.get_by_text(word("headline", lang)).first.wait_for(state="visible", timeout=60_000)
        page.wait_for_timeout(800)
        page.add_script_tag(path=str(AXE_JS))
        assert page.evaluate(AXE_RUN) == []
        frame.add_script_tag(path=str(AXE_JS))
        assert frame.evaluate(AXE_RUN) == []
        assert page.outside.urls == []
    finally:
        context.close()


def test_the_map_is_one_tab_stop_named_by_what_it_shows(browser, server):
    from geodata.mapconfig import map_summary

    context, page = _present_page(browser, (1600, 1000))
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11&layers=line,claims,labels,settlements,assets")
        frame = _map_document(page)
        frame.wait_for_function("() => document.querySelectorAll('.cm-asset').length > 0")
        # Shapes, labels, towns and asset symbols are no tab stops: the map, its two zoom buttons and the credit link.
        stops = frame.evaluate(TAB_STOPS)
        assert 1 <= stops <= 10, stops
        state_control = frame.evaluate("() => window.cm.cfg.titlebox.lines.join(' ')")
        as_of = next(d for d in default_dataset().snapshot_dates() if d in state_control)
        expected = map_summary(
            default_dataset().scenarios()["plan-28-points-2025-11"],
            default_dataset().snapshot(as_of),
            "en",
            dataset=default_dataset(),
        )
        frame_element = page.locator(MAP_FRAME).first
        assert frame_element.get_attribute("aria-label") == expected
        assert frame.evaluate("() => document.querySelector('.leaflet-container').getAttribute('aria-label')") == expected
        # A toggle renews it.
        open_options(page)
        _choose(page, "Crimea and Sevastopol", "Returned to Ukraine (proposed)")
        page.wait_for_function(
            "old => document.querySelector('iframe[title=\"streamlit_folium.st_folium\"]').getAttribute('aria-label') !== old",
            arg=expected,
            timeout=SELECT_TIMEOUT,
        )
        renewed = frame_element.get_attribute("aria-label")
        assert renewed.startswith("Map: ") and as_of in renewed
        assert page.outside.urls == []
    finally:
        context.close()


def test_focus_returns_to_the_map_after_presentation_view(browser, server):
    context, page = _present_page(browser, (1600, 1000))
    try:
        page.goto(f"{server}/?scenario=plan-28-points-2025-11&present=1")
        _map_facts(page, 1)
        page.locator(MAP_FRAME).first.focus()
        page.keyboard.press("Escape")
        page.locator('[data-testid="stSidebar"]').wait_for(state="visible", timeout=60_000)
        frame = _map_document(page)
        page.wait_for_function(
            "() => document.activeElement && document.activeElement.matches('iframe[title=\"streamlit_folium.st_folium\"]')",
            timeout=30_000,
        )
        assert frame.evaluate("() => document.activeElement.classList.contains('leaflet-container')")
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_axe_finds_no_serious_violation_in_presentation_compare(browser, server, lang):
    context, page = _present_page(browser, (1280, 720))
    try:
        page.goto(f"{server}/?present=1&scenario=plan-28-points-2025-11&compare=us-2025-04&lang={lang}")
        _map_facts(page, 2)
        page.add_script_tag(path=str(AXE_JS))
        assert page.evaluate(AXE_RUN) == []
        frames = [f for f in page.frames if f.evaluate("() => !!window.ClaimsMap")]
        assert len(frames) == 2
        for frame in frames:
            frame.add_script_tag(path=str(AXE_JS))
            assert frame.evaluate(AXE_RUN) == []
        assert page.outside.urls == []
    finally:
        context.close()
