"""The figure's words (the one catalogue) and how it names a scenario in a heading."""

from __future__ import annotations

from typing import Mapping

from geodata.scenarios import Scenario
from geodata.wording import CATALOGUE

#: The figure's words: the one catalogue (:mod:`geodata.wording`), which the dashboard, exports and CLI share.
TEXT: Mapping[str, Mapping[str, str]] = CATALOGUE


def _scenario_line(scenario: Scenario, lang: str) -> str:
    reported = f" ({TEXT['as_reported'][lang]})" if scenario.as_reported else ""
    date = f" · {scenario.date}" if scenario.date else ""
    return f"{scenario.text('title', lang)}{reported}{date}"
