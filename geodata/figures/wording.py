"""The figure's words, in English and Ukrainian, and how it writes scenarios, sources and numbers."""

from __future__ import annotations

from typing import Mapping

from geodata.scenarios import Scenario
from geodata.wording import WORDING

#: Wording of the figure: the dashboard's shared wording, and the figure's own.
TEXT: dict[str, Mapping[str, str]] = {
    **WORDING,
    "sources": {"en": "Sources", "uk": "Джерела"},
    "control_sources": {"en": "control", "uk": "контроль"},
    "licences": {
        "en": "Boundaries: Natural Earth v4.1.0 (public domain); settlements: GeoNames (CC BY 4.0)",
        "uk": "Кордони: Natural Earth v4.1.0 (суспільне надбання); населені пункти: GeoNames (CC BY 4.0)",
    },
    "disclaimer": {
        "en": "Statuses are claims or proposals, not endorsements. Borders: Ukraine's internationally recognised (1991) borders.",
        "uk": "Статуси — це претензії або пропозиції, а не їх підтримка. Кордони: міжнародно визнані кордони України (1991).",
    },
    "area": {"en": "Area, km²", "uk": "Площа, км²"},
    "share": {"en": "Share of Ukraine", "uk": "Частка України"},
    "compare_heading": {"en": "Area by status, km²", "uk": "Площа за статусом, км²"},
    "difference": {"en": "B − A", "uk": "Б − А"},
    "km": {"en": "km", "uk": "км"},
    "map_a": {"en": "A", "uk": "А"},
    "map_b": {"en": "B", "uk": "Б"},
    "black_sea": {"en": "Black Sea", "uk": "Чорне море"},
    "sea_of_azov": {"en": "Sea of Azov", "uk": "Азовське море"},
}
#: Neighbours' names in Ukrainian (the context layer carries English names only).
COUNTRY_NAMES_UK = {
    "RUS": "Росія", "BLR": "Білорусь", "POL": "Польща", "SVK": "Словаччина",
    "HUN": "Угорщина", "ROU": "Румунія", "MDA": "Молдова",
}


def _scenario_title(scenario: Scenario, lang: str) -> str:
    return scenario.title_uk if lang == "uk" and scenario.title_uk else scenario.title


def _scenario_line(scenario: Scenario, lang: str) -> str:
    reported = f" ({TEXT['as_reported'][lang]})" if scenario.as_reported else ""
    date = f" · {scenario.date}" if scenario.date else ""
    return f"{_scenario_title(scenario, lang)}{reported}{date}"


def _short_source(source: str, limit: int = 80) -> str:
    # Snapshot sources carry the reported figures after a colon, and where they were compiled after a
    # comma; the slide names who reported them.
    head = source.split(":", 1)[0].strip()
    if len(head) <= limit:
        return head
    clause = head[:limit].rsplit(", ", 1)[0]
    return clause if clause != head[:limit] else head[:limit].rsplit(" ", 1)[0] + "…"


def _number(value: float, lang: str) -> str:
    text = f"{value:,.0f}"
    return text.replace(",", "\u00a0") if lang == "uk" else text


def _signed(value: float, lang: str) -> str:
    if round(value) == 0:
        return "0"
    return ("+" if value > 0 else "\u2212") + _number(abs(value), lang)


def _percent(value: float, lang: str) -> str:
    text = f"{value:.1%}" if value >= 0.001 or value == 0 else "<0.1%"
    return text.replace(".", ",").replace("%", "\u00a0%") if lang == "uk" else text
