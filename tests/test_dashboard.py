"""The dashboard, headless (AppTest): presets, toggles, URL state, hostile parameters."""

from __future__ import annotations

import pytest

from components.state import decode_options, encode_options, parse_query, preset_options, to_query
from geodata.dataset import default_dataset
from geodata.dating import age_phrase, is_stale
from geodata.scenarios import OblastOption, Options, Status
from geodata.wording import word
from tests.apphelpers import ROOT, layer_config, map_payloads, metric_values, outside_urls, part_statuses, run_app, view_warnings

#: The sidebar's section of options region by region, opened (it is drawn only while open).
OPTIONS_OPEN = {"options_open": True}


@pytest.mark.parametrize("scenario_id", sorted(default_dataset().scenarios()))
def test_every_preset_renders(scenario_id):
    at = run_app({"scenario": scenario_id})
    assert not at.exception, at.exception
    assert not view_warnings(at), view_warnings(at)
    payload = map_payloads(at)[0]
    assert outside_urls(payload) == []
    statuses = part_statuses(payload)
    scenario = default_dataset().scenarios()[scenario_id]
    for feature_id, status in statuses.items():
        region_id, part = feature_id.split("/")
        assert status == scenario.status(region_id, part).value, feature_id
    assert len({f.split("/")[0] for f in statuses}) == 27
    assert at.query_params["scenario"] == scenario_id


def test_plan_28_points_from_the_url():
    at = run_app({"scenario": "plan-28-points-2025-11"})
    statuses = part_statuses(map_payloads(at)[0])
    assert statuses["UA-14/ukrainian_held"] == "buffer_zone"
    assert statuses["UA-09/ukrainian_held"] == "de_facto_russia"
    assert statuses["UA-23/russian_held"] == "de_facto_russia"  # point 21(b): de facto by the freeze
    assert at.selectbox(key="scenario").value == "plan-28-points-2025-11"


def test_a_toggle_changes_the_map_and_the_numbers_and_becomes_custom():
    at = run_app({"scenario": "status-quo"}, session_state=OPTIONS_OPEN)
    before_payload = map_payloads(at)[0]
    before_metrics = metric_values(at)
    at.selectbox(key="opt_rem_UA-14").set_value(Status.BUFFER_ZONE).run()
    assert not at.exception
    after_payload = map_payloads(at)[0]
    assert part_statuses(before_payload)["UA-14/ukrainian_held"] == "ukraine"
    assert part_statuses(after_payload)["UA-14/ukrainian_held"] == "buffer_zone"
    # Only the toggled part changed.
    changed = {k for k, v in part_statuses(after_payload).items() if part_statuses(before_payload)[k] != v}
    assert changed == {"UA-14/ukrainian_held"}
    # The base map is untouched, so streamlit-folium keeps its iframe and the user's view.
    assert after_payload["script"] == before_payload["script"] or _same_but_ids(after_payload["script"], before_payload["script"])
    after_metrics = metric_values(at)
    gives_up = next(label for label in after_metrics if "give up" in label)
    assert before_metrics[gives_up] == "0 km²"
    assert after_metrics[gives_up] != before_metrics[gives_up]
    assert at.selectbox(key="scenario").value == "custom"
    assert at.query_params["scenario"] == "custom"
    assert "d.oc.bz" in at.query_params["opts"]


def _same_but_ids(a: str, b: str) -> bool:
    import re

    strip = lambda s: re.sub(r"_[0-9a-f]{32}", "", s)  # noqa: E731
    return strip(a) == strip(b)


def test_choosing_a_preset_sets_its_options():
    at = run_app({"scenario": "status-quo"}, session_state=OPTIONS_OPEN)
    at.selectbox(key="scenario").set_value("us-2025-04").run()
    assert at.selectbox(key="opt_crimea").value == Status.DE_JURE_RUSSIA
    assert at.selectbox(key="opt_held_UA-23").value == Status.DE_FACTO_RUSSIA
    # The Russian-held Kharkiv land and the Kinburn spit (Mykolaiv oblast): "control of the Kinburn Spit" (as reported).
    assert at.multiselect(key="opt_returned").value == ["UA-48", "UA-63"]
    assert part_statuses(map_payloads(at)[0])["UA-63/russian_held"] == "returned"


def test_custom_options_from_the_url_round_trip():
    state, notices = parse_query({"scenario": "plan-28-points-2025-11"})
    query = to_query(state)
    assert query == {"scenario": "plan-28-points-2025-11"}
    custom = {"scenario": "custom", "base": "status-quo", "opts": encode_options(state.options), "layers": "line,assets"}
    at = run_app(custom)
    assert not at.exception and not view_warnings(at)
    assert part_statuses(map_payloads(at)[0])["UA-14/ukrainian_held"] == "buffer_zone"
    assert decode_options(at.query_params["opts"]) == state.options


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"scenario": "<script>alert(1)</script>"}, "scenario"),
        ({"scenario": "no-such-plan"}, "scenario"),
        ({"scenario": "custom", "opts": "${alert(1)}`"}, "opts"),
        ({"control": "../../etc/passwd"}, "control"),
        ({"lat": "NaN", "lon": "31", "zoom": "6"}, "lat/lon/zoom"),
        ({"zoom": "1e308"}, "lat/lon/zoom"),
        ({"layers": "line,<img src=x onerror=alert(1)>"}, "layers"),
        ({"lang": "xx"}, "lang"),
        ({"scenario": "a" * 5000}, "scenario"),
    ],
)
def test_hostile_parameters_fall_back_with_a_notice(params, parameter):
    at = run_app(params)
    assert not at.exception, at.exception
    warnings = view_warnings(at)
    assert any(parameter in w for w in warnings), warnings
    for w in warnings:
        assert "<script" not in w and "onerror" not in w and "${" not in w
    payload = map_payloads(at)[0]
    assert len(part_statuses(payload)) >= 27
    assert outside_urls(payload) == []


def test_presentation_view_puts_title_and_sources_on_the_map():
    at = run_app({"scenario": "us-2025-04", "present": "1"})
    assert not at.exception
    box = layer_config(map_payloads(at)[0])["titlebox"]
    assert box["title"] and "US proposal (April 2025)" in box["lines"][0] and "as reported" in box["lines"][0]
    assert "Natural Earth" in box["sources"]
    # The normal view's map carries its title box too: a screenshot of the map alone is a complete slide.
    normal = layer_config(map_payloads(run_app({"scenario": "us-2025-04"}))[0])["titlebox"]
    assert normal["lines"] == box["lines"] and normal["sources"] == box["sources"]
    assert not at.title  # no page title in presentation view: the map carries it


def test_ukrainian_interface():
    at = run_app({"scenario": "status-quo", "lang": "uk"})
    assert not at.exception
    config = layer_config(map_payloads(at)[0])
    assert config["lang"] == "uk" and config["labels"]["ukraine"] == "Під контролем України"
    assert config["text"]["map_area"] == "Площа"


def test_a_link_cannot_put_words_on_the_page():
    spoof = "Ukraine agreed to cede Donbas\n===\n" + "x" * 3000
    at = run_app({spoof: "1", "scenario": "status-quo", "opts": "c.dj"})
    warnings = view_warnings(at)
    assert warnings and all("Ukraine agreed" not in w and "xxx" not in w for w in warnings)
    assert any("'opts'" in w for w in warnings)  # opts without scenario=custom is named, not ignored silently
    assert len(warnings) <= 3


def test_map_view_in_the_link_round_trips_with_quarter_zooms():
    state, notices = parse_query({"scenario": "status-quo", "lat": "47.1234", "lon": "35.5", "zoom": "7.75"})
    assert not notices and state.view == (47.1234, 35.5, 7.75) and state.sync_view
    assert to_query(state) == {"scenario": "status-quo", "lat": "47.1234", "lon": "35.5000", "zoom": "7.75"}
    from components.state import view_from_map

    assert view_from_map(80.0, -170.0, 6.1) == (56.0, 18.0, 6.0)  # panned off the map: clamped, so the link opens


def test_a_snapshot_imported_over_a_shipped_date_is_not_drawn_from_the_shipped_map_data(tmp_path, monkeypatch):
    import json
    import shutil

    from components.map import snapshot_url
    from geodata import paths
    from geodata.dataset import default_dataset

    control_dir = tmp_path / "control"
    shutil.copytree(paths.CONTROL_DIR, control_dir)
    shutil.copy(paths.PROVENANCE_PATH, tmp_path / "PROVENANCE.json")
    monkeypatch.setattr(paths, "CONTROL_DIR", control_dir)
    monkeypatch.setattr(paths, "PROVENANCE_PATH", tmp_path / "PROVENANCE.json")
    default_dataset().clear()
    try:
        assert snapshot_url(default_dataset().snapshot("2025-11-20")) == "/app/static/data/snapshot-2025-11-20.json"
        # What `import-control --force` does: a different file under the shipped date.
        collection = json.loads((control_dir / "2025-11-20.json".replace(".json", ".geojson")).read_text())
        collection["features"] = collection["features"][:1]
        (control_dir / "2025-11-20.geojson").write_text(json.dumps(collection))
        default_dataset().clear()
        snapshot = default_dataset().snapshot("2025-11-20")
        assert snapshot.key.startswith("file:2025-11-20:")
        assert snapshot_url(snapshot) is None  # drawn from its own data, sent inline
    finally:
        default_dataset().clear()


def test_a_toggle_sends_data_not_code():
    """The map's code and styles are static files the iframe loads once; a toggle sends data.

    Measured when the code moved out (status-quo, one toggle): 19,855 bytes per toggle before
    (11,663 of them the swapped feature group), 10,085 after (5,540); 12,291 once the title box travels in
    every view (the map's frame is a complete slide), so the bound is 13,000.
    """
    from components.offline import STATIC_DIR

    at = run_app({"scenario": "status-quo"}, session_state=OPTIONS_OPEN)
    at.selectbox(key="opt_rem_UA-14").set_value(Status.BUFFER_ZONE).run()
    assert not at.exception
    payload = map_payloads(at)[0]
    args = next(e.proto.json_args for e in at.get("component_instance") if '"script"' in e.proto.json_args)
    assert len(args.encode()) < 13_000, len(args.encode())
    # The map's script and styles are loaded by the iframe, from the app's own host, after the data prefetch
    # and Leaflet.
    assert [link.split("?")[0] for link in payload["js_links"]] == [
        "/app/static/map/prefetch.js",
        "/app/static/leaflet/leaflet.js",
        "/app/static/map/claims-map.js",
    ]
    assert [link.split("?")[0] for link in payload["css_links"][1:]] == ["/app/static/map/claims-map.css"]
    for link in payload["js_links"] + payload["css_links"]:
        assert (STATIC_DIR / link.split("?")[0].removeprefix("/app/static/")).is_file(), link
    # What a toggle swaps in is one call with data: no functions, no markup, no styles.
    group = payload["feature_group"]
    config = layer_config(payload)
    assert "ClaimsMap.layers(" in group
    for code in ("function(", "innerHTML", "<style", "<div", "<svg", "L.geoJson", "fetch("):
        assert code not in group.replace("(function() {", ""), code
    assert ".cm-" not in payload["header"] and ".cm-" not in payload["script"]  # the map's styles are in claims-map.css
    assert config["legend"]["rows"][0] == ["ukraine", "Ukrainian-held"]
    assert ["buffer_zone", "Demilitarised buffer zone (proposed)"] in config["legend"]["rows"]


def test_map_texts_travel_as_plain_text_and_cannot_leave_the_script():
    import dataclasses
    import json

    from components.map import _Call, layer_config as build_config
    from components.state import ViewState
    from geodata.dataset import default_dataset

    hostile = "Kam'ianka & <Sons> \"q\" </script><img src=x onerror=alert(1)> ${x}` Кам'янка"
    snapshot = dataclasses.replace(default_dataset().snapshot("2025-11-20"), sources=(hostile,))
    config = build_config(ViewState(control=snapshot.as_of), default_dataset().scenarios()["status-quo"], snapshot)
    assert hostile in config["sources"]  # plain text: the browser shows it with textContent
    for text in [config["sources"], *config["labels"].values(), *config["text"].values()]:
        if isinstance(text, str):
            assert "&amp;" not in text and "&lt;" not in text and "&#" not in text, text
    call = _Call("layers", config, target="group")
    script = call._template.module.script(call, {})
    # Inside the script, <, >, & and ' are \\u escapes: no text can close the script or open markup.
    body = script.split("var cfg = ", 1)[1].split(";\n", 1)[0]
    assert not any(ch in body for ch in "<>&'"), body
    assert json.loads(body)["sources"] == config["sources"]


def test_browser_data_files_hold_plain_text():
    """static/data/*.json: names and notes as plain text, never HTML entities (escaped where shown)."""
    import json
    import re

    from components.offline import STATIC_DIR

    files = sorted((STATIC_DIR / "data").glob("*.json"))
    assert any(f.name == "places.json" for f in files) and any(f.name.startswith("snapshot-") for f in files)
    for path in files:
        text = path.read_text(encoding="utf-8")
        entities = re.findall(r"&(?:[a-zA-Z]+|#[0-9]+|#x[0-9a-fA-F]+);", text)
        assert entities == [], (path.name, entities[:5])
    places = json.loads((STATIC_DIR / "data" / "places.json").read_text(encoding="utf-8"))
    notes = [a["note"] for a in places["assets"]]
    assert any("Europe's largest" in note for note in notes)  # an apostrophe, as written
    assert any(s["uk"] == "Слов’янськ" for s in places["settlements"])
    snapshot = json.loads(next(f for f in files if f.name.startswith("snapshot-")).read_text(encoding="utf-8"))
    names = {f["properties"]["name_uk"] for f in snapshot["parts"]["features"]}
    assert "Луганська область" in names


def test_old_line_is_said_in_one_short_line_naming_the_line_shown_and_the_newer_one():
    # The notice follows the age of the line the map shows, on the day the test runs: shown exactly when stale.
    newest = default_dataset().latest_snapshot()
    for query, lang in (
        ({"scenario": "plan-28-points-2025-11"}, "en"),
        ({"scenario": "plan-28-points-2025-11", "lang": "uk"}, "uk"),
    ):
        at = run_app(query)
        shown = at.session_state["control"]
        labels = [e.label.replace("\\", "") for e in at.expander if shown in e.label.replace("\\", "")]
        assert bool(labels) == is_stale(shown)
        if labels:
            label = labels[0]
            assert age_phrase(shown, lang) in label and (newest in label) == (newest > shown) and "fetch-control" not in label
            assert len(label) <= 70  # one short line: the how-to is behind the click
            assert not [w for w in at.warning if "fetch-control" in w.value]


def test_downloads_method_and_upload_are_drawn_only_once_opened():
    """The three sections behind a click send nothing until opened, then all they hold (README, Performance)."""
    at = run_app({"scenario": "status-quo"})
    assert not at.exception, at.exception
    markdown = " ".join(m.value for m in at.markdown)
    assert at.get("download_button") == [] and at.get("file_uploader") == []
    assert "Control sources" not in markdown
    # Opened: each is a keyed container that reruns the script when it opens.
    opened = dict.fromkeys(("downloads_open", "method_open_a", "upload_open"), True)
    at = run_app({"scenario": "status-quo"}, session_state=opened)
    assert not at.exception, at.exception
    assert len(at.get("download_button")) >= 8
    assert len(at.get("file_uploader")) == 1
    opened = " ".join(m.value for m in at.markdown)
    assert "Control sources" in opened


def test_an_uploaded_file_stays_in_use_when_its_box_is_closed():
    """A widget that is not drawn loses its value: the upload box keeps drawing its contents while a file is in
    it, open or closed, so closing the box never drops the user's line."""
    newest = default_dataset().latest_snapshot()
    at = run_app({"scenario": "status-quo"}, session_state={"upload_open": True})
    data = (ROOT / "geodata" / "data" / "control" / f"{newest}.geojson").read_bytes()
    at.get("file_uploader")[0].set_value((f"line-{newest}.geojson", data, "application/geo+json")).run()
    assert not at.exception, at.exception
    assert layer_config(map_payloads(at)[0])["snapshot_url"] is None  # drawn from the upload, sent inline
    # Said above the map, with the file's name and how old its line is, instead of the shipped line's notice.
    notices = [i.value.replace("\\", "") for i in at.info]  # as shown: without the Markdown escapes
    assert any(f"line-{newest}.geojson" in n and f"as of {newest}" in n and "this session only" in n for n in notices), notices
    assert not any("newest line of contact in this copy" in w.value for w in at.warning)
    at.session_state["upload_open"] = False
    at.run()
    assert not at.exception, at.exception
    assert len(at.get("file_uploader")) == 1
    assert layer_config(map_payloads(at)[0])["snapshot_url"] is None


def test_a_typed_figure_title_survives_the_downloads_being_closed_and_reopened():
    at = run_app({"scenario": "status-quo"}, session_state={"downloads_open": True})
    at.text_input(key="figure_title").input("Briefing, 1 December").run()
    at.session_state["downloads_open"] = False
    at.run()
    assert at.get("text_input") == []  # closed: not drawn
    at.session_state["downloads_open"] = True
    at.run()
    assert not at.exception, at.exception
    assert at.text_input(key="figure_title").value == "Briefing, 1 December"
    assert not any("Session State" in w.value for w in at.warning), [w.value for w in at.warning]


def test_each_panel_of_a_comparison_opens_its_own_method():
    at = run_app({"scenario": "plan-28-points-2025-11", "compare": "status-quo"}, session_state={"method_open_b": True})
    assert not at.exception, at.exception
    methods = [" ".join(m.value for m in e.markdown) for e in at.expander if e.label == "Method and sources"]
    assert len(methods) == 2
    assert methods[0] == "" and "Control sources" in methods[1]
    assert "Status quo" in methods[1]


def _options_heading(at) -> str:
    """The heading of the sidebar's section of options region by region, as shown (Markdown escapes undone)."""
    labels = [e.label.replace("\\", "") for e in at.sidebar.expander]
    return next(label for label in labels if label.startswith(("De jure and de facto options", "Варіанти de jure")))


def _option_keys(at) -> list[str]:
    return [s.key for s in at.selectbox if s.key.startswith("opt_")] + [m.key for m in at.multiselect if m.key.startswith("opt_")]


def test_the_options_by_region_are_closed_on_a_preset_and_not_sent():
    """On a preset the ten option widgets are not in the page (their section is drawn only once opened); its
    heading names the proposal the options start from, and the map and the link are the preset's."""
    from components.sidebar import scenario_label

    plan = default_dataset().scenarios()["plan-28-points-2025-11"]
    at = run_app({"scenario": plan.id})
    assert not at.exception, at.exception
    assert _option_keys(at) == []
    assert _options_heading(at) == f"De jure and de facto options by region, as in: {scenario_label(plan, 'en')}"
    assert "(as reported)" in _options_heading(at)  # the plan's terms were reported, not seen
    assert dict(at.query_params) == {"scenario": plan.id}
    statuses = part_statuses(map_payloads(at)[0])
    assert all(status == plan.status(*part.split("/")).value for part, status in statuses.items())
    # Opened: every option, set to the preset's.
    at.session_state["options_open"] = True
    at.run()
    assert len(_option_keys(at)) == 10
    expected = preset_options(plan.id)
    assert at.selectbox(key="opt_crimea").value == expected.crimea
    for region_id, option in expected.oblasts.items():
        assert at.selectbox(key=f"opt_held_{region_id}").value == option.held
        assert at.selectbox(key=f"opt_rem_{region_id}").value == option.remainder
    assert at.multiselect(key="opt_returned").value == sorted(expected.returned_outside)


def test_a_custom_link_opens_the_options_showing_what_was_chosen():
    chosen = Options(
        crimea=Status.FROZEN,
        oblasts={
            "UA-14": OblastOption(Status.DE_FACTO_RUSSIA, Status.BUFFER_ZONE),
            "UA-09": OblastOption(Status.DE_JURE_RUSSIA, Status.DE_JURE_RUSSIA),
            "UA-23": OblastOption(Status.RETURNED, Status.UKRAINE),
            "UA-65": OblastOption(Status.FROZEN, Status.UKRAINE),
        },
        returned_outside=frozenset({"UA-63"}),
    )
    query = {"scenario": "custom", "base": "us-2025-04", "opts": encode_options(chosen)}
    at = run_app(query)
    assert not at.exception and not view_warnings(at)
    assert _options_heading(at) == (
        "De jure and de facto options by region, custom, starting from: "
        + default_dataset().scenarios()["us-2025-04"].text("title", "en")
    )
    assert at.selectbox(key="opt_crimea").value == Status.FROZEN
    for region_id, option in chosen.oblasts.items():
        assert at.selectbox(key=f"opt_held_{region_id}").value == option.held
        assert at.selectbox(key=f"opt_rem_{region_id}").value == option.remainder
    assert at.multiselect(key="opt_returned").value == ["UA-63"]
    # The link the page writes is the one it was opened with, and opens the same view again.
    assert dict(at.query_params) == query
    again = run_app(dict(at.query_params))
    assert dict(again.query_params) == query
    assert part_statuses(map_payloads(again)[0]) == part_statuses(map_payloads(at)[0])
    assert again.session_state["options_open"] is True


def test_options_are_kept_while_their_section_is_closed_and_other_controls_change():
    at = run_app({"scenario": "status-quo"}, session_state={**OPTIONS_OPEN, "display_open": True})
    at.selectbox(key="opt_rem_UA-14").set_value(Status.BUFFER_ZONE).run()
    at.selectbox(key="opt_crimea").set_value(Status.RETURNED).run()
    opts = at.query_params["opts"]
    assert decode_options(opts).crimea == Status.RETURNED
    at.session_state["options_open"] = False
    at.run()
    assert _option_keys(at) == []
    # Other controls while closed: another line of contact, a layer, the language and back.
    dates = at.radio(key="control").options
    at.radio(key="control").set_value(dates[0]).run()
    at.checkbox(key="layer_assets").check().run()
    at.radio(key="lang").set_value("uk").run()
    at.radio(key="lang").set_value("en").run()
    assert not at.exception, at.exception
    assert at.query_params["scenario"] == "custom" and at.query_params["opts"] == opts
    statuses = part_statuses(map_payloads(at)[0])
    assert statuses["UA-14/ukrainian_held"] == "buffer_zone"
    assert statuses["UA-43/russian_held"] == "returned"
    at.session_state["options_open"] = True
    at.run()
    assert at.selectbox(key="opt_rem_UA-14").value == Status.BUFFER_ZONE
    assert at.selectbox(key="opt_crimea").value == Status.RETURNED
    assert not any("Session State" in w.value for w in at.warning), [w.value for w in at.warning]


def test_the_options_section_stays_open_across_a_new_heading():
    """Its heading names the proposal and is in the page's language; a new heading is a new element to Streamlit,
    and the section stays as the user left it: open after a toggle makes the view custom, a language switch and
    another preset."""
    at = run_app({"scenario": "status-quo"}, session_state=OPTIONS_OPEN)
    at.selectbox(key="opt_held_UA-23").set_value(Status.FROZEN).run()
    assert _options_heading(at).startswith("De jure and de facto options by region, custom, starting from: ")
    at.radio(key="lang").set_value("uk").run()
    assert _options_heading(at).startswith("Варіанти de jure і de facto за регіонами")
    assert at.selectbox(key="opt_held_UA-23").value == Status.FROZEN
    at.selectbox(key="scenario").set_value("us-2025-04").run()
    assert at.selectbox(key="opt_crimea").value == preset_options("us-2025-04").crimea
    assert not at.exception, at.exception


def test_choosing_custom_options_opens_their_section_at_the_proposal_shown():
    at = run_app({"scenario": "plan-28-points-2025-11"})
    assert _option_keys(at) == []
    at.selectbox(key="scenario").set_value("custom").run()
    assert not at.exception, at.exception
    assert len(_option_keys(at)) == 10
    expected = preset_options("plan-28-points-2025-11")
    assert at.selectbox(key="opt_rem_UA-14").value == expected.oblasts["UA-14"].remainder
    assert decode_options(at.query_params["opts"]) == expected


@pytest.mark.parametrize(
    "query, opened",
    [
        ({"scenario": "status-quo"}, False),
        ({"scenario": "status-quo", "present": "1"}, False),
        ({"scenario": "status-quo", "compare": "us-2025-04"}, True),
        ({"scenario": "status-quo", "layers": "line"}, True),
        ({"scenario": "status-quo", "tiles": "osm"}, True),
        ({"scenario": "status-quo", "lat": "48.0000", "lon": "35.0000", "zoom": "7"}, True),
    ],
)
def test_what_the_map_shows_is_closed_unless_the_link_sets_it(query, opened):
    """Layers, base map, comparison and presentation view: one section, drawn only while open, open on a link that
    sets any of the first three (or the map's view), so a shared link shows what was chosen."""
    at = run_app(query)
    assert not at.exception, at.exception
    drawn = [c.key for c in at.checkbox] + [s.key for s in at.selectbox if s.key in ("tiles", "compare")]
    if opened:
        assert {"layer_line", "layer_assets", "sync_view", "tiles", "compare"} <= set(drawn), drawn
    else:
        assert drawn == []
    assert dict(at.query_params) == query  # the link the page writes is the one it was opened with


def test_what_the_map_shows_is_kept_while_its_section_is_closed():
    at = run_app({"scenario": "status-quo"}, session_state={"display_open": True})
    at.checkbox(key="layer_assets").check().run()
    at.selectbox(key="compare").set_value("us-2025-04").run()
    at.selectbox(key="tiles").set_value("osm").run()
    written = dict(at.query_params)
    assert written["compare"] == "us-2025-04" and written["tiles"] == "osm" and "assets" in written["layers"]
    at.session_state["display_open"] = False
    at.run()
    assert [c.key for c in at.checkbox] == []
    at.selectbox(key="scenario").set_value("plan-28-points-2025-11").run()
    at.radio(key="lang").set_value("uk").run()
    assert not at.exception, at.exception
    assert len(map_payloads(at)) == 2  # still a comparison: both maps
    kept = ("compare", "tiles", "layers")
    assert {k: at.query_params[k] for k in kept} == {k: written[k] for k in kept}
    at.session_state["display_open"] = True
    at.run()
    assert at.checkbox(key="layer_assets").value is True
    assert at.selectbox(key="compare").value == "us-2025-04" and at.selectbox(key="tiles").value == "osm"
    assert not any("Session State" in w.value for w in at.warning), [w.value for w in at.warning]


def test_a_comparison_says_where_a_proposal_is_drawn_on_another_line_than_its_own():
    """The 28-point plan alone is drawn on its own line (2025-11-20); beside the US proposal both are drawn on the
    newest line, and the plan's heading says so and names its own line (found by a new-user trial)."""
    from tests.apphelpers import run_app

    dataset = default_dataset()
    plan, us = dataset.scenario("plan-28-points-2025-11"), dataset.scenario("us-2025-04")
    at = run_app({"scenario": plan.id, "compare": us.id})
    assert not at.exception, at.exception
    # The Markdown as shown: its escapes removed.
    text = " ".join(m.value for m in at.markdown).replace("\\", "")
    newest = dataset.latest_snapshot()
    for scenario in (plan, us):
        assert scenario.control != newest
        assert word("compare_own_line_note", "en", own=scenario.control) in text
    # On the plan's own line, the plan has no such note; the US proposal still has its own.
    alone = run_app({"scenario": plan.id, "compare": us.id, "control": plan.control})
    texts = " ".join(m.value for m in alone.markdown).replace("\\", "")
    assert word("compare_own_line_note", "en", own=plan.control) not in texts
    assert word("compare_own_line_note", "en", own=us.control) in texts
