"""Static figures for slides and print: PNG, SVG and PDF, drawn with matplotlib, with no browser or network.

A figure has a title, a subtitle naming the scenario and the control date,
the map (statuses, claims not held, line of contact, region and place names,
a scale bar), a legend with exactly the statuses drawn, a numbers box, and a
source and licence line. Colours, patterns and legend wording come from
:mod:`geodata.style`, so the figure matches the dashboard.

Only :class:`matplotlib.figure.Figure` with its own Agg canvas is used, never
``pyplot``, so figures can be drawn from the dashboard's threads. The one
piece of global state, ``rcParams`` while saving (SVG and PDF font options),
is set under a lock.

Modules, one concern each:

- :mod:`~geodata.figures.options`: what may be asked for (formats, sizes, languages, layers) and :class:`RenderError`;
- :mod:`~geodata.figures.layout`: the reference grid, sizes, fonts and text wrapping;
- :mod:`~geodata.figures.projection`: the Lambert conformal conic, projected shapes, matplotlib paths;
- :mod:`~geodata.figures.symbols`: status and claim styles shared by map, legend and numbers box;
- :mod:`~geodata.figures.map_axes`: fills, claims, borders and the line of contact on one map;
- :mod:`~geodata.figures.changes_layer`: the gains and losses since an earlier line (hatching, legend rows, table);
- :mod:`~geodata.figures.labels`: label candidates and their collision-free placement;
- :mod:`~geodata.figures.panels`: legend, numbers box, footer and scale bar;
- :mod:`~geodata.figures.figure`: :func:`render_figure`, which lays all of it out;
- :mod:`~geodata.figures.comparison`: the comparison's own layout (two proposals on one line, full headings, named rows);
- :mod:`~geodata.figures.picture`: :func:`~geodata.figures.picture.map_picture`, the map alone for a PowerPoint slide;
- :mod:`~geodata.figures.saving`: :func:`save_figure` and :func:`render_bytes`.
"""

from __future__ import annotations

import importlib
from typing import Any

from geodata.figures.options import (
    DEFAULT_LAYERS,
    DEFAULT_SIZES,
    FORMATS,
    LANGUAGES,
    LAYERS,
    RenderError,
    parse_size,
)

#: Names whose modules load matplotlib: imported on first use, so ``python -m geodata --help`` and the
#: commands that draw nothing do not pay for it.
_LAZY = {"render_figure": "figure", "MAP_CRS": "projection", "render_bytes": "saving", "save_figure": "saving"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f"geodata.figures.{_LAZY[name]}"), name)
    raise AttributeError(f"module 'geodata.figures' has no attribute {name!r}")


__all__ = [
    "DEFAULT_LAYERS",
    "DEFAULT_SIZES",
    "FORMATS",
    "LANGUAGES",
    "LAYERS",
    "MAP_CRS",
    "RenderError",
    "parse_size",
    "render_bytes",
    "render_figure",
    "save_figure",
]
