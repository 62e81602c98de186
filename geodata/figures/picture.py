"""The map alone, as a picture for a slide: one map, or two side by side, with labels and a scale bar.

A PowerPoint slide (:mod:`geodata.slides`) carries its title, numbers and sources as native text and a
table; its picture is only the map, drawn by the same code as the figures (:mod:`geodata.figures.map_axes`).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from geodata.control import ControlSnapshot
from geodata.figures.labels import _place_labels
from geodata.figures.layout import GAP, SUBTITLE_PX, _Figure
from geodata.figures.map_axes import _draw_map
from geodata.figures.options import DEFAULT_LAYERS, _validate
from geodata.figures.saving import save_figure
from geodata.layers import has_claims_not_held
from geodata.scenarios import Scenario
from geodata.wording import word

if TYPE_CHECKING:
    from geodata.changes import Changes
    from geodata.dataset import Dataset


def map_picture(
    scenarios: Sequence[Scenario],
    snapshot: ControlSnapshot,
    layers: Sequence[str] = DEFAULT_LAYERS,
    lang: str = "en",
    size: str = "1600x1000",
    *,
    dataset: Dataset,
    changes: Changes | None = None,
) -> bytes:
    """A PNG of the map of each scenario on one line, side by side, lettered A and B when there are two.

    Parameters
    ----------
    scenarios : sequence of Scenario
        One scenario, or two (A then B).
    snapshot : ControlSnapshot
        The line every map is drawn on.
    layers : sequence of str
        As for :func:`geodata.figures.render_figure`.
    lang : {"en", "uk"}
        Language of the labels.
    size : str
        ``"WxH"`` pixels, as for :func:`geodata.figures.parse_size`.
    dataset : Dataset
        Where the regions, places and control parts come from.
    changes : Changes, optional
        What Russia gained and lost since an earlier line (:func:`geodata.changes.changes_between`, ending on
        ``snapshot``), drawn over every map as the dashboard draws it.

    Returns
    -------
    bytes
        The PNG file.

    Raises
    ------
    RenderError
        For an unknown size, language or layer.
    """
    layers = _validate(layers, lang)
    if not has_claims_not_held(snapshot, dataset=dataset):
        layers = tuple(layer for layer in layers if layer != "claims")
    builder = _Figure(size, lang)
    grid = builder.grid
    count = len(scenarios)
    top = SUBTITLE_PX * 1.6 if count > 1 else 0
    width = (grid.width - GAP * (count - 1)) / count
    axes = []
    plates = []
    for index, scenario in enumerate(scenarios):
        left = index * (width + GAP)
        ax = builder.fig.add_axes(grid.rect(left, top, left + width, grid.height), gid=f"map-{index}")
        plates.append(_draw_map(ax, builder, scenario, snapshot, layers, dataset=dataset, changes=changes))
        axes.append(ax)
        if count > 1:
            letter = word("map_a" if index == 0 else "map_b", lang)
            frame = ax.get_position()
            builder.text(frame.x0 * grid.width, top - 6, letter, builder.font(SUBTITLE_PX, weight="bold"), va="bottom")
    _place_labels(builder, [plate.get_window_extent(builder.renderer) for plate in plates], axes)
    buffer = io.BytesIO()
    save_figure(builder.fig, buffer, "png")
    return buffer.getvalue()
