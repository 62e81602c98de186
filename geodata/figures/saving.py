"""Writing a figure as PNG, SVG or PDF bytes, safely from several threads at once.

Only :class:`matplotlib.figure.Figure` with its own Agg canvas is used, never ``pyplot``. The one
piece of global state, ``rcParams`` while saving (SVG and PDF font options), is set under a lock.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import IO, TYPE_CHECKING

import matplotlib
from matplotlib.figure import Figure

from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.figures.figure import render_figure
from geodata.figures.options import DEFAULT_LAYERS, DEFAULT_SIZES, FORMATS, RenderError
from geodata.scenarios import Scenario

if TYPE_CHECKING:
    from geodata.changes import Changes

_SAVE_LOCK = threading.Lock()


def save_figure(fig: Figure, path_or_buffer: str | Path | IO[bytes], fmt: str) -> None:
    """Write a figure as PNG, SVG or PDF.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        From :func:`render_figure`.
    path_or_buffer : str, Path or binary file object
        Where to write.
    fmt : {"png", "svg", "pdf"}
        PNG at the figure's own pixel size; SVG with text kept as ``<text>``;
        PDF as vectors with TrueType fonts (text stays selectable).

    Raises
    ------
    RenderError
        For an unknown format.
    """
    if fmt not in FORMATS:
        raise RenderError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    # No dates in the files, so the same figure gives the same bytes.
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    # rcParams is global: the lock keeps two threads' saves from seeing each other's options.
    with _SAVE_LOCK, matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "claims-map", "pdf.fonttype": 42}):
        fig.savefig(path_or_buffer, format=fmt, dpi=fig.dpi, facecolor=fig.get_facecolor(), metadata=metadata)


def render_bytes(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    fmt: str = "png",
    layers: Sequence[str] = DEFAULT_LAYERS,
    size: str | None = None,
    title: str | None = None,
    lang: str = "en",
    compare: Scenario | None = None,
    today: date | None = None,
    *,
    dataset: Dataset,
    changes: Changes | None = None,
) -> bytes:
    """A figure as the bytes of a PNG, SVG or PDF file (for download buttons).

    Parameters
    ----------
    scenario, snapshot, layers, title, lang, compare, today, dataset, changes
        As for :func:`render_figure`.
    fmt : {"png", "svg", "pdf"}
        The file format.
    size : str, optional
        As for :func:`render_figure`; by default 1920x1080 for PNG and SVG and
        A4 landscape for PDF.

    Returns
    -------
    bytes
        The file's content.

    Raises
    ------
    RenderError
        For an unknown format, size, language or layer.
    """
    if fmt not in FORMATS:
        raise RenderError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    fig = render_figure(
        scenario,
        snapshot,
        layers=layers,
        size=size or DEFAULT_SIZES[fmt],
        title=title,
        lang=lang,
        compare=compare,
        today=today,
        dataset=dataset,
        changes=changes,
    )
    buffer = io.BytesIO()
    save_figure(fig, buffer, fmt)
    return buffer.getvalue()
