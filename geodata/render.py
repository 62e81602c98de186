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
"""

from __future__ import annotations

import argparse
import copy
import io
import re
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import IO, Any, Mapping

import matplotlib
import numpy as np
import pyproj
import shapely
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Patch, PathPatch, Rectangle
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox
from shapely.geometry import box, shape
from shapely.geometry.base import BaseGeometry
from shapely.geometry.polygon import orient
from shapely.ops import polylabel

from geodata.cli import (
    DEFAULT_LAYERS,
    LAYERS,
    UserError,
    add_scenario_arguments,
    scenario_from_args,
)
from geodata.control import ControlSnapshot, region_parts
from geodata.dating import control_age_line
from geodata.layers import (
    statuses_drawn,
    claims_not_held_collection,
    has_claims_not_held,
    region_borders_collection,
    labelled_place_ids,
    simplified_parts,
)
from geodata.regions import (
    ANNEXED_2014,
    load_assets,
    load_neighbours,
    load_regions,
    load_settlements,
    ukraine_outline,
)
from geodata.scenarios import Scenario, Status
from geodata.stats import compute_stats
from geodata.wording import WORDING
from geodata.style import (
    CLAIM_LABEL,
    CLAIM_OUTLINE,
    LINE_OF_CONTACT_LABEL,
    LINE_OF_CONTACT_STYLE,
    NEIGHBOUR_BORDER,
    NEIGHBOUR_FILL,
    REGION_BORDER_STYLE,
    SEA_COLOR,
    STATUS_STYLES,
    status_label,
)

FORMATS: tuple[str, ...] = ("png", "svg", "pdf")
LANGUAGES: tuple[str, ...] = ("en", "uk")
#: The size each format gets when none is asked for: a 16:9 slide, and A4 for print.
DEFAULT_SIZES = {"png": "1920x1080", "svg": "1920x1080", "pdf": "a4-landscape"}
#: Bounds for "WxH": each side in pixels, the pixel count (memory) and the aspect ratio (layout).
MIN_SIDE_PX, MAX_SIDE_PX = 320, 8000
MAX_PIXELS = 40_000_000
MIN_ASPECT, MAX_ASPECT = 0.5, 3.0

#: Lambert conformal conic fitted to Ukraine: north is up everywhere and distances are within 0.5%
#: along the whole country, so one scale bar holds for the whole map.
MAP_CRS = "+proj=lcc +lat_0=48.5 +lon_0=31.5 +lat_1=45.5 +lat_2=51.5 +datum=WGS84 +units=m +no_defs"

#: The layout is designed on a 1920x1080 canvas at 100 dpi ("reference pixels"); any other size is
#: scaled from it, so a figure looks the same at every size and resolution.
REFERENCE_SIZE_PX = (1920, 1080)
FONT_FAMILY = "DejaVu Sans"  # ships with matplotlib, covers Cyrillic
TEXT_COLOR = "#111111"
MUTED_COLOR = "#3d3d3d"

#: Wording of the figure: the dashboard's shared wording, and the figure's own.
TEXT: dict[str, Mapping[str, str]] = {
    **WORDING,
    "sources": {"en": "Sources", "uk": "Джерела"},
    "control_sources": {"en": "control", "uk": "контроль"},
    "licences": {
        "en": "Boundaries: Natural Earth v4.1.0 (public domain); settlements: GeoNames (CC BY 4.0)",
        "uk": "Кордони: Natural Earth v4.1.0 (суспільне надбання); населені пункти: GeoNames (CC BY 4.0)",
    },
    "disclaimer": {
        "en": "Statuses are claims or proposals, not endorsements. Borders: Ukraine's internationally recognised (1991) borders.",
        "uk": "Статуси — це претензії або пропозиції, а не їх підтримка. Кордони: міжнародно визнані кордони України (1991).",
    },
    "area": {"en": "Area, km²", "uk": "Площа, км²"},
    "share": {"en": "Share of Ukraine", "uk": "Частка України"},
    "compare_heading": {"en": "Area by status, km²", "uk": "Площа за статусом, км²"},
    "difference": {"en": "B − A", "uk": "Б − А"},
    "km": {"en": "km", "uk": "км"},
    "map_a": {"en": "A", "uk": "А"},
    "map_b": {"en": "B", "uk": "Б"},
    "black_sea": {"en": "Black Sea", "uk": "Чорне море"},
    "sea_of_azov": {"en": "Sea of Azov", "uk": "Азовське море"},
}
#: Neighbours' names in Ukrainian (the context layer carries English names only).
COUNTRY_NAMES_UK = {
    "RUS": "Росія", "BLR": "Білорусь", "POL": "Польща", "SVK": "Словаччина",
    "HUN": "Угорщина", "ROU": "Румунія", "MDA": "Молдова",
}
#: Where the seas are named (lon, lat): open water that no label of a place competes for.
SEA_LABELS = {"black_sea": (31.2, 44.75), "sea_of_azov": (36.55, 46.25)}

#: Reference-pixel sizes of the parts of the figure.
MARGIN = 40
TITLE_PX, SUBTITLE_PX, BODY_PX, LEGEND_PX, LABEL_PX, FOOTER_PX = 34, 22, 16, 17, 15, 14
PANEL_WIDTH = 620
SIDE_PANEL_MIN_ASPECT = 1.25
GAP = 28
MAX_LINE_CHARS = 300

_SAVE_LOCK = threading.Lock()
_SIZE_PATTERN = re.compile(r"^(\d{1,5})x(\d{1,5})$")
_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


class RenderError(ValueError):
    """A request the renderer cannot draw: unknown format, size, language or layer."""


# --- Sizes and the reference grid ------------------------------------------------------------------


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

    def rect(self, left: float, top: float, right: float, bottom: float) -> list[float]:
        return [self.fx(left), self.fy(bottom), self.fx(right) - self.fx(left), self.fy(top) - self.fy(bottom)]


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


# --- Geometry: projected, as matplotlib paths ---------------------------------------------------------


@lru_cache(maxsize=1)
def _transformer() -> pyproj.Transformer:
    return pyproj.Transformer.from_crs("EPSG:4326", MAP_CRS, always_xy=True)


def _project(geometry: BaseGeometry) -> BaseGeometry:
    transformer = _transformer()
    return shapely.transform(geometry, lambda xy: np.column_stack(transformer.transform(xy[:, 0], xy[:, 1])))


def _project_point(lon: float, lat: float) -> tuple[float, float]:
    x, y = _transformer().transform(lon, lat)
    return float(x), float(y)


@lru_cache(maxsize=32)
def _projected_parts(snapshot: ControlSnapshot) -> dict[tuple[str, str], BaseGeometry]:
    return {key: _project(geometry) for key, geometry in simplified_parts(snapshot).items()}


@lru_cache(maxsize=32)
def _projected_claims(snapshot: ControlSnapshot) -> list[BaseGeometry]:
    # Not unioned: the features are rounded for the browser and neighbours may touch imperfectly.
    return [_project(shape(f["geometry"])) for f in claims_not_held_collection(snapshot)["features"]]


@lru_cache(maxsize=32)
def _projected_line(snapshot: ControlSnapshot) -> BaseGeometry:
    return _project(region_parts(snapshot).line_of_contact)


@lru_cache(maxsize=1)
def _projected_context() -> dict[str, Any]:
    borders = shape(region_borders_collection()["features"][0]["geometry"])
    neighbours = load_neighbours()
    return {
        "neighbours": {iso: _project(geometry.simplify(0.01)) for iso, geometry in neighbours.geometry.items()},
        "neighbour_names": dict(neighbours["name_en"]),
        "borders": _project(borders),
        "outline": _project(ukraine_outline()),
        # The area the context layers cover (their clipping box, projected): the map never shows past it.
        "data_area": shapely.union_all([_project(g) for g in neighbours.geometry] + [_project(ukraine_outline())]).convex_hull,
        "regions": {region_id: _project(geometry) for region_id, geometry in load_regions().geometry.items()},
    }


def _polygons(geometry: BaseGeometry) -> list[BaseGeometry]:
    if geometry.is_empty:
        return []
    if geometry.geom_type == "Polygon":
        return [geometry]
    return [g for part in getattr(geometry, "geoms", []) for g in _polygons(part)]


def _lines(geometry: BaseGeometry) -> list[np.ndarray]:
    if geometry.is_empty:
        return []
    if geometry.geom_type in ("LineString", "LinearRing"):
        return [np.asarray(geometry.coords)]
    return [line for part in getattr(geometry, "geoms", []) for line in _lines(part)]


def _polygon_path(geometries: Sequence[BaseGeometry]) -> MplPath | None:
    """One compound path for many polygons; rings are oriented so holes stay holes under any fill rule."""
    vertices: list[np.ndarray] = []
    codes: list[np.ndarray] = []
    for geometry in geometries:
        for polygon in _polygons(geometry):
            polygon = orient(polygon, 1.0)
            for ring in (polygon.exterior, *polygon.interiors):
                xy = np.asarray(ring.coords)
                ring_codes = np.full(len(xy), MplPath.LINETO, dtype=MplPath.code_type)
                ring_codes[0], ring_codes[-1] = MplPath.MOVETO, MplPath.CLOSEPOLY
                vertices.append(xy)
                codes.append(ring_codes)
    if not vertices:
        return None
    return MplPath(np.concatenate(vertices), np.concatenate(codes))


# --- What is on a map -----------------------------------------------------------------------------------


def _scenario_title(scenario: Scenario, lang: str) -> str:
    return scenario.title_uk if lang == "uk" and scenario.title_uk else scenario.title


def _scenario_line(scenario: Scenario, lang: str) -> str:
    reported = f" ({TEXT['as_reported'][lang]})" if scenario.as_reported else ""
    date = f" · {scenario.date}" if scenario.date else ""
    return f"{_scenario_title(scenario, lang)}{reported}{date}"


def _short_source(source: str, limit: int = 80) -> str:
    # Snapshot sources carry the reported figures after a colon, and where they were compiled after a
    # comma; the slide names who reported them.
    head = source.split(":", 1)[0].strip()
    if len(head) <= limit:
        return head
    clause = head[:limit].rsplit(", ", 1)[0]
    return clause if clause != head[:limit] else head[:limit].rsplit(" ", 1)[0] + "…"


def _number(value: float, lang: str) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", "\u00a0") if lang == "uk" else text


def _signed(value: float, lang: str) -> str:
    if round(value) == 0:
        return "0"
    return ("+" if value > 0 else "\u2212") + _number(abs(value), lang)


def _percent(value: float, lang: str) -> str:
    text = f"{value:.1%}" if value >= 0.001 or value == 0 else "<0.1%"
    return text.replace(".", ",").replace("%", "\u00a0%") if lang == "uk" else text


# --- Drawing ---------------------------------------------------------------------------------------------


@dataclass
class _Label:
    """A label waiting for a place: the text artist, where it may go, and what it marks."""

    artist: Any
    offsets: list[tuple[float, float, str, str]]  # (dx, dy) in points, ha, va
    priority: float
    marker: Any = None
    marker_px: float = 0.0


class _Figure:
    """Builds one figure: everything shares the grid, the fonts and the renderer that measures text."""

    def __init__(self, size: str, lang: str) -> None:
        width_in, height_in, dpi = parse_size(size)
        self.grid = _Grid(width_in, height_in, dpi)
        self.lang = lang
        self.fig = Figure(figsize=(width_in, height_in), dpi=dpi, facecolor="white")
        FigureCanvasAgg(self.fig)
        self.renderer = self.fig.canvas.get_renderer()
        self.labels: list[_Label] = []

    def font(self, px: float, weight: str = "normal", style: str = "normal") -> FontProperties:
        return FontProperties(family=FONT_FAMILY, size=self.grid.pt(px), weight=weight, style=style)

    def text_width(self, text: str, font: FontProperties) -> float:
        """Width of ``text`` in reference pixels."""
        width, _height, _descent = self.renderer.get_text_width_height_descent(text, font, ismath=False)
        return width / self.grid.device(1)

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

    def text(self, x: float, y: float, text: str, font: FontProperties, **kwargs: Any) -> Any:
        """Plain text at reference pixels (x, y from the top): never mathtext, whoever wrote it."""
        kwargs.setdefault("color", TEXT_COLOR)
        return self.fig.text(
            self.grid.fx(x), self.grid.fy(y), text, fontproperties=font, parse_math=False, usetex=False, **kwargs
        )


def _status_patch(status: Status, **kwargs: Any) -> dict[str, Any]:
    style = STATUS_STYLES[status]
    return {
        "facecolor": style.fill,
        "hatch": style.hatch or None,
        "hatchcolor": style.pattern_color,
        **kwargs,
    }


def _claim_dashes(weight: float) -> tuple[int, tuple[float, float]]:
    # Leaflet's dash array is in pixels; matplotlib scales dashes by the line width.
    on, off = (float(v) for v in CLAIM_OUTLINE["dashArray"].split())
    return (0, (on / weight, off / weight))


def _legend_handles(statuses: Sequence[Status], layers: Sequence[str], grid: _Grid, lang: str) -> tuple[list[Any], list[str]]:
    handles: list[Any] = []
    labels: list[str] = []
    for status in statuses:
        handles.append(Patch(**_status_patch(status, edgecolor="#555555", linewidth=grid.pt(1))))
        labels.append(status_label(status, lang))
    if "claims" in layers:
        weight = CLAIM_OUTLINE["weight"]
        handles.append(
            Patch(
                facecolor="white",
                hatch="/",
                hatchcolor=CLAIM_OUTLINE["color"],
                edgecolor=CLAIM_OUTLINE["color"],
                linewidth=grid.pt(weight),
                linestyle=_claim_dashes(weight),
            )
        )
        labels.append(CLAIM_LABEL[lang])
    if "line" in layers:
        handles.append(Line2D([], [], color=LINE_OF_CONTACT_STYLE["color"], linewidth=grid.pt(LINE_OF_CONTACT_STYLE["weight"])))
        labels.append(LINE_OF_CONTACT_LABEL[lang])
    return handles, labels


def _map_extent(context: dict[str, Any], aspect: float) -> tuple[float, float, float, float]:
    """Ukraine with a margin, widened or heightened to the map box's aspect as far as the context data reaches."""
    minx, miny, maxx, maxy = context["outline"].bounds
    pad = 0.03 * max(maxx - minx, maxy - miny)
    minx, miny, maxx, maxy = minx - pad, miny - pad, maxx + pad, maxy + pad
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    width, height = maxx - minx, maxy - miny
    wide = width / height < aspect
    low, high = (width, height * aspect) if wide else (height, width / aspect)
    # Beyond the neighbours' clipping box there is no land to draw: grow only while the view stays inside it.
    for _ in range(20):
        middle = (low + high) / 2
        w, h = (middle, height) if wide else (width, middle)
        if context["data_area"].contains(box(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)):
            low = middle
        else:
            high = middle
    width, height = (low, height) if wide else (width, low)
    return cx - width / 2, cx + width / 2, cy - height / 2, cy + height / 2


def _draw_scale_bar(ax: Any, builder: _Figure) -> Any:
    """A two-segment scale bar in the lower left, on a white plate; returns the plate (an obstacle for labels)."""
    grid = builder.grid
    x0, x1 = ax.get_xlim()
    y0 = ax.get_ylim()[0]
    frame_px = ax.get_window_extent(builder.renderer).width / grid.device(1)
    metres_per_px = (x1 - x0) / frame_px
    # The longest round length that stays under 200 reference pixels, so its labels never crowd.
    length_km = max((v for v in (25, 50, 100, 150, 200, 300, 500) if v * 1000 / metres_per_px <= 200), default=25)
    metres = length_km * 1000
    left = x0 + 24 * metres_per_px
    bottom = y0 + 30 * metres_per_px
    bar_h = 7 * metres_per_px
    plate = Rectangle(
        (left - 14 * metres_per_px, bottom - 14 * metres_per_px),
        metres + 56 * metres_per_px,
        bar_h + 50 * metres_per_px,
        facecolor="white",
        edgecolor="none",
        alpha=0.85,
        zorder=8,
        gid="scale-bar",
    )
    ax.add_patch(plate)
    for index, colour in enumerate(("#111111", "white")):
        ax.add_patch(
            Rectangle(
                (left + index * metres / 2, bottom), metres / 2, bar_h,
                facecolor=colour, edgecolor="#111111", linewidth=grid.pt(1), zorder=9,
            )
        )
    font = builder.font(LABEL_PX)
    unit = TEXT["km"][builder.lang]
    for value, x in ((0, left), (length_km, left + metres)):
        text = f"{value} {unit}" if value else "0"
        ax.text(x, bottom + bar_h + 8 * metres_per_px, text, fontproperties=font, ha="center", va="bottom", color=TEXT_COLOR,
                zorder=9, parse_math=False, usetex=False)
    return plate


def _draw_map(ax: Any, builder: _Figure, scenario: Scenario, snapshot: ControlSnapshot, layers: Sequence[str]) -> Any:
    """Fills, claims, borders, line and label candidates on one map axes; returns the scale bar's plate."""
    grid = builder.grid
    context = _projected_context()
    ax.set_facecolor(SEA_COLOR)
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_edgecolor("#8c8c8c")
        spine.set_linewidth(grid.pt(1))

    neighbours = _polygon_path(list(context["neighbours"].values()))
    ax.add_patch(PathPatch(neighbours, facecolor=NEIGHBOUR_FILL, edgecolor=NEIGHBOUR_BORDER, linewidth=grid.pt(1), zorder=1))

    by_status: dict[Status, list[BaseGeometry]] = {}
    for (region_id, part), geometry in _projected_parts(snapshot).items():
        by_status.setdefault(scenario.status(region_id, part), []).append(geometry)
    for status in Status:
        path = _polygon_path(by_status.get(status, []))
        if path is not None:
            patch = PathPatch(path, **_status_patch(status, edgecolor="none", linewidth=0, zorder=2), gid=f"status-{status.value}")
            patch.set_hatch_linewidth(grid.pt(1.3))
            ax.add_patch(patch)

    if "claims" in layers:
        claims = _polygon_path(_projected_claims(snapshot))
        if claims is not None:
            weight = CLAIM_OUTLINE["weight"]
            patch = PathPatch(
                claims, facecolor="none", hatch="/", hatchcolor=CLAIM_OUTLINE["color"],
                edgecolor=CLAIM_OUTLINE["color"], linewidth=grid.pt(weight), linestyle=_claim_dashes(weight),
                zorder=3, gid="claims-not-held",
            )
            patch.set_hatch_linewidth(grid.pt(0.9))
            ax.add_patch(patch)

    ax.add_collection(
        LineCollection(_lines(context["borders"]), colors=REGION_BORDER_STYLE["color"],
                       linewidths=grid.pt(REGION_BORDER_STYLE["weight"]), zorder=4)
    )
    # Ukraine's 1991 border, a little stronger than region borders.
    ax.add_collection(LineCollection(_lines(context["outline"].boundary), colors="#333333", linewidths=grid.pt(1.4), zorder=4))
    if "line" in layers:
        ax.add_collection(
            LineCollection(_lines(_projected_line(snapshot)), colors=LINE_OF_CONTACT_STYLE["color"],
                           linewidths=grid.pt(LINE_OF_CONTACT_STYLE["weight"]), zorder=5, gid="line-of-contact")
        )

    bbox = ax.get_position()
    aspect = (bbox.width * grid.width_in) / (bbox.height * grid.height_in)
    xmin, xmax, ymin, ymax = _map_extent(context, aspect)
    ax.set_xlim(xmin, xmax)
    ax.set_ylim(ymin, ymax)
    ax.set_aspect("equal", adjustable="box", anchor="N")
    ax.apply_aspect()
    _label_candidates(ax, builder, layers, context)
    return _draw_scale_bar(ax, builder)


def _annotation(ax: Any, builder: _Figure, text: str, xy: tuple[float, float], font: FontProperties, gid: str, color: str = TEXT_COLOR, plate: bool = True) -> Any:
    return ax.annotate(
        text, xy, xytext=(0, 0), textcoords="offset points", fontproperties=font, color=color, zorder=7,
        ha="center", va="center", gid=gid, parse_math=False, usetex=False, annotation_clip=False,
        # A plate rather than a halo: path effects would turn SVG text into outlines.
        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.72} if plate else None,
    )


def _point_offsets(grid: _Grid, gap_px: float) -> list[tuple[float, float, str, str]]:
    gap = grid.pt(gap_px)
    return [(gap, 0, "left", "center"), (-gap, 0, "right", "center"), (0, gap, "center", "bottom"), (0, -gap, "center", "top")]


def _centre_offsets(grid: _Grid) -> list[tuple[float, float, str, str]]:
    step, side = grid.pt(LABEL_PX * 1.1), grid.pt(LABEL_PX * 2.5)
    return [(0, 0, "center", "center"), (0, step, "center", "center"), (0, -step, "center", "center"),
            (-side, 0, "center", "center"), (side, 0, "center", "center")]


def _label_candidates(ax: Any, builder: _Figure, layers: Sequence[str], context: dict[str, Any]) -> None:
    """Create every label the layers ask for; :func:`_place_labels` later keeps those that fit."""
    grid, lang = builder.grid, builder.lang
    if "settlements" in layers:
        # The dashboard's rule for which places carry a label, so the slide names the same places.
        places = load_settlements().loc[labelled_place_ids()]
        font = builder.font(LABEL_PX, weight="bold")
        for _place_id, row in places.iterrows():
            name = row["name_uk"] if lang == "uk" and row["name_uk"] else row["name_en"]
            xy = _project_point(row.geometry.x, row.geometry.y)
            capital = row["role"] == "capital"
            size_px = 11 if capital else 8
            marker = ax.plot(
                *xy, marker="o", markersize=grid.pt(size_px), markerfacecolor="white", markeredgecolor="#000000",
                markeredgewidth=grid.pt(2 if capital else 1.5), zorder=6, linestyle="none", gid="place-marker",
            )[0]
            priority = 0 if capital else 1 if row["region_id"] in ANNEXED_2014 else 3 - min(float(row["population"] or 0), 1e6) / 1e6
            builder.labels.append(
                _Label(_annotation(ax, builder, name, xy, font, "place-label"), _point_offsets(grid, size_px / 2 + 4), priority, marker, size_px)
            )
    if "assets" in layers:
        font = builder.font(LABEL_PX - 1, style="italic")
        for _asset_id, row in load_assets().iterrows():
            name = row["name_uk"] if lang == "uk" and row["name_uk"] else row["name_en"]
            name = re.split(r" \(|,", name)[0]
            xy = _project_point(row.geometry.x, row.geometry.y)
            marker = ax.plot(*xy, marker="D", markersize=grid.pt(8), markerfacecolor="#000000", markeredgecolor="white",
                             markeredgewidth=grid.pt(1), zorder=6, linestyle="none", gid="asset-marker")[0]
            builder.labels.append(_Label(_annotation(ax, builder, name, xy, font, "asset-label"), _point_offsets(grid, 8), 4, marker, 8))
    if "labels" in layers:
        regions = load_regions()
        column = "name_uk" if lang == "uk" else "name_en"
        font = builder.font(LABEL_PX)
        for region_id, row in regions.iterrows():
            # Kyiv city sits inside its oblast's label; Sevastopol is named by the settlement layer when it is on.
            if region_id == "UA-30" or (region_id == "UA-40" and "settlements" in layers):
                continue
            name = row[column].replace(" Oblast", "").replace(" область", "")
            name = name.replace("Autonomous Republic of ", "").replace("Автономна Республіка ", "")
            # The pole of inaccessibility of the largest piece: the label's most central spot.
            largest = max(_polygons(context["regions"][region_id]), key=lambda g: g.area)
            point = polylabel(largest, tolerance=2000)
            builder.labels.append(
                _Label(_annotation(ax, builder, name, (point.x, point.y), font, "region-label", color=MUTED_COLOR), _centre_offsets(grid), 2)
            )
        country_font = builder.font(LABEL_PX + 2, style="italic")
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        view = box(x0, y0, x1, y1).buffer(-0.05 * (x1 - x0))
        for iso, geometry in context["neighbours"].items():
            visible = geometry.intersection(view)
            if visible.is_empty or visible.area < 0.01 * view.area:
                continue
            point = max(_polygons(visible), key=lambda g: g.area).representative_point()
            name = COUNTRY_NAMES_UK.get(iso, context["neighbour_names"][iso]) if lang == "uk" else context["neighbour_names"][iso]
            builder.labels.append(
                _Label(_annotation(ax, builder, name.upper(), (point.x, point.y), country_font, "country-label", color="#7a7a7a", plate=False), _centre_offsets(grid), 5)
            )
        sea_font = builder.font(LABEL_PX + 1, style="italic")
        for key, (lon, lat) in SEA_LABELS.items():
            builder.labels.append(
                _Label(_annotation(ax, builder, TEXT[key][lang], _project_point(lon, lat), sea_font, "sea-label", color="#2f6d93", plate=False), _centre_offsets(grid), 5)
            )


def _overlaps(bbox: Bbox, others: Sequence[Bbox]) -> bool:
    return any(bbox.overlaps(other) for other in others)


def _inside(bbox: Bbox, outer: Bbox) -> bool:
    return outer.x0 <= bbox.x0 and bbox.x1 <= outer.x1 and outer.y0 <= bbox.y0 and bbox.y1 <= outer.y1


def _place_labels(builder: _Figure, obstacles: list[Bbox], axes: Sequence[Any]) -> None:
    """Keep each label, by priority, where it overlaps nothing already placed and stays inside its map; drop the rest.

    A place whose label cannot be placed loses its marker too: an unnamed dot on a slide only raises questions.
    """
    renderer = builder.renderer
    pad = builder.grid.device(3)
    frames = {id(ax): ax.get_window_extent(renderer) for ax in axes}
    taken = list(obstacles)
    for label in sorted(builder.labels, key=lambda item: item.priority):
        artist = label.artist
        frame = frames[id(artist.axes)]
        marker_box = None
        if label.marker is not None:
            centre = artist.axes.transData.transform(artist.xy)
            half = builder.grid.device(label.marker_px / 2 + 1)
            marker_box = Bbox.from_extents(centre[0] - half, centre[1] - half, centre[0] + half, centre[1] + half)
            if _overlaps(marker_box, taken) or not _inside(marker_box, frame):
                artist.remove()
                label.marker.remove()
                continue
        placed = False
        for dx, dy, ha, va in label.offsets:
            artist.xyann = (dx, dy)
            artist.set_horizontalalignment(ha)
            artist.set_verticalalignment(va)
            extent = artist.get_window_extent(renderer).padded(pad)
            if _inside(extent, frame) and not _overlaps(extent, taken):
                taken.append(extent)
                if marker_box is not None:
                    taken.append(marker_box)
                placed = True
                break
        if not placed:
            artist.remove()
            if label.marker is not None:
                label.marker.remove()


# --- The figure ------------------------------------------------------------------------------------------


def _validate(layers: Sequence[str], lang: str) -> tuple[str, ...]:
    if lang not in LANGUAGES:
        raise RenderError(f"language {lang!r} is not one of {', '.join(LANGUAGES)}")
    if isinstance(layers, str):
        raise RenderError("layers must be a sequence of layer names, not one string")
    unknown = [layer for layer in layers if layer not in LAYERS]
    if unknown:
        raise RenderError(f"unknown layer {unknown[0]!r} (known: {', '.join(LAYERS)})")
    return tuple(layers)


def _footer_lines(builder: _Figure, scenarios: Sequence[Scenario], snapshot: ControlSnapshot, width: float) -> list[str]:
    lang = builder.lang
    scenario_sources = list(dict.fromkeys(s for scenario in scenarios for s in scenario.sources))
    control_sources = list(dict.fromkeys(_short_source(s) for s in snapshot.sources))
    sources = f"{TEXT['sources'][lang]}: {'; '.join(scenario_sources)}. {TEXT['control_sources'][lang].capitalize()} ({snapshot.as_of}): {'; '.join(control_sources)}."
    font = builder.font(FOOTER_PX)
    lines: list[str] = []
    for paragraph in (sources, TEXT["licences"][lang] + ".", TEXT["disclaimer"][lang]):
        lines += builder.wrap(paragraph, font, width)
    return lines


def _numbers_rows(builder: _Figure, statuses: Sequence[Status], stats: Sequence[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    lang = builder.lang
    if len(stats) == 1:
        totals = stats[0]["totals"]
        header = [TEXT["area"][lang], TEXT["share"][lang], TEXT["population"][lang]]
        rows = [
            [_number(totals[s.value]["area_km2"], lang), _percent(totals[s.value]["share_of_ukraine"], lang), _number(totals[s.value]["population"], lang)]
            for s in statuses
        ]
        return header, rows
    first, second = (item["totals"] for item in stats)
    header = [TEXT["map_a"][lang], TEXT["map_b"][lang], TEXT["difference"][lang]]
    rows = [
        [_number(first[s.value]["area_km2"], lang), _number(second[s.value]["area_km2"], lang),
         _signed(second[s.value]["area_km2"] - first[s.value]["area_km2"], lang)]
        for s in statuses
    ]
    return header, rows


def _numbers_box(builder: _Figure, statuses: Sequence[Status], stats: Sequence[dict[str, Any]], left: float, top: float, width: float, draw: bool) -> float:
    """Draw (or only measure, with ``draw=False``) the numbers box; returns its height in reference pixels."""
    grid, lang = builder.grid, builder.lang
    pad, swatch_w, row_h = 14, 34, BODY_PX * 1.75
    head_font, font, bold = builder.font(BODY_PX), builder.font(BODY_PX), builder.font(BODY_PX + 1, weight="bold")
    header, rows = _numbers_rows(builder, statuses, stats)
    inner = width - 2 * pad
    # Column right edges: the numbers sit on the right, under headers wrapped to their column's width.
    columns = [pad + swatch_w + 0.26 * (inner - swatch_w), pad + swatch_w + 0.55 * (inner - swatch_w), width - pad]
    column_w = [columns[0] - pad - swatch_w - 8, columns[1] - columns[0] - 12, columns[2] - columns[1] - 12]
    heading = TEXT["by_status" if len(stats) == 1 else "compare_heading"][lang]
    heading_lines = builder.wrap(heading, bold, inner)
    header_lines = [builder.wrap(h, head_font, w) for h, w in zip(header, column_w)]
    header_h = max(len(h) for h in header_lines) * BODY_PX * 1.25
    share = stats[0]["annexed_2022_controlled_share"]
    share_lines = builder.wrap(f"{TEXT['annexed_share'][lang]}: {_percent(share, lang)}", font, inner)
    height = pad + len(heading_lines) * (BODY_PX + 1) * 1.3 + 8 + header_h + 6 + len(rows) * row_h + 10 + len(share_lines) * BODY_PX * 1.3 + pad
    if not draw:
        return height
    frame = Rectangle(
        (grid.fx(left), grid.fy(top + height)), grid.fx(width), grid.fy(0) - grid.fy(height),
        transform=builder.fig.transFigure, facecolor="#f6f7f9", edgecolor="#b8bcc2", linewidth=grid.pt(1), gid="numbers-box",
    )
    builder.fig.add_artist(frame)
    y = top + pad
    builder.text(left + pad, y, "\n".join(heading_lines), bold, va="top", linespacing=1.3)
    y += len(heading_lines) * (BODY_PX + 1) * 1.3 + 8
    for right, lines in zip(columns, header_lines):
        builder.text(left + right, y + header_h, "\n".join(lines), head_font, ha="right", va="bottom", color=MUTED_COLOR, linespacing=1.25)
    y += header_h + 6
    builder.fig.add_artist(Line2D([grid.fx(left + pad), grid.fx(left + width - pad)], [grid.fy(y)] * 2, color="#b8bcc2",
                                  linewidth=grid.pt(1), transform=builder.fig.transFigure))
    for status, row in zip(statuses, rows):
        centre = y + row_h / 2
        swatch = Rectangle(
            (grid.fx(left + pad), grid.fy(centre + 9)), grid.fx(swatch_w - 6), grid.fy(0) - grid.fy(18),
            transform=builder.fig.transFigure, **_status_patch(status, edgecolor="#555555", linewidth=grid.pt(1)),
        )
        builder.fig.add_artist(swatch)
        for right, value in zip(columns, row):
            builder.text(left + right, centre, value, font, ha="right", va="center_baseline")
        y += row_h
    y += 10
    builder.text(left + pad, y, "\n".join(share_lines), font, va="top", linespacing=1.3)
    return height


def render_figure(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    layers: Sequence[str] = DEFAULT_LAYERS,
    size: str = "1920x1080",
    title: str | None = None,
    lang: str = "en",
    compare: Scenario | None = None,
    today: date | None = None,
) -> Figure:
    """Draw a slide-ready figure of a scenario on a control date.

    Parameters
    ----------
    scenario : Scenario
        The scenario to map (a preset or a custom scenario).
    snapshot : ControlSnapshot
        The control area that splits each region into its two parts.
    layers : sequence of str
        Any of ``line``, ``claims``, ``labels`` (region, country and sea names),
        ``settlements`` and ``assets``; the dashboard's defaults unless given.
    size : str
        ``"WxH"`` in pixels (at 100 dpi) or ``"a4-landscape"``; see :func:`parse_size`.
    title : str, optional
        The headline; the app's title when ``None``. Drawn as plain text.
    lang : {"en", "uk"}
        Language of every text on the figure.
    compare : Scenario, optional
        A second scenario drawn beside the first on the same control date; the
        numbers box then gives both areas by status and their difference.
    today : datetime.date, optional
        The day the figure is made, for the line's age in the subtitle ("181 days ago");
        the machine's date when omitted.

    Returns
    -------
    matplotlib.figure.Figure
        A figure with its own Agg canvas (no pyplot). The legend is
        ``fig.legends[0]``; the numbers box is the patch with gid ``numbers-box``;
        labels are texts with gids ending in ``-label``.

    Raises
    ------
    RenderError
        For an unknown size, language or layer.
    """
    layers = _validate(layers, lang)
    if not has_claims_not_held(snapshot):
        # No claim without land claimed but not held on that date: no hatch, no legend entry.
        layers = tuple(layer for layer in layers if layer != "claims")
    builder = _Figure(size, lang)
    grid, fig = builder.grid, builder.fig
    scenarios = [scenario] if compare is None else [scenario, compare]
    stats = [compute_stats(s, snapshot) for s in scenarios]
    drawn = [statuses_drawn(s, snapshot) for s in scenarios]
    statuses = [s for s in Status if any(s in d for d in drawn)]
    content_w = grid.width - 2 * MARGIN

    # Header.
    # A title typed by a user: control characters would make the SVG invalid XML.
    headline = TEXT["title"][lang] if title is None else _CONTROL_CHARS.sub(" ", title).strip() or TEXT["title"][lang]
    title_font, subtitle_font = builder.font(TITLE_PX, weight="bold"), builder.font(SUBTITLE_PX)
    title_lines = builder.wrap(headline, title_font, content_w, max_lines=2)
    builder.text(MARGIN, MARGIN, "\n".join(title_lines), title_font, va="top", linespacing=1.2, gid="title")
    # A slide is shown today: the subtitle says how old its line is.
    age = control_age_line(snapshot.as_of, lang, today)
    control = age[:1].upper() + age[1:]
    subtitle = f"{_scenario_line(scenario, lang)} · {control}" if compare is None else control
    subtitle_lines = builder.wrap(subtitle, subtitle_font, content_w, max_lines=2)
    subtitle_top = MARGIN + len(title_lines) * TITLE_PX * 1.2 + TITLE_PX * 0.25
    builder.text(MARGIN, subtitle_top, "\n".join(subtitle_lines), subtitle_font, va="top", color=MUTED_COLOR, linespacing=1.3, gid="subtitle")
    top = subtitle_top + len(subtitle_lines) * SUBTITLE_PX * 1.3 + 20

    # Footer: measured first, because the map takes whatever height is left.
    footer = _footer_lines(builder, scenarios, snapshot, content_w)
    footer_h = len(footer) * FOOTER_PX * 1.4
    footer_top = grid.height - 24 - footer_h
    builder.text(MARGIN, footer_top, "\n".join(footer), builder.font(FOOTER_PX), va="top", color=MUTED_COLOR, linespacing=1.4, gid="sources")
    bottom = footer_top - 18

    # Legend, measured before the maps are laid out.
    handles, labels = _legend_handles(statuses, layers, grid, lang)
    legend_font = builder.font(LEGEND_PX)
    # A panel beside the map where that leaves the map box about as wide as Ukraine is (landscape
    # slides); otherwise (A4, 4:3, portrait, two maps) a strip below, so the map keeps the width.
    side_panel = compare is None and (grid.width - 2 * MARGIN - PANEL_WIDTH - GAP) / (bottom - top) >= SIDE_PANEL_MIN_ASPECT
    legend_w = PANEL_WIDTH - 2.6 * LEGEND_PX - 16 if side_panel else content_w / 2 - 3.4 * LEGEND_PX - GAP
    labels = ["\n".join(builder.wrap(label, legend_font, legend_w)) for label in labels]
    legend = fig.legend(
        handles, labels, loc="upper left", bbox_to_anchor=(0, 1), frameon=False, prop=legend_font,
        handlelength=2.4, handleheight=1.5, handletextpad=0.7, labelspacing=0.75, borderpad=0, borderaxespad=0,
    )
    legend.set_gid("legend")
    for text in legend.get_texts():
        text.set_parse_math(False)
    legend_h = legend.get_window_extent(builder.renderer).height / grid.device(1)

    heading_h = SUBTITLE_PX * 1.6 if compare is not None else 0
    if side_panel:
        panel_left = grid.width - MARGIN - PANEL_WIDTH
        map_boxes = [(MARGIN, top, panel_left - GAP, bottom)]
    else:
        strip_w = content_w / 2 - GAP / 2
        strip_h = max(legend_h, _numbers_box(builder, statuses, stats, 0, 0, strip_w, draw=False))
        maps_bottom = bottom - strip_h - GAP
        if len(scenarios) == 1:
            map_boxes = [(MARGIN, top, grid.width - MARGIN, maps_bottom)]
        elif grid.width / grid.height >= 1.2:
            half = (content_w - GAP) / 2
            map_boxes = [(MARGIN, top + heading_h, MARGIN + half, maps_bottom), (MARGIN + half + GAP, top + heading_h, grid.width - MARGIN, maps_bottom)]
        else:
            middle = (top + maps_bottom) / 2
            map_boxes = [(MARGIN, top + heading_h, grid.width - MARGIN, middle - GAP / 2),
                         (MARGIN, middle + GAP / 2 + heading_h, grid.width - MARGIN, maps_bottom)]

    axes = []
    plates = []
    for index, (item, (left, map_top, right, map_bottom)) in enumerate(zip(scenarios, map_boxes)):
        ax = fig.add_axes(grid.rect(left, map_top, right, map_bottom), gid=f"map-{index}")
        plates.append(_draw_map(ax, builder, item, snapshot, layers))
        axes.append(ax)
        if compare is not None:
            # The heading sits on the map's drawn frame, which the equal aspect may have narrowed.
            frame = ax.get_position()
            letter = TEXT["map_a" if index == 0 else "map_b"][lang]
            heading_font = builder.font(SUBTITLE_PX - 2, weight="bold")
            heading = builder.wrap(f"{letter}: {_scenario_line(item, lang)}", heading_font, frame.width * grid.width, max_lines=1)[0]
            builder.text(
                frame.x0 * grid.width, (1 - frame.y1) * grid.height - 8, heading, heading_font, va="bottom", gid=f"map-heading-{index}",
            )

    if side_panel:
        legend_at, numbers_at, numbers_w = (panel_left, top), (panel_left, top + legend_h + 26), PANEL_WIDTH
    else:
        # Maps keep their aspect and sit at the top of their boxes: the strip follows the lowest one.
        strip_top = max((1 - ax.get_position().y0) * grid.height for ax in axes) + GAP
        legend_at, numbers_at, numbers_w = (MARGIN, strip_top), (MARGIN + strip_w + GAP, strip_top), strip_w
    legend.set_bbox_to_anchor((grid.fx(legend_at[0]), grid.fy(legend_at[1])), transform=fig.transFigure)
    _numbers_box(builder, statuses, stats, numbers_at[0], numbers_at[1], numbers_w, draw=True)

    obstacles = [legend.get_window_extent(builder.renderer)] + [plate.get_window_extent(builder.renderer) for plate in plates]
    numbers = next(a for a in fig.artists if a.get_gid() == "numbers-box")
    obstacles.append(numbers.get_window_extent(builder.renderer))
    _place_labels(builder, obstacles, axes)
    return fig


# --- Saving ----------------------------------------------------------------------------------------------


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
    rc = {"svg.fonttype": "none", "svg.hashsalt": "claims-map", "pdf.fonttype": 42}
    # No dates in the files, so the same figure gives the same bytes.
    metadata = {"png": {"Software": None}, "svg": {"Date": None}, "pdf": {"CreationDate": None}}[fmt]
    # rcParams is global: the lock keeps two threads' saves from seeing each other's options.
    with _SAVE_LOCK, matplotlib.rc_context(rc):
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
) -> bytes:
    """A figure as the bytes of a PNG, SVG or PDF file (for download buttons).

    Parameters
    ----------
    scenario, snapshot, layers, title, lang, compare, today
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
    fig = render_figure(scenario, snapshot, layers=layers, size=size or DEFAULT_SIZES[fmt], title=title, lang=lang, compare=compare, today=today)
    buffer = io.BytesIO()
    save_figure(fig, buffer, fmt)
    return buffer.getvalue()


# --- Command line ----------------------------------------------------------------------------------------


def add_render_command(commands: Any) -> None:
    """Register ``render`` on the subparsers of ``python -m geodata``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What :meth:`argparse.ArgumentParser.add_subparsers` returned.
    """
    parser = commands.add_parser(
        "render",
        help="draw a slide-ready figure (PNG, SVG or PDF) of a scenario, offline",
        description="Draw a scenario as a static figure: title, map, legend, numbers, sources. "
        "With --all, draw every preset into --outdir.",
    )
    add_scenario_arguments(parser, required=False)
    parser.add_argument("--out", metavar="FILE", help="output file; its suffix (.png, .svg, .pdf) gives the format")
    parser.add_argument("--format", metavar="FMT", help=f"{'|'.join(FORMATS)} (default: from --out, else png)")
    parser.add_argument("--size", metavar="SIZE", help="WxH pixels or a4-landscape (default: 1920x1080; PDF: a4-landscape)")
    parser.add_argument("--title", metavar="TEXT", help="headline (default: the app's title)")
    parser.add_argument("--lang", default="en", metavar="LANG", help=f"{'|'.join(LANGUAGES)} (default: en)")
    parser.add_argument("--compare", metavar="ID2", help="a second scenario drawn beside the first, on the same control date")
    parser.add_argument("--all", action="store_true", help="draw every preset (with --outdir)")
    parser.add_argument("--outdir", metavar="DIR", help="folder for --all (created if missing)")
    parser.set_defaults(handler=_cmd_render)


def _output_format(args: argparse.Namespace) -> str:
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else ""
    fmt = (args.format or suffix or "png").lower()
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if args.out and suffix != fmt:
        raise UserError(f"--out {args.out!r} does not end in .{fmt}")
    return fmt


def _write(data: bytes, path: Path) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def _render_or_user_error(scenario: Scenario, snapshot: ControlSnapshot, fmt: str, layers: Sequence[str], args: argparse.Namespace, compare: Scenario | None = None) -> bytes:
    try:
        return render_bytes(scenario, snapshot, fmt, layers=layers, size=args.size, title=args.title, lang=args.lang, compare=compare)
    except RenderError as exc:
        raise UserError(str(exc)) from None


def _cmd_render(args: argparse.Namespace) -> int:
    from geodata.scenarios import ScenarioError, get_scenario, load_scenarios

    fmt = _output_format(args)
    if args.lang not in LANGUAGES:
        raise UserError(f"unknown language {args.lang!r} (known: {', '.join(LANGUAGES)})")
    if args.size is not None:
        try:
            parse_size(args.size)
        except RenderError as exc:
            raise UserError(str(exc)) from None
    if args.all:
        if args.scenario or args.out or args.compare:
            raise UserError("--all draws every preset: use --outdir DIR instead of --scenario, --out or --compare")
        if args.crimea is not None or args.oblast or args.return_outside is not None:
            raise UserError("--all draws the presets as they are: drop --crimea, --oblast and --return-outside")
        if not args.outdir:
            raise UserError("--all needs --outdir DIR")
        outdir = Path(args.outdir)
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create {outdir}: {exc.strerror or exc}") from None
        presets = list(load_scenarios())
        for number, scenario_id in enumerate(presets, start=1):
            started = time.perf_counter()
            one = copy.copy(args)
            one.scenario = scenario_id
            scenario, snapshot, layers = scenario_from_args(one)
            path = outdir / f"{scenario_id}.{fmt}"
            _write(_render_or_user_error(scenario, snapshot, fmt, layers, args), path)
            print(f"[{number}/{len(presets)}] {scenario_id} -> {path} ({time.perf_counter() - started:.1f} s)", flush=True)
        return 0
    if not args.scenario:
        raise UserError("render needs --scenario ID (or --all --outdir DIR)")
    if not args.out:
        raise UserError("render needs --out FILE.png|.svg|.pdf")
    started = time.perf_counter()
    scenario, snapshot, layers = scenario_from_args(args)
    compare = None
    if args.compare:
        try:
            compare = get_scenario(args.compare)
        except ScenarioError as exc:
            raise UserError(str(exc)) from None
    path = Path(args.out)
    _write(_render_or_user_error(scenario, snapshot, fmt, layers, args, compare), path)
    print(f"{path} ({time.perf_counter() - started:.1f} s)")
    return 0
