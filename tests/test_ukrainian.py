"""Ukrainian throughout: every output made in Ukrainian holds no English catalogue value.

A value counts where its English and Ukrainian differ (and it is at least four characters long, so "km" or
"A" are not words of a language). What is quoted as published, in English, by design (``m_sources_language``:
the sources of proposals, lines and published figures, with their "as reported") is set aside first: it is
data, not the app's words. The method texts (areas, margins, population) are the catalogue's (``methods.toml``) and
checked like every other word. Outputs checked: the figures'
SVG text (a preset, a custom scenario, the status quo, a comparison), the PowerPoint deck's text, the map's
configuration (every text it shows), the briefing pack's data and its page as Chromium shows it, and the
dashboard with every section open (AppTest).
"""

from __future__ import annotations

import functools
import io
import re
import xml.etree.ElementTree as ET

import pytest

from geodata.dataset import default_dataset
from geodata.figures import render_bytes
from geodata.mapconfig import map_config, short_source
from geodata.published import read_published_figures
from geodata.scenarios import custom_scenario, options_from_statuses
from geodata.vocabulary import LAYERS
from geodata.wording import CATALOGUE, public_text, word

SVG = "{http://www.w3.org/2000/svg}"
#: The English values of the catalogue that differ from their Ukrainian (the ones a Ukrainian page must not show).
ENGLISH = sorted({entry["en"] for entry in CATALOGUE.values() if entry["en"] != entry["uk"] and len(entry["en"]) >= 4})


@functools.lru_cache(maxsize=1)
def _quoted_as_published() -> tuple[str, ...]:
    """Every text shown as published, in English, with the short forms the outputs cut it to; longest first."""
    dataset = default_dataset()
    texts: set[str] = set()
    for scenario in dataset.scenarios().values():
        texts.update(scenario.sources)
    for as_of in dataset.snapshot_dates():
        snapshot = dataset.snapshot(as_of)
        texts.update(public_text(s) for s in (*snapshot.sources, snapshot.method))
        texts.update(snapshot.sources)
    texts.update(text for figure in read_published_figures() for text in (figure.source, figure.counts))
    variants = {form for text in texts for form in (text, short_source(text), " ".join(text.split()))}
    return tuple(sorted(variants, key=len, reverse=True))


def english_left(text: str) -> list[str]:
    """The English catalogue values in ``text`` once what is quoted as published is set aside."""
    # Placeholders ("{status}") are names the code fills in, and `code` (a command to run) is typed as it is.
    flat = re.sub(r"\{\w+\}|`[^`]*`", " ", " ".join(text.split()))
    for quoted in _quoted_as_published():
        flat = flat.replace(quoted, " ")
    return [value for value in ENGLISH if re.search(rf"(?<!\w){re.escape(value)}(?!\w)", flat)]


def _cases():
    dataset = default_dataset()
    scenarios = dataset.scenarios()
    plan = scenarios["plan-28-points-2025-11"]
    # A custom scenario (toggled from a preset): its sources line starts with the app's own words.
    custom = custom_scenario(options_from_statuses(plan.regions), plan)
    return dataset, dataset.snapshot(dataset.latest_snapshot()), plan, custom, scenarios["status-quo"]


def test_the_check_finds_english_where_there_is_some():
    # The check itself: an English catalogue value is found, a quoted source is not.
    _dataset, snapshot, plan, _custom, _quo = _cases()
    assert english_left(word("custom_sources", "en")) == [word("custom_sources", "en")]
    assert english_left("; ".join(plan.sources)) == []
    assert english_left(word("custom_sources", "uk")) == []


def _svg_text(data: bytes) -> str:
    return " ".join("".join(e.itertext()) for e in ET.fromstring(data).iter(f"{SVG}text"))


@pytest.mark.parametrize("which", ["preset", "custom", "status-quo", "compare"])
def test_figures_in_ukrainian_hold_no_english_word(which):
    dataset, snapshot, plan, custom, quo = _cases()
    scenario, compare = {"preset": (plan, None), "custom": (custom, None), "status-quo": (quo, None), "compare": (plan, custom)}[
        which
    ]
    data = render_bytes(scenario, snapshot, "svg", layers=LAYERS, size="1280x720", lang="uk", compare=compare, dataset=dataset)
    assert english_left(_svg_text(data)) == []


def test_powerpoint_in_ukrainian_holds_no_english_word():
    from pptx import Presentation

    from geodata.slides import SlideSpec, deck_bytes

    dataset, snapshot, plan, custom, _quo = _cases()
    specs = [SlideSpec(custom, snapshot, "uk", dataset=dataset), SlideSpec(plan, snapshot, "uk", compare=custom, dataset=dataset)]
    deck = deck_bytes(specs)
    texts = []
    for slide in Presentation(io.BytesIO(deck)).slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                texts.append(shape.text_frame.text)
            if shape.has_table:
                texts += [cell.text for row in shape.table.rows for cell in row.cells]
        texts.append(slide.notes_slide.notes_text_frame.text)
    assert english_left(" ".join(texts)) == []


def _strings(value) -> list[str]:
    """Every string value (not key) in a JSON-like value."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in _strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in _strings(v)]
    return [value] if isinstance(value, str) else []


def _map_texts(config) -> list[str]:
    """What the map shows of its configuration: its words, status names, notes, sources, legend, title box and
    text alternative (not ids, keys or styles)."""
    legend = config["legend"]
    return [
        *_strings(config["text"]),
        *config["labels"].values(),
        *config["part_notes"].values(),
        config["sources"],
        legend["title"],
        *(label for _key, label in legend["rows"]),
        *_strings(legend.get("notes", {})),
        *_strings(config["titlebox"]),
        config["summary"],
    ]


@pytest.mark.parametrize("which", ["preset", "custom"])
def test_map_configuration_in_ukrainian_holds_no_english_word(which):
    dataset, snapshot, plan, custom, _quo = _cases()
    config = map_config(plan if which == "preset" else custom, snapshot, "uk", LAYERS, dataset=dataset)
    assert english_left(" | ".join(_map_texts(config))) == []


def test_pack_data_in_ukrainian_holds_no_english_word():
    from geodata.pack import PackRequest, pack_data

    dataset, snapshot, plan, custom, quo = _cases()
    data = pack_data(PackRequest([plan, custom, quo], [snapshot.as_of], "uk"))
    # The texts of its scenarios (not their ids) and lines, and each pair's map; the base map's and places' data
    # carry both languages' names on purpose (the page picks its language's).
    shown = [text for scenario in data["scenarios"] for key, value in scenario.items() if key != "id" for text in _strings(value)]
    lines = data["snapshots"].values()
    shown += [text for line in lines for key in ("age_line", "method", "sources") for text in _strings(line[key])]
    shown += [text for pair in data["pairs"].values() for text in _map_texts(pair["map"])]
    assert english_left(" | ".join(shown)) == []


def _app_texts(at) -> list[str]:
    """Every string an app run sends to the browser, but element ids, keys and the map's own payload (its
    configuration is checked above)."""
    from google.protobuf.json_format import MessageToDict

    found: list[str] = []

    def strings(value, key=""):
        if isinstance(value, dict):
            for k, v in value.items():
                if k not in ("id", "formId", "key", "jsonArgs", "componentName", "url", "src"):
                    strings(v, k)
        elif isinstance(value, list):
            for v in value:
                strings(v, key)
        elif isinstance(value, str):
            found.append(value)

    def walk(node):
        children = getattr(node, "children", None)
        if children is None:
            if type(node).__name__ != "Code":  # code (the embed snippet) is typed as it is
                strings(MessageToDict(node.proto))
        else:
            if getattr(node, "proto", None) is not None:
                strings(MessageToDict(node.proto))
            for child in children.values():
                walk(child)

    walk(at._tree)
    # Markdown's escapes undone, so quoted text reads as it was published.
    return [re.sub(r"\\([^\w\s])", r"\1", text) for text in found]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"scenario": "status-quo"},
        {"scenario": "plan-28-points-2025-11", "compare": "us-2025-04"},
        {"scenario": "custom", "base": "plan-28-points-2025-11"},
    ],
)
def test_dashboard_in_ukrainian_holds_no_english_word(query):
    from components.state import encode_options
    from tests.apphelpers import run_app

    if query.get("scenario") == "custom":
        plan = default_dataset().scenarios()["plan-28-points-2025-11"]
        query = {**query, "opts": encode_options(options_from_statuses(plan.regions))}
    # Every section open: the options region by region, what the map shows, the downloads, the method (with the
    # sources) and the upload.
    sections = ("options_open", "display_open", "downloads_open", "method_open_a", "method_open_b", "upload_open")
    opened = dict.fromkeys(sections, True)
    at = run_app({**query, "lang": "uk"}, session_state=opened)
    assert not at.exception, at.exception
    texts = _app_texts(at)
    assert len(texts) > 20
    # The statistics' tables are HTML: what shows is the text between the tags and each cell's column label
    # (data-label, shown where the rows stack), not the tags' names and classes.
    # A style sheet is not shown at all.
    shown = re.sub(r"<style>.*?</style>", " ", " | ".join(texts), flags=re.S)
    shown = re.sub(r"<[^>]*?(?:data-label=\"([^\"]*)\")?[^>]*>", lambda m: f" {m.group(1) or ''} ", shown)
    assert "claims-table" not in shown
    assert english_left(shown) == []


def test_pack_page_in_ukrainian_shows_no_english_word(browser, tmp_path):
    """The pack as Chromium shows it (every layer on, each scenario chosen in turn): its visible text."""
    from geodata.pack import PackRequest, build_pack

    dataset, snapshot, plan, custom, quo = _cases()
    path = tmp_path / "briefing-uk.html"
    path.write_bytes(build_pack(PackRequest([plan, custom, quo], [snapshot.as_of], "uk")))
    context = browser.new_context(viewport={"width": 1600, "height": 1000})
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
        page.goto(path.as_uri())
        page.locator("#pk-map path.leaflet-interactive").first.wait_for(state="attached", timeout=30_000)
        for box in page.locator("input[data-layer]").all():
            box.check()
        shown = []
        for scenario in (plan, custom, quo):
            page.select_option("#pk-scenario", scenario.id)
            page.wait_for_function("id => document.body.getAttribute('data-view').startsWith(id + '|')", arg=scenario.id)
            page.wait_for_timeout(300)
            shown.append(page.evaluate("() => document.body.innerText"))
        assert all(len(text) > 500 for text in shown)
        assert english_left(" | ".join(shown)) == []
    finally:
        context.close()
