"""Names on the map: label candidates for places, assets, regions, countries and seas, and their collision-free placement.

Every label the layers ask for is created first, with the spots it may take; :func:`_place_labels`
then keeps, by priority, those that overlap nothing already placed (nor the legend, the numbers box
or the scale bar) and drops the rest.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.font_manager import FontProperties
from matplotlib.transforms import Bbox
from shapely.geometry import box
from shapely.ops import polylabel

from geodata.dataset import Dataset
from geodata.figures.layout import LABEL_PX, MUTED_COLOR, TEXT_COLOR, _Figure, _Grid
from geodata.figures.projection import _polygons, _project_point
from geodata.layers import labelled_place_ids
from geodata.mapconfig import RENAMED_REGION_LABELS
from geodata.regions import ANNEXED_2014
from geodata.wording import country_name, word

#: Where the seas are named (lon, lat): open water that no label of a place competes for.
SEA_LABELS = {"black_sea": (31.2, 44.75), "sea_of_azov": (36.55, 46.25)}


@dataclass
class _Label:
    """A label waiting for a place: the text artist, where it may go, and what it marks."""

    artist: Any
    offsets: list[tuple[float, float, str, str]]  # (dx, dy) in points, ha, va
    priority: float
    marker: Any = None
    marker_px: float = 0.0


def _annotation(
    ax: Any,
    builder: _Figure,
    text: str,
    xy: tuple[float, float],
    font: FontProperties,
    gid: str,
    color: str = TEXT_COLOR,
    plate: bool = True,
) -> Any:
    return ax.annotate(
        text,
        xy,
        xytext=(0, 0),
        textcoords="offset points",
        fontproperties=font,
        color=color,
        zorder=7,
        ha="center",
        va="center",
        gid=gid,
        parse_math=False,
        usetex=False,
        annotation_clip=False,
        # A plate rather than a halo: path effects would turn SVG text into outlines.
        bbox={"boxstyle": "round,pad=0.12", "facecolor": "white", "edgecolor": "none", "alpha": 0.72} if plate else None,
    )


def _point_offsets(grid: _Grid, gap_px: float) -> list[tuple[float, float, str, str]]:
    gap = grid.pt(gap_px)
    return [(gap, 0, "left", "center"), (-gap, 0, "right", "center"), (0, gap, "center", "bottom"), (0, -gap, "center", "top")]


def _centre_offsets(grid: _Grid) -> list[tuple[float, float, str, str]]:
    step, side = grid.pt(LABEL_PX * 1.1), grid.pt(LABEL_PX * 2.5)
    return [
        (0, 0, "center", "center"),
        (0, step, "center", "center"),
        (0, -step, "center", "center"),
        (-side, 0, "center", "center"),
        (side, 0, "center", "center"),
    ]


def _label_candidates(ax: Any, builder: _Figure, layers: Sequence[str], context: dict[str, Any], *, dataset: Dataset) -> None:
    """Create every label the layers ask for; :func:`_place_labels` later keeps those that fit."""
    grid, lang = builder.grid, builder.lang
    if "settlements" in layers:
        # The dashboard's rule for which places carry a label, so the slide names the same places.
        places = dataset.settlements().loc[labelled_place_ids(dataset=dataset)]
        region_kinds = dataset.regions()["kind"].to_dict()
        font = builder.font(LABEL_PX, weight="bold")
        for _place_id, row in places.iterrows():
            name = row["name_uk"] if lang == "uk" and row["name_uk"] else row["name_en"]
            xy = _project_point(row.geometry.x, row.geometry.y)
            capital = row["role"] == "capital"
            size_px = 11 if capital else 8
            marker = ax.plot(
                *xy,
                marker="o",
                markersize=grid.pt(size_px),
                markerfacecolor="white",
                markeredgecolor="#000000",
                markeredgewidth=grid.pt(2 if capital else 1.5),
                zorder=6,
                linestyle="none",
                gid="place-marker",
            )[0]
            # A city that is a region of its own (Sevastopol; Kyiv is the capital) has no other label naming
            # its region, so it goes before the other places of Crimea.
            city_region = region_kinds.get(row["region_id"]) == "city with special status"
            priority = (
                0
                if capital
                else 0.5
                if city_region
                else 1
                if row["region_id"] in ANNEXED_2014
                else 3 - min(float(row["population"] or 0), 1e6) / 1e6
            )
            builder.labels.append(
                _Label(
                    _annotation(ax, builder, name, xy, font, "place-label"),
                    _point_offsets(grid, size_px / 2 + 4),
                    priority,
                    marker,
                    size_px,
                )
            )
    if "assets" in layers:
        font = builder.font(LABEL_PX - 1, style="italic")
        for _asset_id, row in dataset.assets().iterrows():
            name = row["name_uk"] if lang == "uk" and row["name_uk"] else row["name_en"]
            name = re.split(r" \(|,", name)[0]
            xy = _project_point(row.geometry.x, row.geometry.y)
            marker = ax.plot(
                *xy,
                marker="D",
                markersize=grid.pt(8),
                markerfacecolor="#000000",
                markeredgecolor="white",
                markeredgewidth=grid.pt(1),
                zorder=6,
                linestyle="none",
                gid="asset-marker",
            )[0]
            builder.labels.append(
                _Label(_annotation(ax, builder, name, xy, font, "asset-label"), _point_offsets(grid, 8), 4, marker, 8)
            )
    if "labels" in layers:
        regions = dataset.regions()
        column = "name_uk" if lang == "uk" else "name_en"
        font = builder.font(LABEL_PX)
        for region_id, row in regions.iterrows():
            # Kyiv city sits inside its oblast's label; Sevastopol is named by the settlement layer when it is on.
            if region_id == "UA-30" or (region_id == "UA-40" and "settlements" in layers):
                continue
            if region_id in RENAMED_REGION_LABELS:
                # "Kyiv" is the city's label; the oblast around it is named in full, as on the live map.
                name = word(f"region_label_{region_id}", lang)
            else:
                name = row[column].replace(" Oblast", "").replace(" область", "")
                name = name.replace("Autonomous Republic of ", "").replace("Автономна Республіка ", "")
            # The pole of inaccessibility of the largest piece: the label's most central spot.
            largest = max(_polygons(context["regions"][region_id]), key=lambda g: g.area)
            point = polylabel(largest, tolerance=2000)
            builder.labels.append(
                _Label(
                    _annotation(ax, builder, name, (point.x, point.y), font, "region-label", color=MUTED_COLOR),
                    _centre_offsets(grid),
                    2,
                )
            )
        country_font = builder.font(LABEL_PX + 2, style="italic")
        (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
        view = box(x0, y0, x1, y1).buffer(-0.05 * (x1 - x0))
        for iso, geometry in context["neighbours"].items():
            visible = geometry.intersection(view)
            if visible.is_empty or visible.area < 0.01 * view.area:
                continue
            point = max(_polygons(visible), key=lambda g: g.area).representative_point()
            name = country_name(iso, lang, default=context["neighbour_names"][iso])
            builder.labels.append(
                _Label(
                    _annotation(
                        ax, builder, name.upper(), (point.x, point.y), country_font, "country-label", color="#7a7a7a", plate=False
                    ),
                    _centre_offsets(grid),
                    5,
                )
            )
        sea_font = builder.font(LABEL_PX + 1, style="italic")
        for key, (lon, lat) in SEA_LABELS.items():
            builder.labels.append(
                _Label(
                    _annotation(
                        ax,
                        builder,
                        word(key, lang),
                        _project_point(lon, lat),
                        sea_font,
                        "sea-label",
                        color="#2f6d93",
                        plate=False,
                    ),
                    _centre_offsets(grid),
                    5,
                )
            )


def _overlaps(bbox: Bbox, others: Sequence[Bbox]) -> bool:
    return any(bbox.overlaps(other) for other in others)


def _inside(bbox: Bbox, outer: Bbox) -> bool:
    return bool(outer.x0 <= bbox.x0 and bbox.x1 <= outer.x1 and outer.y0 <= bbox.y0 and bbox.y1 <= outer.y1)


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
