"""A time-lapse of the line of contact: one frame per control date, as a GIF (Pillow) or an MP4 (imageio with
imageio-ffmpeg's own encoder, nothing outside the virtual environment).

Each frame is the slide figure of :func:`geodata.figures.figure.render_figure` (title, map, legend, scale bar,
numbers box, sources) for the scenario on that date, with the date, the days since the previous frame and the
Russian-held area as a counter (:func:`geodata.stats.compute_stats`' own figure) drawn in its top-right corner.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.changes import days_between
from geodata.errors import RenderError
from geodata.wording import format_number, format_percent, word

if TYPE_CHECKING:
    from PIL import Image

    from geodata.dataset import Dataset
    from geodata.scenarios import Scenario

#: How long each frame is shown (GIF and MP4), and the last one (so the final line can be read).
FRAME_SECONDS = 1.5
LAST_FRAME_SECONDS = 4.0
TIMELAPSE_FORMATS = ("gif", "mp4")
#: The counter's text: bold date, then the days since the previous frame and the Russian-held area.
COUNTER_ID = "timelapse-counter"


def timelapse_dates(dataset: Dataset, from_date: str | None = None, to_date: str | None = None) -> list[str]:
    """The control dates a time-lapse shows: every date of ``dataset`` from ``from_date`` to ``to_date`` (inclusive).

    Parameters
    ----------
    dataset : Dataset
        Whose control dates (shipped, imported and fetched) are shown.
    from_date, to_date : str, optional
        ISO dates, ``YYYY-MM-DD``; the first or the last control date when not given.

    Returns
    -------
    list of str
        The dates in the range, oldest first.

    Raises
    ------
    RenderError
        When no control date lies in the range, or the range is reversed.
    """
    dates = list(dataset.snapshot_dates())  # shipped, imported and fetched alike
    if from_date and to_date and from_date > to_date:
        raise RenderError(f"--from {from_date} comes after --to {to_date}")
    chosen = [d for d in dates if (not from_date or d >= from_date) and (not to_date or d <= to_date)]
    if not chosen:
        raise RenderError(
            f"no control date from {from_date or 'the first'} to {to_date or 'the last'} (known: {', '.join(dates)})"
        )
    return chosen


def render_frames(
    dataset: Dataset,
    scenario: Scenario,
    dates: Sequence[str],
    *,
    size: str = "1920x1080",
    lang: str = "en",
    layers: Sequence[str] | None = None,
) -> Iterator[Image.Image]:
    """One RGB image per control date, in order (drawn one at a time, so memory stays at one frame).

    Parameters
    ----------
    dataset : Dataset
        Where the control snapshots are read.
    scenario : Scenario
        What each frame maps (statuses of each region's parts); its own control date is not used.
    dates : sequence of str
        The control dates, oldest first (:func:`timelapse_dates`).
    size : str
        ``"WxH"`` pixels or ``"a4-landscape"``, as for the figures; 1920x1080 by default.
    lang : {"en", "uk"}
        Language of every text.
    layers : sequence of str, optional
        The map's layers; the figures' defaults when None.

    Yields
    ------
    PIL.Image.Image
        The frame, RGB, of the size asked for.
    """
    from PIL import Image

    previous: str | None = None
    for as_of in dates:
        fig = frame_figure(dataset, scenario, as_of, previous, size=size, lang=lang, layers=layers)
        canvas: Any = fig.canvas
        canvas.draw()
        yield Image.frombuffer("RGBA", canvas.get_width_height(), bytes(canvas.buffer_rgba()), "raw", "RGBA", 0, 1).convert("RGB")
        previous = as_of


def frame_figure(
    dataset: Dataset,
    scenario: Scenario,
    as_of: str,
    previous: str | None,
    *,
    size: str = "1920x1080",
    lang: str = "en",
    layers: Sequence[str] | None = None,
) -> Any:
    """One frame as a matplotlib figure: the slide figure on ``as_of`` with the date and the counter.

    Parameters
    ----------
    dataset, scenario, size, lang, layers
        As for :func:`render_frames`.
    as_of : str
        The frame's control date.
    previous : str or None
        The previous frame's date (None for the first frame).

    Returns
    -------
    matplotlib.figure.Figure
        With texts of gid ``timelapse-counter-date`` (the date) and ``timelapse-counter`` (days since the
        previous frame, and the Russian-held km² and share of :func:`geodata.stats.compute_stats`).
    """
    from geodata.figures.figure import render_figure
    from geodata.figures.layout import FONT_FAMILY
    from geodata.stats import compute_stats
    from geodata.vocabulary import DEFAULT_LAYERS

    snapshot = dataset.snapshot(as_of)
    fig = render_figure(
        scenario,
        snapshot,
        layers=layers or DEFAULT_LAYERS,
        size=size,
        title=word("timelapse_title", lang),
        lang=lang,
        dataset=dataset,
    )
    stats = compute_stats(scenario, snapshot, dataset=dataset)
    scale = min(fig.get_figwidth() * 100 / 1920, fig.get_figheight() * 100 / 1080)
    since = word("timelapse_days_since", lang, days=days_between(previous, as_of)) if previous else word("timelapse_first", lang)
    counter = word(
        "timelapse_counter",
        lang,
        area=format_number(stats["russian_held_area_km2"], lang),
        share=format_percent(stats["russian_held_share_of_ukraine"], lang),
    )
    # In the header's right-hand side, clear of the legend and the map: the date, then one line with the
    # days since the previous frame and the counter.
    fig.text(
        0.985,
        0.978,
        as_of,
        ha="right",
        va="top",
        fontsize=36 * scale,
        weight="bold",
        family=FONT_FAMILY,
        color="#111111",
        gid=f"{COUNTER_ID}-date",
    )
    fig.text(
        0.985,
        0.912,
        f"{since} · {counter}",
        ha="right",
        va="top",
        fontsize=17 * scale,
        family=FONT_FAMILY,
        color="#111111",
        gid=COUNTER_ID,
    )
    return fig


def write_timelapse(frames: Sequence[Image.Image] | Iterator[Image.Image], out: Path | io.BytesIO, fmt: str) -> int:
    """Write frames as an animated GIF (Pillow) or an H.264 MP4 (imageio-ffmpeg's bundled encoder).

    Parameters
    ----------
    frames : iterable of PIL.Image.Image
        RGB frames of one size.
    out : Path or binary buffer
        Where to write.
    fmt : {"gif", "mp4"}
        The container. Each frame shows :data:`FRAME_SECONDS`, the last :data:`LAST_FRAME_SECONDS`.

    Returns
    -------
    int
        The number of frames written.

    Raises
    ------
    RenderError
        For an unknown format, or no frames.
    """
    if fmt not in TIMELAPSE_FORMATS:
        raise RenderError(f"time-lapse format {fmt!r} is not one of {', '.join(TIMELAPSE_FORMATS)}")
    if fmt == "gif":
        images = list(frames)
        if not images:
            raise RenderError("no frames to write")
        durations = [int(FRAME_SECONDS * 1000)] * (len(images) - 1) + [int(LAST_FRAME_SECONDS * 1000)]
        # An adaptive palette per frame keeps the fills' colours; no optimisation, so every frame stays whole.
        from PIL import Image as PILImage

        paletted = [image.convert("P", palette=PILImage.Palette.ADAPTIVE, colors=256) for image in images]
        paletted[0].save(
            out, format="GIF", save_all=True, append_images=paletted[1:], duration=durations, loop=0, optimize=False, disposal=1
        )
        return len(images)
    import imageio.v2 as imageio
    import numpy as np

    fps = 1 / FRAME_SECONDS
    count = 0
    target = out if isinstance(out, Path) else None
    if target is None:
        raise RenderError("an MP4 is written to a file path")
    # H.264 wants even sides; each frame is held by repetition at 2 frames per second for players that dislike low rates.
    repeat = 3
    writer = imageio.get_writer(
        str(target),
        format="FFMPEG",
        mode="I",
        fps=fps * repeat,
        codec="libx264",
        pixelformat="yuv420p",
        macro_block_size=2,
        ffmpeg_log_level="error",
    )
    try:
        last = None
        for image in frames:
            width, height = image.size
            array = np.asarray(image.crop((0, 0, width - width % 2, height - height % 2)))
            for _ in range(repeat):
                writer.append_data(array)
            last = array
            count += 1
        if last is None:
            raise RenderError("no frames to write")
        for _ in range(round((LAST_FRAME_SECONDS - FRAME_SECONDS) * fps * repeat)):
            writer.append_data(last)
    finally:
        writer.close()
    return count
