"""Figures with the gains and losses since an earlier line (``render --since``), read back from what was written.

The legend rows must name both dates in the catalogue's words, the table's cells must equal
:func:`geodata.changes.region_table` as the formatters write it (compared with the computed truth, never typed-in
figures), the hatching must be on the map in the dashboard's colours, and the map must keep the room it has
without the table.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from matplotlib.image import imread

from geodata.changes import CHANGE_STYLES, changes_between, region_table
from geodata.dataset import default_dataset
from geodata.figures import render_bytes, render_figure
from geodata.margin import margin_cell
from geodata.wording import format_number, format_signed, word
from tests.test_render import _cli

SVG = "{http://www.w3.org/2000/svg}"
SIZES = ["1920x1080", "1280x720", "a4-landscape"]
#: (earlier, later) lines: the newest pair (few regions), and the spring of 2022 (every northern region).
PAIRS = [("2026-01-01", "2026-07-01"), ("2022-02-23", "2022-03-25")]


def _changes(earlier: str, later: str):
    dataset = default_dataset()
    return changes_between(dataset, dataset.snapshot(earlier), dataset.snapshot(later))


def _expected_rows(changes, lang: str) -> list[list[str]]:
    rows = []
    for row in region_table(changes):
        name = word("changes_total", lang) if row["region_id"] == "total" else row[f"name_{lang}"]
        rows.append(
            [
                name,
                format_number(row["gained_km2"], lang),
                format_number(row["lost_km2"], lang),
                # The net with its margin (the two lines' margins added; "not stated" where a line states none).
                f"{format_signed(row['net_km2'], lang)} {margin_cell(row['margin_km2'], lang)}",
            ]
        )
    # As the SVG's cells are read back (_svg_groups): every run of spaces, no-break ones too, made one plain space.
    return [[_flat(cell) for cell in row] for row in rows]


def _flat(text: str) -> str:
    return " ".join(text.split())


def _svg_groups(data: bytes) -> dict[str, str]:
    """Each SVG group with an id, and the text inside it (lines joined by spaces)."""
    root = ET.fromstring(data)
    return {
        g.get("id", ""): _flat(" ".join("".join(t.itertext()) for t in g.iter(f"{SVG}text")))
        for g in root.iter(f"{SVG}g")
        if g.get("id")
    }


def _svg_texts(data: bytes) -> str:
    root = ET.fromstring(data)
    return _flat(" ".join("".join(t.itertext()) for t in root.iter(f"{SVG}text")))


def _table_cells(groups: dict[str, str]) -> list[list[str]]:
    rows: list[list[str]] = []
    index = 0
    while f"changes-cell-{index}-0" in groups:
        rows.append([groups[f"changes-cell-{index}-{column}"] for column in range(4)])
        index += 1
    return rows


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", SIZES)
def test_svg_legend_names_both_dates_and_the_table_equals_the_changes(size, lang):
    earlier, later = PAIRS[0]
    changes = _changes(earlier, later)
    dataset = default_dataset()
    data = render_bytes(
        dataset.scenario("status-quo"), dataset.snapshot(later), "svg", size=size, lang=lang, dataset=dataset, changes=changes
    )
    texts = _svg_texts(data)
    for kind in ("gained", "lost"):
        assert _flat(word(f"changes_{kind}", lang, from_date=earlier, to_date=later)) in texts
    groups = _svg_groups(data)
    rows = _table_cells(groups)
    # The newest pair changes few regions: every one of them is on the figure at every size.
    assert rows == _expected_rows(changes, lang)
    assert "changes-gained" in groups and "changes-lost" in groups
    s = changes.summary
    assert _flat(word("changes_heading", lang, from_date=earlier, to_date=later, days=s["days"])) in texts


@pytest.mark.parametrize("size", SIZES)
def test_many_regions_keep_the_total_and_say_how_many_are_left_out(size):
    earlier, later = PAIRS[1]
    changes = _changes(earlier, later)
    dataset = default_dataset()
    data = render_bytes(
        dataset.scenario("status-quo"), dataset.snapshot(later), "svg", size=size, dataset=dataset, changes=changes
    )
    rows = _table_cells(_svg_groups(data))
    expected = _expected_rows(changes, "en")
    assert rows[-1] == expected[-1] and rows[:-1] == expected[: len(rows) - 1]
    left_out = len(expected) - len(rows)
    if left_out:
        assert _flat(word("changes_more_regions", "en", count=left_out)) in _svg_texts(data)


def _map_scale(fig) -> float:
    """Ukraine's drawn scale: figure pixels per projected metre (the map keeps its aspect, so one axis says it)."""
    ax = next(a for a in fig.axes if a.get_gid() == "map-0")
    ymin, ymax = ax.get_ylim()
    return ax.get_position().height * fig.bbox.height / (ymax - ymin)


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("pair", PAIRS)
def test_the_changes_table_takes_no_room_from_ukraine_and_overlaps_nothing(size, lang, pair):
    dataset = default_dataset()
    scenario, snapshot = dataset.scenario("status-quo"), dataset.snapshot(pair[1])
    without = render_figure(scenario, snapshot, size=size, lang=lang, dataset=dataset)
    fig = render_figure(scenario, snapshot, size=size, lang=lang, dataset=dataset, changes=_changes(*pair))
    # Ukraine is drawn at the scale it has without the table (the table may take the neighbours' room, not Ukraine's).
    assert _map_scale(fig) >= _map_scale(without) * (1 - 1e-9)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    box = next(a for a in fig.artists if a.get_gid() == "changes-box").get_window_extent(renderer)
    others = [
        next(a for a in fig.axes if a.get_gid() == "map-0").get_window_extent(renderer),
        fig.legends[0].get_window_extent(renderer),
        next(a for a in fig.artists if a.get_gid() == "numbers-box").get_window_extent(renderer),
        next(t for t in fig.texts if t.get_gid() == "sources").get_window_extent(renderer),
    ]
    assert box.x0 >= 0 and box.x1 <= fig.bbox.width + 0.5 and box.y0 >= 0 and box.y1 <= fig.bbox.height + 0.5
    for other in others:
        assert not box.overlaps(other), (box, other)


def _hex_rgb(colour: str) -> np.ndarray:
    return np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)]) / 255


#: A pair where Russia gained most (spring 2022) and one where it lost most (the autumn 2022 counter-offensives).
KIND_PAIRS = {"gained": ("2022-02-23", "2022-03-25"), "lost": ("2022-03-25", "2022-11-12")}


@pytest.mark.parametrize("kind", ["gained", "lost"])
def test_png_draws_the_gains_and_losses_in_the_dashboards_colours(kind):
    earlier, later = KIND_PAIRS[kind]
    dataset = default_dataset()
    scenario, snapshot = dataset.scenario("status-quo"), dataset.snapshot(later)
    changes = _changes(earlier, later)
    assert changes.summary[f"{kind}_km2"] > 1000
    with_changes = imread(io.BytesIO(render_bytes(scenario, snapshot, "png", size="1280x720", dataset=dataset, changes=changes)))
    without = imread(io.BytesIO(render_bytes(scenario, snapshot, "png", size="1280x720", dataset=dataset)))
    colour = _hex_rgb(str(CHANGE_STYLES[kind]["color"]))

    def near(image: np.ndarray) -> int:
        return int((np.abs(image[..., :3] - colour).max(axis=2) < 0.06).sum())

    # The hatching and outline of this kind: hundreds of pixels of its colour that the figure without has not.
    assert near(with_changes) - near(without) > 300


@pytest.mark.parametrize(
    "args, message",
    [
        (("--since", "2099-01-01"), "--since 2099-01-01: no control line of that date"),
        (("--since", "2026-07-01", "--control", "2026-01-01"), "must be before the line shown (2026-01-01)"),
        (("--since", "2026-01-01", "--timelapse"), "a time-lapse shows every line"),
    ],
)
def test_cli_since_errors_are_one_line_exit_2(tmp_path, args, message):
    result = _cli("render", "--scenario", "status-quo", *args, "--out", str(tmp_path / "x.png"))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr and len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr


def test_cli_since_writes_the_svg_with_both_dates(tmp_path):
    out = tmp_path / "since.svg"
    result = _cli("render", "--scenario", "status-quo", "--since", "2025-11-20", "--lang", "uk", "--out", str(out))
    assert result.returncode == 0, result.stderr
    data = out.read_bytes()
    dataset = default_dataset()
    later = dataset.latest_snapshot()
    changes = changes_between(dataset, dataset.snapshot("2025-11-20"), dataset.snapshot(later))
    assert _flat(word("changes_gained", "uk", from_date="2025-11-20", to_date=later)) in _svg_texts(data)
    rows = _table_cells(_svg_groups(data))
    expected = _expected_rows(changes, "uk")
    assert rows[-1] == expected[-1] and rows[:-1] == expected[: len(rows) - 1]


def test_cli_all_since_draws_the_changes_where_the_line_is_later_and_says_where_not(tmp_path):
    result = _cli("render", "--all", "--since", "2026-01-01", "--size", "960x540", "--format", "svg", "--outdir", str(tmp_path))
    assert result.returncode == 0, result.stderr
    dataset = default_dataset()
    lines = result.stdout.strip().splitlines()
    assert len(lines) == len(dataset.scenarios())
    for line, (scenario_id, scenario) in zip(lines, dataset.scenarios().items(), strict=True):
        as_of = scenario.control or dataset.latest_snapshot()
        texts = _svg_texts((tmp_path / f"{scenario_id}.svg").read_bytes())
        gained = _flat(word("changes_gained", "en", from_date="2026-01-01", to_date=as_of))
        if as_of > "2026-01-01":
            assert gained in texts and "no changes" not in line
        else:
            assert "changes_" not in texts and "Gained by Russia" not in texts
            assert f"no changes: its line {as_of} is not after --since" in line


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", SIZES)
def test_a_comparison_draws_the_changes_on_both_maps_with_the_totals(size, lang):
    """--since with --compare: both maps hatched, the legend names both dates, the note's totals are the changes'."""
    from geodata.figures.comparison import changes_note, map_share

    dataset = default_dataset()
    earlier, later = PAIRS[0]
    changes = _changes(earlier, later)
    snapshot = dataset.snapshot(later)
    a, b = dataset.scenario("us-2025-04"), dataset.scenario("plan-28-points-2025-11")
    fig = render_figure(a, snapshot, size=size, lang=lang, dataset=dataset, compare=b, changes=changes)
    # Two more legend rows and a footer line than a plain comparison (which keeps half, tests/test_comparison.py):
    # the floor docs/outputs.md states for a comparison with changes.
    assert map_share(fig) >= 0.42
    texts = " ".join(_flat(t.get_text()) for t in fig.legends[0].get_texts())
    for kind in ("gained", "lost"):
        assert _flat(word(f"changes_{kind}", lang, from_date=earlier, to_date=later)) in texts
    notes = _flat(next(t for t in fig.texts if t.get_gid() == "sources").get_text())
    assert _flat(changes_note(changes, lang)) in notes
    s = changes.summary
    assert format_number(s["gained_km2"], lang) in notes and format_signed(s["net_km2"], lang) in notes
    # Both maps carry the hatched gains and losses (a patch collection per kind on each map).
    for index in (0, 1):
        ax = next(x for x in fig.axes if x.get_gid() == f"map-{index}")
        gids = {str(artist.get_gid()) for artist in ax.get_children()}
        assert any(g.startswith("changes-") for g in gids), gids


def test_cli_since_with_compare_writes_both_dates(tmp_path):
    out = tmp_path / "compare-since.svg"
    result = _cli(
        "render", "--scenario", "us-2025-04", "--compare", "plan-28-points-2025-11", "--since", "2026-01-01", "--out", str(out)
    )
    assert result.returncode == 0, result.stderr
    later = default_dataset().latest_snapshot()
    assert _flat(word("changes_lost", "en", from_date="2026-01-01", to_date=later)) in _svg_texts(out.read_bytes())


#: A unit written after its number: no line of a figure may start with one (it would sit alone, parted from its number).
UNIT_FIRST = ("km²", "км²", "points", "в. п.", "п.", "в.\u00a0п.")


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("since", [False, True])
def test_no_line_of_the_figure_starts_with_a_unit(size, lang, since):
    from matplotlib.text import Text

    earlier, later = PAIRS[0]
    dataset = default_dataset()
    changes = _changes(earlier, later) if since else None
    fig = render_figure(
        dataset.scenario("status-quo"), dataset.snapshot(later), size=size, lang=lang, dataset=dataset, changes=changes
    )
    lines = [line.strip() for text in fig.findobj(Text) for line in text.get_text().split("\n")]
    assert any("±" in line for line in lines), "the figure states its margins"
    split = [line for line in lines if line.startswith(UNIT_FIRST)]
    assert split == [], split


def _imported_pair(tmp_path):
    """Two lines built by hand and read as imported ones (they state no accuracy), as tests/test_changes.py makes them."""
    import json
    from dataclasses import replace

    from shapely.geometry import box, mapping

    from geodata.dataset import DataPaths, Dataset

    centre = default_dataset().regions().geometry["UA-14"].representative_point()
    x, y = centre.x, centre.y
    for as_of, shape in (("2030-01-01", box(x, y, x + 0.2, y + 0.1)), ("2030-03-02", box(x - 0.1, y, x + 0.2, y + 0.1))):
        feature = {
            "type": "Feature",
            "properties": {"region_id": "UA-14", "as_of": as_of, "method": "test", "sources": ["built by the test"]},
            "geometry": mapping(shape),
        }
        (tmp_path / f"{as_of}.geojson").write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    dataset = Dataset(replace(DataPaths.package(), control_dir=tmp_path))
    return dataset, changes_between(dataset, dataset.snapshot("2030-01-01"), dataset.snapshot("2030-03-02"))


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_an_imported_pairs_table_says_each_net_margin_is_not_stated(tmp_path, lang):
    dataset, changes = _imported_pair(tmp_path)
    assert changes.summary["margin_km2"] is None and changes.summary["regions"]
    data = render_bytes(
        default_dataset().scenario("status-quo"),
        dataset.snapshot("2030-03-02"),
        "svg",
        size="a4-landscape",
        lang=lang,
        dataset=dataset,
        changes=changes,
    )
    rows = _table_cells(_svg_groups(data))
    assert rows == _expected_rows(changes, lang)
    assert all(row[3].endswith(word("changes_cell_not_stated", lang)) for row in rows)
