"""Interface wording in English and Ukrainian. Status wording lives in ``geodata.scenarios.STATUS_LABELS``."""

from __future__ import annotations

from typing import Mapping

from geodata.wording import WORDING

LANGUAGES = {"en": "English", "uk": "Українська"}

TEXT: dict[str, Mapping[str, str]] = {
    **{key: WORDING[key] for key in ("title", "as_reported", "by_status", "annexed_share")},
    "disclaimer": {
        "en": "Borders are Ukraine's internationally recognised (1991) borders. Statuses are claims or proposals, shown as reported; the map endorses none of them.",
        "uk": "Кордони — міжнародно визнані кордони України 1991 року. Статуси — це претензії або пропозиції, як про них повідомлено; мапа не підтримує жодної з них.",
    },
    "scenario": {"en": "Settlement proposal", "uk": "Пропозиція щодо врегулювання"},
    "custom": {"en": "Custom options", "uk": "Власний вибір"},
    "options": {"en": "De jure and de facto options", "uk": "Варіанти de jure і de facto"},
    "options_help": {
        "en": "Each option shows the selected proposal's terms; changing one makes the scenario 'Custom options'.",
        "uk": "Кожен варіант показує умови обраної пропозиції; зміна робить сценарій «Власний вибір».",
    },
    "crimea": {"en": "Crimea and Sevastopol (held since 2014)", "uk": "Крим і Севастополь (під контролем Росії з 2014)"},
    "held_part": {"en": "Part Russia holds", "uk": "Частина під контролем Росії"},
    "remainder": {"en": "Part Ukraine holds", "uk": "Частина під контролем України"},
    "returned_outside": {"en": "Russian-held land returned outside the annexation claims", "uk": "Повернення територій поза заявленими анексіями"},
    "control": {"en": "Line of contact on", "uk": "Лінія зіткнення на"},
    "layers": {"en": "Layers", "uk": "Шари"},
    "layer_line": {"en": "Line of contact", "uk": "Лінія зіткнення"},
    "layer_claims": {"en": "Annexation claims not held", "uk": "Заявлені, але не контрольовані анексії"},
    "layer_labels": {"en": "Region names", "uk": "Назви областей"},
    "layer_settlements": {"en": "Settlements", "uk": "Населені пункти"},
    "layer_assets": {"en": "Key assets", "uk": "Ключові об'єкти"},
    "tiles": {"en": "Tile basemap (needs internet)", "uk": "Підкладка з тайлів (потрібен інтернет)"},
    "tiles_none": {"en": "None (works offline)", "uk": "Немає (працює офлайн)"},
    "present": {"en": "Presentation view", "uk": "Режим презентації"},
    "exit_present": {"en": "Leave presentation view", "uk": "Вийти з режиму презентації"},
    "sync_view": {"en": "Put the map's view in the link", "uk": "Зберігати вигляд мапи в посиланні"},
    "sync_view_help": {
        "en": "Off by default so that panning and zooming cost nothing; turn on before copying a link to a particular view.",
        "uk": "Типово вимкнено, щоб переміщення мапи нічого не коштувало; увімкніть перед копіюванням посилання на певний вигляд.",
    },
    "language": {"en": "Language", "uk": "Мова"},
    "compare": {"en": "Compare with", "uk": "Порівняти з"},
    "compare_none": {"en": "(no comparison)", "uk": "(без порівняння)"},
    "notice_fallback": {"en": "Ignored a link parameter: {detail}. Showing the default instead.", "uk": "Параметр посилання проігноровано: {detail}. Показано типове значення."},
    "source_line": {"en": "Sources", "uk": "Джерела"},
    "headline": {"en": "Headline figures", "uk": "Основні показники"},
    "annexed_share_help": {
        "en": "Computed from the control layer on the chosen date; often quoted as 'about 70%' (spring 2025).",
        "uk": "Обчислено з шару контролю на обрану дату; часто згадують «близько 70%» (весна 2025).",
    },
    "russian_held": {"en": "Held by Russia on the control date", "uk": "Під контролем Росії на дату"},
    "per_region": {"en": "Per region", "uk": "За областями"},
    "beyond_line": {"en": "Beyond the line of contact", "uk": "За лінією зіткнення"},
    "gives_up": {"en": "Ukraine would give up land it holds", "uk": "Україна віддала б території, які контролює"},
    "returns": {"en": "Russia would return land it holds", "uk": "Росія повернула б території, які контролює"},
    "nothing": {"en": "Nothing.", "uk": "Нічого."},
    "method": {"en": "Method and sources", "uk": "Метод і джерела"},
    "annexed_share_caption": {
        "en": "Computed from the control layer on {date}; the figure often quoted in spring 2025 was about {quoted}.",
        "uk": "Обчислено з шару контролю на {date}; навесні 2025 року часто згадували близько {quoted}.",
    },
    "beyond_line_row": {
        "en": "{label}: {area} km² ({share} of Ukraine), pre-war population about {population}. Towns of 10,000 or more: {towns}",
        "uk": "{label}: {area} км² ({share} території України), довоєнне населення близько {population}. Міста з населенням від 10 000: {towns}",
    },
    "col_status": {"en": "status", "uk": "статус"},
    "col_km2": {"en": "km²", "uk": "км²"},
    "col_share": {"en": "% of Ukraine", "uk": "% території України"},
    "col_population": {"en": "pre-war population (est.)", "uk": "довоєнне населення (оцінка)"},
    "col_region": {"en": "region", "uk": "область"},
    "col_held_share": {"en": "held by Russia, % of region", "uk": "під контролем Росії, % області"},
    "col_held_status": {"en": "part held by Russia", "uk": "частина під контролем Росії"},
    "col_held_km2": {"en": "km² held by Russia", "uk": "км² під контролем Росії"},
    "col_rest_status": {"en": "part held by Ukraine", "uk": "частина під контролем України"},
    "col_rest_km2": {"en": "km² held by Ukraine", "uk": "км² під контролем України"},
    "col_claimed": {"en": "annexation claimed by Russia (not recognised)", "uk": "анексію заявлено Росією (не визнано)"},
    "proposed_by": {"en": "Proposed by", "uk": "Запропонував"},
    "accepted_by": {"en": "Accepted by", "uk": "Прийняли"},
    "talks_status": {"en": "Status in the talks", "uk": "Статус на переговорах"},
    "m_scenario": {"en": "Scenario", "uk": "Сценарій"},
    "m_scenario_sources": {"en": "Scenario sources", "uk": "Джерела сценарію"},
    "m_note": {"en": "Note", "uk": "Примітка"},
    "m_control": {"en": "Control on", "uk": "Контроль на"},
    "m_control_sources": {"en": "Control sources", "uk": "Джерела даних про контроль"},
    "m_areas": {"en": "Areas", "uk": "Площі"},
    "m_population": {"en": "Population", "uk": "Населення"},
    "m_boundaries": {
        "en": "Boundaries: Natural Earth v4.1.0 admin-1 (public domain), inside Ukraine's 1991 borders.",
        "uk": "Кордони: Natural Earth v4.1.0 admin-1 (суспільне надбання), у кордонах України 1991 року.",
    },
    "upload": {"en": "Use your own control data", "uk": "Власні дані про контроль"},
    "upload_help": {
        "en": "GeoJSON (also DeepStateMap and ArcGIS/ISW exports), KML or KMZ, up to {limit} MB. Checked, then used for the map and every number in this session only; nothing is stored.",
        "uk": "GeoJSON (також експорти DeepStateMap та ArcGIS/ISW), KML або KMZ, до {limit} МБ. Перевіряється і використовується для мапи та всіх чисел лише в цьому сеансі; нічого не зберігається.",
    },
    "upload_file": {"en": "Control file", "uk": "Файл контролю"},
    "upload_as_of": {"en": "As of", "uk": "Станом на"},
    "upload_set_date": {"en": "Set the date myself (otherwise the file's own date)", "uk": "Вказати дату самостійно (інакше — дата з файлу)"},
    "upload_repair": {"en": "Repair invalid geometry (make_valid) and report what changed", "uk": "Виправити некоректну геометрію (make_valid) і показати зміни"},
    "upload_rejected": {"en": "The file was not used:", "uk": "Файл не використано:"},
    "upload_ok": {"en": "Checked. What the file holds:", "uk": "Перевірено. Вміст файлу:"},
    "upload_use": {"en": "Use this file for the map and the numbers", "uk": "Використати цей файл для мапи та чисел"},
    "upload_session_only": {"en": "Your file is used in this session only; links do not carry it.", "uk": "Файл використовується лише в цьому сеансі; посилання його не містять."},
    "upload_in_use": {"en": "Control from your file", "uk": "Контроль за вашим файлом"},
    "stale_line": {
        "en": "The newest line of contact in this copy of the map is from {date} ({age}). Figures and the map describe that date, not today. To bring it up to date: run `.venv/bin/python -m geodata fetch-control` on a machine that is online (or import a control file with `import-control`), then reload.",
        "uk": "Найновіша лінія зіткнення в цій копії мапи — станом на {date} ({age}). Мапа й показники описують цю дату, а не сьогодні. Щоб оновити: виконайте `.venv/bin/python -m geodata fetch-control` на комп'ютері з інтернетом (або імпортуйте файл контролю командою `import-control`) і перезавантажте сторінку.",
    },
    "download_data": {"en": "Download the data (region parts with statuses, areas and population)", "uk": "Завантажити дані (частини областей зі статусами, площами й населенням)"},
    "download_figure": {"en": "Download the figure for a slide", "uk": "Завантажити зображення для слайда"},
    "figure_title": {"en": "Figure title (optional)", "uk": "Заголовок зображення (необов'язково)"},
    "fetch": {"en": "Fetch the newest line", "uk": "Завантажити найновішу лінію"},
    "fetch_help": {
        "en": "Downloads the newest control layer from {source} (set by the server's operator), checks it like an uploaded file and adds it to the dates. At most once every {minutes} minutes. The source's terms apply.",
        "uk": "Завантажує найновіший шар контролю з {source} (налаштовано оператором сервера), перевіряє його як завантажений файл і додає до дат. Не частіше ніж раз на {minutes} хвилин. Діють умови джерела.",
    },
    "fetch_button": {"en": "Fetch the newest line", "uk": "Завантажити найновішу лінію"},
    "fetch_running": {"en": "Fetching and checking…", "uk": "Завантаження і перевірка…"},
    "fetch_ok": {"en": "Fetched and added:", "uk": "Завантажено й додано:"},
    "fetch_failed": {"en": "Nothing was fetched:", "uk": "Нічого не завантажено:"},
    "fetch_busy": {"en": "A fetch is already running; try again in a minute.", "uk": "Завантаження вже триває; спробуйте за хвилину."},
    "fetch_wait": {"en": "The line was fetched recently; the next fetch is possible in about {minutes} min. Last result:", "uk": "Лінію нещодавно завантажено; наступне завантаження можливе приблизно за {minutes} хв. Останній результат:"},
    "fetch_misconfigured": {"en": "The fetch button is off: the server's CLAIMS_MAP_FETCH_SOURCE setting is not a source it can use.", "uk": "Кнопку завантаження вимкнено: налаштування сервера CLAIMS_MAP_FETCH_SOURCE не є придатним джерелом."},
}


def t(key: str, lang: str) -> str:
    """The interface string ``key`` in ``lang`` (English where no translation exists)."""
    entry = TEXT[key]
    return entry.get(lang) or entry["en"]
