"""Scenario files, their validation, and options that round-trip through presets."""

from __future__ import annotations

import tomllib

import pytest

from geodata import paths
from geodata.dataset import default_dataset
from geodata.scenarios import (
    OUTSIDE_ANNEXED,
    PART_STATUSES,
    REQUIRED_TEXTS,
    Options,
    ScenarioError,
    Status,
    custom_scenario,
    options_from_statuses,
    options_to_statuses,
    parse_scenario,
    read_scenario_file as _read_file,
)
from geodata.scenarios.schema import ScenarioFile, markdown_reference

ROOT = paths.PACKAGE_DIR.parent
REGION_IDS = tuple(default_dataset().regions().index)
DATES = default_dataset().snapshot_dates()


def read_scenario_file(path):
    """A file validated against the package's regions and control snapshots (parsing itself reads nothing else)."""
    return _read_file(path, REGION_IDS, DATES)


S = Status
CRIMEA = ("UA-43", "UA-40")
REQUIRED = {
    "status-quo",
    "ukraine-peace-formula",
    "russia-2024-06",
    "us-2025-04",
    "plan-28-points-2025-11",
    "framework-20-points-2025-12",
    "minsk-2015",
    "russia-anchorage-2025-08",
}

# What each preset's sources say (FACTS: settlement proposals by region), as (Russian-held, Ukrainian-held).
EXPECTED = {
    "status-quo": {r: (S.OCCUPIED, S.UKRAINE) for r in ("UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "UA-63")},
    "ukraine-peace-formula": {
        r: (S.RETURNED, S.UKRAINE)
        for r in ("UA-43", "UA-40", "UA-14", "UA-09", "UA-23", "UA-65", "UA-63", "UA-59", "UA-12", "UA-48")
    },
    "russia-2024-06": {
        "UA-43": (S.DE_JURE_RUSSIA, S.UKRAINE),
        "UA-40": (S.DE_JURE_RUSSIA, S.UKRAINE),
        **{r: (S.DE_JURE_RUSSIA, S.DE_JURE_RUSSIA) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
    },
    "russia-memorandum-2025-06": {
        "UA-43": (S.DE_JURE_RUSSIA, S.UKRAINE),
        "UA-40": (S.DE_JURE_RUSSIA, S.UKRAINE),
        **{r: (S.DE_JURE_RUSSIA, S.DE_JURE_RUSSIA) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
        "UA-63": (S.OCCUPIED, S.UKRAINE),
    },
    "us-2025-04": {
        "UA-43": (S.DE_JURE_RUSSIA, S.UKRAINE),
        "UA-40": (S.DE_JURE_RUSSIA, S.UKRAINE),
        **{r: (S.DE_FACTO_RUSSIA, S.UKRAINE) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
        "UA-63": (S.RETURNED, S.UKRAINE),
    },
    # Point 21: (a) Crimea, Luhansk, Donetsk de facto Russian; (b) Kherson and Zaporizhzhia frozen on the line of
    # contact, "which will mean de facto recognition along the line of contact"; (c) "other agreed territories"
    # outside the five regions relinquished; (d) the Ukrainian-held part of Donetsk a buffer zone.
    "plan-28-points-2025-11": {
        "UA-43": (S.DE_FACTO_RUSSIA, S.UKRAINE),
        "UA-40": (S.DE_FACTO_RUSSIA, S.UKRAINE),
        "UA-09": (S.DE_FACTO_RUSSIA, S.DE_FACTO_RUSSIA),
        "UA-14": (S.DE_FACTO_RUSSIA, S.BUFFER_ZONE),
        "UA-23": (S.DE_FACTO_RUSSIA, S.UKRAINE),
        "UA-65": (S.DE_FACTO_RUSSIA, S.UKRAINE),
        **{r: (S.RETURNED, S.UKRAINE) for r in OUTSIDE_ANNEXED},
    },
    "minsk-2015": {"UA-14": (S.RETURNED, S.UKRAINE), "UA-09": (S.RETURNED, S.UKRAINE), "UA-43": (S.OCCUPIED, S.UKRAINE)},
    # Point 14: the troops' line on the date of the agreement is the de facto line of contact; Russia leaves the rest.
    "framework-20-points-2025-12": {
        **{r: (S.FROZEN, S.UKRAINE) for r in ("UA-14", "UA-09", "UA-23", "UA-65")},
        **{r: (S.RETURNED, S.UKRAINE) for r in OUTSIDE_ANNEXED},
        "UA-43": (S.OCCUPIED, S.UKRAINE),
    },
    # FT via The Irish Times 2025-08-18; Reuters 2025-08-16 and 2025-08-21: Ukraine leaves Donetsk (and, in most
    # versions, Luhansk), the front frozen in Zaporizhzhia and Kherson, Crimea "formally recognised", small areas of
    # Kharkiv, Sumy and Dnipropetrovsk handed back; the Kinburn spit not mentioned.
    "russia-anchorage-2025-08": {
        "UA-43": (S.DE_JURE_RUSSIA, S.UKRAINE),
        "UA-40": (S.DE_JURE_RUSSIA, S.UKRAINE),
        "UA-14": (S.DE_FACTO_RUSSIA, S.DE_FACTO_RUSSIA),
        "UA-09": (S.DE_FACTO_RUSSIA, S.DE_FACTO_RUSSIA),
        "UA-23": (S.FROZEN, S.UKRAINE),
        "UA-65": (S.FROZEN, S.UKRAINE),
        **{r: (S.RETURNED, S.UKRAINE) for r in ("UA-63", "UA-59", "UA-12")},
        "UA-48": (S.OCCUPIED, S.UKRAINE),
    },
}

# Where a preset's text qualifies a part's status, the note must say so (region, part, words it must contain).
REQUIRED_PART_NOTES = {
    "plan-28-points-2025-11": [
        *((r, "russian_held", ("as reported", "other agreed territories", "extent not specified")) for r in OUTSIDE_ANNEXED),
        *((r, "russian_held", ("freeze on the line of contact", "21(b)")) for r in ("UA-23", "UA-65")),
    ],
    "russia-anchorage-2025-08": [("UA-09", "ukrainian_held", ("some versions",))],
}


def test_required_presets_exist():
    assert set(default_dataset().scenarios()) >= REQUIRED
    # Every preset comes with the table of what its sources say.
    assert set(EXPECTED) == set(default_dataset().scenarios())


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_each_preset_gives_the_statuses_its_sources_say(scenario_id):
    scenario = default_dataset().scenarios()[scenario_id]
    for region_id, (held, remainder) in EXPECTED[scenario_id].items():
        assert scenario.status(region_id, "russian_held") == held, region_id
        assert scenario.status(region_id, "ukrainian_held") == remainder, region_id
    # Regions nobody proposes to change stay as they are.
    for region_id in ("UA-46", "UA-30", "UA-51"):
        assert scenario.status(region_id, "ukrainian_held") == S.UKRAINE


def test_every_preset_is_dated_sourced_and_marked():
    for scenario in default_dataset().scenarios().values():
        assert scenario.sources and scenario.date and scenario.summary and scenario.title_uk and scenario.summary_uk
        if scenario.as_reported:
            assert "as reported" in scenario.summary.lower() and any("as reported" in s for s in scenario.sources)
        assert scenario.control in default_dataset().snapshot_dates(), scenario.id


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_every_preset_says_who_proposed_and_accepted_it_and_where_it_stands_in_both_languages(scenario_id):
    scenario = default_dataset().scenarios()[scenario_id]
    for key in ("proposed_by", "accepted_by", "talks_status"):
        english, ukrainian = scenario.text(key, "en"), scenario.text(key, "uk")
        assert english.strip() and ukrainian.strip(), key
        assert english != ukrainian, f"{key} is not translated"
    assert len(scenario.notes_in("uk")) == len(scenario.notes)
    assert all(uk != en for en, uk in zip(scenario.notes, scenario.notes_in("uk"), strict=False))


def test_no_proposal_is_shown_as_accepted_by_anyone():
    # No settlement has been signed; only Minsk II, a signed text of 2015, and the status quo (no proposal) differ.
    for scenario in default_dataset().scenarios().values():
        if scenario.id in ("minsk-2015", "status-quo"):
            continue
        accepted = scenario.accepted_by.lower()
        assert accepted.startswith(("nobody", "not accepted")) and "no agreement signed" in accepted, scenario.id


@pytest.mark.parametrize("scenario_id", sorted(REQUIRED_PART_NOTES))
def test_notes_qualify_the_parts_the_texts_qualify(scenario_id):
    scenario = default_dataset().scenarios()[scenario_id]
    for region_id, part, words in REQUIRED_PART_NOTES[scenario_id]:
        for lang in ("en", "uk"):
            assert scenario.part_note(region_id, part, lang), (region_id, part, lang)
        note = scenario.part_note(region_id, part).lower()
        assert all(w in note for w in words), (region_id, part, note)
    # A part the text does not qualify has no note.
    assert scenario.part_note("UA-46", "ukrainian_held") == ""


def test_plan_28_points_says_de_facto_by_a_freeze_in_summary_notes_and_legend():
    scenario = default_dataset().scenarios()["plan-28-points-2025-11"]
    for text in (scenario.summary, " ".join(scenario.notes), scenario.status_note(S.DE_FACTO_RUSSIA)):
        assert "de facto recognition along" in text and "line of contact" in text
    assert "extent not specified" in scenario.status_note(S.RETURNED)
    assert "other agreed territories" in scenario.summary
    # Every status note and part note has its Ukrainian version.
    for status in scenario.status_notes:
        assert scenario.status_note(status, "uk") and scenario.status_note(status, "uk") != scenario.status_note(status)
    for region_id, part in scenario.part_notes:
        assert scenario.part_note(region_id, part, "uk") != scenario.part_note(region_id, part, "en")


def test_framework_is_kyivs_draft_not_agreed_and_drawn_on_the_newest_line():
    scenario = default_dataset().scenarios()["framework-20-points-2025-12"]
    assert "Kyiv's draft" in scenario.summary
    assert "not agreed" in scenario.summary and "Russia did not accept" in scenario.summary
    # The troops' line on the day of signature: none was signed, so the newest snapshot, whatever its date.
    assert scenario.control_latest and scenario.control == default_dataset().latest_snapshot()
    assert any("newest control snapshot" in note for note in scenario.notes)


def test_minsk_uses_the_texts_own_words_and_no_characterisation_of_ours():
    scenario = default_dataset().scenarios()["minsk-2015"]
    text = " ".join((scenario.summary, *scenario.notes, scenario.status_note(S.RETURNED)))
    assert "certain areas of the Donetsk and Luhansk regions" in text and "Russian-backed forces" in text
    assert "proxies" not in text.lower() and "separatist" not in text.lower()


def test_anchorage_preset_exists_validates_and_is_reported():
    path = paths.SCENARIOS_DIR / "russia-anchorage-2025-08.toml"
    scenario = read_scenario_file(path)  # validates the file on its own
    assert scenario == default_dataset().scenarios()["russia-anchorage-2025-08"]
    assert scenario.date == "2025-08-15" and scenario.as_reported
    # Shown against the newest snapshot before the summit.
    assert scenario.control == max(d for d in default_dataset().snapshot_dates() if d <= scenario.date)
    assert any("Financial Times" in s and "Irish Times, 2025-08-18" in s for s in scenario.sources)
    assert any(s.startswith("Reuters, 2025-08-21") for s in scenario.sources)
    assert "as reported" in scenario.summary.lower()


@pytest.mark.parametrize("scenario_id", sorted(EXPECTED))
def test_options_round_trip_for_every_preset(scenario_id):
    scenario = default_dataset().scenarios()[scenario_id]
    options = options_from_statuses(scenario.regions)
    assert options is not None, f"{scenario_id} cannot be expressed by the toggles"
    assert options_to_statuses(options, REGION_IDS) == dict(scenario.regions)
    assert options_from_statuses(options_to_statuses(options, REGION_IDS)) == options


def test_options_that_no_toggle_can_express_are_reported_as_none():
    statuses = dict(default_dataset().scenarios()["status-quo"].regions)
    crimea = statuses["UA-43"]
    statuses["UA-43"] = type(crimea)(S.DE_JURE_RUSSIA, S.UKRAINE)  # Crimea recognised, Sevastopol not
    assert options_from_statuses(statuses) is None


def test_toggling_one_option_changes_only_that_oblast():
    base = Options()
    changed = base.with_oblast("UA-14", remainder=S.BUFFER_ZONE)
    before, after = options_to_statuses(base, REGION_IDS), options_to_statuses(changed, REGION_IDS)
    assert [r for r in before if before[r] != after[r]] == ["UA-14"]
    assert custom_scenario(changed, region_ids=REGION_IDS).status("UA-14", "ukrainian_held") == S.BUFFER_ZONE


TEXTS = "".join(f'{key} = "{key} text"\n{key}_uk = "{key} текст"\n' for key in REQUIRED_TEXTS)


def _write(tmp_path, name, regions_text, extra="", texts=TEXTS, tables=""):
    path = tmp_path / f"{name}.toml"
    path.write_text(
        f'id = "{name}"\ndate = "2025-01-01"\nsources = ["X"]\nas_reported = false\n'
        f"{texts}{extra}\n{tables}\n[regions]\n{regions_text}",
        encoding="utf-8",
    )
    return path


def _all_regions(**overrides):
    lines = []
    for region_id in default_dataset().regions().index:
        held, rem = overrides.get(region_id, ("occupied", "ukraine"))
        lines.append(f'"{region_id}" = {{ russian_held = "{held}", ukrainian_held = "{rem}" }}')
    return "\n".join(lines)


def test_a_valid_file_loads(tmp_path):
    scenario = read_scenario_file(_write(tmp_path, "ok", _all_regions()))
    assert scenario.status("UA-14", "russian_held") == S.OCCUPIED


def test_unknown_region_names_file_and_key(tmp_path):
    path = _write(
        tmp_path, "bad-region", _all_regions() + '\n"UA-99" = { russian_held = "occupied", ukrainian_held = "ukraine" }'
    )
    with pytest.raises(ScenarioError, match=r"bad-region\.toml: regions: unknown region 'UA-99'"):
        read_scenario_file(path)


def test_unknown_status_names_file_and_key(tmp_path):
    path = _write(tmp_path, "bad-status", _all_regions(**{"UA-14": ("annexed", "ukraine")}))
    with pytest.raises(
        ScenarioError, match=r"bad-status\.toml: regions\.UA-14\.russian_held: 'annexed' is not one of occupied, de_jure_russia"
    ):
        read_scenario_file(path)


def test_missing_region_names_file_and_key(tmp_path):
    text = "\n".join(line for line in _all_regions().splitlines() if not line.startswith('"UA-65"'))
    with pytest.raises(ScenarioError, match=r"missing-region\.toml: regions: region 'UA-65' is missing"):
        read_scenario_file(_write(tmp_path, "missing-region", text))


def test_status_a_part_cannot_take(tmp_path):
    path = _write(tmp_path, "bad-part", _all_regions(**{"UA-46": ("occupied", "returned")}))
    with pytest.raises(
        ScenarioError, match=r"bad-part\.toml: regions\.UA-46\.ukrainian_held: 'returned' is not one of ukraine, de_jure_russia"
    ):
        read_scenario_file(path)


def test_missing_key_and_bad_toml(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text('id = "broken"\ntitle = ', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: not valid TOML"):
        read_scenario_file(path)
    path.write_text('id = "broken"\n', encoding="utf-8")
    with pytest.raises(ScenarioError, match=r"broken\.toml: missing key 'title' \(and \d+ more\)"):
        read_scenario_file(path)


@pytest.mark.parametrize("key", ["proposed_by", "accepted_by_uk", "talks_status", "talks_status_uk", "title_uk"])
def test_a_file_missing_a_required_text_names_file_and_key(tmp_path, key):
    texts = "".join(line + "\n" for line in TEXTS.splitlines() if not line.startswith(f"{key} "))
    name = f"no-{key}".replace("_", "-")
    with pytest.raises(ScenarioError, match=rf"{name}\.toml: missing key '{key}'"):
        read_scenario_file(_write(tmp_path, name, _all_regions(), texts=texts))


def test_an_empty_required_text_is_refused(tmp_path):
    texts = TEXTS.replace('accepted_by = "accepted_by text"', 'accepted_by = "  "')
    with pytest.raises(ScenarioError, match=r"empty-accepted\.toml: accepted_by: must be a non-empty string"):
        read_scenario_file(_write(tmp_path, "empty-accepted", _all_regions(), texts=texts))


def test_each_shipped_preset_fails_validation_without_any_of_its_three_new_lines():
    path = paths.SCENARIOS_DIR / "plan-28-points-2025-11.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    for key in ("proposed_by", "accepted_by", "talks_status"):
        for name in (key, f"{key}_uk"):
            broken = {k: v for k, v in data.items() if k != name}
            with pytest.raises(ScenarioError, match=rf"{path.name}: missing key '{name}'"):
                parse_scenario(broken, path.name, REGION_IDS, DATES)


def test_notes_need_their_ukrainian_version(tmp_path):
    extra = 'notes = ["one", "two"]\nnotes_uk = ["один"]'
    with pytest.raises(ScenarioError, match=r"notes\.toml: notes_uk must give each of the 2 notes"):
        read_scenario_file(_write(tmp_path, "notes", _all_regions(), extra=extra))


def test_part_notes_load_and_need_both_languages(tmp_path):
    noted = _all_regions().replace(
        '"UA-23" = { russian_held = "occupied", ukrainian_held = "ukraine" }',
        '"UA-23" = { russian_held = "de_facto_russia", ukrainian_held = "ukraine", russian_held_note = "by a freeze", '
        'russian_held_note_uk = "через заморожування" }',
    )
    scenario = read_scenario_file(_write(tmp_path, "noted", noted))
    assert scenario.part_note("UA-23", "russian_held") == "by a freeze"
    assert scenario.part_note("UA-23", "russian_held", "uk") == "через заморожування"
    assert scenario.part_note("UA-23", "ukrainian_held") == ""
    with pytest.raises(ScenarioError, match="unknown part"):
        scenario.part_note("UA-23", "both")
    with pytest.raises(ScenarioError, match="unknown language"):
        scenario.part_note("UA-23", "russian_held", "ru")
    half = noted.replace(', russian_held_note_uk = "через заморожування"', "")
    with pytest.raises(ScenarioError, match=r"half\.toml: regions\.UA-23: missing key 'russian_held_note_uk'"):
        read_scenario_file(_write(tmp_path, "half", half))
    typo = noted.replace("russian_held_note =", "russian_note =")
    with pytest.raises(ScenarioError, match=r"typo\.toml: regions\.UA-23: unknown key 'russian_note'"):
        read_scenario_file(_write(tmp_path, "typo", typo))


def test_status_notes_load_and_must_describe_a_status_in_use(tmp_path):
    table = '[status_notes]\noccupied = "held"\noccupied_uk = "утримується"\n'
    scenario = read_scenario_file(_write(tmp_path, "legend", _all_regions(), tables=table))
    assert scenario.status_note(S.OCCUPIED) == "held" and scenario.status_note("occupied", "uk") == "утримується"
    assert scenario.status_note(S.FROZEN) == ""
    unused = '[status_notes]\nfrozen = "f"\nfrozen_uk = "з"\n'
    with pytest.raises(ScenarioError, match=r"unused\.toml: status_notes\.frozen: no part of any region is 'frozen'"):
        read_scenario_file(_write(tmp_path, "unused", _all_regions(), tables=unused))
    unknown = '[status_notes]\nannexed = "a"\nannexed_uk = "а"\n'
    with pytest.raises(ScenarioError, match=r"unknown-status\.toml: status_notes\.annexed: unknown status 'annexed'"):
        read_scenario_file(_write(tmp_path, "unknown-status", _all_regions(), tables=unknown))


def test_control_must_be_a_snapshot_or_latest(tmp_path):
    with pytest.raises(ScenarioError, match=r"old\.toml: control: '1999-01-01' is not a control snapshot"):
        read_scenario_file(_write(tmp_path, "old", _all_regions(), extra='control = "1999-01-01"'))
    latest = read_scenario_file(_write(tmp_path, "newest", _all_regions(), extra='control = "latest"'))
    assert latest.control == default_dataset().snapshot_dates()[-1] and latest.control_latest
    dated = read_scenario_file(
        _write(tmp_path, "dated", _all_regions(), extra=f'control = "{default_dataset().snapshot_dates()[0]}"')
    )
    assert dated.control == default_dataset().snapshot_dates()[0] and not dated.control_latest


def test_custom_scenario_keeps_only_the_notes_that_still_hold():
    base = default_dataset().scenarios()["plan-28-points-2025-11"]
    options = options_from_statuses(base.regions)
    same = custom_scenario(options, base)
    assert same.part_note("UA-23", "russian_held") == base.part_note("UA-23", "russian_held")
    assert same.status_note(S.DE_FACTO_RUSSIA) == base.status_note(S.DE_FACTO_RUSSIA)
    changed = custom_scenario(options.with_oblast("UA-23", held=S.FROZEN), base)
    # Zaporizhzhia is no longer de facto by a freeze: its note and the legend's de facto qualifier go.
    assert changed.part_note("UA-23", "russian_held") == ""
    assert changed.status_note(S.DE_FACTO_RUSSIA) == ""
    assert changed.part_note("UA-65", "russian_held") == base.part_note("UA-65", "russian_held")
    assert changed.status_note(S.RETURNED) == base.status_note(S.RETURNED)
    for key in ("proposed_by", "accepted_by", "talks_status"):
        assert changed.text(key, "en") and changed.text(key, "uk")


def test_parsing_is_pure_the_regions_and_dates_are_what_it_is_given(tmp_path):
    # Two regions and one date of our own: the file is checked against exactly these, not the package's data.
    regions = (
        '"XX-01" = { russian_held = "occupied", ukrainian_held = "ukraine" }\n'
        '"XX-02" = { russian_held = "returned", ukrainian_held = "ukraine" }'
    )
    path = _write(tmp_path, "tiny", regions, extra='control = "latest"')
    scenario = _read_file(path, ("XX-01", "XX-02"), ("2001-01-01", "2003-03-03"))
    assert set(scenario.regions) == {"XX-01", "XX-02"} and scenario.control == "2003-03-03"
    with pytest.raises(ScenarioError, match=r"tiny\.toml: regions: region 'XX-03' is missing"):
        _read_file(path, ("XX-01", "XX-02", "XX-03"), ("2001-01-01",))
    with pytest.raises(ScenarioError, match=r"tiny\.toml: control = 'latest' but there are no control snapshots"):
        _read_file(path, ("XX-01", "XX-02"), ())


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ("as_reported = false", r"as_reported: must be true or false, not 'no'"),
        ('date = "2025-01-01"', r"date: '25 Jan' must be a date YYYY-MM or YYYY-MM-DD"),
        ('id = "plan-x"', r"id: 'Bad_Id' must be lower-case letters, digits and hyphens"),
        ('sources = ["X"]', r"sources: must be a non-empty list of strings"),
    ],
)
def test_an_authors_mistake_is_one_line_with_its_path(tmp_path, change, message):
    good = _write(tmp_path, "plan-x", _all_regions()).read_text(encoding="utf-8")
    bad = {
        "as_reported = false": 'as_reported = "no"',
        'date = "2025-01-01"': 'date = "25 Jan"',
        'id = "plan-x"': 'id = "Bad_Id"',
        'sources = ["X"]': "sources = []",
    }[change]
    path = tmp_path / "plan-x.toml"
    path.write_text(good.replace(change, bad, 1), encoding="utf-8")
    with pytest.raises(ScenarioError, match=rf"^plan-x\.toml: {message}") as caught:
        read_scenario_file(path)
    assert "\n" not in str(caught.value)


def test_an_unknown_top_level_key_is_refused_with_its_name(tmp_path):
    with pytest.raises(ScenarioError, match=r"typo\.toml: unknown key 'sumary'"):
        read_scenario_file(_write(tmp_path, "typo", _all_regions(), extra='sumary = "x"'))


def test_the_schema_lists_exactly_the_statuses_each_part_may_take():
    schema = ScenarioFile.model_json_schema()["$defs"]["RegionEntry"]["properties"]
    for part, allowed in PART_STATUSES.items():
        assert set(schema[part]["enum"]) == {s.value for s in allowed}, part


def test_the_authors_page_shows_the_schema_as_the_models_render_it():
    page = (ROOT / "docs" / "scenarios.md").read_text(encoding="utf-8")
    start, end = "<!-- schema:start -->\n", "<!-- schema:end -->"
    assert start in page and end in page
    shown = page.split(start, 1)[1].split(end, 1)[0]
    assert shown == markdown_reference(), (
        "docs/scenarios.md is out of date: python -m geodata.scenarios.schema docs/scenarios.md rewrites its tables"
    )
