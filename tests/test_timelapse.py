"""The time-lapse: one frame per control date, each with its date and the statistics' counter, GIF and MP4."""

from __future__ import annotations

import itertools

import numpy as np
from PIL import Image, ImageChops

from geodata.cli import main
from geodata.dataset import default_dataset
from geodata.figures.timelapse import COUNTER_ID, frame_figure, timelapse_dates
from geodata.stats import compute_stats
from geodata.wording import format_number

SIZE = "640x360"


def test_gif_has_one_frame_per_control_date_each_different(tmp_path):
    dates = [d for d in default_dataset().snapshot_dates() if d >= "2025-01-01"]
    out = tmp_path / "line.gif"
    assert main(["render", "--timelapse", "--from", "2025-01-01", "--size", SIZE, "--out", str(out)]) == 0
    with Image.open(out) as gif:
        assert gif.n_frames == len(dates)
        assert gif.size == (640, 360)
        frames = []
        for index in range(gif.n_frames):
            gif.seek(index)
            frames.append(gif.convert("RGB"))
    # Each frame differs from the one before, and in the header's top-right corner, where the date is drawn.
    corner = (int(640 * 0.75), 0, 640, int(360 * 0.07))
    for before, after in itertools.pairwise(frames):
        assert ImageChops.difference(before, after).getbbox() is not None
        assert ImageChops.difference(before.crop(corner), after.crop(corner)).getbbox() is not None
    # The corner holds dark text on white in every frame (the date), not an empty header.
    for frame in frames:
        assert (np.asarray(frame.crop(corner).convert("L")) < 80).sum() > 50


def test_each_frame_names_its_date_days_and_the_statistics_counter():
    dataset, scenario = default_dataset(), default_dataset().scenario("status-quo")
    dates = timelapse_dates(dataset, "2025-11-20")
    previous = None
    for as_of in dates:
        fig = frame_figure(dataset, scenario, as_of, previous, size=SIZE)
        texts = {t.get_gid(): t.get_text() for t in fig.texts if t.get_gid()}
        assert texts[f"{COUNTER_ID}-date"] == as_of
        held = compute_stats(scenario, default_dataset().snapshot(as_of), dataset=default_dataset())["russian_held_area_km2"]
        assert format_number(held) in texts[COUNTER_ID]
        if previous:
            from datetime import date

            days = (date.fromisoformat(as_of) - date.fromisoformat(previous)).days
            assert f"{days} days since the previous line" in texts[COUNTER_ID]
        previous = as_of


def test_mp4_is_written_with_its_own_encoder(tmp_path):
    import imageio.v2 as imageio

    out = tmp_path / "line.mp4"
    assert main(["render", "--timelapse", "--from", "2026-01-01", "--size", SIZE, "--out", str(out)]) == 0
    reader = imageio.get_reader(str(out))
    meta = reader.get_meta_data()
    assert meta["codec"] == "h264" and meta["size"] == (640, 360)
    frames = [frame for frame in reader]
    reader.close()
    # Two dates: the first and the last frame differ (each date is held for several video frames).
    assert np.abs(frames[0].astype(int) - frames[-1].astype(int)).sum() > 0


def test_bad_requests_are_one_line_errors(tmp_path):
    assert main(["render", "--timelapse", "--out", str(tmp_path / "x.png")]) == 2
    assert main(["render", "--timelapse", "--from", "2030-01-01", "--out", str(tmp_path / "x.gif")]) == 2
    assert main(["render", "--timelapse", "--from", "2026-01-01", "--to", "2025-01-01", "--out", str(tmp_path / "x.gif")]) == 2
