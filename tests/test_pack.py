"""The briefing pack (geodata.pack, `python -m geodata pack`): embedded figures, escaping, and the file in real Chromium.

The browser tests open the pack from disk (``file://``) with every other request aborted and counted.
"""

from __future__ import annotations

import json
import math
import re
import subprocess
import sys
from pathlib import Path

import pytest

from geodata.dataset import default_dataset
from geodata.layers import statuses_drawn
from geodata.pack import (
    MAX_PACK_BYTES,
    PAIR_FIGURE_KEYS,
    PackError,
    PackRequest,
    build_pack,
    json_for_script,
    pack_data,
    pair_key,
)
from geodata.scenarios import PARTS, Status
from geodata.stats import compute_stats
from geodata.style import STATUS_STYLES
from geodata.wording import format_area, status_label
from tests.browser import ARTIFACTS, ROOT

HOSTILE_TITLE = "</script><img src=x onerror=window.__x=1>"


def _embedded(page: bytes) -> dict:
    match = re.search(rb'<script type="application/json" id="pk-data">(.*?)</script>', page, re.S)
    assert match, "the pack holds its data block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def default_pack() -> bytes:
    return build_pack(PackRequest(list(default_dataset().scenarios().values()), list(default_dataset().snapshot_dates())))


# --- Unit tests ---------------------------------------------------------------------------------------


def test_embedded_figures_are_compute_stats_for_every_pair(default_pack):
    data = _embedded(default_pack)
    scenarios = default_dataset().scenarios()
    assert [s["id"] for s in data["scenarios"]] == list(scenarios)
    assert data["dates"] == list(default_dataset().snapshot_dates())
    assert len(data["pairs"]) == len(scenarios) * len(default_dataset().snapshot_dates())
    for scenario in scenarios.values():
        for as_of in default_dataset().snapshot_dates():
            snapshot = default_dataset().snapshot(as_of)
            stats = compute_stats(scenario, snapshot, dataset=default_dataset())
            pair = data["pairs"][pair_key(scenario.id, as_of)]
            for key in PAIR_FIGURE_KEYS:
                assert pair[key] == stats[key], (scenario.id, as_of, key)
            assert len(pair["regions"]) == 27
            for row, expected in zip(pair["regions"], stats["regions"], strict=False):
                assert row["id"] == expected["id"]
                assert row["controlled_share"] == expected["controlled_share"]
                assert row["annexation_claimed"] == expected["annexation_claimed"]
                for part in PARTS:
                    assert row[part] == expected[part], (scenario.id, as_of, row["id"], part)
                    assert row[part]["status"] == scenario.status(row["id"], part).value
            assert pair["legend"] == [s.value for s in statuses_drawn(scenario, snapshot, dataset=default_dataset())]


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_pack_embeds_for_every_pair_the_configuration_the_dashboard_sends(lang):
    """The one map contract: for every preset × shipped date, the pack's map is what the dashboard would send."""

    from components.map import layer_config
    from components.state import ViewState

    page = build_pack(
        PackRequest(list(default_dataset().scenarios().values()), list(default_dataset().snapshot_dates()), lang=lang)
    )
    data = _embedded(page)
    location = ("snapshot_url", "snapshot_key", "snapshot_inline", "places_url")  # where the shapes come from
    compared = 0
    for scenario in default_dataset().scenarios().values():
        for as_of in default_dataset().snapshot_dates():
            state = ViewState(scenario_id=scenario.id, base_id=scenario.id, control=as_of, lang=lang)
            sent = layer_config(state, scenario, default_dataset().snapshot(as_of))
            expected = json.loads(json.dumps({key: value for key, value in sent.items() if key not in location}))
            assert data["pairs"][pair_key(scenario.id, as_of)]["map"] == expected, (scenario.id, as_of, lang)
            compared += 1
    assert compared == len(default_dataset().scenarios()) * len(default_dataset().snapshot_dates())


def test_the_28_point_plan_carries_its_part_and_legend_notes_in_the_pack():
    data = pack_data(PackRequest([default_dataset().scenarios()["plan-28-points-2025-11"]], ["2025-11-20"]))
    config = data["pairs"][pair_key("plan-28-points-2025-11", "2025-11-20")]["map"]
    scenario = default_dataset().scenarios()["plan-28-points-2025-11"]
    notes = {f"{r}/{p}": n for r in scenario.regions for p in PARTS if (n := scenario.part_note(r, p, "en"))}
    assert notes and config["part_notes"] == notes
    drawn = dict(config["legend"]["rows"])
    legend_notes = {s.value: n for s in Status if (n := scenario.status_note(s, "en")) and s.value in drawn}
    assert legend_notes and config["legend"]["notes"] == legend_notes


def test_default_pack_is_small_and_self_contained(default_pack):
    assert len(default_pack) <= MAX_PACK_BYTES
    text = default_pack.decode("utf-8")
    # Nothing that would make a request: no external script, style, image or font.
    assert not re.search(r"<(script|link|img|iframe)[^>]+(src|href)=", text, re.I)
    assert "url(images/" not in text
    assert re.search(r"https?://[^\s\"')]*\.(js|css|png|woff2?)\b", text) is None
    # Snapshot shapes once per date, not once per pair.
    data = _embedded(default_pack)
    assert set(data["snapshots"]) == set(default_dataset().snapshot_dates())
    assert all("parts" not in pair for pair in data["pairs"].values())


def test_json_block_cannot_be_closed_by_any_text():
    text = json_for_script({"a": "</script><!-- & \u2028\u2029 >"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert "\u2028" not in text and "\u2029" not in text
    assert json.loads(text) == {"a": "</script><!-- & \u2028\u2029 >"}


def test_hostile_title_is_text_in_the_file():
    page = build_pack(PackRequest([default_dataset().scenarios()["status-quo"]], ["2025-11-20"], title=HOSTILE_TITLE)).decode(
        "utf-8"
    )
    assert "<img src=x" not in page
    assert page.count("</script>") == page.count("<script")  # every block closes where it was opened
    assert "<title></title>" in page  # set by the page's script, as text
    assert _embedded(page.encode())["title"] == HOSTILE_TITLE


def test_ukrainian_pack_uses_ukrainian_words():
    data = pack_data(PackRequest([default_dataset().scenarios()["us-2025-04"]], ["2025-11-20"], lang="uk"))
    config = data["pairs"][pair_key("us-2025-04", "2025-11-20")]["map"]
    assert config["labels"]["de_jure_russia"] == status_label("de_jure_russia", "uk")
    assert data["scenarios"][0]["title"] == default_dataset().scenarios()["us-2025-04"].text("title", "uk")
    assert config["locale"] == "uk-UA"


@pytest.mark.parametrize(
    "request_kwargs, message",
    [
        ({"scenarios": [], "dates": ["2025-11-20"]}, "at least one scenario"),
        ({"dates": []}, "at least one control date"),
        ({"dates": ["2025-11-20"], "lang": "fr"}, "unknown language"),
        ({"dates": ["2025-11-20"], "title": "x" * 500}, "at most"),
    ],
)
def test_pack_errors(request_kwargs, message):
    kwargs = {"scenarios": [default_dataset().scenarios()["status-quo"]], **request_kwargs}
    with pytest.raises(PackError, match=message):
        pack_data(PackRequest(**kwargs))


# --- Command line ---------------------------------------------------------------------------------------


def _cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geodata", "pack", *args], cwd=ROOT, capture_output=True, text=True)


@pytest.mark.parametrize(
    "args, words",
    [
        (["--scenarios", "no-such-plan"], "no-such-plan"),
        (["--controls", "1999-01-01"], "1999-01-01"),
        (["--lang", "fr"], "fr"),
        (["--out", "/nonexistent-dir/briefing.html"], "cannot write"),
    ],
)
def test_cli_errors_are_one_line_exit_2(tmp_path, args, words):
    if "--out" not in args:
        args = [*args, "--out", str(tmp_path / "b.html")]
    result = _cli(*args)
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: ") and words in lines[0]


# --- In Chromium, from disk, offline --------------------------------------------------------------------


@pytest.fixture(scope="module")
def pack_file(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("pack") / "briefing.html"
    result = _cli("--out", str(path), "--title", HOSTILE_TITLE)
    assert result.returncode == 0, result.stderr
    return path


@pytest.fixture
def page(browser, request):
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    page = context.new_page()
    page.outside = []
    page.js_errors = []

    def route(route):
        if route.request.url.startswith("file:"):
            route.continue_()
        else:
            page.outside.append(route.request.url)
            route.abort()

    page.route("**/*", route)
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    # A request the page's Content-Security-Policy blocks never reaches the route: count those too.
    page.add_init_script(
        "window.__csp = []; document.addEventListener('securitypolicyviolation', e => window.__csp.push(e.blockedURI));"
    )
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


def _open(page, path: Path) -> None:
    page.goto(path.as_uri())
    page.locator("#pk-map path.leaflet-interactive").first.wait_for(state="attached", timeout=30_000)


def _stats_json(scenario_id: str, as_of: str) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "geodata", "stats", "--scenario", scenario_id, "--control", as_of, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(result.stdout)


def _expected_fill(status: str) -> str:
    style = STATUS_STYLES[Status(status)]
    return f"url(#cm-p-{status})" if style.pattern != "none" else style.fill


def _part_fills(page) -> dict[str, str]:
    return page.evaluate(
        "() => { const out = {};"
        " window.cm.fills.layer.eachLayer(l => { out[l.feature.id] = l._path.getAttribute('fill'); }); return out; }"
    )


def test_pack_paints_the_regions_offline_from_disk(page, pack_file):
    _open(page, pack_file)
    fills = _part_fills(page)
    regions = {part_id.split("/")[0] for part_id, fill in fills.items() if fill and fill != "none"}
    assert len(regions) == 27
    assert page.locator(".cm-legend .row").count() >= 2
    assert page.locator("#pk-per-region tbody tr").count() == 27
    assert page.locator("select#pk-scenario option").count() == len(default_dataset().scenarios())
    assert page.locator("select#pk-date option").count() == len(default_dataset().snapshot_dates())
    assert page.outside == []
    assert page.evaluate("window.__csp") == []
    assert page.js_errors == []


def test_switching_scenario_and_date_shows_that_pairs_fills_and_numbers(page, pack_file):
    _open(page, pack_file)
    for scenario_id, as_of in (("plan-28-points-2025-11", "2025-11-20"), ("us-2025-04", "2022-11-12")):
        page.select_option("#pk-scenario", scenario_id)
        page.select_option("#pk-date", as_of)
        page.wait_for_function("v => document.body.getAttribute('data-view') === v", arg=f"{scenario_id}|{as_of}")
        stats = _stats_json(scenario_id, as_of)
        expected = {f"{row['id']}/{part}": _expected_fill(row[part]["status"]) for row in stats["regions"] for part in PARTS}
        page.wait_for_function(
            "exp => { const out = {};"
            " window.cm.fills.layer.eachLayer(l => { out[l.feature.id] = l._path.getAttribute('fill'); });"
            " return Object.keys(out).every(k => out[k] === exp[k]); }",
            arg=expected,
        )
        drawn = _part_fills(page)
        assert drawn and all(drawn[k] == expected[k] for k in drawn)
        shown = page.locator('[data-key="russian_held_area_km2"]')
        assert float(shown.get_attribute("data-value")) == stats["russian_held_area_km2"]
        assert shown.inner_text() == format_area(stats["russian_held_area_km2"], "en")
        gives_up = page.locator('[data-key="ukraine_gives_up.area_km2"]')
        assert float(gives_up.get_attribute("data-value")) == stats["ukraine_gives_up"]["area_km2"]
        donetsk = next(row for row in stats["regions"] if row["id"] == "UA-14")
        cell = page.locator('#pk-per-region tr[data-region="UA-14"] [data-key="russian_held.area_km2"]')
        assert float(cell.get_attribute("data-value")) == donetsk["russian_held"]["area_km2"]
        assert page.locator("#pk-view").inner_text().count(as_of) >= 1
    assert page.outside == []
    assert page.evaluate("window.__csp") == []
    assert page.js_errors == []


def test_hostile_title_is_shown_as_text(page, pack_file):
    _open(page, pack_file)
    assert page.locator("#pk-title").inner_text() == HOSTILE_TITLE
    assert page.title() == HOSTILE_TITLE
    assert page.locator("img").count() == 0
    assert page.evaluate("typeof window.__x") == "undefined"
    page.click("#pk-present")
    assert page.locator(".cm-titlebox .title").inner_text() == HOSTILE_TITLE
    assert page.evaluate("typeof window.__x") == "undefined"
    assert page.outside == [] and page.js_errors == []


def test_presentation_view_and_print_fit_one_landscape_page(page, pack_file, tmp_path):
    _open(page, pack_file)
    page.locator("#pk-present").focus()
    page.keyboard.press("Enter")
    assert page.locator(".cm-titlebox").count() == 1
    assert not page.locator("#pk-panel").is_visible()
    page.keyboard.press("Escape")
    assert page.locator(".cm-titlebox").count() == 1  # the map carries its title box in every view
    assert page.locator("#pk-panel").is_visible()
    page.emulate_media(media="print")
    page.wait_for_function("() => window.ClaimsPack.map.getSize().x === document.getElementById('pk-map').clientWidth")
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", pdf))
    assert pages == 1
    assert page.js_errors == [] and page.outside == []


# --- Issue 23, part 5: the pack opens right, writes numbers as the dashboard, fits a phone --------------------


def test_pack_opens_on_the_dashboards_first_view():
    from components.state import parse_query

    first, _ = parse_query({})
    data = pack_data(PackRequest(list(default_dataset().scenarios().values()), list(default_dataset().snapshot_dates())))
    assert data["initial"] == {"scenario": first.scenario_id, "date": first.control}
    assert sorted(data["initial_layers"]) == sorted(first.layers)
    # A pack without the dashboard's first scenario opens on its own first one, on that one's line (or the newest).
    plan = default_dataset().scenarios()["plan-28-points-2025-11"]
    other = pack_data(PackRequest([plan], list(default_dataset().snapshot_dates())))
    own = plan.control if plan.control in default_dataset().snapshot_dates() else default_dataset().snapshot_dates()[-1]
    assert other["initial"] == {"scenario": plan.id, "date": own}


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_pack_writes_every_number_as_the_dashboard_writes_it(lang):
    from components.stats_panel import approximate_population, region_rows
    from geodata.published import region_share_text
    from geodata.wording import format_percent, word

    scenario, snapshot = default_dataset().scenarios()["plan-28-points-2025-11"], default_dataset().snapshot("2025-11-20")
    stats = compute_stats(scenario, snapshot, dataset=default_dataset())
    pair = pack_data(PackRequest([scenario], ["2025-11-20"], lang=lang))["pairs"][pair_key(scenario.id, "2025-11-20")]
    gives_up = stats["ukraine_gives_up"]
    assert gives_up["population"] > 10_000  # rounded to the thousand, as on the dashboard ("about 670,000")
    about = approximate_population(gives_up["population"], lang)
    assert pair["text"]["gives_up_caption"] == word("gives_up_caption", lang, population=about)
    assert pair["text"]["russian_held_area_km2"] == format_area(stats["russian_held_area_km2"], lang)
    # The by-status table: area, its stated margin, share and population, the dashboard's cells status by status.
    from components.stats_panel import status_rows

    by_status = {record[word("col_status", lang)]: record for record in status_rows(stats, lang).records()}
    for status, values in stats["totals"].items():
        if values["area_km2"] > 0:
            shown = by_status[status_label(Status(status), lang)]
            for column, key in (("col_km2", "area_km2"), ("col_status_margin", "margin_km2"), ("col_share", "share_of_ukraine")):
                assert pair["text"][f"totals.{status}.{key}"] == shown[word(column, lang)], (status, key)
    # The per-region table: the same cells as the dashboard's table, region by region.
    table = {record[word("col_region", lang)]: record for record in region_rows(stats, lang).records()}
    keys = ("col_held_share", "col_held_status", "col_held_km2", "col_rest_status", "col_rest_km2")
    columns = [word(key, lang) for key in keys]
    names = {row["id"]: row["name_uk" if lang == "uk" else "name_en"] for row in stats["regions"]}
    for row in pair["regions"]:
        shown = table[names[row["id"]]]
        texts = row["text"]
        assert [
            texts["controlled_share"],
            texts["russian_held.status"],
            texts["russian_held.area_km2"],
            texts["ukrainian_held.status"],
            texts["ukrainian_held.area_km2"],
        ] == [shown[c] for c in columns], row["id"]
        stats_row = next(r for r in stats["regions"] if r["id"] == row["id"])
        assert texts["controlled_share"].startswith(format_percent(row["controlled_share"], lang))
        assert texts["controlled_share"] == region_share_text(stats_row, stats["published_figures"], lang)


LAND_UNDER = """sel => {
  const el = document.querySelector(sel); if (!el) { return -1; }
  const r = el.getBoundingClientRect(); el.style.visibility = 'hidden'; let hits = 0;
  for (let x = r.left + 1; x < r.right; x += 6) for (let y = r.top + 1; y < r.bottom; y += 6) {
    const e = document.elementFromPoint(x, y);
    if (e && e.tagName === 'path' && e.classList.contains('leaflet-interactive')) { hits++; }
  }
  el.style.visibility = ''; return hits;
}"""


def test_pack_in_the_browser_opens_on_the_first_view_and_shows_python_numbers(page, pack_file):
    from components.state import parse_query

    first, _ = parse_query({})
    _open(page, pack_file)
    assert page.locator("body").get_attribute("data-view") == f"{first.scenario_id}|{first.control}"
    data = _embedded(pack_file.read_bytes())
    pair = data["pairs"][pair_key(first.scenario_id, first.control)]
    # What the map was given is the pair's configuration, with the layers the page has switched on.
    given = page.evaluate("() => window.cm.cfg")
    for key, value in pair["map"].items():
        assert given[key] == value, key
    assert page.locator('[data-key="russian_held_area_km2"]').inner_text() == pair["text"]["russian_held_area_km2"]
    # The by-status table shows each status's margin in its own column, headed as the dashboard's.
    heads = page.locator("#pk-by-status thead th").all_inner_texts()
    assert heads[2] == data["words"]["col_status_margin"]
    for status, values in pair["totals"].items():
        if values["area_km2"] > 0:
            cell = page.locator(f'#pk-by-status tr[data-status="{status}"] [data-key="totals.{status}.margin_km2"]')
            assert cell.inner_text() == pair["text"][f"totals.{status}.margin_km2"], status
    assert page.locator('.pk-beyond[data-key="ukraine_gives_up"]').inner_text() == pair["text"]["beyond.ukraine_gives_up"]
    # The map's own title box names the scenario and the line's date, and covers none of Ukraine.
    box = page.locator("#pk-map .cm-titlebox").inner_text()
    assert data["scenarios"][[s["id"] for s in data["scenarios"]].index(first.scenario_id)]["headline"] in box
    assert first.control in box
    page.wait_for_timeout(300)
    assert page.evaluate(LAND_UNDER, "#pk-map .cm-titlebox") == 0
    assert page.evaluate(LAND_UNDER, "#pk-map .cm-legend") == 0
    assert page.js_errors == [] and page.outside == []


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_pack_fits_a_phone_390_px_wide(browser, tmp_path, lang):
    path = tmp_path / f"briefing-{lang}.html"
    path.write_bytes(
        build_pack(PackRequest(list(default_dataset().scenarios().values()), list(default_dataset().snapshot_dates()), lang=lang))
    )
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        _open(page, path)
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth")
        # Every chooser fits the screen, whatever option is chosen (the longest title included).
        longest = max(default_dataset().scenarios().values(), key=lambda s: len(s.text("title", lang))).id
        page.select_option("#pk-scenario", longest)
        page.wait_for_function("v => document.body.getAttribute('data-view').startsWith(v)", arg=longest + "|")
        for selector in ("#pk-scenario", "#pk-date", "#pk-layers", ".pk-buttons"):
            box = page.locator(selector).bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (selector, box)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        page.locator("#pk-map").scroll_into_view_if_needed()
        page.wait_for_timeout(300)
        assert page.evaluate(LAND_UNDER, "#pk-map .cm-titlebox") == 0
        assert page.evaluate(LAND_UNDER, "#pk-map .cm-legend") == 0
        assert errors == []
    finally:
        context.close()


# --- Issue 23, part 7: the pack everyone can use ----------------------------------------------------------------

AXE_JS = ROOT / "tests" / "vendor" / "axe-core" / "axe.min.js"


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_pack_axe_tab_stops_text_alternative_and_focus(browser, tmp_path, lang):
    from tests.test_browser import AXE_RUN, TAB_STOPS

    path = tmp_path / f"briefing-{lang}.html"
    path.write_bytes(
        build_pack(PackRequest(list(default_dataset().scenarios().values()), list(default_dataset().snapshot_dates()), lang=lang))
    )
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        _open(page, path)
        page.check("input[data-layer=assets]")
        page.wait_for_function("() => document.querySelectorAll('#pk-map .cm-asset').length > 0")
        page.add_script_tag(path=str(AXE_JS))
        assert page.evaluate(AXE_RUN) == []
        assert 1 <= page.evaluate(TAB_STOPS) <= 10
        # The map's name is what it shows, renewed on every choice.
        data = _embedded(path.read_bytes())
        view = page.locator("body").get_attribute("data-view")
        assert page.locator("#pk-map").get_attribute("aria-label") == data["pairs"][view]["map"]["summary"]
        page.select_option("#pk-scenario", "us-2025-04")
        page.wait_for_function("() => document.body.getAttribute('data-view').startsWith('us-2025-04|')")
        view = page.locator("body").get_attribute("data-view")
        assert page.locator("#pk-map").get_attribute("aria-label") == data["pairs"][view]["map"]["summary"]
        # Back from presentation view, the keyboard is on the map.
        page.click("#pk-present")
        page.keyboard.press("Escape")
        assert page.evaluate("() => document.activeElement === document.getElementById('pk-map')")
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_map_writes_every_figure_as_babel_does(browser, tmp_path, lang):
    """One way to write a number: every figure of every tooltip (each part on each date, each town), as the map's
    script writes it, equals geodata.wording's (Babel) text for the same value."""
    from geodata.wording import format_number, format_percent

    path = tmp_path / f"briefing-{lang}.html"
    path.write_bytes(
        build_pack(
            PackRequest([default_dataset().scenarios()["status-quo"]], list(default_dataset().snapshot_dates()), lang=lang)
        )
    )
    data = _embedded(path.read_bytes())
    context = browser.new_context(viewport={"width": 1200, "height": 800})
    try:
        page = context.new_page()
        _open(page, path)
        values = {"num": [], "pct": []}
        for snapshot in data["snapshots"].values():
            for feature in snapshot["parts"]["features"]:
                p = feature["properties"]
                values["num"] += [math.floor(p["area_km2"] + 0.5), p["population"]]  # the tooltip's Math.round
                values["pct"] += [p["share"], p["controlled_share"]]
        values["num"] += [p["population"] for p in data["places"]["settlements"] if p.get("population") is not None]
        values["pct"] += [0.0, 0.0003, 0.00049, 0.7725, 1.0]
        shown = page.evaluate("v => ({num: v.num.map(ClaimsMap.format.num), pct: v.pct.map(ClaimsMap.format.pct)})", values)
        assert shown["num"] == [format_number(v, lang) for v in values["num"]]
        assert shown["pct"] == [format_percent(v, lang) for v in values["pct"]]
        assert len(data["snapshots"]) == len(default_dataset().snapshot_dates()) and len(values["num"]) > len(
            data["places"]["settlements"]
        )
    finally:
        context.close()


# --- Issue 22: "changes since" and the trend, in the pack ---------------------------------------------------------------


def _gaps_from_dates(dates: list[str]) -> list[tuple[str, str, int]]:
    """The truth the chart is checked against: consecutive dates more than 90 days apart, counted here."""
    from datetime import date

    out = []
    for a, b in zip(dates, dates[1:], strict=False):
        days = (date.fromisoformat(b) - date.fromisoformat(a)).days
        if days > 90:
            out.append((a, b, days))
    return out


def test_embedded_changes_are_changes_between_for_every_pair(default_pack):
    from geodata.changes import changes_between, changes_map_config
    from geodata.margin import changes_margin_text, margin_cell
    from geodata.pack_changes import changes_key
    from geodata.wording import format_number, format_signed

    data = _embedded(default_pack)
    dates = list(default_dataset().snapshot_dates())
    # Every consecutive pair at least; with the shipped dates, every two of them.
    expected_keys = {changes_key(a, b) for i, a in enumerate(dates) for b in dates[i + 1 :]}
    assert set(data["changes"]["pairs"]) == expected_keys and data["changes"]["every_pair"] is True
    assert {changes_key(a, b) for a, b in zip(dates, dates[1:], strict=False)} <= set(data["changes"]["pairs"])
    for key, entry in data["changes"]["pairs"].items():
        a, b = key.split("|")
        truth = changes_between(default_dataset(), default_dataset().snapshot(a), default_dataset().snapshot(b))
        s = truth.summary
        assert (entry["from"], entry["to"], entry["days"]) == (a, b, s["days"])
        for field in ("gained_km2", "lost_km2", "net_km2"):
            assert entry[field] == pytest.approx(s[field], abs=0.05), (key, field)
            # The table's total row says the same number, written as the dashboard writes it.
        assert entry["text"]["total"]["gained"] == format_number(s["gained_km2"], "en")
        # The net with its margin in the km² column; the sentence says how the margin is derived, as the dashboard does.
        assert entry["text"]["total"]["net"] == f"{format_signed(s['net_km2'], 'en')} {margin_cell(s['margin_km2'], 'en')}"
        assert entry["text"]["margin"] == changes_margin_text(s, "en")
        assert "km² km²" not in entry["text"]["totals"]
        # Per region: the same regions, the same figures, in the same order.
        assert [r["id"] for r in entry["regions"]] == [r["id"] for r in s["regions"]]
        for row, want in zip(entry["regions"], s["regions"], strict=True):
            for field in ("gained_km2", "lost_km2", "net_km2"):
                assert row[field] == pytest.approx(want[field], abs=0.05), (key, row["id"], field)
            assert entry["text"]["regions"][row["id"]]["lost"] == format_number(want["lost_km2"], "en")
        # The regions' nets add up to the total within the 0.1 km² each is rounded to.
        assert sum(r["net_km2"] for r in entry["regions"]) == pytest.approx(
            entry["net_km2"], abs=0.1 * len(entry["regions"]) + 0.1
        )
        # The map's part is the dashboard's own, unchanged; the places are those that changed side.
        assert entry["map"] == json.loads(json.dumps(changes_map_config(truth, "en")))
        places = s["settlements"] + s["assets"]
        assert [(p["id"], p["kind"]) for p in entry["places"]] == [(p["id"], p["kind"]) for p in places]
        assert len(entry["text"]["places"]) == max(1, len(places))


def test_since_pairs_every_pair_for_a_few_dates_consecutive_for_many():
    from geodata.pack_changes import ALL_PAIRS_MAX_DATES, since_pairs

    few = [f"2025-01-{d:02d}" for d in range(1, 5)]
    assert since_pairs(list(reversed(few))) == [(a, b) for i, a in enumerate(few) for b in few[i + 1 :]]
    many = [f"2025-01-{d:02d}" for d in range(1, ALL_PAIRS_MAX_DATES + 3)]
    assert since_pairs(many) == list(zip(many, many[1:], strict=False))


def test_the_changes_margin_hook_writes_a_stated_net_margin():
    """Where geodata.changes states a net change's margin (NET_MARGIN_KEY), the pack writes it beside the net."""
    from dataclasses import replace

    from geodata.changes import changes_between
    from geodata.margin import margin_cell as margin_area_text
    from geodata.pack_changes import NET_MARGIN_KEY, changes_entry
    from geodata.wording import format_signed, word

    dates = list(default_dataset().snapshot_dates())
    truth = changes_between(default_dataset(), default_dataset().snapshot(dates[-3]), default_dataset().snapshot(dates[-2]))
    plain = changes_entry(truth, "en")
    assert truth.summary[NET_MARGIN_KEY] is not None  # shipped lines state their accuracy
    assert plain["text"]["total"]["net"] == (
        f"{format_signed(truth.summary['net_km2'], 'en')} {margin_area_text(truth.summary[NET_MARGIN_KEY], 'en')}"
    )
    summary = {**truth.summary, NET_MARGIN_KEY: None}
    # A margin not stated is said so, in the catalogue's word, as the dashboard's margin column says it.
    assert changes_entry(replace(truth, summary=summary), "en")["text"]["total"]["net"] == (
        f"{format_signed(truth.summary['net_km2'], 'en')} {word('changes_cell_not_stated', 'en')}"
    )
    summary = {**truth.summary, NET_MARGIN_KEY: 123.0}
    summary["regions"] = [{**r, NET_MARGIN_KEY: 45.0} for r in truth.summary["regions"]]
    entry = changes_entry(replace(truth, summary=summary), "en")
    assert entry["text"]["total"]["net"].endswith(margin_area_text(123.0, "en"))
    assert entry[NET_MARGIN_KEY] == 123.0
    first = summary["regions"][0]["id"]
    assert entry["text"]["regions"][first]["net"].endswith(margin_area_text(45.0, "en"))
    assert all(r[NET_MARGIN_KEY] == 45.0 for r in entry["regions"])


def _svg_nodes(node: dict, tag: str, cls: str | None = None) -> list[dict]:
    found = [node] if node["tag"] == tag and (cls is None or node["attrs"].get("class") == cls) else []
    for child in node.get("children", []):
        found += _svg_nodes(child, tag, cls)
    return found


def test_trend_svg_one_point_per_date_no_line_across_a_gap_and_gap_labels(default_pack):
    from geodata.wording import word

    data = _embedded(default_pack)
    dates = list(default_dataset().snapshot_dates())
    truth_gaps = _gaps_from_dates(dates)
    assert truth_gaps, "the shipped dates have gaps over 90 days"
    scenario = default_dataset().scenario("status-quo")
    held = {d: compute_stats(scenario, default_dataset().snapshot(d), dataset=default_dataset()) for d in dates}
    assert len(data["trend"]["charts"]) == 28  # all of Ukraine and each region
    for region, chart in data["trend"]["charts"].items():
        svg = chart["svg"]
        assert svg["attrs"]["role"] == "img" and svg["attrs"]["aria-labelledby"] == "pk-trend-title pk-trend-desc"
        assert [n["tag"] for n in svg["children"][:2]] == ["title", "desc"] and svg["children"][0]["text"] == chart["title"]
        points = _svg_nodes(svg, "circle", "pk-trend-point")
        assert [p["attrs"]["data-date"] for p in points] == dates, region
        for p in points:
            stats = held[p["attrs"]["data-date"]]
            want = (
                stats["russian_held_area_km2"]
                if region == ""
                else next(r["russian_held"]["area_km2"] for r in stats["regions"] if r["id"] == region)
            )
            assert p["attrs"]["data-km2"] == pytest.approx(want), (region, p["attrs"]["data-date"])
        x_of = {p["attrs"]["data-date"]: p["attrs"]["cx"] for p in points}
        gap_ranges = [(x_of[a], x_of[b]) for a, b, _ in truth_gaps]
        lines = _svg_nodes(svg, "polyline", "pk-trend-line")
        assert lines, region
        for line in lines:
            xs = [float(pair.split(",")[0]) for pair in line["attrs"]["points"].split()]
            for x0, x1 in zip(xs, xs[1:], strict=False):
                # No segment of the line spans a gap of more than 90 days.
                assert not any(x0 <= g0 and g1 <= x1 for g0, g1 in gap_ranges), (region, x0, x1)
        # Every date is on a line or alone between two gaps; the lines join every pair of dates with no gap between.
        joined = sum(len(line["attrs"]["points"].split()) - 1 for line in lines)
        assert joined == len(dates) - 1 - len(truth_gaps)
        gaps = _svg_nodes(svg, "g", "pk-trend-gap")
        assert [(g["attrs"]["data-from"], g["attrs"]["data-to"], g["attrs"]["data-days"]) for g in gaps] == truth_gaps
        labels = [_svg_nodes(g, "text")[0]["text"] for g in gaps]
        assert labels == [word("trend_gap", "en", days=days) for _, _, days in truth_gaps]
        assert "no line for 890 days" in labels or all(days != 890 for _, _, days in truth_gaps)
        # The data table holds the same dates and numbers.
        assert [row[0] for row in chart["table"]["ours"]] == dates
    # The published figures beside ours, for all of Ukraine: one diamond each, with its source in its tooltip.
    from geodata.paths import SOURCES_DIR
    from geodata.published import read_published_figures

    whole = [
        f
        for f in read_published_figures(SOURCES_DIR / "published_figures.csv")
        if f.figure in ("russian_held_area", "russian_held_share")
    ]
    diamonds = _svg_nodes(data["trend"]["charts"][""]["svg"], "path", "pk-trend-published")
    assert len(diamonds) == len(whole) > 0
    for diamond, figure in zip(diamonds, whole, strict=True):
        assert diamond["attrs"]["data-date"] == figure.as_of
        assert figure.source in diamond["children"][0]["text"] and figure.publisher in diamond["children"][0]["text"]


def _choose_since(page, since: str) -> None:
    page.select_option("#pk-since", since)
    page.wait_for_function("s => document.body.getAttribute('data-since') === s", arg=since)
    page.wait_for_timeout(100)


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_choosing_since_draws_the_gains_and_losses_as_the_dashboard_does(browser, tmp_path, lang):
    from components.map import layer_config
    from components.state import ViewState

    path = tmp_path / f"briefing-{lang}.html"
    scenario = default_dataset().scenarios()["status-quo"]
    dates = list(default_dataset().snapshot_dates())
    path.write_bytes(build_pack(PackRequest([scenario], dates, lang=lang)))
    data = _embedded(path.read_bytes())
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        _open(page, path)
        assert page.locator("body").get_attribute("data-since") == ""  # off by default
        assert page.locator("#pk-map .cm-change").count() == 0
        for earlier, later in zip(dates, dates[1:], strict=False):
            page.select_option("#pk-date", later)
            page.wait_for_function("d => document.body.getAttribute('data-view').endsWith('|' + d)", arg=later)
            # The chooser offers every earlier date, the date before this one included.
            offered = page.eval_on_selector_all("#pk-since option", "os => os.map(o => o.value)")
            assert offered == ["", *dates[: dates.index(later)]]
            _choose_since(page, earlier)
            entry = data["changes"]["pairs"][f"{earlier}|{later}"]
            kinds = [f["properties"]["kind"] for f in entry["map"]["geojson"]["features"]]
            for kind in ("gained", "lost"):
                assert page.locator(f"#pk-map path.cm-change-{kind}").count() == kinds.count(kind), (earlier, later, kind)
            # The legend's rows name both dates, in the pack's language.
            legend = page.locator("#pk-map .cm-legend").inner_text()
            for _, label in entry["map"]["legend"]:
                assert label in legend and earlier in label and later in label
            # The map was given what the dashboard sends for ?since=earlier on this line.
            shown = page.evaluate(
                "() => { const c = Object.assign({}, window.cm.cfg);"
                " ['snapshot_url', 'snapshot_key', 'snapshot_inline', 'places_url'].forEach(k => delete c[k]); return c; }"
            )
            state = ViewState(scenario_id=scenario.id, base_id=scenario.id, control=later, lang=lang, since=earlier)
            sent = layer_config(state, scenario, default_dataset().snapshot(later))
            location = ("snapshot_url", "snapshot_key", "snapshot_inline", "places_url")
            assert shown == json.loads(json.dumps({k: v for k, v in sent.items() if k not in location})), (earlier, later)
            # The table: each region with a change and the total, the numbers as Python wrote them.
            rows = page.locator("#pk-changes-table tbody tr")
            assert rows.count() == len(entry["regions"]) + 1
            total = page.locator("#pk-changes-table tr[data-region=total] [data-key=net_km2]")
            assert total.inner_text() == entry["text"]["total"]["net"]
            assert float(total.get_attribute("data-value")) == entry["net_km2"]
            assert page.locator("#pk-changes-places li").count() == max(1, len(entry["places"]))
        # Back to none: nothing drawn, no legend row.
        _choose_since(page, "")
        assert page.locator("#pk-map .cm-change").count() == 0 and page.locator("#pk-changes").count() == 0
        assert errors == []
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_trend_chart_in_the_browser_and_the_new_parts_fit_a_phone_and_pass_axe(browser, tmp_path, lang):
    from tests.test_browser import AXE_RUN

    path = tmp_path / f"briefing-{lang}.html"
    path.write_bytes(
        build_pack(PackRequest(list(default_dataset().scenarios().values()), list(default_dataset().snapshot_dates()), lang=lang))
    )
    data = _embedded(path.read_bytes())
    dates = list(default_dataset().snapshot_dates())
    truth_gaps = _gaps_from_dates(dates)
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        _open(page, path)
        svg = page.locator("#pk-trend-chart svg")
        assert svg.get_attribute("role") == "img"
        assert page.locator("#pk-trend-title").text_content() == data["trend"]["charts"][""]["title"]
        assert page.locator("#pk-trend-chart circle.pk-trend-point").count() == len(dates)
        assert page.locator("#pk-trend-chart g.pk-trend-gap").count() == len(truth_gaps)
        labels = page.locator("#pk-trend-chart g.pk-trend-gap text").all_text_contents()
        from geodata.wording import word

        assert labels == [word("trend_gap", lang, days=days) for _, _, days in truth_gaps]
        # A region's chart through the chooser: its own figures.
        page.select_option("#pk-trend-region", "UA-14")
        page.wait_for_function("() => document.getElementById('pk-trend-chart').getAttribute('data-region') === 'UA-14'")
        km2 = [
            float(v)
            for v in page.eval_on_selector_all(
                "#pk-trend-chart circle.pk-trend-point", "cs => cs.map(c => c.getAttribute('data-km2'))"
            )
        ]
        scenario = default_dataset().scenario("status-quo")
        want = [
            next(
                r["russian_held"]["area_km2"]
                for r in compute_stats(scenario, default_dataset().snapshot(d), dataset=default_dataset())["regions"]
                if r["id"] == "UA-14"
            )
            for d in dates
        ]
        assert km2 == pytest.approx(want)
        # The new parts open: a "since" date chosen, the data table shown; axe finds nothing serious.
        page.select_option("#pk-date", dates[-1])
        page.wait_for_function("d => document.body.getAttribute('data-view').endsWith('|' + d)", arg=dates[-1])
        _choose_since(page, dates[-2])
        page.click("#pk-trend-table-summary")
        assert page.locator("#pk-trend-table tbody tr").count() == len(dates)
        page.add_script_tag(path=str(AXE_JS))
        assert page.evaluate(AXE_RUN) == []
        assert errors == []
    finally:
        context.close()
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        page.goto(path.as_uri() + f"#scenario=status-quo&date={dates[-1]}&since={dates[-2]}")
        page.locator("#pk-map path.leaflet-interactive").first.wait_for(state="attached", timeout=30_000)
        page.wait_for_function("s => document.body.getAttribute('data-since') === s", arg=dates[-2])
        assert page.locator("#pk-changes-table").count() == 1
        page.click("#pk-trend-table-summary")
        page.locator("#pk-trend-table").scroll_into_view_if_needed()
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth") == 390
    finally:
        phone.close()


def test_a_long_history_gets_one_trend_chart_with_its_gaps():
    """A daily history (70 dates, one 120-day hole) built here: all of Ukraine only, one point a date, the hole a gap."""
    from datetime import date, timedelta

    from geodata.pack_trend import REGION_CHARTS_MAX_DATES, pack_trend

    days = [date(2025, 1, 1) + timedelta(days=i) for i in range(35)] + [date(2025, 6, 4) + timedelta(days=i) for i in range(35)]
    dates, items, previous = [d.isoformat() for d in days], [], None
    for i, as_of in enumerate(dates):
        gap = previous is not None and (date.fromisoformat(as_of) - date.fromisoformat(previous)).days > 90
        km2 = 100_000.0 + 10 * i
        items.append(
            {
                "as_of": as_of,
                "days_since_previous": None
                if previous is None
                else (date.fromisoformat(as_of) - date.fromisoformat(previous)).days,
                "gap_before": gap,
                "russian_held_km2": km2,
                "share_of_ukraine": km2 / 600_000,
                "margin_km2": 1_000.0,
                "regions": {"UA-14": {"area_km2": km2 / 2, "share": 0.5}},
            }
        )
        previous = as_of
    hole = {"from": dates[34], "to": dates[35], "days": (days[35] - days[34]).days}
    trend = {
        "ukraine_area_km2": 600_000.0,
        "region_areas_km2": {"UA-14": 100_000.0},
        "max_gap_days": 90,
        "dates": items,
        "gaps": [hole],
        "published": [],
    }
    assert len(dates) > REGION_CHARTS_MAX_DATES
    out = pack_trend(trend, {"UA-14": "Donetsk Oblast"}, "en")
    assert [r[0] for r in out["regions"]] == [""] and list(out["charts"]) == [""]
    svg = out["charts"][""]["svg"]
    points = _svg_nodes(svg, "circle", "pk-trend-point")
    assert [p["attrs"]["data-date"] for p in points] == dates
    assert [p["attrs"]["data-km2"] for p in points] == [i["russian_held_km2"] for i in items]
    lines = _svg_nodes(svg, "polyline", "pk-trend-line")
    assert [(line["attrs"]["data-from"], line["attrs"]["data-to"]) for line in lines] == [
        (dates[0], dates[34]),
        (dates[35], dates[-1]),
    ]
    gaps = _svg_nodes(svg, "g", "pk-trend-gap")
    assert [_svg_nodes(g, "text")[0]["text"] for g in gaps] == [f"no line for {hole['days']} days"]
    # With fewer dates, each region has its chart too.
    short = {**trend, "dates": items[:10], "gaps": []}
    assert list(pack_trend(short, {"UA-14": "Donetsk Oblast"}, "en")["charts"]) == ["", "UA-14"]


def test_print_with_changes_chosen_is_one_page_without_the_trend(page, pack_file):
    dates = list(default_dataset().snapshot_dates())
    _open(page, pack_file)
    page.select_option("#pk-date", dates[-1])
    page.wait_for_function("d => document.body.getAttribute('data-view').endsWith('|' + d)", arg=dates[-1])
    _choose_since(page, dates[-2])
    page.emulate_media(media="print")
    page.wait_for_function("() => window.ClaimsPack.map.getSize().x === document.getElementById('pk-map').clientWidth")
    assert not page.locator("#pk-trend").is_visible() and not page.locator("#pk-changes-table").is_visible()
    assert page.locator("#pk-changes h3").is_visible()
    legend = page.locator("#pk-map .cm-legend").inner_text()
    assert f"from {dates[-2]} to {dates[-1]}" in legend
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(re.findall(rb"/Type\s*/Page(?!s)", pdf)) == 1
    assert page.js_errors == [] and page.outside == []


# --- The margins: how each is derived, per line and per change; an imported line's said "not stated" ---------


@pytest.fixture(scope="module")
def imported_pair(tmp_path_factory):
    """Two lines built by hand and read as imported ones (they state no accuracy), as tests/test_changes.py makes them."""
    from dataclasses import replace

    from shapely.geometry import box, mapping

    from geodata.dataset import DataPaths, Dataset

    region = "UA-14"
    centre = default_dataset().regions().geometry[region].representative_point()
    x, y = centre.x, centre.y
    folder = tmp_path_factory.mktemp("imported")
    for as_of, shape in (("2030-01-01", box(x, y, x + 0.2, y + 0.1)), ("2030-03-02", box(x - 0.1, y, x + 0.2, y + 0.1))):
        feature = {
            "type": "Feature",
            "properties": {"region_id": region, "as_of": as_of, "method": "test", "sources": ["built by the test"]},
            "geometry": mapping(shape),
        }
        (folder / f"{as_of}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return Dataset(replace(DataPaths.package(), control_dir=folder)), "2030-01-01", "2030-03-02"


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_an_imported_pairs_net_margin_is_said_not_stated_and_its_method_names_the_lines(imported_pair, lang):
    from geodata.changes import changes_between
    from geodata.margin import change_margin_method_text
    from geodata.pack_changes import changes_texts
    from geodata.wording import format_signed, word

    dataset, a, b = imported_pair
    changes = changes_between(dataset, dataset.snapshot(a), dataset.snapshot(b))
    s = changes.summary
    assert s["margin_km2"] is None and s["regions"], "imported lines state no accuracy, and the pair changes a region"
    texts = changes_texts(changes, lang)
    not_stated = word("changes_cell_not_stated", lang)
    assert texts["total"]["net"] == f"{format_signed(s['net_km2'], lang)} {not_stated}"
    for row in s["regions"]:
        assert texts["regions"][row["id"]]["net"] == f"{format_signed(row['net_km2'], lang)} {not_stated}"
    # How the change's margin is derived, naming both lines (neither states an accuracy).
    assert texts["margin_method"] == change_margin_method_text([a, b], lang)
    assert a in texts["margin_method"] and b in texts["margin_method"]


def test_the_pack_says_how_each_lines_margin_and_each_changes_margin_is_derived(default_pack):
    from geodata import paths
    from geodata.margin import change_margin_method_text, margin_method_text, stated_accuracy_km

    data = _embedded(default_pack)
    accuracies = set()
    for as_of, snapshot in data["snapshots"].items():
        accuracy = stated_accuracy_km(as_of, True, paths.CONTROL_SOURCES_DIR)
        accuracies.add(accuracy)
        assert snapshot["margin_method"] == margin_method_text(accuracy, "en"), as_of
    assert None not in accuracies, "every shipped line states its accuracy"
    for key, entry in data["changes"]["pairs"].items():
        assert entry["text"]["margin_method"] == change_margin_method_text([], "en"), key


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_a_lines_margin_method_is_its_own_in_both_languages(imported_pair, lang):
    from datetime import date

    from geodata import paths
    from geodata.margin import margin_method_text, stated_accuracy_km
    from geodata.pack import _snapshot_data

    shipped = default_dataset().latest_snapshot()
    accuracy = stated_accuracy_km(shipped, True, paths.CONTROL_SOURCES_DIR)
    assert accuracy is not None
    text = _snapshot_data(default_dataset().snapshot(shipped), lang, date(2026, 12, 1))["margin_method"]
    assert text == margin_method_text(accuracy, lang)
    dataset, a, _ = imported_pair
    assert _snapshot_data(dataset.snapshot(a), lang, date(2026, 12, 1))["margin_method"] == margin_method_text(None, lang)


def test_the_method_section_and_the_changes_show_how_the_margins_are_derived(page, pack_file):
    from components.state import parse_query

    first, _ = parse_query({})
    _open(page, pack_file)
    data = _embedded(pack_file.read_bytes())
    shown = page.locator('[data-key="snapshot.margin_method"]').inner_text()
    assert shown == data["snapshots"][first.control]["margin_method"]
    dates = sorted(data["dates"])
    _choose_since(page, dates[-2])
    box = page.locator("#pk-changes")
    key = f"{box.get_attribute('data-from')}|{box.get_attribute('data-to')}"
    wanted = data["changes"]["pairs"][key]["text"]["margin_method"]
    assert page.locator('[data-key="changes.margin_method"]').inner_text() == wanted
    assert page.js_errors == [] and page.outside == []


def test_the_trends_region_margins_are_the_statistics_for_every_shipped_date():
    from geodata import paths
    from geodata.changes import AREA_SCENARIO
    from geodata.pack_trend import with_region_margins
    from geodata.trend import PUBLISHED_FIGURES_NAME, compute_trend

    dataset = default_dataset()
    trend = with_region_margins(compute_trend(dataset, paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME), dataset)
    assert [d["as_of"] for d in trend["dates"]] == list(dataset.snapshot_dates())
    for item in trend["dates"]:
        stats = compute_stats(dataset.scenario(AREA_SCENARIO), dataset.snapshot(item["as_of"]), dataset=dataset)
        truth = {row["id"]: row["margin_km2"] for row in stats["regions"]}
        assert item["regions"], item["as_of"]
        for rid, values in item["regions"].items():
            assert values["margin_km2"] == truth[rid], (item["as_of"], rid)


def test_past_the_region_charts_the_trend_reads_no_line_for_a_region_margin():
    from geodata.pack_trend import REGION_CHARTS_MAX_DATES, with_region_margins

    class NoDataset:
        def __getattr__(self, name):
            raise AssertionError(f"the dataset was asked for {name}")

    many = range(REGION_CHARTS_MAX_DATES + 1)
    dates = [{"as_of": f"2030-{i // 28 + 1:02d}-{i % 28 + 1:02d}", "regions": {"UA-14": {}}} for i in many]
    trend = {"dates": dates}
    assert with_region_margins(trend, NoDataset()) is trend


# --- The trial at 390 px: tables that stack, not cut (the dashboard's rule) --------------------------------------

#: Every table of the pack on the page: its width against its box's, every cell's text against its own width, and
#: whether each cell shows its column's name before it (the stacked form).
TABLES_FIT = """() => Array.from(document.querySelectorAll('table.pk-table')).filter(t => t.offsetParent !== null).map(t => {
  const box = t.parentElement, cells = Array.from(t.querySelectorAll('tbody td'));
  return {id: t.id || t.parentElement.id, tableW: t.getBoundingClientRect().width, boxW: box.getBoundingClientRect().width,
    boxIsTbox: box.classList.contains('pk-tbox'),
    cut: cells.filter(c => c.scrollWidth > c.clientWidth + 1).map(c => c.textContent),
    unlabelled: cells.filter(c => !c.getAttribute('data-label')
      || getComputedStyle(c, '::before').content.indexOf(c.getAttribute('data-label')) < 0).length,
    stacked: getComputedStyle(t).display === 'block'};
})"""
PANEL_SCROLLS = "() => { const p = document.querySelector('.pk-panel'); return p.scrollWidth - p.clientWidth; }"


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_packs_tables_stack_on_a_phone_and_nothing_is_cut(browser, tmp_path, lang):
    """At 390 px the trial saw the tables 533-965 px wide in a panel scrolling sideways, "Сальдо, км" cut mid-word and
    "Під конт Росії (оку не визн": every table now stacks its rows, each cell after its column's name, as the
    dashboard's; the page and the panel never scroll sideways; axe finds nothing serious."""
    from tests.test_browser import AXE_RUN

    dates = list(default_dataset().snapshot_dates())
    path = tmp_path / f"briefing-{lang}.html"
    path.write_bytes(build_pack(PackRequest(list(default_dataset().scenarios().values()), dates, lang=lang)))
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        errors = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(path.as_uri() + f"#scenario=status-quo&date={dates[-1]}&since={dates[-2]}")
        page.locator("#pk-map path.leaflet-interactive").first.wait_for(state="attached", timeout=30_000)
        page.wait_for_function("s => document.body.getAttribute('data-since') === s", arg=dates[-2])
        page.click("#pk-trend-table-summary")
        tables = page.evaluate(TABLES_FIT)
        ids = {t["id"] for t in tables}
        assert {"pk-by-status", "pk-per-region", "pk-changes-table", "pk-trend-table"} <= ids, ids
        for table in tables:
            assert table["boxIsTbox"] and table["stacked"], table["id"]
            assert table["tableW"] <= table["boxW"] + 0.5, table
            assert table["cut"] == [], table
            assert table["unlabelled"] == 0, table
        assert page.evaluate(PANEL_SCROLLS) <= 0
        assert page.evaluate("document.documentElement.scrollWidth") <= page.evaluate("window.innerWidth") == 390
        page.add_script_tag(path=str(AXE_JS))
        assert page.evaluate(AXE_RUN) == []
        assert errors == []
    finally:
        phone.close()
    # On a wide screen the by-status table stays a table, its header row shown.
    wide = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = wide.new_page()
        _open(page, path)
        by_status = next(t for t in page.evaluate(TABLES_FIT) if t["id"] == "pk-by-status")
        assert not by_status["stacked"] and by_status["cut"] == []
    finally:
        wide.close()


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_every_trend_charts_tick_labels_are_distinct_as_written(lang):
    """Zhytomyr oblast (no Russian-held land) read "0, 1, 1, 2" on the km² axis and "<0.1 %" twice on the share axis:
    in every chart the pack holds, each axis writes each of its tick values once, as the page shows them."""
    from geodata.pack_trend import LEFT, RIGHT, pack_trend_data

    charts = pack_trend_data(default_dataset(), lang)["charts"]
    assert len(charts) == 1 + len(default_dataset().regions())  # all of Ukraine and each region
    for region, chart in charts.items():
        texts = [c for c in chart["svg"]["children"] if c["tag"] == "text"]
        km2 = [t["text"] for t in texts if t["attrs"].get("x") == LEFT - 4]
        shares = [t["text"] for t in texts if t["attrs"].get("x") == RIGHT + 4]
        assert len(km2) >= 2 and len(set(km2)) == len(km2), (region, km2)
        assert len(set(shares)) == len(shares), (region, shares)
        # The km² ticks are whole numbers a step apart, as written (never a step under the formatter's 1 km²).
        values = [float(re.sub(r"[^\d]", "", text)) for text in km2]
        steps = {b - a for a, b in zip(values, values[1:], strict=False)}
        assert len(steps) == 1 and min(steps) >= 1, (region, km2)


#: Each word of the trend chart: its font size in CSS px as drawn (its size in SVG units times the chart's scale),
#: and whether it lies inside the chart.
TREND_TEXT = """() => { const svg = document.querySelector('#pk-trend-chart svg'), box = svg.getBoundingClientRect();
  const scale = box.width / svg.viewBox.baseVal.width;
  return Array.from(svg.querySelectorAll('text')).map(t => { const r = t.getBoundingClientRect();
    return {text: t.textContent, px: parseFloat(getComputedStyle(t).fontSize) * scale,
      inside: r.left >= box.left - 0.5 && r.right <= box.right + 0.5 && r.top >= box.top - 0.5 && r.bottom <= box.bottom + 0.5};
  }); }"""


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_trend_charts_words_are_readable_on_a_phone(browser, tmp_path, lang):
    """At 390 px the trial measured the chart's words about 6 px high: a phone draws the narrower chart, every word at
    least 10 CSS px and inside the chart, for all of Ukraine and the region with the longest name."""
    dates = list(default_dataset().snapshot_dates())
    path = tmp_path / f"briefing-{lang}.html"
    path.write_bytes(build_pack(PackRequest([default_dataset().scenarios()["status-quo"]], dates, lang=lang)))
    data = _embedded(path.read_bytes())
    longest = max(data["trend"]["regions"][1:], key=lambda r: len(r[1]))[0]
    phone = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        page = phone.new_page()
        _open(page, path)
        for region in ("", longest, "UA-18"):
            page.select_option("#pk-trend-region", region)
            page.wait_for_function("r => document.getElementById('pk-trend-chart').getAttribute('data-region') === r", arg=region)
            words = page.evaluate(TREND_TEXT)
            assert words and all(w["px"] >= 10 for w in words), [w for w in words if w["px"] < 10]
            assert all(w["inside"] for w in words), [w["text"] for w in words if not w["inside"]]
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
    finally:
        phone.close()
