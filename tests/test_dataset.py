"""The dataset object: reads from the paths it is given, keys its caches on values, keeps them bounded."""

from __future__ import annotations

import shutil
import threading
from dataclasses import replace

from geodata.dataset import DataPaths, Dataset, default_dataset
from geodata.scenarios import custom_scenario, options_from_statuses


def test_reads_from_the_paths_it_is_given(tmp_path):
    package = DataPaths.package()
    control_dir = tmp_path / "control"
    control_dir.mkdir()
    newest = sorted(p.name for p in package.control_dir.glob("*.geojson"))[-1]
    shutil.copy(package.control_dir / newest, control_dir / newest)
    dataset = Dataset(replace(package, control_dir=control_dir))
    as_of = newest.removesuffix(".geojson")
    snapshot = dataset.snapshot(as_of)
    assert snapshot.as_of == as_of
    assert snapshot.key == default_dataset().snapshot(as_of).key  # the same file, so the same shipped key
    other = sorted(p.stem for p in package.control_dir.glob("*.geojson"))[0]
    try:
        dataset.snapshot(other)
    except ValueError as exc:
        assert f"known: {as_of}" in str(exc)
    else:
        raise AssertionError("a date missing from the given folder was read")


def test_each_cache_is_bounded_least_recently_used_first():
    dataset = Dataset(max_entries=3)
    calls = []

    def square(n: int) -> int:
        calls.append(n)
        return n * n

    for n in (1, 2, 3, 1, 4):  # 1 used again, so 2 is the one dropped when 4 comes
        assert dataset.memo(square, n) == n * n
    assert calls == [1, 2, 3, 4]
    assert dataset.memo(square, 1) == 1 and calls == [1, 2, 3, 4]
    assert dataset.memo(square, 2) == 4 and calls == [1, 2, 3, 4, 2]
    assert max(dataset.cache_sizes().values()) == 3


def test_caches_key_on_values_not_on_identity():
    # A custom scenario rebuilt from the same options is equal and hashes alike: one cache entry.
    base = default_dataset().scenarios()["us-2025-04"]
    first = custom_scenario(options_from_statuses(base.regions), base)
    second = custom_scenario(options_from_statuses(base.regions), base)
    assert first is not second and first == second and hash(first) == hash(second)
    dataset = Dataset()
    dataset.memo(repr, first)
    dataset.memo(repr, second)
    assert dataset.cache_sizes()[f"{repr.__module__}.{repr.__qualname__}"] == 1


def test_clear_forgets_everything_in_one_call():
    snapshot = default_dataset().snapshot("2025-11-20")
    default_dataset().region_parts(snapshot)
    assert default_dataset().cache_sizes()
    default_dataset().clear()
    assert default_dataset().cache_sizes() == {}
    assert (
        default_dataset().region_parts(default_dataset().snapshot("2025-11-20")).controlled_share
        == default_dataset().region_parts(snapshot).controlled_share
    )


def test_sessions_in_threads_get_one_consistent_value():
    dataset = Dataset()
    results = []
    barrier = threading.Barrier(4)

    def read() -> None:
        barrier.wait()
        results.append(dataset.regions())

    threads = [threading.Thread(target=read) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    # Threads that race may each compute the value once (computing is outside the lock), but every one
    # gets the same content, and from then on all get the one object the cache kept.
    assert len(results) == 4 and all(frame.equals(results[0]) for frame in results)
    kept = dataset.regions()
    assert any(frame is kept for frame in results) and dataset.regions() is kept


def test_shipped_snapshots_leave_out_imported_and_fetched_dates(tmp_path, monkeypatch):
    from geodata import paths
    from geodata.dataset import default_dataset

    control_dir = tmp_path / "control"
    shutil.copytree(paths.CONTROL_DIR, control_dir)
    newest = sorted(control_dir.glob("*.geojson"))[-1]
    shutil.copy(newest, control_dir / "2030-01-01.geojson")  # what import-control or fetch-control would add
    monkeypatch.setattr(paths, "CONTROL_DIR", control_dir)
    default_dataset().clear()
    try:
        assert "2030-01-01" in default_dataset().snapshot_dates()
        assert "2030-01-01" not in default_dataset().shipped_snapshots()
        assert set(default_dataset().shipped_snapshots()) == set(default_dataset().snapshot_dates()) - {"2030-01-01"}
    finally:
        monkeypatch.undo()
        default_dataset().clear()
