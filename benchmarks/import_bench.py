"""Import at the size limit: builds a DeepStateMap-shaped file of about 17 MB and 800,000 vertices, then
times ``validate`` and ``import-control`` + the first ``stats`` on it, each in its own process, and prints
wall time and peak memory (the child's maximum resident set), as medians of several runs with the load
average, then where the time and memory of one import go, step by step (in a fresh process).
Issue 13's targets on a 2-core machine: validate ≤ 6 s and ≤ 400 MB; import-control + stats ≤ 15 s.
Run: ``python -m benchmarks.import_bench [--runs N] [--no-steps]``.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERTICES = 800_000
FILE_NAME = "deepstatemap_data_20260822.json"


def build(vertices: int = VERTICES, features: int = 400) -> bytes:
    """DeepStateMap's shape: {"datetime", "map": FeatureCollection}, named areas, Z of 0, many-vertex rings in Donetsk oblast."""
    per_ring = vertices // features
    items = []
    for k in range(features):
        cx, cy = 37.2 + (k % 20) * 0.1, 47.6 + (k // 20) * 0.06
        ring = [
            [
                round(cx + 0.04 * math.cos(2 * math.pi * i / per_ring) * (1 + 0.05 * math.sin(40 * math.pi * i / per_ring)), 5),
                round(cy + 0.025 * math.sin(2 * math.pi * i / per_ring), 5),
                0,
            ]
            for i in range(per_ring - 1)
        ]
        ring.append(ring[0])
        name = (
            "Окуповано /// Occupied /// geoJSON.status.occupied"
            if k % 5
            else "Звільнено /// Liberated /// geoJSON.status.dismissed"
        )
        items.append(
            {
                "type": "Feature",
                "properties": {"name": name, "description": "", "styleUrl": "#poly-000000"},
                "geometry": {"type": "Polygon", "coordinates": [ring]},
            }
        )
    document = {"id": 1, "datetime": "2026-08-22T03:00:00Z", "map": {"type": "FeatureCollection", "features": items}}
    return json.dumps(document, separators=(",", ":")).encode()


def run(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds and peak MB of one ``python -m geodata`` command in a fresh process."""
    started = time.perf_counter()
    done = subprocess.Popen(
        [sys.executable, "-m", "geodata", *args], cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    _pid, status, usage = os.wait4(done.pid, 0)
    elapsed = time.perf_counter() - started
    stdout, stderr = done.stdout.read(), done.stderr.read()  # type: ignore[union-attr]
    if os.waitstatus_to_exitcode(status):
        raise SystemExit(f"{' '.join(args)} failed: {stderr.strip()}")
    return elapsed, usage.ru_maxrss / 1024, stdout


def _load() -> str:
    one, five, _fifteen = os.getloadavg()
    return f"load {one:.1f} (5 min {five:.1f}) on {os.cpu_count()} cores"


def _self_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _median(values: list[float]) -> str:
    return f"{statistics.median(values):.1f} (runs: {', '.join(f'{v:.1f}' for v in values)})"


def steps(path: Path) -> None:
    """One import, step by step, in this process: seconds and the peak resident set after each step."""
    import gc

    marks: list[tuple[str, float, float]] = []
    clock = time.perf_counter()

    def mark(label: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        marks.append((label, now - clock, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
        clock = time.perf_counter()

    mark("python")
    from geodata.cli import build_parser

    build_parser()  # what every command imports
    from geodata.dataset import default_dataset
    from geodata.importer import DEFAULT_LIMITS, gdalread, jsonread, reading
    from geodata.importer.assembly import assemble
    from geodata.importer.sniff import sniff
    from geodata.importer.writing import write_imported_snapshot

    default_dataset().regions()
    mark("imports and regions")
    data = path.read_bytes()
    mark("read the file")
    sniffed = sniff(data)
    mark("sniff (decode as text)")
    checked = jsonread.read_json(sniffed.text or "", data, path.name, DEFAULT_LIMITS)
    del sniffed
    mark(f"JSON checks ({checked.vertices:,} vertices)")
    layers = gdalread.read_layers(checked.gdal_bytes, path.name, DEFAULT_LIMITS, single=True)
    mark("GDAL reads")
    parsed = reading._features(layers, checked.format, checked.crs, path.name, False, checked.ring_problems)
    parsed.file_date = checked.file_date
    del layers, checked
    gc.collect()
    mark("geometry from WKB")
    result = assemble(parsed, path.name, "0" * 64, len(data), None, False, DEFAULT_LIMITS, dataset=default_dataset())
    mark("checks, merge, cut to regions, areas")
    with tempfile.TemporaryDirectory() as folder:
        write_imported_snapshot(result, result.summary.as_of, Path(folder))
    mark("write the snapshot")
    print(f"{'step':<40} {'seconds':>8} {'peak MB':>8}")
    for label, seconds, peak in marks:
        print(f"{label:<40} {seconds:8.2f} {peak:8.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each command (medians are printed)")
    parser.add_argument("--no-steps", action="store_true", help="skip the step-by-step breakdown")
    parser.add_argument("--steps-of", type=Path, help=argparse.SUPPRESS)  # the child that prints the steps
    parser.add_argument("--build-to", type=Path, help=argparse.SUPPRESS)  # the child that writes the file
    args = parser.parse_args()
    if args.steps_of:
        steps(args.steps_of)
        return
    if args.build_to:
        args.build_to.write_bytes(build())
        return
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "geodata", work / "geodata", ignore=shutil.ignore_patterns("__pycache__"))
        path = work / FILE_NAME
        # Built in a child: Linux reports a child's peak as at least this process's size when it started
        # the child (ru_maxrss survives exec), so this process stays small.
        subprocess.run([sys.executable, "-m", "benchmarks.import_bench", "--build-to", str(path)], cwd=ROOT, check=True)
        size = path.stat().st_size
        print(f"file: {size / 1e6:.1f} MB, {VERTICES:,} vertices; {_load()}; this process {_self_mb():.0f} MB")
        validate_s, validate_mb, imports_s, import_mb, stats_s, together = [], [], [], [], [], []
        for _ in range(args.runs):
            seconds, peak, _ = run(["validate", str(path)], work)
            validate_s.append(seconds)
            validate_mb.append(peak)
            imported, peak_import, _ = run(["import-control", "--force", str(path)], work)
            stats, _peak_stats, _ = run(["stats", "--scenario", "status-quo", "--control", "2026-08-22", "--json"], work)
            imports_s.append(imported)
            import_mb.append(peak_import)
            stats_s.append(stats)
            together.append(imported + stats)
        print(f"validate: {_median(validate_s)} s, peak {_median(validate_mb)} MB (targets: 6 s, 400 MB)")
        print(f"import-control: {_median(imports_s)} s, peak {_median(import_mb)} MB; first stats: {_median(stats_s)} s")
        print(f"import-control + first stats: {_median(together)} s (target 15 s); {_load()}")
        if not args.no_steps:
            print("\none import, step by step (fresh process):")
            sys.stdout.flush()
            subprocess.run([sys.executable, "-m", "benchmarks.import_bench", "--steps-of", str(path)], cwd=ROOT, check=True)


if __name__ == "__main__":
    main()
