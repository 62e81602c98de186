"""The figure's words, in English and Ukrainian, and how it writes scenarios, sources and numbers."""

from __future__ import annotations

from typing import Mapping

from geodata.scenarios import Scenario
from geodata.wording import CATALOGUE, country_name, format_number, format_percent, format_signed

#: The figure's words: the one catalogue (:mod:`geodata.wording`), which the dashboard, exports and CLI share.
TEXT: Mapping[str, Mapping[str, str]] = CATALOGUE
#: Neighbours' names in Ukrainian, from the catalogue (the context layer carries English names only).
COUNTRY_NAMES_UK = {iso: country_name(iso, "uk") for iso in ("RUS", "BLR", "POL", "SVK", "HUN", "ROU", "MDA")}


def _scenario_title(scenario: Scenario, lang: str) -> str:
    return scenario.text("title", lang)


def _scenario_line(scenario: Scenario, lang: str) -> str:
    reported = f" ({TEXT['as_reported'][lang]})" if scenario.as_reported else ""
    date = f" · {scenario.date}" if scenario.date else ""
    return f"{_scenario_title(scenario, lang)}{reported}{date}"


def _number(value: float, lang: str) -> str:
    return format_number(value, lang)


def _signed(value: float, lang: str) -> str:
    return format_signed(value, lang)


def _percent(value: float, lang: str) -> str:
    return format_percent(value, lang)
