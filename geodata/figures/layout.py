"""The figure's layout: the reference grid, the sizes and colours of its parts, fonts, and text measured and wrapped.

A figure is designed once, on a 1920x1080 canvas at 100 dpi ("reference pixels"); :class:`_Grid`
scales that design to any size and resolution, and :class:`_Figure` holds what every part of one
figure shares: the grid, the fonts, and the renderer that measures text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, cast

from matplotlib.backend_bases import RendererBase
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from geodata.figures.options import parse_size

if TYPE_CHECKING:
    from geodata.figures.labels import _Label

#: The font styles matplotlib knows.
FontStyle = Literal["normal", "italic", "oblique"]

#: The layout is designed on a 1920x1080 canvas at 100 dpi ("reference pixels"); any other size is
#: scaled from it, so a figure looks the same at every size and resolution.
REFERENCE_SIZE_PX = (1920, 1080)
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, covers Cyrillic
TEXT_COLOR = "#111111"
MUTED_COLOR = "#3d3d3d"
#: The light panel behind a table of figures, and its edge (also the table's rule).
PANEL_FILL = "#f6f7f9"
PANEL_EDGE = "#b8bcc2"

#: Reference-pixel sizes of the parts of the figure.
MARGIN = 40
TITLE_PX, SUBTITLE_PX, BODY_PX, LEGEND_PX, LABEL_PX, FOOTER_PX = 34, 22, 16, 17, 15, 14
PANEL_WIDTH = 620
SIDE_PANEL_MIN_ASPECT = 1.25
GAP = 28
MAX_LINE_CHARS = 300


@dataclass(frozen=True)
class _Grid:
    """Converts reference pixels (1920x1080 design) into figure fractions, points and device pixels."""

    width_in: float
    height_in: float
    dpi: float

    @property
    def scale(self) -> float:
        # The reference canvas always fits: at other aspect ratios there is spare room, never too little.
        return min(self.width_in * 100 / REFERENCE_SIZE_PX[0], self.height_in * 100 / REFERENCE_SIZE_PX[1])

    @property
    def width(self) -> float:
        return self.width_in * 100 / self.scale

    @property
    def height(self) -> float:
        return self.height_in * 100 / self.scale

    def pt(self, px: float) -> float:
        """Font size or line width in points for ``px`` reference pixels."""
        return px * 0.72 * self.scale

    def device(self, px: float) -> float:
        """Device pixels (as the Agg canvas measures them) for ``px`` reference pixels."""
        return px * self.scale * self.dpi / 100

    def fx(self, x: float) -> float:
        return x / self.width

    def fy(self, y: float) -> float:
        """Figure fraction of ``y`` reference pixels measured from the top."""
        return 1 - y / self.height

    def rect(self, left: float, top: float, right: float, bottom: float) -> tuple[float, float, float, float]:
        return (self.fx(left), self.fy(bottom), self.fx(right) - self.fx(left), self.fy(top) - self.fy(bottom))


class _Figure:
    """Builds one figure: everything shares the grid, the fonts and the renderer that measures text."""

    def __init__(self, size: str, lang: str) -> None:
        width_in, height_in, dpi = parse_size(size)
        self.grid = _Grid(width_in, height_in, dpi)
        self.lang = lang
        self.fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
        # FigureCanvasAgg.get_renderer is unannotated in matplotlib (no stub for backend_agg): typed here.
        canvas = FigureCanvasAgg(self.fig)
        self.renderer = cast("Callable[[], RendererBase]", canvas.get_renderer)()
        self.labels: list[_Label] = []

    def font(self, px: float, weight: str = "normal", style: FontStyle = "normal") -> FontProperties:
        return FontProperties(family=FONT_FAMILY, size=self.grid.pt(px), weight=weight, style=style)

    def text_width(self, text: str, font: FontProperties) -> float:
        """Width of ``text`` in reference pixels."""
        width, _height, _descent = self.renderer.get_text_width_height_descent(text, font, ismath=False)
        return float(width) / self.grid.device(1)

    def wrap(self, text: str, font: FontProperties, width: float, max_lines: int | None = None) -> list[str]:
        """Lines of ``text`` no wider than ``width`` reference pixels.

        Words too long for a line are broken; past ``max_lines`` the last line ends in an ellipsis,
        so text from anyone (a title, a file name) can never run off the figure.
        """
        if max_lines is not None:
            # No line holds more than a few hundred characters: the rest could never be shown.
            text = text[: max_lines * MAX_LINE_CHARS]
        lines: list[str] = []
        for paragraph in text.split("\n"):
            current = ""
            for word in paragraph.split(" "):
                candidate = f"{current} {word}" if current else word
                if self.text_width(candidate, font) <= width:
                    current = candidate
                    continue
                if current:
                    lines.append(current)
                while len(word) > 1 and self.text_width(word, font) > width:
                    cut = 1
                    while cut < len(word) and self.text_width(word[: cut + 1], font) <= width:
                        cut += 1
                    lines.append(word[:cut])
                    word = word[cut:]
                current = word
            lines.append(current)
        if max_lines is not None and len(lines) > max_lines:
            lines = lines[:max_lines]
            last = lines[-1]
            while last and self.text_width(last + "…", font) > width:
                last = last[:-1]
            lines[-1] = last.rstrip() + "…"
        return lines

    def box(self, left: float, top: float, width: float, height: float, gid: str) -> None:
        """The light panel behind a table of figures (numbers, changes, a comparison), at reference pixels."""
        from matplotlib.patches import Rectangle

        grid = self.grid
        self.fig.add_artist(
            Rectangle(
                (grid.fx(left), grid.fy(top + height)),
                grid.fx(width),
                grid.fy(0) - grid.fy(height),
                transform=self.fig.transFigure,
                facecolor=PANEL_FILL,
                edgecolor=PANEL_EDGE,
                linewidth=grid.pt(1),
                gid=gid,
            )
        )

    def rule(self, x0: float, x1: float, y: float) -> None:
        """A table's rule under its header, from ``x0`` to ``x1`` at ``y`` (reference pixels)."""
        from matplotlib.lines import Line2D

        grid = self.grid
        self.fig.add_artist(
            Line2D(
                [grid.fx(x0), grid.fx(x1)],
                [grid.fy(y)] * 2,
                color=PANEL_EDGE,
                linewidth=grid.pt(1),
                transform=self.fig.transFigure,
            )
        )

    def text(self, x: float, y: float, text: str, font: FontProperties, **kwargs: Any) -> Any:
        """Plain text at reference pixels (x, y from the top): never mathtext, whoever wrote it."""
        kwargs.setdefault("color", TEXT_COLOR)
        return self.fig.text(
            self.grid.fx(x), self.grid.fy(y), text, fontproperties=font, parse_math=False, usetex=False, **kwargs
        )
