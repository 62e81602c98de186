"""Time the static renderer: one scenario at 1920x1080, per format.

    python benchmarks/render_bench.py [--json] [--scenario ID] [--repeat 3]

Each figure is drawn from the scenario to the file's bytes (``render_bytes``),
after one untimed warm-up that fills the data caches, as the dashboard's
download button would find them. Prints the median of ``--repeat`` runs per
format as a table, or JSON with keys ``render_png_ms``, ``render_svg_ms`` and
``render_pdf_ms``. Figures are printed, never asserted (the goal: PNG under 3 s).
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script: the project's packages are imported from the checkout

from geodata.dataset import default_dataset  # noqa: E402
from geodata.figures import FORMATS, render_bytes  # noqa: E402

SIZE = "1920x1080"


def measure(scenario_id: str, repeat: int) -> dict[str, float]:
    """Median milliseconds per format, and the size of each file in bytes."""
    scenario = default_dataset().scenario(scenario_id)
    snapshot = default_dataset().snapshot(scenario.control)
    render_bytes(scenario, snapshot, "png", size=SIZE, dataset=default_dataset())
    results: dict[str, float] = {}
    for fmt in FORMATS:
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            data = render_bytes(scenario, snapshot, fmt, size=SIZE, dataset=default_dataset())
            times.append((time.perf_counter() - started) * 1000)
        results[f"render_{fmt}_ms"] = round(statistics.median(times), 1)
        results[f"render_{fmt}_bytes"] = len(data)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print JSON")
    parser.add_argument("--scenario", default="plan-28-points-2025-11", help="scenario id")
    parser.add_argument("--repeat", type=int, default=3, help="runs per format (the median is reported)")
    args = parser.parse_args()
    results = measure(args.scenario, max(1, args.repeat))
    if args.json:
        print(json.dumps({"scenario": args.scenario, "size": SIZE, **results}, indent=2))
        return 0
    print(f"{args.scenario} at {SIZE}, median of {args.repeat}")
    print(f"{'format':<8}{'ms':>10}{'bytes':>12}")
    for fmt in FORMATS:
        print(f"{fmt:<8}{results[f'render_{fmt}_ms']:>10,.1f}{results[f'render_{fmt}_bytes']:>12,}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
