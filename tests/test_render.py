"""Static figures: they look as committed, the legend tells the truth, labels keep clear, files are valid.

Image tests compare small PNGs with ``tests/baselines/``. When a figure changes on
purpose, regenerate the baselines and look at them before committing::

    .venv/bin/python -m tests.test_render --update-baselines

(never from inside a test run: a test that rewrites what it compares against could never fail).

A failing image test writes the actual image and a difference image to
``test-artifacts/`` and names them in its message.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from concurrent.futures import ThreadPoolExecutor
from datetime import date
from pathlib import Path

import numpy as np
import pytest
from matplotlib.image import imread, imsave
from matplotlib.text import Text

from geodata.dataset import default_dataset
from geodata.figures import RenderError, parse_size, render_bytes, render_figure
from geodata.figures.comparison import heading_text, map_share
from geodata.layers import has_claims_not_held
from geodata.margin import margin_cell
from geodata.published import margin_area_text
from geodata.scenarios import Options, Status, custom_scenario
from geodata.stats import compute_stats
from geodata.wording import format_number, format_signed, status_label, word
from tests.conftest import ROOT, skip_or_fail

BASELINE_DIR = ROOT / "tests" / "baselines"
ARTIFACT_DIR = ROOT / "test-artifacts"
BASELINE_SIZE = "800x450"
#: (scenario, language) pairs kept as baselines: a proposal with every kind of status, one in Ukrainian, one pre-2022.
BASELINES = [("plan-28-points-2025-11", "en"), ("us-2025-04", "uk"), ("minsk-2015", "en")]
#: Tolerances: mean absolute difference over all channels (0-255), and the share of pixels where
#: any channel moved by more than CHANGED_LEVEL. Font rasterising may shift a few edges; a moved
#: label, a changed colour or a lost layer exceeds both.
MAX_MEAN_DIFFERENCE = 1.5
MAX_CHANGED_SHARE = 0.004
CHANGED_LEVEL = 48
#: The day baseline figures are drawn "as of": the subtitle says how old the line is on that day.
BASELINE_TODAY = date(2026, 11, 30)
HOSTILE_TITLE = "<script>alert(1)</script> $\\alpha$ ${x} & `rm`"


def _scenario(scenario_id):
    scenario = default_dataset().scenarios()[scenario_id]
    return scenario, default_dataset().snapshot(scenario.control)


def _baseline_path(scenario_id: str, lang: str) -> Path:
    return BASELINE_DIR / f"{scenario_id}-{lang}-{BASELINE_SIZE}.png"


def _png(scenario_id: str, lang: str) -> bytes:
    scenario, snapshot = _scenario(scenario_id)
    return render_bytes(scenario, snapshot, "png", size=BASELINE_SIZE, lang=lang, today=BASELINE_TODAY, dataset=default_dataset())


def update_baselines() -> list[Path]:
    """Render every baseline image afresh into ``tests/baselines/``."""
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    written = []
    for scenario_id, lang in BASELINES:
        path = _baseline_path(scenario_id, lang)
        path.write_bytes(_png(scenario_id, lang))
        written.append(path)
    return written


def _rgb(data: bytes) -> np.ndarray:
    return (imread(io.BytesIO(data), format="png")[..., :3] * 255).astype(np.int16)


@pytest.mark.parametrize("scenario_id, lang", BASELINES)
def test_figure_matches_its_baseline(scenario_id, lang):
    actual_png = _png(scenario_id, lang)
    path = _baseline_path(scenario_id, lang)
    assert path.is_file(), f"no baseline {path.relative_to(ROOT)}: run python -m tests.test_render --update-baselines"
    expected, actual = _rgb(path.read_bytes()), _rgb(actual_png)
    name = path.stem
    if expected.shape == actual.shape:
        difference = np.abs(expected - actual)
        mean = float(difference.mean())
        changed = float((difference.max(axis=2) > CHANGED_LEVEL).mean())
        if mean <= MAX_MEAN_DIFFERENCE and changed <= MAX_CHANGED_SHARE:
            return
        problem = (
            f"mean difference {mean:.2f} (max {MAX_MEAN_DIFFERENCE}), changed pixels {changed:.2%} (max {MAX_CHANGED_SHARE:.2%})"
        )
    else:
        difference = None
        problem = f"size {actual.shape[1]}x{actual.shape[0]} instead of {expected.shape[1]}x{expected.shape[0]}"
    ARTIFACT_DIR.mkdir(exist_ok=True)
    (ARTIFACT_DIR / f"{name}-actual.png").write_bytes(actual_png)
    saved = [f"test-artifacts/{name}-actual.png"]
    if difference is not None:
        # Amplified so that small shifts show; white is unchanged.
        imsave(
            ARTIFACT_DIR / f"{name}-diff.png",
            255 - np.clip(difference.max(axis=2) * 4, 0, 255).astype(np.uint8),
            cmap="gray",
            vmin=0,
            vmax=255,
        )
        saved.append(f"test-artifacts/{name}-diff.png")
    pytest.fail(
        f"{name}: {problem}. Wrote {', '.join(saved)}. If the change is intended, run "
        "python -m tests.test_render --update-baselines and commit the new baseline."
    )


# --- Legend and numbers -----------------------------------------------------------------------------------


def _legend_texts(fig) -> list[str]:
    # Long labels are wrapped onto several lines; the wording is compared with the line breaks undone.
    return [" ".join(t.get_text().split()) for t in fig.legends[0].get_texts()]


def _expected_statuses(scenario, snapshot) -> list[Status]:
    # From the statistics (official areas times shares), not from the code that draws the legend.
    totals = compute_stats(scenario, snapshot, dataset=default_dataset())["totals"]
    return [s for s in Status if totals[s.value]["area_km2"] > 0]


def _custom():
    # Built by code: statuses no preset combines (Crimea frozen, a buffer zone, a return outside the claims).
    options = Options(crimea=Status.FROZEN, returned_outside=frozenset({"UA-59"}))
    options = options.with_oblast("UA-14", Status.DE_JURE_RUSSIA, Status.BUFFER_ZONE)
    return custom_scenario(options, default_dataset().scenarios()["status-quo"]), default_dataset().snapshot("2025-11-20")


@pytest.mark.parametrize("scenario_id", [*sorted(default_dataset().scenarios()), "custom"])
def test_legend_lists_exactly_the_statuses_on_the_map(scenario_id):
    scenario, snapshot = _custom() if scenario_id == "custom" else _scenario(scenario_id)
    fig = render_figure(scenario, snapshot, size="640x360", dataset=default_dataset())
    statuses = _expected_statuses(scenario, snapshot)
    # The hatch of land claimed but not held has a legend entry only where there is such land on that date.
    claims = [word("claim_label")] if has_claims_not_held(snapshot, dataset=default_dataset()) else []
    expected = [status_label(s, "en") for s in statuses] + claims + [word("line_label")]
    assert _legend_texts(fig) == expected
    # The numbers box has a row for each of them, with the area stats computes.
    totals = compute_stats(scenario, snapshot, dataset=default_dataset())["totals"]
    texts = {t.get_text() for t in fig.findobj(Text)}
    for status in statuses:
        assert format_number(totals[status.value]["area_km2"]) in texts, status  # the figure's own rounding (half up)
        # Each area with its own stated margin, as the dashboard's by-status table writes it.
        assert margin_area_text(totals[status.value]["margin_km2"]) in texts, status


def test_legend_follows_the_layers_and_the_language():
    scenario, snapshot = _scenario("plan-28-points-2025-11")
    fig = render_figure(scenario, snapshot, layers=("labels",), size="640x360", lang="uk", dataset=default_dataset())
    assert _legend_texts(fig) == [status_label(s, "uk") for s in _expected_statuses(scenario, snapshot)]


def test_compare_rows_are_named_in_words_and_equal_stats():
    first, _ = _scenario("plan-28-points-2025-11")
    second = default_dataset().scenarios()["status-quo"]
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())
    fig = render_figure(first, snapshot, size="1280x720", compare=second, dataset=default_dataset())
    union = set(_expected_statuses(first, snapshot)) | set(_expected_statuses(second, snapshot))
    # The legend keeps only the symbols that are not statuses: each status is a row of the table, named.
    assert _legend_texts(fig) == [word("claim_label", "en"), word("line_label", "en")]
    texts = {t.get_gid(): t.get_text() for t in fig.findobj(Text) if t.get_gid()}
    totals = [compute_stats(s, snapshot, dataset=default_dataset())["totals"] for s in (first, second)]
    for status in Status:
        if status not in union:
            assert f"row-{status.value}" not in texts
            continue
        assert texts[f"row-{status.value}"].replace("\n", " ") == status_label(status, "en")
        a, b = (t[status.value]["area_km2"] for t in totals)
        # Each side's area with its own stated margin (the column's unit, km², in the heading).
        for side, values in zip("ab", (t[status.value] for t in totals), strict=True):
            assert (
                texts[f"cell-{status.value}-{side}"]
                == f"{format_number(values['area_km2'], 'en')} {margin_cell(values['margin_km2'])}"
            )
        assert texts[f"cell-{status.value}-difference"] == format_signed(b - a, "en")
    assert len([ax for ax in fig.axes if (ax.get_gid() or "").startswith("map-")]) == 2


COMPARE_SIZES = ("1920x1080", "1280x720", "a4-landscape")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("size", COMPARE_SIZES)
@pytest.mark.parametrize("lang", ["en", "uk"])
def test_compare_headings_name_each_proposal_in_full_and_its_line(size, lang):
    scenarios = default_dataset().scenarios()
    first, second = scenarios["us-2025-04"], scenarios["plan-28-points-2025-11"]
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())
    fig = render_figure(first, snapshot, size=size, lang=lang, compare=second, dataset=default_dataset())
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = {t.get_gid(): t for t in fig.findobj(Text) if t.get_gid()}
    maps = [ax for ax in fig.axes if (ax.get_gid() or "").startswith("map-")]
    for index, (scenario, letter) in enumerate(((first, "map_a"), (second, "map_b"))):
        heading = texts[f"map-heading-{index}"]
        # Wrapped, never cut: the whole name and the line are there once the line breaks are undone.
        assert _flat(heading.get_text()) == _flat(heading_text(scenario, word(letter, lang), snapshot, lang))
        assert scenario.text("title", lang) in _flat(heading.get_text()) and snapshot.as_of in heading.get_text()
        assert "…" not in heading.get_text()
        extent, frame = heading.get_window_extent(renderer), maps[index].get_window_extent(renderer)
        # Above its own map, inside the figure, clear of the other side's heading.
        assert extent.y0 >= frame.y1 - 1 and fig.bbox.x0 - 1 <= extent.x0 and extent.x1 <= fig.bbox.x1 + 1
    assert not texts["map-heading-0"].get_window_extent(renderer).overlaps(texts["map-heading-1"].get_window_extent(renderer))
    assert snapshot.as_of in texts["subtitle"].get_text()


@pytest.mark.parametrize("size", COMPARE_SIZES)
def test_compare_maps_take_the_most_of_the_figure(size):
    scenarios = default_dataset().scenarios()
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())
    fig = render_figure(
        scenarios["us-2025-04"], snapshot, size=size, compare=scenarios["plan-28-points-2025-11"], dataset=default_dataset()
    )
    # Before: about 15% of the slide. Two maps side by side are limited by Ukraine's shape and the neighbours'
    # data: at 16:9 the strip (named rows, notes) and the sources leave them 41-45%; see docs/outputs.md.
    assert map_share(fig) >= 0.40


@pytest.mark.parametrize("compare", [None, "plan-28-points-2025-11"])
@pytest.mark.parametrize("size", COMPARE_SIZES)
def test_scale_bar_keeps_off_ukraine(size, compare):
    from shapely.geometry import box

    from geodata.figures.projection import _projected_context

    scenarios = default_dataset().scenarios()
    snapshot = default_dataset().snapshot(default_dataset().latest_snapshot())
    fig = render_figure(
        scenarios["us-2025-04"], snapshot, size=size, compare=scenarios[compare] if compare else None, dataset=default_dataset()
    )
    outline = _projected_context(dataset=default_dataset())["outline"]
    plates = [p for ax in fig.axes for p in ax.patches if p.get_gid() == "scale-bar"]
    assert len(plates) == (2 if compare else 1)
    for plate in plates:
        x, y = plate.get_xy()
        assert not outline.intersects(box(x, y, x + plate.get_width(), y + plate.get_height()))


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    path = tmp_path / "figure.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True, check=True).stdout


@pytest.mark.parametrize("size", COMPARE_SIZES)
@pytest.mark.parametrize("fmt", ["svg", "png", "pdf"])
def test_cli_compare_holds_both_full_titles_and_the_buffer_zone_of_its_line(tmp_path, fmt, size):
    out = tmp_path / f"x.{fmt}"
    result = _cli("render", "--scenario", "us-2025-04", "--compare", "plan-28-points-2025-11", "--size", size, "--out", str(out))
    assert result.returncode == 0, result.stderr
    scenarios = default_dataset().scenarios()
    plan = scenarios["plan-28-points-2025-11"]
    data = out.read_bytes()
    if fmt == "png":
        width, height, dpi = parse_size(size)
        assert _rgb(data).shape[:2] == (int(height * dpi), int(width * dpi))
        return
    if fmt == "svg":
        root = ET.fromstring(data)
        shown = _flat(" ".join("".join(e.itertext()) for e in root.iter(f"{SVG}text")))
        cell = next(g for g in root.iter(f"{SVG}g") if g.get("id") == "cell-buffer_zone-b")
        buffer_shown = _flat("".join(cell.itertext()))
    else:
        shown = _flat(_pdf_text(data, tmp_path))
        buffer_shown = None
    # The line it names (default: the newest), and the full titles of both proposals.
    named = re.findall(r"drawn on the line of contact as of (\d{4}-\d{2}-\d{2})", shown)
    assert named == [default_dataset().latest_snapshot()] * 2, named
    for scenario in (scenarios["us-2025-04"], plan):
        assert scenario.text("title", "en") in shown
    assert "…" not in shown.split("Sources")[0]
    totals = [
        compute_stats(s, default_dataset().snapshot(named[0]), dataset=default_dataset())["totals"]
        for s in (scenarios["us-2025-04"], plan)
    ]
    area = format_number(totals[1]["buffer_zone"]["area_km2"], "en")
    # Each side's area with its own stated margin; B − A bare.
    a, b = (f"{format_number(t['buffer_zone']['area_km2'], 'en')} {margin_cell(t['buffer_zone']['margin_km2'])}" for t in totals)
    if buffer_shown is not None:
        assert buffer_shown == _flat(b)
    else:
        assert _flat(f"Demilitarised buffer zone (proposed) {a} {b} +{area}") in shown


# --- Layout: labels keep clear, nothing is cut off -----------------------------------------------------------


def _boxes(fig):
    # Drawn first: the legend lays out its texts only when drawn.
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    legend = fig.legends[0].get_window_extent(renderer)
    numbers = next(a for a in fig.artists if a.get_gid() == "numbers-box").get_window_extent(renderer)
    labels = [t for t in fig.findobj(Text) if (t.get_gid() or "").endswith("-label") and t.get_visible()]
    return renderer, legend, numbers, labels


@pytest.mark.parametrize(
    "scenario_id, size, compare, lang",
    [
        ("plan-28-points-2025-11", "1920x1080", None, "en"),
        ("us-2025-04", "1920x1080", None, "uk"),
        ("status-quo", "a4-landscape", None, "en"),
        ("plan-28-points-2025-11", "1920x1080", "russia-2024-06", "en"),
        ("status-quo", "1080x1920", None, "en"),
    ],
)
def test_labels_keep_clear_of_the_legend_numbers_and_each_other(scenario_id, size, compare, lang):
    scenario, snapshot = _scenario(scenario_id)
    fig = render_figure(
        scenario,
        snapshot,
        size=size,
        lang=lang,
        compare=default_dataset().scenarios()[compare] if compare else None,
        dataset=default_dataset(),
    )
    renderer, legend, numbers, labels = _boxes(fig)
    names = {t.get_text() for t in labels}
    assert {"Kyiv", "Sevastopol"} <= names or {"Київ", "Севастополь"} <= names
    extents = [(t.get_text(), t.get_window_extent(renderer)) for t in labels]
    for name, extent in extents:
        assert not extent.overlaps(legend), f"{name} overlaps the legend"
        assert not extent.overlaps(numbers), f"{name} overlaps the numbers box"
    for index, (name, extent) in enumerate(extents):
        for other, other_extent in extents[index + 1 :]:
            assert not extent.overlaps(other_extent), f"{name} overlaps {other}"
    assert not legend.overlaps(numbers)
    # Nothing is cut off: every text lies inside the figure.
    page = fig.bbox
    for text in fig.findobj(Text):
        if text.get_text() and text.get_visible():
            extent = text.get_window_extent(renderer)
            assert (
                page.x0 - 1 <= extent.x0 and extent.x1 <= page.x1 + 1 and page.y0 - 1 <= extent.y0 and extent.y1 <= page.y1 + 1
            ), text.get_text()


def test_body_text_is_legible_on_a_slide():
    scenario, snapshot = _scenario("us-2025-04")
    fig = render_figure(scenario, snapshot, dataset=default_dataset())
    smallest_px = min(t.get_fontsize() * fig.dpi / 72 for t in fig.findobj(Text) if t.get_text())
    assert smallest_px >= 14


# --- Files ---------------------------------------------------------------------------------------------------

SVG = "{http://www.w3.org/2000/svg}"


def _svg_texts(data: bytes) -> list[str]:
    root = ET.fromstring(data)
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_svg_is_xml_with_text_kept_as_text():
    scenario, snapshot = _scenario("us-2025-04")
    texts = _svg_texts(render_bytes(scenario, snapshot, "svg", size="1280x720", dataset=default_dataset()))
    assert "Claims map: Ukraine's regions and settlement proposals" in texts
    assert status_label(Status.DE_JURE_RUSSIA, "en") in texts
    assert "Kyiv" in texts


def test_a_hostile_title_is_drawn_literally():
    scenario, snapshot = _scenario("status-quo")
    fig = render_figure(scenario, snapshot, size="1280x720", title=HOSTILE_TITLE, dataset=default_dataset())
    title = next(t for t in fig.findobj(Text) if t.get_gid() == "title")
    assert title.get_text() == HOSTILE_TITLE and not title.get_parse_math() and not title.get_usetex()
    data = render_bytes(scenario, snapshot, "svg", size="1280x720", title=HOSTILE_TITLE, dataset=default_dataset())
    assert HOSTILE_TITLE in _svg_texts(data)
    assert b"<script" not in data and b"&lt;script&gt;" in data
    # Mathtext would have drawn $\alpha$ as glyphs, leaving no "$" in the text.
    assert b"$\\alpha$" in data


def test_control_characters_in_a_title_keep_the_svg_valid():
    from xml.etree import ElementTree

    scenario, snapshot = _scenario("status-quo")
    data = render_bytes(scenario, snapshot, "svg", size="640x360", title="a\x00b\x01c <x>", dataset=default_dataset())
    ElementTree.fromstring(data)  # raises on invalid XML
    assert "a b c <x>" in _svg_texts(data)


def test_pdf_has_one_page_and_rasterises(tmp_path):
    scenario, snapshot = _scenario("plan-28-points-2025-11")
    data = render_bytes(scenario, snapshot, "pdf", dataset=default_dataset())
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type\s*/Page\b", data)) == 1
    if shutil.which("pdftoppm") is None:
        skip_or_fail("pdftoppm not found: apt-get install -y poppler-utils")
    pdf = tmp_path / "figure.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-png", "-r", "40", str(pdf), str(tmp_path / "page")], check=True, capture_output=True, timeout=120
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert len(pages) == 1
    image = imread(pages[0])
    # A4 landscape at 40 dpi, mostly not blank.
    assert image.shape[1] == pytest.approx(297 / 25.4 * 40, abs=2)
    assert (image[..., :3] < 0.9).any(axis=2).mean() > 0.2


def test_png_has_the_asked_size():
    scenario, snapshot = _scenario("status-quo")
    data = render_bytes(scenario, snapshot, "png", size="1000x700", dataset=default_dataset())
    assert _rgb(data).shape[:2] == (700, 1000)
    assert parse_size("1920x1080") == (19.2, 10.8, 100.0)
    width, height, _dpi = parse_size("a4-landscape")
    assert (round(width * 25.4), round(height * 25.4)) == (297, 210)


@pytest.mark.parametrize("size", ["10x10", "9000x1000", "1920", "1920x1080x3", "4000x300", "a4", "", "-5x-5"])
def test_bad_sizes_are_refused(size):
    with pytest.raises(RenderError):
        parse_size(size)


def test_bad_layers_languages_and_formats_are_refused():
    scenario, snapshot = _scenario("status-quo")
    with pytest.raises(RenderError, match="unknown layer"):
        render_figure(scenario, snapshot, layers=("line", "tiles"), dataset=default_dataset())
    with pytest.raises(RenderError, match="language"):
        render_figure(scenario, snapshot, lang="fr", dataset=default_dataset())
    with pytest.raises(RenderError, match="format"):
        render_bytes(scenario, snapshot, "gif", dataset=default_dataset())


def test_figures_drawn_in_threads_equal_those_drawn_one_by_one():
    # The dashboard renders downloads from several sessions' threads at once, possibly on cold caches:
    # every cache is emptied before the threads start, so they race to fill them.
    scenario, snapshot = _scenario("us-2025-04")
    jobs = [("svg", "640x360"), ("png", "640x360"), ("pdf", "640x360"), ("svg", "640x360")]
    alone = [render_bytes(scenario, snapshot, fmt, size=size, dataset=default_dataset()) for fmt, size in jobs]
    default_dataset().clear()
    snapshot = default_dataset().snapshot(snapshot.as_of)
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(
            pool.map(lambda job: render_bytes(scenario, snapshot, job[0], size=job[1], dataset=default_dataset()), jobs)
        )
    assert together == alone
    assert b"<text" in together[0]


# --- Command line --------------------------------------------------------------------------------------------


def _cli(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geodata", *args], check=False, cwd=cwd, capture_output=True, text=True, timeout=300
    )


def test_cli_writes_the_figure(tmp_path):
    out = tmp_path / "figure.svg"
    result = _cli("render", "--scenario", "us-2025-04", "--out", str(out), "--size", "800x450", "--title", HOSTILE_TITLE)
    assert result.returncode == 0, result.stderr
    assert HOSTILE_TITLE in _svg_texts(out.read_bytes())
    assert str(out) in result.stdout


def test_cli_option_flags_and_compare(tmp_path):
    out = tmp_path / "custom.png"
    result = _cli(
        "render",
        "--scenario",
        "status-quo",
        "--crimea",
        "frozen",
        "--oblast",
        "UA-14=de_jure_russia/buffer_zone",
        "--compare",
        "us-2025-04",
        "--lang",
        "uk",
        "--size",
        "960x540",
        "--out",
        str(out),
    )
    assert result.returncode == 0, result.stderr
    assert _rgb(out.read_bytes()).shape[:2] == (540, 960)


@pytest.mark.parametrize(
    "args, message",
    [
        (("render", "--scenario", "nope", "--out", "{tmp}/x.png"), "unknown scenario 'nope'"),
        (("render", "--scenario", "status-quo", "--control", "1999-01-01", "--out", "{tmp}/x.png"), "unknown control snapshot"),
        (("render", "--scenario", "status-quo", "--out", "{tmp}/x.gif"), "unknown format 'gif'"),
        (("render", "--scenario", "status-quo", "--format", "bmp", "--out", "{tmp}/x.bmp"), "unknown format 'bmp'"),
        (("render", "--scenario", "status-quo", "--format", "svg", "--out", "{tmp}/x.png"), "does not end in .svg"),
        (("render", "--scenario", "status-quo", "--out", "{tmp}/missing/dir/x.png"), "cannot write"),
        (("render", "--scenario", "status-quo", "--out", "{tmp}/x.png", "--size", "10x10"), "each side must be"),
        (("render", "--scenario", "status-quo", "--out", "{tmp}/x.png", "--lang", "fr"), "unknown language"),
        (("render", "--scenario", "status-quo", "--out", "{tmp}/x.png", "--layers", "line,tiles"), "unknown layer 'tiles'"),
        (("render", "--scenario", "status-quo", "--compare", "nope", "--out", "{tmp}/x.png"), "unknown scenario 'nope'"),
        (("render", "--out", "{tmp}/x.png"), "needs --scenario"),
        (("render", "--scenario", "status-quo"), "needs --out"),
        (("render", "--all"), "needs --outdir"),
        (("render", "--all", "--scenario", "status-quo", "--outdir", "{tmp}"), "--all draws every preset"),
    ],
)
def test_cli_errors_exit_2_with_one_line(tmp_path, args, message):
    result = _cli(*(a.replace("{tmp}", str(tmp_path)) for a in args))
    assert result.returncode == 2, result.stderr
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr
    assert not list(tmp_path.glob("*.png"))


def test_cli_all_prints_one_progress_line_per_preset(tmp_path):
    outdir = tmp_path / "figures"
    result = _cli("render", "--all", "--outdir", str(outdir), "--format", "png", "--size", "640x360")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    presets = list(default_dataset().scenarios())
    assert len(lines) == len(presets)
    for number, (line, scenario_id) in enumerate(zip(lines, presets, strict=False), start=1):
        expected = re.escape(f"[{number}/{len(presets)}] {scenario_id} -> {outdir / scenario_id}.png (") + r"\d+\.\d s\)"
        assert re.fullmatch(expected, line), line
        assert _rgb((outdir / f"{scenario_id}.png").read_bytes()).shape[:2] == (360, 640)


if __name__ == "__main__":
    if sys.argv[1:] != ["--update-baselines"]:
        sys.exit("usage: python -m tests.test_render --update-baselines")
    for written in update_baselines():
        print(written.relative_to(ROOT))
