"""Claims have dates, and every view says how old its line of contact is.

The expected claim of each region comes from the regions file's own
``annexation_claimed`` column (written by the build from the treaties' dates),
not from the code under test; a claim exists only from that date on.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pyogrio
import pytest

from geodata.dataset import default_dataset
from geodata.dating import STALE_AFTER_DAYS, age_days, age_phrase, control_age_line, is_stale
from geodata.export import export_bytes, provenance
from geodata.figures import render_figure
from geodata.layers import claims_not_held_collection, has_claims_not_held, snapshot_layer_data
from geodata.stats import compute_stats
from geodata.wording import word

PRE_CLAIM_DATES = [d for d in default_dataset().snapshot_dates() if d < "2022-09-30"]
POST_CLAIM_DATES = [d for d in default_dataset().snapshot_dates() if d >= "2022-09-30"]


def _expected_claims(as_of: str) -> dict[str, str]:
    """Region id -> claim date, for the claims made by ``as_of``, from the regions file."""
    column = default_dataset().regions()["annexation_claimed"]
    return {str(r): str(c) for r, c in column.items() if isinstance(c, str) and c <= as_of}


def test_shipped_history_has_dates_on_both_sides_of_the_2022_claim():
    assert PRE_CLAIM_DATES and POST_CLAIM_DATES


@pytest.mark.parametrize("as_of", default_dataset().snapshot_dates())
def test_stats_carry_only_claims_made_by_the_control_date(as_of):
    stats = compute_stats(
        default_dataset().scenarios()["status-quo"], default_dataset().snapshot(as_of), dataset=default_dataset()
    )
    claimed = {row["id"]: row["annexation_claimed"] for row in stats["regions"] if row["annexation_claimed"]}
    assert claimed == _expected_claims(as_of)
    if as_of < "2022-09-30":
        assert set(claimed) == {"UA-40", "UA-43"} and set(claimed.values()) == {"2014-03-18"}


@pytest.mark.parametrize("as_of", default_dataset().snapshot_dates())
def test_map_layer_data_hatches_only_claims_made_by_the_control_date(as_of):
    snapshot = default_dataset().snapshot(as_of)
    expected = _expected_claims(as_of)
    for feature in snapshot_layer_data(snapshot, dataset=default_dataset())["parts"]["features"]:
        props = feature["properties"]
        assert props["claimed"] == expected.get(props["region_id"]), props["region_id"]
    hatched = {f["properties"]["region_id"] for f in claims_not_held_collection(snapshot, dataset=default_dataset())["features"]}
    assert hatched <= set(expected)
    assert has_claims_not_held(snapshot, dataset=default_dataset()) == bool(hatched)


@pytest.mark.parametrize("as_of", PRE_CLAIM_DATES)
def test_no_2022_oblast_is_hatched_before_the_claim(as_of):
    hatched = {
        f["properties"]["region_id"]
        for f in claims_not_held_collection(default_dataset().snapshot(as_of), dataset=default_dataset())["features"]
    }
    assert not hatched & {"UA-09", "UA-14", "UA-23", "UA-65"}


def test_static_map_data_agrees_with_the_claim_dates():
    from geodata import paths

    for as_of in default_dataset().snapshot_dates():
        path = paths.STATIC_DATA_DIR / f"snapshot-{as_of}.json"
        data = json.loads(path.read_text(encoding="utf-8"))
        expected = _expected_claims(as_of)
        for feature in data["parts"]["features"]:
            assert feature["properties"]["claimed"] == expected.get(feature["properties"]["region_id"]), (as_of, feature["id"])


@pytest.mark.parametrize("as_of", [PRE_CLAIM_DATES[-1], POST_CLAIM_DATES[0]])
def test_exports_carry_only_claims_made_by_the_control_date(as_of, tmp_path):
    scenario, snapshot = default_dataset().scenarios()["status-quo"], default_dataset().snapshot(as_of)
    expected = _expected_claims(as_of)
    collection = json.loads(export_bytes(scenario, snapshot, "geojson", dataset=default_dataset()))
    for feature in collection["features"]:
        props = feature["properties"]
        if props.get("part") in ("russian_held", "ukrainian_held"):
            assert props["annexation_claimed"] == expected.get(props["region_id"]), props["region_id"]
    gpkg = tmp_path / "x.gpkg"
    gpkg.write_bytes(export_bytes(scenario, snapshot, "gpkg", dataset=default_dataset()))
    frame = pyogrio.read_dataframe(gpkg, layer="region_parts")
    for region_id, claimed in zip(frame["region_id"], frame["annexation_claimed"], strict=True):
        assert (claimed if isinstance(claimed, str) and claimed else None) == expected.get(region_id), region_id
    kml = export_bytes(scenario, snapshot, "kml", dataset=default_dataset()).decode("utf-8")
    assert ("2022-09-30" in kml) == (as_of >= "2022-09-30")


@pytest.mark.parametrize("as_of", [PRE_CLAIM_DATES[-1], POST_CLAIM_DATES[-1]])
def test_figures_hatch_and_list_claims_only_once_made(as_of):
    fig = render_figure(
        default_dataset().scenarios()["status-quo"], default_dataset().snapshot(as_of), size="640x360", dataset=default_dataset()
    )
    hatched = [a for a in fig.findobj() if getattr(a, "get_gid", lambda: None)() == "claims-not-held"]
    legend = [t.get_text().replace("\n", " ") for t in fig.legends[0].get_texts()]
    claimed_not_held = bool(claims_not_held_collection(default_dataset().snapshot(as_of), dataset=default_dataset())["features"])
    assert bool(hatched) == claimed_not_held
    assert (word("claim_label") in legend) == claimed_not_held
    if as_of < "2022-09-30":
        assert not hatched


def test_headline_names_the_four_oblasts_by_their_claim_date():
    for lang in ("en", "uk"):
        assert "2022-09-30" in word("annexed_share", lang)


# --- Age of the line ---------------------------------------------------------------------------------


def test_age_in_days_and_words_in_both_languages():
    today = date(2026, 11, 29)
    assert age_days("2026-06-01", today) == 181
    assert control_age_line("2026-06-01", "en", today) == "line of contact as of 2026-06-01, 181 days ago"
    assert control_age_line("2026-06-01", "uk", today) == "лінія зіткнення станом на 2026-06-01, 181 день тому"
    assert age_phrase("2026-11-27", "uk", today) == "2 дні тому"
    assert age_phrase("2026-11-24", "uk", today) == "5 днів тому"
    assert age_phrase("2026-11-28", "en", today) == "1 day ago"
    assert age_phrase("2026-11-29", "en", today) == "today"


def test_stale_after_thirty_days():
    today = date(2026, 11, 30)
    assert STALE_AFTER_DAYS == 30
    assert not is_stale("2026-10-31", today)
    assert is_stale("2026-10-30", today)


def test_figure_subtitle_and_export_provenance_state_the_age():
    scenario = default_dataset().scenarios()["status-quo"]
    snapshot = default_dataset().snapshot(default_dataset().snapshot_dates()[-1])
    today = date(2026, 11, 30)
    days = (today - date.fromisoformat(snapshot.as_of)).days
    fig = render_figure(scenario, snapshot, size="640x360", today=today, dataset=default_dataset())
    subtitle = next(t for t in fig.texts if t.get_gid() == "subtitle").get_text().replace("\n", " ")
    assert f"as of {snapshot.as_of}, {days} days ago" in subtitle
    about = provenance(scenario, snapshot, today=today, dataset=default_dataset())
    assert about["control_age_days"] == days and about["exported_on"] == "2026-11-30"
    assert about["control_age"].endswith(f"{days} days ago")
    rows = list(csv.reader(io.StringIO(export_bytes(scenario, snapshot, "csv", dataset=default_dataset()).decode("utf-8"))))
    assert any("control_age_days" in " ".join(row) for row in rows)


# --- On the dashboard ------------------------------------------------------------------------------------


def _page_text(at) -> str:
    # The statistics panel's tables are HTML (st.html): their text, written as the page's Markdown would be.
    import html
    import re

    from components.escaping import escape_markdown

    tables = [escape_markdown(html.unescape(re.sub(r"<[^>]+>", " ", e.proto.body))) for e in at.get("html")]
    return "\n".join([*(str(e.value) for kind in ("markdown", "caption", "subheader") for e in getattr(at, kind)), *tables])


def test_the_dashboard_states_the_chosen_line_and_its_age():
    from tests.apphelpers import run_app

    at = run_app({"scenario": "us-2025-04", "control": "2025-04-20"})
    days = (date.today() - date(2025, 4, 20)).days
    assert f"Line of contact as of 2025\\-04\\-20, {days} days ago" in _page_text(at)


def test_the_dashboard_before_the_2022_claim_shows_no_2022_claim():
    from tests.apphelpers import run_app

    at = run_app({"scenario": "status-quo", "control": "2022-03-25"})
    text = _page_text(at)
    assert "2014\\-03\\-18" in text  # Crimea and Sevastopol's claim, made before that date
    # The only mention of 2022-09-30 is the headline's name for the four oblasts, not a claim in the table.
    assert text.count("2022\\-09\\-30") == text.count("claimed on 2022\\-09\\-30")
    assert "claimed on 2022\\-09\\-30" in text


def test_an_undated_upload_says_its_date_is_unknown_everywhere():
    from geodata.importer import read_control_file
    from geodata.mapconfig import title_box_config

    square = [[37.0, 48.0], [37.5, 48.0], [37.5, 48.4], [37.0, 48.4], [37.0, 48.0]]
    data = json.dumps(
        {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [square]}}],
        }
    ).encode()
    snapshot = read_control_file(data, "front.geojson", dataset=default_dataset()).snapshot
    scenario = default_dataset().scenarios()["status-quo"]
    assert control_age_line(snapshot.as_of) == "line of contact of unknown date (the file gives none)"
    about = provenance(scenario, snapshot, dataset=default_dataset())
    assert about["control_age_days"] is None and "unknown date" in about["control_age"]
    assert export_bytes(scenario, snapshot, "csv", dataset=default_dataset())
    fig = render_figure(scenario, snapshot, size="640x360", dataset=default_dataset())
    assert "unknown date" in next(t for t in fig.texts if t.get_gid() == "subtitle").get_text().replace("\n", " ")
    assert "unknown date" in json.dumps(title_box_config(scenario, snapshot, "en"))


def test_compare_view_heads_each_map_with_the_line_it_is_drawn_on():
    from tests.apphelpers import run_app

    # Both on one line: the newest, as the link names none (issue 23); and the one a link names.
    for query, line in (({}, default_dataset().latest_snapshot()), ({"control": "2025-04-20"}, "2025-04-20")):
        at = run_app({"scenario": "us-2025-04", "compare": "status-quo", **query})
        headings = [m.value for m in at.markdown if m.value.startswith(("**A:", "**B:"))]
        assert len(headings) == 2, headings
        for heading in headings:
            assert "line of contact as of " + line.replace("-", "\\-") in heading, heading
