"""The dashboard, headless (AppTest): presets, toggles, URL state, hostile parameters."""

from __future__ import annotations

import pytest

from components.state import decode_options, encode_options, parse_query, to_query
from geodata.scenarios import Status, load_scenarios
from tests.apphelpers import layer_config, map_payloads, metric_values, outside_urls, part_statuses, run_app


@pytest.mark.parametrize("scenario_id", sorted(load_scenarios()))
def test_every_preset_renders(scenario_id):
    at = run_app({"scenario": scenario_id})
    assert not at.exception, at.exception
    assert not at.warning, [w.value for w in at.warning]
    payload = map_payloads(at)[0]
    assert outside_urls(payload) == []
    statuses = part_statuses(payload)
    scenario = load_scenarios()[scenario_id]
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
    assert statuses["UA-23/russian_held"] == "frozen"
    assert at.selectbox(key="scenario").value == "plan-28-points-2025-11"


def test_a_toggle_changes_the_map_and_the_numbers_and_becomes_custom():
    at = run_app({"scenario": "status-quo"})
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
    at = run_app({"scenario": "status-quo"})
    at.selectbox(key="scenario").set_value("us-2025-04").run()
    assert at.selectbox(key="opt_crimea").value == Status.DE_JURE_RUSSIA
    assert at.selectbox(key="opt_held_UA-23").value == Status.DE_FACTO_RUSSIA
    assert at.multiselect(key="opt_returned").value == ["UA-63"]
    assert part_statuses(map_payloads(at)[0])["UA-63/russian_held"] == "returned"


def test_custom_options_from_the_url_round_trip():
    state, notices = parse_query({"scenario": "plan-28-points-2025-11"})
    query = to_query(state)
    assert query == {"scenario": "plan-28-points-2025-11"}
    custom = {"scenario": "custom", "base": "status-quo", "opts": encode_options(state.options), "layers": "line,assets"}
    at = run_app(custom)
    assert not at.exception and not at.warning
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
    warnings = [w.value for w in at.warning]
    assert any(parameter in w for w in warnings), warnings
    for w in warnings:
        assert "<script" not in w and "onerror" not in w and "${" not in w
    payload = map_payloads(at)[0]
    assert len(part_statuses(payload)) >= 27
    assert outside_urls(payload) == []


def test_presentation_view_puts_title_and_sources_on_the_map():
    at = run_app({"scenario": "us-2025-04", "present": "1"})
    assert not at.exception
    payload = map_payloads(at)[0]
    script = payload["feature_group"]
    assert "cm-titlebox" in script and "US proposal (April 2025)" in script and "as reported" in script
    assert "Natural Earth" in script
    assert not at.title  # no page title in presentation view: the map carries it


def test_ukrainian_interface():
    at = run_app({"scenario": "status-quo", "lang": "uk"})
    assert not at.exception
    config = layer_config(map_payloads(at)[0])
    assert config["lang"] == "uk" and config["labels"]["ukraine"] == "Під контролем України"
    assert "Площа" == config["text"]["area"]


def test_a_link_cannot_put_words_on_the_page():
    spoof = "Ukraine agreed to cede Donbas\n===\n" + "x" * 3000
    at = run_app({spoof: "1", "scenario": "status-quo", "opts": "c.dj"})
    warnings = [w.value for w in at.warning]
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
    from geodata import control, paths

    control_dir = tmp_path / "control"
    shutil.copytree(paths.CONTROL_DIR, control_dir)
    shutil.copy(paths.PROVENANCE_PATH, tmp_path / "PROVENANCE.json")
    monkeypatch.setattr(paths, "CONTROL_DIR", control_dir)
    monkeypatch.setattr(paths, "PROVENANCE_PATH", tmp_path / "PROVENANCE.json")
    for cached in (control.load_snapshot, control._built_outputs):
        cached.cache_clear()
    try:
        assert snapshot_url(control.load_snapshot("2025-11-20")) == "/app/static/data/snapshot-2025-11-20.json"
        # What `import-control --force` does: a different file under the shipped date.
        collection = json.loads((control_dir / "2025-11-20.json".replace(".json", ".geojson")).read_text())
        collection["features"] = collection["features"][:1]
        (control_dir / "2025-11-20.geojson").write_text(json.dumps(collection))
        control.load_snapshot.cache_clear()
        snapshot = control.load_snapshot("2025-11-20")
        assert snapshot.key.startswith("file:2025-11-20:")
        assert snapshot_url(snapshot) is None  # drawn from its own data, sent inline
    finally:
        for cached in (control.load_snapshot, control._built_outputs):
            cached.cache_clear()
