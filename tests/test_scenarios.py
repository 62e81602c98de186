"""Scenario files, their validation, and options that round-trip through presets."""

from __future__ import annotations

import pytest

from geodata.control import list_snapshots
from geodata.regions import load_regions
from geodata.scenarios import (
    OUTSIDE_ANNEXED,
    Options,
    ScenarioError,
    Status,
    custom_scenario,
    load_scenarios,
    options_from_statuses,
    options_to_statuses,
    read_scenario_file,
)

S = Status
CRIMEA = ("UA-43", "UA-40")
REQUIRED = {"status-quo", "ukraine-peace-formula", "russia-2024-06", "us-2025-04", "plan-28-points-2025-11"}

# What each preset's sources say (FACTS: settlement proposals by region), as (Russian-held, Ukrainian-held).
EXPECTED = {
    "status-quo": {r: (S.OCCUPIED, S.UKRAINE) for r in ("UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "UA-63")},
    "ukraine-peace-formula": {r: (S.RETURNED, S.UKRAINE) for r in ("UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "UA-63", "UA-59", "UA-12", "UA-48")},
    "russia-2024-06": {
        "UA-43": (S.DE_JURE_RUSSIA, S.UKRAINE), "UA-40": (S.DE_JURE_RUSSIA, S.UKRAINE),
        **{r: (S.DE_JURE_RUSSIA, S.DE_JURE_RUSSIA) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
    },
    "us-2025-04": {
        "UA-43": (S.DE_JURE_RUSSIA, S.UKRAINE), "UA-40": (S.DE_JURE_RUSSIA, S.UKRAINE),
        **{r: (S.DE_FACTO_RUSSIA, S.UKRAINE) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
        "UA-63": (S.RETURNED, S.UKRAINE),
    },
    "plan-28-points-2025-11": {
        "UA-43": (S.DE_FACTO_RUSSIA, S.UKRAINE), "UA-40": (S.DE_FACTO_RUSSIA, S.UKRAINE),
        "UA-09": (S.DE_FACTO_RUSSIA, S.DE_FACTO_RUSSIA),
        "UA-14": (S.DE_FACTO_RUSSIA, S.BUFFER_ZONE),
        "UA-23": (S.FROZEN, S.UKRAINE), "UA-65": (S.FROZEN, S.UKRAINE),
        **{r: (S.RETURNED, S.UKRAINE) for r in OUTSIDE_ANNEXED},
    },
    "minsk-2015": {"UA-14": (S.RETURNED, S.UKRAINE), "UA-09": (S.RETURNED, S.UKRAINE), "UA-43": (S.OCCUPIED, S.UKRAINE)},
    "framework-20-points-2025-12": {
        **{r: (S.FROZEN, S.UKRAINE) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
        **{r: (S.RETURNED, S.UKRAINE) for r in OUTSIDE_ANNEXED},
    },
}


def test_required_presets_exist():
    assert REQUIRED <= set(load_scenarios())


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_each_preset_gives_the_statuses_its_sources_say(scenario_id):
    scenario = load_scenarios()[scenario_id]
    for region_id, (held, remainder) in EXPECTED[scenario_id].items():
        assert scenario.status(region_id, "russian_held") == held, region_id
        assert scenario.status(region_id, "ukrainian_held") == remainder, region_id
    # Regions nobody proposes to change stay as they are.
    for region_id in ("UA-46", "UA-30", "UA-51"):
        assert scenario.status(region_id, "ukrainian_held") == S.UKRAINE


def test_every_preset_is_dated_sourced_and_marked():
    for scenario in load_scenarios().values():
        assert scenario.sources and scenario.date and scenario.summary and scenario.title_uk and scenario.summary_uk
        if scenario.as_reported:
            assert "as reported" in scenario.summary.lower() and any("as reported" in s for s in scenario.sources)
        assert scenario.control in list_snapshots(), scenario.id


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_options_round_trip_for_every_preset(scenario_id):
    scenario = load_scenarios()[scenario_id]
    options = options_from_statuses(scenario.regions)
    assert options is not None, f"{scenario_id} cannot be expressed by the toggles"
    assert options_to_statuses(options) == dict(scenario.regions)
    assert options_from_statuses(options_to_statuses(options)) == options


def test_options_that_no_toggle_can_express_are_reported_as_none():
    statuses = dict(load_scenarios()["status-quo"].regions)
    crimea = statuses["UA-43"]
    statuses["UA-43"] = type(crimea)(S.DE_JURE_RUSSIA, S.UKRAINE)  # Crimea recognised, Sevastopol not
    assert options_from_statuses(statuses) is None


def test_toggling_one_option_changes_only_that_oblast():
    base = Options()
    changed = base.with_oblast("UA-14", remainder=S.BUFFER_ZONE)
    before, after = options_to_statuses(base), options_to_statuses(changed)
    assert [r for r in before if before[r] != after[r]] == ["UA-14"]
    assert custom_scenario(changed).status("UA-14", "ukrainian_held") == S.BUFFER_ZONE


def _write(tmp_path, name, regions_text, extra=""):
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f'id = "{name}"\ntitle = "T"\ndate = "2025-01-01"\nsummary = "S"\nsources = ["X"]\nas_reported = false\n{extra}\n[regions]\n{regions_text}',
        encoding="utf-8",
    )
    return path


def _all_regions(**overrides):
    lines = []
    for region_id in load_regions().index:
        held, rem = overrides.get(region_id, ("occupied", "ukraine"))
        lines.append(f'"{region_id}" = {{ russian_held = "{held}", ukrainian_held = "{rem}" }}')
    return "\n".join(lines)


def test_a_valid_file_loads(tmp_path):
    scenario = read_scenario_file(_write(tmp_path, "ok", _all_regions()))
    assert scenario.status("UA-14", "russian_held") == S.OCCUPIED


def test_unknown_region_names_file_and_key(tmp_path):
    path = _write(tmp_path, "bad-region", _all_regions() + '\n"UA-99" = { russian_held = "occupied", ukrainian_held = "ukraine" }')
    with pytest.raises(ScenarioError, match=r"bad-region\.toml: unknown region 'UA-99'"):
        read_scenario_file(path)


def test_unknown_status_names_file_and_key(tmp_path):
    path = _write(tmp_path, "bad-status", _all_regions(**{"UA-14": ("annexed", "ukraine")}))
    with pytest.raises(ScenarioError, match=r"bad-status\.toml: regions\.UA-14\.russian_held: unknown status 'annexed'"):
        read_scenario_file(path)


def test_missing_region_names_file_and_key(tmp_path):
    text = "\n".join(line for line in _all_regions().splitlines() if not line.startswith('"UA-65"'))
    with pytest.raises(ScenarioError, match=r"missing-region\.toml: region 'UA-65' is missing"):
        read_scenario_file(_write(tmp_path, "missing-region", text))


def test_status_a_part_cannot_take(tmp_path):
    path = _write(tmp_path, "bad-part", _all_regions(**{"UA-46": ("occupied", "returned")}))
    with pytest.raises(ScenarioError, match=r"regions\.UA-46\.ukrainian_held cannot be 'returned'"):
        read_scenario_file(path)


def test_missing_key_and_bad_toml(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('id = "broken"\ntitle = ', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: not valid TOML"):
        read_scenario_file(path)
    path.write_text('id = "broken"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: missing key 'title'"):
        read_scenario_file(path)
