"""Wording shared by the dashboard and the static figures, in English and Ukrainian.

Kept in geodata because the renderer lives here and geodata never imports the dashboard;
``components.i18n`` builds on it. Status wording is in ``geodata.scenarios.STATUS_LABELS``.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

WORDING: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {
        "title": {"en": "Claims map: Ukraine's regions and settlement proposals", "uk": "Мапа претензій: регіони України та пропозиції щодо врегулювання"},
        "as_reported": {"en": "as reported", "uk": "за повідомленнями"},
        "annexed_share": {
            # Named by the claim's date, so a pre-claim control date does not read as if the claim existed.
            "en": "The four oblasts Russia claimed on 2022-09-30: share under Russian control",
            "uk": "Чотири області, анексію яких Росія заявила 2022-09-30: частка під контролем Росії",
        },
        "by_status": {"en": "Area and pre-war population by status", "uk": "Площа і довоєнне населення за статусом"},
        "population": {"en": "Pre-war population (est.)", "uk": "Довоєнне населення (оцінка)"},
    }
)
