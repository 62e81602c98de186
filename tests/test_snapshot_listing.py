"""The dashboard asks for the snapshot dates many times a run: the folders are listed again only when they changed."""

from __future__ import annotations

import os
import time

import geodata.dataset as dataset_module
from geodata.dataset import DataPaths, Dataset


def _counting(monkeypatch) -> list[object]:
    calls: list[object] = []
    real = dataset_module.snapshot_dates

    def listing(folder):
        calls.append(folder)
        return real(folder)

    monkeypatch.setattr(dataset_module, "snapshot_dates", listing)
    return calls


def test_an_unchanged_folder_is_listed_once_and_a_change_is_seen_at_once(tmp_path, monkeypatch):
    user = tmp_path / "control"
    user.mkdir()
    (user / "2030-01-01.geojson").write_text("{}", encoding="utf-8")
    dataset = Dataset(DataPaths.package(user_control_dir=user))
    shipped = Dataset(DataPaths.package()).snapshot_dates()
    past = time.time() - 60
    os.utime(user, (past, past))  # settled a minute ago
    calls = _counting(monkeypatch)
    assert dataset.snapshot_dates() == (*shipped, "2030-01-01")
    listed = calls.count(user)
    for _ in range(5):
        assert dataset.snapshot_dates() == (*shipped, "2030-01-01")
    assert calls.count(user) == listed == 1  # one listing, then one stat a call
    # A file added changes the folder's time: the next call lists it, and so does every call while the change is fresh
    # (file times are coarse: a second change within the same tick would leave the time as it was).
    (user / "2030-02-01.geojson").write_text("{}", encoding="utf-8")
    assert dataset.snapshot_dates() == (*shipped, "2030-01-01", "2030-02-01")
    (user / "2030-03-01.geojson").write_text("{}", encoding="utf-8")
    assert dataset.snapshot_dates() == (*shipped, "2030-01-01", "2030-02-01", "2030-03-01")
    (user / "2030-03-01.geojson").unlink()
    assert dataset.user_snapshots() == ("2030-01-01", "2030-02-01")
