"""The figures the docs quote are the ones the code computes today (one rounding everywhere)."""

from __future__ import annotations

import json
import re

from geodata.dataset import default_dataset
from geodata.stats import compute_stats
from tests.conftest import ROOT

STATISTICS = (ROOT / "docs" / "statistics.md").read_text(encoding="utf-8")


def test_the_statistics_example_is_what_stats_gives():
    block = re.search(r"```json\n(\{\"scenario\": \"plan-28-points-2025-11\".*?)\n```", STATISTICS, flags=re.S).group(1)
    stats = compute_stats(
        default_dataset().scenarios()["plan-28-points-2025-11"],
        default_dataset().snapshot("2025-11-20"),
        dataset=default_dataset(),
    )
    assert f'"annexed_2022_controlled_share": {stats["annexed_2022_controlled_share"]}' in block
    assert json.dumps(stats["totals"]["de_facto_russia"]) in block
    donetsk = next(r for r in stats["regions"] if r["id"] == "UA-14")
    assert f'"controlled_share": {donetsk["controlled_share"]}' in block
    assert json.dumps(donetsk["ukrainian_held"]) in block
    for key in ("ukraine_gives_up", "russia_returns"):
        assert f'"area_km2": {stats[key]["area_km2"]}' in block and f'"population": {stats[key]["population"]}' in block
    share = f"{stats['annexed_2022_controlled_share'] * 100:.1f}%"
    assert f"{share} on 2025-11-20" in STATISTICS
