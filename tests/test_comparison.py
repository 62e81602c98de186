"""The comparison figure you can show: the maps take at least half of it, at every size, in both languages,
with the headings in full, the number table, the legend, the notes and the sources all inside the figure and
off the maps.
"""

from __future__ import annotations

import re

import pytest
from matplotlib.text import Text

from geodata.dataset import default_dataset
from geodata.figures import render_figure
from geodata.figures.comparison import heading_text, map_share
from geodata.wording import word

SIZES = ("1920x1080", "1280x720", "a4-landscape")


def _flat(text: str) -> str:
    return " ".join(text.split())


def _comparison(size: str, lang: str):
    dataset = default_dataset()
    scenarios = dataset.scenarios()
    snapshot = dataset.snapshot(dataset.latest_snapshot())
    first, second = scenarios["us-2025-04"], scenarios["plan-28-points-2025-11"]
    fig = render_figure(first, snapshot, size=size, lang=lang, compare=second, dataset=dataset)
    fig.canvas.draw()
    return fig, fig.canvas.get_renderer(), (first, second), snapshot


@pytest.mark.parametrize("lang", ["en", "uk"])
@pytest.mark.parametrize("size", SIZES)
def test_maps_take_at_least_half_and_nothing_is_cut_or_covers_them(size, lang):
    fig, renderer, scenarios, snapshot = _comparison(size, lang)
    maps = [ax for ax in fig.axes if str(ax.get_gid()).startswith("map-")]
    assert len(maps) == 2
    # The maps' drawn frames, measured on the canvas (not the layout's own arithmetic).
    page = fig.bbox
    frames = [ax.get_window_extent(renderer) for ax in maps]
    drawn_share = sum(frame.width * frame.height for frame in frames) / (page.width * page.height)
    assert drawn_share >= 0.5, f"{size} {lang}: maps take {drawn_share:.3f} of the figure"
    assert map_share(fig) == pytest.approx(drawn_share, abs=0.002)
    assert not frames[0].overlaps(frames[1])

    texts = {t.get_gid(): t for t in fig.findobj(Text) if t.get_gid()}
    # Each heading names its proposal in full and the line, wrapped and never cut.
    for index, (scenario, letter) in enumerate(zip(scenarios, ("map_a", "map_b"), strict=True)):
        heading = texts[f"map-heading-{index}"].get_text()
        assert _flat(heading) == _flat(heading_text(scenario, word(letter, lang), snapshot, lang))
        assert scenario.text("title", lang) in _flat(heading) and "…" not in heading
    # The table's rows are named in words; the parts below the maps stay inside the figure and off both maps.
    rows = [t for gid, t in texts.items() if gid.startswith("row-")]
    assert rows and all(t.get_text().strip() for t in rows)
    below = [next(a for a in fig.artists if a.get_gid() == "numbers-box").get_window_extent(renderer)]
    below += [legend.get_window_extent(renderer) for legend in fig.legends]
    below += [texts[gid].get_window_extent(renderer) for gid in ("sources", "status-notes") if gid in texts]
    for extent in below:
        assert page.x0 - 1 <= extent.x0 and extent.x1 <= page.x1 + 1 and page.y0 - 1 <= extent.y0
        for frame in frames:
            assert not extent.overlaps(frame), f"{size} {lang}: {extent} covers a map {frame}"
    for text in fig.findobj(Text):
        if text.get_text() and text.get_visible():
            extent = text.get_window_extent(renderer)
            assert page.x0 - 1 <= extent.x0 and extent.x1 <= page.x1 + 1, text.get_text()
            assert page.y0 - 1 <= extent.y0 and extent.y1 <= page.y1 + 1, text.get_text()


@pytest.mark.parametrize("size", SIZES)
def test_svg_maps_take_at_least_half_measured_from_the_file(size):
    """The same, from the SVG a user downloads: each map group's frame (its first path) over the page's viewBox."""
    import xml.etree.ElementTree as ET

    from geodata.figures import render_bytes

    dataset = default_dataset()
    scenarios = dataset.scenarios()
    snapshot = dataset.snapshot(dataset.latest_snapshot())
    data = render_bytes(
        scenarios["us-2025-04"], snapshot, "svg", size=size, compare=scenarios["plan-28-points-2025-11"], dataset=dataset
    )
    svg = "{http://www.w3.org/2000/svg}"
    root = ET.fromstring(data)
    _x, _y, width, height = (float(v) for v in root.get("viewBox").split())
    share = 0.0
    groups = [g for g in root.iter(f"{svg}g") if g.get("id") in ("map-0", "map-1")]
    assert len(groups) == 2
    for group in groups:
        numbers = [float(v) for v in re.findall(r"-?\d+(?:\.\d+)?", next(group.iter(f"{svg}path")).get("d"))]
        xs, ys = numbers[0::2], numbers[1::2]
        share += (max(xs) - min(xs)) * (max(ys) - min(ys)) / (width * height)
    assert share >= 0.5, f"{size}: {share:.3f}"
    shown = _flat(" ".join("".join(e.itertext()) for e in root.iter(f"{svg}text")))
    for scenario in (scenarios["us-2025-04"], scenarios["plan-28-points-2025-11"]):
        assert scenario.text("title", "en") in shown


# --- The status quo has no date of its own: every heading names it by its line only --------------------------


def _headings(scenario, other, snapshot, lang):
    """Every heading path's text for ``scenario``: figure subtitle, comparison heading, pack chooser, map title box
    (presentation and normal view), slide title."""
    from geodata.mapconfig import title_box_config
    from geodata.pack import PackRequest, pack_data
    from geodata.slides import SlideSpec, slide_title

    dataset = default_dataset()
    fig = render_figure(scenario, snapshot, size="800x450", lang=lang, dataset=dataset)
    subtitle = next(t.get_text() for t in fig.findobj(Text) if scenario.text("title", lang) in t.get_text())
    compared = render_figure(other, snapshot, size="800x450", lang=lang, compare=scenario, dataset=dataset)
    heading = next(t.get_text() for t in compared.findobj(Text) if t.get_gid() == "map-heading-1")
    pack = pack_data(PackRequest([scenario], [snapshot.as_of], lang))
    box = title_box_config(scenario, snapshot, lang)
    side = title_box_config(scenario, snapshot, lang, letter=word("map_b", lang))
    slide = slide_title(SlideSpec(scenario, snapshot, lang, dataset=dataset))
    return {
        "figure": subtitle,
        "comparison": heading,
        "pack": pack["scenarios"][0]["date"] + " " + pack["scenarios"][0]["headline"],
        "title box": " ".join([box["heading"], *box["lines"]]),
        "presentation side": " ".join([side["heading"], *side["lines"]]),
        "slide": slide,
    }


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_the_status_quo_is_named_by_its_line_only_and_a_proposal_by_its_date(lang):
    dataset = default_dataset()
    scenarios = dataset.scenarios()
    status_quo, proposal = scenarios["status-quo"], scenarios["us-2025-04"]
    # Driven by the data: the file says it has no date of its own; the proposal's does not.
    assert not status_quo.own_date and status_quo.shown_date == "" and status_quo.date
    assert proposal.own_date and proposal.shown_date == proposal.date
    snapshot = dataset.snapshot(dataset.latest_snapshot())
    assert status_quo.date != snapshot.as_of  # else the check below could not tell the two dates apart
    for path, text in _headings(status_quo, proposal, snapshot, lang).items():
        assert status_quo.text("title", lang) in _flat(text), path
        assert status_quo.date not in text, f"{path}: {text}"
    for path, text in _headings(proposal, status_quo, snapshot, lang).items():
        assert proposal.date in text, f"{path}: {text}"
    # The line's date is beside the status quo wherever the heading names a line.
    headings = _headings(status_quo, proposal, snapshot, lang)
    for path in ("figure", "comparison", "title box", "presentation side"):
        assert snapshot.as_of in headings[path], path


@pytest.mark.parametrize("lang", ["en", "uk"])
def test_no_sentence_of_a_figure_or_slide_ends_with_two_full_stops(lang):
    """The trial read "81,0 % ± 1,3 в. п.. Джерела" in the Ukrainian footer: a sentence that ends with an
    abbreviation's full stop gets no second one, in the comparison figure, the single figure and the slides."""
    from geodata.footer import full_stop, sentences
    from geodata.published import margin_points_text
    from geodata.slides import SlideSpec, footer_text, notes_text

    dataset = default_dataset()
    snapshot = dataset.snapshot(dataset.latest_snapshot())
    first, second = dataset.scenarios()["us-2025-04"], dataset.scenarios()["plan-28-points-2025-11"]
    # The share's margin is the one that ends with an abbreviation in Ukrainian ("в. п."): the case is real.
    margin = margin_points_text(0.013, lang)
    assert full_stop(margin) == (margin if margin.endswith(".") else margin + ".")
    assert sentences(margin, "next") == f"{full_stop(margin)} next."
    fig, _renderer, _scenarios, _snapshot = _comparison("1280x720", lang)
    single = render_figure(first, snapshot, size="1280x720", lang=lang, dataset=dataset)
    for figure in (fig, single):
        for text in figure.findobj(Text):
            assert not re.search(r"[^.]\.\.(\s|$)", _flat(text.get_text())), text.get_text()
    for spec in (
        SlideSpec(first, snapshot, lang=lang, dataset=dataset),
        SlideSpec(first, snapshot, lang=lang, dataset=dataset, compare=second),
    ):
        for text in (footer_text(spec), notes_text(spec)):
            assert not re.search(r"[^.]\.\.(\s|$)", text), text
