"""Import at the size limit: builds a DeepStateMap-shaped file of about 17 MB and 800,000 vertices, then
times ``validate`` and ``import-control`` + the first ``stats`` on it, each in its own process, and prints
wall time and peak memory (the child's maximum resident set). Issue 13's targets on a 2-core machine:
validate ≤ 6 s and ≤ 400 MB; import-control + stats ≤ 15 s. Run: ``python -m benchmarks.import_bench``.
"""

from __future__ import annotations

import json
import math
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build(vertices: int = 800_000, features: int = 400) -> bytes:
    """DeepStateMap's shape: {"datetime", "map": FeatureCollection}, named areas, Z of 0, many-vertex rings in Donetsk oblast."""
    per_ring = vertices // features
    items = []
    for k in range(features):
        cx, cy = 37.2 + (k % 20) * 0.1, 47.6 + (k // 20) * 0.06
        ring = [[round(cx + 0.04 * math.cos(2 * math.pi * i / per_ring) * (1 + 0.05 * math.sin(40 * math.pi * i / per_ring)), 5),
                 round(cy + 0.025 * math.sin(2 * math.pi * i / per_ring), 5), 0] for i in range(per_ring - 1)]
        ring.append(ring[0])
        name = "Окуповано /// Occupied /// geoJSON.status.occupied" if k % 5 else "Звільнено /// Liberated /// geoJSON.status.dismissed"
        items.append({"type": "Feature", "properties": {"name": name, "description": "", "styleUrl": "#poly-000000"},
                      "geometry": {"type": "Polygon", "coordinates": [ring]}})
    document = {"id": 1, "datetime": "2026-08-22T03:00:00Z", "map": {"type": "FeatureCollection", "features": items}}
    return json.dumps(document, separators=(",", ":")).encode()


def run(args: list[str], cwd: Path) -> tuple[float, float, str]:
    """Wall seconds and peak MB of one ``python -m geodata`` command in a fresh process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "geodata", *args], cwd=cwd, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} failed: {done.stderr.strip()}")
    return elapsed, max(peak, before) / 1024, done.stdout


def main() -> None:
    data = build()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        shutil.copytree(ROOT / "geodata", work / "geodata", ignore=shutil.ignore_patterns("__pycache__"))
        path = work / "deepstatemap_data_20260822.json"
        path.write_bytes(data)
        print(f"file: {len(data) / 1e6:.1f} MB, {800_000:,} vertices")
        seconds, peak, _ = run(["validate", str(path)], work)
        print(f"validate: {seconds:.1f} s, peak {peak:.0f} MB (targets: 6 s, 400 MB)")
        started = time.perf_counter()
        imported, peak_import, _ = run(["import-control", str(path)], work)
        stats, peak_stats, _ = run(["stats", "--scenario", "status-quo", "--control", "2026-08-22", "--json"], work)
        print(f"import-control: {imported:.1f} s (peak {peak_import:.0f} MB); first stats: {stats:.1f} s; "
              f"together {time.perf_counter() - started:.1f} s (target 15 s)")


if __name__ == "__main__":
    main()
