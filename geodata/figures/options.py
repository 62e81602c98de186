"""What a figure may be asked for: file formats, sizes, languages and layers, and the checks that refuse the rest.

Every check raises :class:`RenderError`, whose message names the value and what is allowed,
so the command line and the dashboard can show it to the user as it is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from geodata.errors import RenderError
from geodata.vocabulary import DEFAULT_LAYERS, FIGURE_FORMATS, LANGUAGES, LAYERS

#: The names other modules take from here, the vocabulary's and the error's included (re-exported on purpose).
__all__ = [
    "DEFAULT_LAYERS",
    "DEFAULT_SIZES",
    "FORMATS",
    "LANGUAGES",
    "LAYERS",
    "MAX_ASPECT",
    "MAX_PIXELS",
    "MAX_SIDE_PX",
    "MIN_ASPECT",
    "MIN_SIDE_PX",
    "RenderError",
    "parse_size",
]

FORMATS: tuple[str, ...] = FIGURE_FORMATS
#: The size each format gets when none is asked for: a 16:9 slide, and A4 for print.
DEFAULT_SIZES = {"png": "1920x1080", "svg": "1920x1080", "pdf": "a4-landscape"}
#: Bounds for "WxH": each side in pixels, the pixel count (memory) and the aspect ratio (layout).
MIN_SIDE_PX, MAX_SIDE_PX = 320, 8000
MAX_PIXELS = 40_000_000
MIN_ASPECT, MAX_ASPECT = 0.5, 3.0
#: The map's layers, named as the dashboard and the command line name them, and the ones drawn by default.

_SIZE_PATTERN = re.compile(r"^(\d{1,5})x(\d{1,5})$")


def parse_size(size: str) -> tuple[float, float, float]:
    """Width and height in inches and the dpi of a figure size.

    Parameters
    ----------
    size : str
        ``"1920x1080"`` or any ``"WxH"`` in pixels (each side 320 to 8000, at most
        40 million pixels, aspect ratio from 1:2 to 3:1), drawn at 100 dpi; or
        ``"a4-landscape"``, 297 x 210 mm at 150 dpi.

    Returns
    -------
    tuple of float
        ``(width_in, height_in, dpi)``.

    Raises
    ------
    RenderError
        For any other value.
    """
    if size == "a4-landscape":
        return 297 / 25.4, 210 / 25.4, 150.0
    match = _SIZE_PATTERN.match(size or "")
    if not match:
        raise RenderError(f"size {size!r} must be WxH in pixels (e.g. 1920x1080) or a4-landscape")
    width, height = int(match.group(1)), int(match.group(2))
    if not (MIN_SIDE_PX <= width <= MAX_SIDE_PX and MIN_SIDE_PX <= height <= MAX_SIDE_PX):
        raise RenderError(f"size {size!r}: each side must be {MIN_SIDE_PX} to {MAX_SIDE_PX} pixels")
    if width * height > MAX_PIXELS:
        raise RenderError(f"size {size!r}: at most {MAX_PIXELS:,} pixels")
    if not MIN_ASPECT <= width / height <= MAX_ASPECT:
        raise RenderError(f"size {size!r}: width/height must be between {MIN_ASPECT} and {MAX_ASPECT}")
    return width / 100, height / 100, 100.0


def _validate(layers: Sequence[str], lang: str) -> tuple[str, ...]:
    if lang not in LANGUAGES:
        raise RenderError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if isinstance(layers, str):
        raise RenderError("layers must be a sequence of layer names, not one string")
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise RenderError(f"unknown layer {unknown[0]!r} (known: {', '.join(LAYERS)})")
    return tuple(layers)
