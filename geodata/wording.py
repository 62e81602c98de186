"""Every word the project shows to people, in English and Ukrainian, and how it writes numbers and dates.

The one catalogue: the dashboard (:mod:`components.i18n` is a thin accessor), the map's tooltips and
legend, the static figures, the exports and the command line all take their words from :data:`CATALOGUE`,
and their numbers from :func:`format_number`, :func:`format_area`, :func:`format_percent` and
:func:`format_date`, which use Babel (CLDR) for each language's separators. Plain text only: whatever
shows a text escapes it there (``textContent`` in the browser, :func:`components.escaping.escape_markdown`
in the dashboard).

One rounding rule for every figure, wherever it is shown (screen, tooltip, figure, export, README):
areas in whole km², populations whole, shares in per cent with one decimal, each rounded half up from
the value :mod:`geodata.stats` publishes (shares to 4 decimals), as the browser's ``Intl.NumberFormat``
rounds the same value. Statuses, parts and layers are the enums of :mod:`geodata.vocabulary`.
"""

from __future__ import annotations

import decimal
import string
from datetime import date
from types import MappingProxyType
from typing import Mapping

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal
from babel.numbers import format_percent as babel_format_percent

from geodata.vocabulary import Layer, Part, Status

#: The interface's languages, English first (the language of sources and method texts).
LANGUAGES: tuple[str, str] = ("en", "uk")
#: Each language's name, in itself (the sidebar's language switch).
LANGUAGE_NAMES: Mapping[str, str] = MappingProxyType({"en": "English", "uk": "Українська"})
#: Babel's locale for each language; ``BROWSER_LOCALES``: the same for the browser's ``Intl``.
LOCALES: Mapping[str, str] = MappingProxyType({"en": "en", "uk": "uk"})
BROWSER_LOCALES: Mapping[str, str] = MappingProxyType({"en": "en-US", "uk": "uk-UA"})
#: How a share is written: CLDR's percent pattern with one decimal; Ukrainian puts a no-break space before %.
PERCENT_PATTERNS: Mapping[str, str] = MappingProxyType({"en": "#,##0.0%", "uk": "#,##0.0\u00a0%"})
#: The percent sign as written after the number (the browser's code swaps it for ``Intl``'s).
PERCENT_SIGNS: Mapping[str, str] = MappingProxyType({"en": "%", "uk": "\u00a0%"})
#: Shares below this (but above 0) are written "<0.1%": they would round to 0.0%.
SMALLEST_SHARE = 0.0005

_ENTRIES: dict[str, dict[str, str]] = {
    # --- The one title and the one disclaimer ------------------------------------------------------------
    "title": {"en": "Claims map: Ukraine's regions and settlement proposals", "uk": "Мапа претензій: регіони України та пропозиції щодо врегулювання"},
    "disclaimer": {
        "en": "Statuses are claims or proposals as reported by their sources, not endorsements. Borders are Ukraine's "
        "internationally recognised (1991) borders; Russia's annexation claims are not recognised by Ukraine or the "
        "UN General Assembly.",
        "uk": "Статуси — це претензії або пропозиції, як про них повідомляють джерела, а не їх схвалення. Кордони — "
        "міжнародно визнані кордони України (1991); заявлені Росією анексії не визнані ні Україною, ні Генеральною "
        "Асамблеєю ООН.",
    },
    "as_reported": {"en": "as reported", "uk": "за повідомленнями"},
    "sources": {"en": "Sources", "uk": "Джерела"},
    "source_line": {"en": "Sources", "uk": "Джерела"},
    "boundaries_source": {"en": "Natural Earth v4.1.0 (public domain)", "uk": "Natural Earth v4.1.0 (суспільне надбання)"},
    "licences": {
        "en": "Boundaries: Natural Earth v4.1.0 (public domain); settlements: GeoNames (CC BY 4.0)",
        "uk": "Кордони: Natural Earth v4.1.0 (суспільне надбання); населені пункти: GeoNames (CC BY 4.0)",
    },
    # --- Statuses (the legend's exact wording), claims, line, parts, layers --------------------------------
    "status_ukraine": {"en": "Ukrainian-held", "uk": "Під контролем України"},
    "status_occupied": {"en": "Held by Russia (occupied, not recognised)", "uk": "Під контролем Росії (окуповано, не визнано)"},
    "status_de_jure_russia": {"en": "Recognised as Russian de jure (proposed)", "uk": "Визнання територією Росії de jure (пропозиція)"},
    "status_de_facto_russia": {
        "en": "Russian control accepted de facto, not recognised de jure (proposed)",
        "uk": "Контроль Росії визнано de facto, без визнання de jure (пропозиція)",
    },
    "status_frozen": {
        "en": "Frozen on the line of contact, status left open (proposed)",
        "uk": "Заморожено по лінії зіткнення, статус відкритий (пропозиція)",
    },
    "status_buffer_zone": {"en": "Demilitarised buffer zone (proposed)", "uk": "Демілітаризована буферна зона (пропозиція)"},
    "status_returned": {"en": "Returned to Ukraine (proposed)", "uk": "Повернення Україні (пропозиція)"},
    "claim_label": {
        "en": "Claimed by Russia as annexed but not held (claim not recognised)",
        "uk": "Заявлено Росією як анексоване, але не контрольоване (не визнано)",
    },
    "annexation_claimed": {"en": "annexation claimed by Russia (not recognised)", "uk": "анексію заявлено Росією (не визнано)"},
    "line_label": {"en": "Line of contact", "uk": "Лінія зіткнення"},
    "part_russian_held": {"en": "Part held by Russia", "uk": "Частина під контролем Росії"},
    "part_ukrainian_held": {"en": "Part held by Ukraine", "uk": "Частина під контролем України"},
    "layer_line": {"en": "Line of contact", "uk": "Лінія зіткнення"},
    "layer_claims": {"en": "Annexation claims not held", "uk": "Заявлені, але не контрольовані анексії"},
    "layer_labels": {"en": "Region names", "uk": "Назви областей"},
    "layer_settlements": {"en": "Settlements", "uk": "Населені пункти"},
    "layer_assets": {"en": "Key assets", "uk": "Ключові об'єкти"},
    # --- Units and numbers ----------------------------------------------------------------------------------
    "unit_km2": {"en": "km²", "uk": "км²"},
    "unit_km": {"en": "km", "uk": "км"},
    "less_than": {"en": "<{value}", "uk": "<{value}"},
    "n_a": {"en": "n/a", "uk": "н/д"},
    "none": {"en": "none", "uk": "немає"},
    # --- Sidebar ----------------------------------------------------------------------------------------------
    "language": {"en": "Language", "uk": "Мова"},
    "scenario": {"en": "Settlement proposal", "uk": "Пропозиція щодо врегулювання"},
    "custom": {"en": "Custom options", "uk": "Власний вибір"},
    "custom_from": {"en": "Custom options, starting from", "uk": "Власний вибір на основі"},
    "options": {"en": "De jure and de facto options", "uk": "Варіанти de jure і de facto"},
    "options_help": {
        "en": "Each option shows the selected proposal's terms; changing one makes the scenario 'Custom options'.",
        "uk": "Кожен варіант показує умови обраної пропозиції; зміна робить сценарій «Власний вибір».",
    },
    "crimea": {"en": "Crimea and Sevastopol (held since 2014)", "uk": "Крим і Севастополь (під контролем Росії з 2014)"},
    "held_part": {"en": "{region}: part Russia holds", "uk": "{region}: частина під контролем Росії"},
    "remainder": {"en": "{region}: part Ukraine holds", "uk": "{region}: частина під контролем України"},
    "returned_outside": {"en": "Russian-held land returned outside the annexation claims", "uk": "Повернення територій поза заявленими анексіями"},
    "control": {"en": "Line of contact on", "uk": "Лінія зіткнення на"},
    "layers": {"en": "Layers", "uk": "Шари"},
    "tiles": {"en": "Tile basemap (needs internet)", "uk": "Підкладка з тайлів (потрібен інтернет)"},
    "tiles_none": {"en": "None (works offline)", "uk": "Немає (працює офлайн)"},
    "tiles_osm": {"en": "OpenStreetMap", "uk": "OpenStreetMap"},
    "tiles_carto": {"en": "CartoDB Positron", "uk": "CartoDB Positron"},
    "present": {"en": "Presentation view", "uk": "Режим презентації"},
    "exit_present": {"en": "Leave presentation view", "uk": "Вийти з режиму презентації"},
    "sync_view": {"en": "Put the map's view in the link", "uk": "Зберігати вигляд мапи в посиланні"},
    "sync_view_help": {
        "en": "Off by default so that panning and zooming cost nothing; turn on before copying a link to a particular view.",
        "uk": "Типово вимкнено, щоб переміщення мапи нічого не коштувало; увімкніть перед копіюванням посилання на певний вигляд.",
    },
    "compare": {"en": "Compare with", "uk": "Порівняти з"},
    "compare_none": {"en": "(no comparison)", "uk": "(без порівняння)"},
    "proposed_by": {"en": "Proposed by", "uk": "Запропонував"},
    "accepted_by": {"en": "Accepted by", "uk": "Прийняли"},
    "talks_status": {"en": "Status in the talks", "uk": "Статус на переговорах"},
    # --- Link notices -----------------------------------------------------------------------------------------
    "notice_fallback": {"en": "Ignored a link parameter: {detail}. Showing the default instead.", "uk": "Параметр посилання проігноровано: {detail}. Показано типове значення."},
    "notice_unused": {"en": "a parameter this page does not use was ignored", "uk": "параметр, який ця сторінка не використовує, пропущено"},
    "notice_too_long": {"en": "'{name}' is too long", "uk": "«{name}» задовгий"},
    "notice_unknown_scenario": {"en": "'{name}' is not a known scenario", "uk": "«{name}» не є відомим сценарієм"},
    "notice_custom_only": {"en": "'{name}' is read only with scenario=custom", "uk": "«{name}» читається лише з scenario=custom"},
    "notice_bad_options": {"en": "'{name}' could not be read", "uk": "«{name}» не вдалося прочитати"},
    "notice_unknown_control": {"en": "'{name}' is not a shipped control date", "uk": "«{name}» не є датою наявних даних про контроль"},
    "notice_unknown_layer": {"en": "'{name}' names an unknown layer", "uk": "«{name}» називає невідомий шар"},
    "notice_unknown_tiles": {"en": "'{name}' is not a known basemap", "uk": "«{name}» не є відомою підкладкою"},
    "notice_outside_map": {"en": "'{name}' is outside the map", "uk": "«{name}» поза межами мапи"},
    "notice_zero_one": {"en": "'{name}' must be 0 or 1", "uk": "«{name}» має бути 0 або 1"},
    "notice_language": {"en": "'{name}' must be en or uk", "uk": "«{name}» має бути en або uk"},
    "stale_line": {
        "en": "The newest line of contact in this copy of the map is from {date} ({age}): nothing later can be shown, and the figures describe the line chosen below, not today. To bring it up to date: run `.venv/bin/python -m geodata fetch-control` on a machine that is online (or import a control file with `import-control`), then reload.",
        "uk": "Найновіша лінія зіткнення в цій копії мапи — станом на {date} ({age}): пізнішої мапа не покаже, а показники описують обрану нижче лінію, а не сьогодні. Щоб оновити: виконайте `.venv/bin/python -m geodata fetch-control` на комп'ютері з інтернетом (або імпортуйте файл контролю командою `import-control`) і перезавантажте сторінку.",
    },
    # --- Numbers beside the map -------------------------------------------------------------------------------
    "headline": {"en": "Headline figures", "uk": "Основні показники"},
    "annexed_share": {
        # Named by the claim's date, so a pre-claim control date does not read as if the claim existed.
        "en": "The four oblasts Russia claimed on 2022-09-30: share under Russian control",
        "uk": "Чотири області, анексію яких Росія заявила 2022-09-30: частка під контролем Росії",
    },
    "annexed_share_help": {
        "en": "Computed from the control layer on the chosen date; often quoted as 'about 70%' (spring 2025).",
        "uk": "Обчислено з шару контролю на обрану дату; часто згадують «близько 70 %» (весна 2025).",
    },
    "annexed_share_caption": {
        "en": "Computed from the control layer on {date}; the figure often quoted in spring 2025 was about {quoted}.",
        "uk": "Обчислено з шару контролю на {date}; навесні 2025 року часто згадували близько {quoted}.",
    },
    "russian_held": {"en": "Held by Russia on the control date", "uk": "Під контролем Росії на дату"},
    "russian_held_caption": {"en": "That is {share} of Ukraine's area.", "uk": "Це {share} території України."},
    "gives_up": {"en": "Ukraine would give up land it holds", "uk": "Україна віддала б території, які контролює"},
    "gives_up_caption": {"en": "Pre-war population there: about {population}.", "uk": "Довоєнне населення там: близько {population}."},
    "returns": {"en": "Russia would return land it holds", "uk": "Росія повернула б території, які контролює"},
    "by_status": {"en": "Area and pre-war population by status", "uk": "Площа і довоєнне населення за статусом"},
    "population": {"en": "Pre-war population (est.)", "uk": "Довоєнне населення (оцінка)"},
    "beyond_line": {"en": "Beyond the line of contact", "uk": "За лінією зіткнення"},
    "beyond_line_row": {
        "en": "{label}: {area} ({share} of Ukraine), pre-war population about {population}. Towns of 10,000 or more: {towns}",
        "uk": "{label}: {area} ({share} території України), довоєнне населення близько {population}. Міста з населенням від 10 000: {towns}",
    },
    "nothing": {"en": "Nothing.", "uk": "Нічого."},
    "per_region": {"en": "Per region", "uk": "За областями"},
    "status_notes": {"en": "How the proposal qualifies its terms", "uk": "Як пропозиція уточнює свої умови"},
    "col_status": {"en": "status", "uk": "статус"},
    "col_km2": {"en": "area, km²", "uk": "площа, км²"},
    "col_share": {"en": "share of Ukraine, %", "uk": "частка території України, %"},
    "col_population": {"en": "pre-war population (est.), people", "uk": "довоєнне населення (оцінка), осіб"},
    "col_region": {"en": "region", "uk": "область"},
    "col_held_share": {"en": "held by Russia, % of region", "uk": "під контролем Росії, % області"},
    "col_held_status": {"en": "part held by Russia", "uk": "частина під контролем Росії"},
    "col_held_km2": {"en": "held by Russia, km²", "uk": "під контролем Росії, км²"},
    "col_rest_status": {"en": "part held by Ukraine", "uk": "частина під контролем України"},
    "col_rest_km2": {"en": "held by Ukraine, km²", "uk": "під контролем України, км²"},
    "col_claimed": {"en": "annexation claimed by Russia (not recognised), date", "uk": "анексію заявлено Росією (не визнано), дата"},
    "col_note": {"en": "the proposal's terms, in its own words", "uk": "умови пропозиції, її словами"},
    "method": {"en": "Method and sources", "uk": "Метод і джерела"},
    "m_scenario": {"en": "Scenario", "uk": "Сценарій"},
    "m_scenario_sources": {"en": "Scenario sources", "uk": "Джерела сценарію"},
    "m_note": {"en": "Note", "uk": "Примітка"},
    "m_control": {"en": "Control on", "uk": "Контроль на"},
    "m_control_sources": {"en": "Control sources", "uk": "Джерела даних про контроль"},
    "m_sources_language": {"en": "Sources and methods are quoted as published, in English.", "uk": "Джерела й методи наведено так, як їх опубліковано, англійською."},
    "m_areas": {"en": "Areas", "uk": "Площі"},
    "m_population": {"en": "Population", "uk": "Населення"},
    "m_boundaries": {
        "en": "Boundaries: Natural Earth v4.1.0 admin-1 (public domain), inside Ukraine's 1991 borders.",
        "uk": "Кордони: Natural Earth v4.1.0 admin-1 (суспільне надбання), у кордонах України 1991 року.",
    },
    # --- Downloads, uploads, fetching (components/export.py, upload.py, operator_fetch.py) ---------------------
    "download_data": {"en": "Download the data (region parts with statuses, areas and population)", "uk": "Завантажити дані (частини областей зі статусами, площами й населенням)"},
    "download_figure": {"en": "Download the figure for a slide", "uk": "Завантажити зображення для слайда"},
    "figure_title": {"en": "Figure title (optional)", "uk": "Заголовок зображення (необов'язково)"},
    "upload": {"en": "Use your own control data", "uk": "Власні дані про контроль"},
    "upload_help": {
        "en": "GeoJSON (also DeepStateMap and ArcGIS/ISW exports), GeoJSON Lines, Esri JSON, TopoJSON, KML or KMZ, GeoPackage, FlatGeobuf, a zipped shapefile or a gzipped file, up to {limit} MB. Checked, then used for the map and every number in this session only; nothing is stored.",
        "uk": "GeoJSON (також експорти DeepStateMap та ArcGIS/ISW), GeoJSON Lines, Esri JSON, TopoJSON, KML або KMZ, GeoPackage, FlatGeobuf, шейп-файл у zip або файл у gzip, до {limit} МБ. Перевіряється і використовується для мапи та всіх чисел лише в цьому сеансі; нічого не зберігається.",
    },
    "downloads": {"en": "Downloads: data, figure, briefing pack", "uk": "Завантаження: дані, зображення, пакет для брифінгу"},
    # --- The briefing pack -------------------------------------------------------------------------------------
    "download_pack": {"en": "Briefing pack: the whole map in one offline HTML file", "uk": "Брифінг-пакет: уся мапа в одному офлайн-файлі HTML"},
    "download_pack_button": {"en": "Download briefing pack", "uk": "Завантажити брифінг-пакет"},
    "download_pack_help": {
        "en": "The scenario on screen (and the one compared with it) on every shipped control date, with the map, legend and numbers. Opens from disk with no internet; can be emailed or put on any web server.",
        "uk": "Сценарій на екрані (і той, з яким його порівнюють) на всі дати контролю, з мапою, легендою та показниками. Відкривається з диска без інтернету; можна надіслати поштою або розмістити на будь-якому вебсервері.",
    },
    "pack_print": {"en": "Print (one landscape page)", "uk": "Друк (одна альбомна сторінка)"},
    "pack_of_ukraine": {"en": "of Ukraine", "uk": "території України"},
    "pack_people": {"en": "pre-war population", "uk": "довоєнне населення"},
    "pack_made_on": {
        "en": "Briefing pack made on {date} by the claims map; its numbers are those of the dashboard and `python -m geodata stats` for the same scenario and date. Works offline: nothing is fetched.",
        "uk": "Брифінг-пакет створено {date} мапою претензій; його показники — ті самі, що в панелі та `python -m geodata stats` для того самого сценарію й дати. Працює офлайн: нічого не завантажується.",
    },
    "pack_reason_network": {"en": "the data is missing from this file", "uk": "у файлі бракує даних"},
    "upload_date": {"en": "Date in the file", "uk": "Дата у файлі"},
    "line_as_of": {"en": "line of contact as of {date}", "uk": "лінія зіткнення станом на {date}"},
    "today": {"en": "today", "uk": "сьогодні"},
    "line_date_unknown": {
        "en": "line of contact of unknown date (the file gives none)",
        "uk": "лінія зіткнення невідомої дати (у файлі її немає)",
    },
    "custom_summary": {
        "en": "A combination of options chosen in the dashboard, not a proposal by any party.",
        "uk": "Поєднання варіантів, обране користувачем, а не пропозиція будь-якої сторони.",
    },
    "custom_started_from": {"en": "Started from: {title}.", "uk": "Початок: {title}."},
    "custom_sources": {"en": "Options chosen by the user", "uk": "Варіанти, обрані користувачем"},
    "custom_proposed_by": {"en": "Nobody: options chosen in the dashboard", "uk": "Ніхто: варіанти, обрані користувачем"},
    "custom_accepted_by": {"en": "Not applicable: not a proposal", "uk": "Не стосується: це не пропозиція"},
    "custom_talks_status": {"en": "Not a proposal in any talks", "uk": "Не є пропозицією в жодних переговорах"},
    "upload_file": {"en": "Control file", "uk": "Файл контролю"},
    "upload_as_of": {"en": "As of", "uk": "Станом на"},
    "upload_set_date": {"en": "Set the date myself (otherwise the file's own date)", "uk": "Вказати дату самостійно (інакше — дата з файлу)"},
    "upload_repair": {"en": "Repair invalid geometry (make_valid) and report what changed", "uk": "Виправити некоректну геометрію (make_valid) і показати зміни"},
    "upload_rejected": {"en": "The file was not used:", "uk": "Файл не використано:"},
    "upload_ok": {"en": "Checked. What the file holds:", "uk": "Перевірено. Вміст файлу:"},
    "upload_use": {"en": "Use this file for the map and the numbers", "uk": "Використати цей файл для мапи та чисел"},
    "upload_in_use_notice": {
        "en": "The map and the figures are drawn on your own file, {label}: {age}. For this session only; the dates under \u201cLine of contact on\u201d apply once it is switched off in the upload box.",
        "uk": "Мапу й показники побудовано за вашим файлом {label}: {age}. Лише для цього сеансу; дати в розділі \u00abЛінія зіткнення на\u00bb діють, коли файл вимкнено в полі завантаження.",
    },
    "upload_session_only": {"en": "Your file is used in this session only; links do not carry it.", "uk": "Файл використовується лише в цьому сеансі; посилання його не містять."},
    "upload_in_use": {"en": "Control from your file", "uk": "Контроль за вашим файлом"},
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
    # --- The map's tooltips, legend notes and load failures (static/map/claims-map.js) ---------------------------
    "map_part_russian_held": {"en": "Part held by Russia on {date}", "uk": "Частина під контролем Росії на {date}"},
    "map_part_ukrainian_held": {"en": "Part held by Ukraine on {date}", "uk": "Частина під контролем України на {date}"},
    "map_area": {"en": "Area", "uk": "Площа"},
    "map_of_region": {"en": "of the region", "uk": "області"},
    "map_population": {"en": "Pre-war population (est.)", "uk": "Довоєнне населення (оцінка)"},
    "map_control": {"en": "Share of the region held by Russia", "uk": "Частка під контролем Росії"},
    "map_claimed": {"en": "Annexation claimed by Russia on {date} (not recognised)", "uk": "Анексію заявлено Росією {date} (не визнано)"},
    "map_load_failed": {"en": "The map could not load {what}: {reason}. Reload the page to try again.", "uk": "Мапа не змогла завантажити {what}: {reason}. Перезавантажте сторінку, щоб спробувати ще раз."},
    "map_what_context": {"en": "the neighbouring countries and region borders", "uk": "сусідні країни та межі областей"},
    "map_what_snapshot": {"en": "the region shapes and figures", "uk": "контури та дані областей"},
    "map_what_places": {"en": "the place names", "uk": "назви місць"},
    "map_reason_status": {"en": "the server answered {status}", "uk": "сервер відповів {status}"},
    "map_reason_network": {"en": "the app could not be reached", "uk": "застосунок недоступний"},
    "map_reason_format": {"en": "the file is not valid map data", "uk": "файл не є даними мапи"},
    # --- Map legend, scale, tile failure, presentation and comparison -------------------------------------------
    "legend_settlement": {"en": "Town or city (named where there is room)", "uk": "Місто (з назвою, де є місце)"},
    "legend_key_asset": {"en": "Key asset (named in the settlement debate)", "uk": "Ключовий об'єкт (згадується в переговорах)"},
    "asset_nuclear_plant": {"en": "Nuclear power plant", "uk": "Атомна електростанція"},
    "asset_dam": {"en": "Dam", "uk": "Гребля"},
    "asset_canal": {"en": "Canal", "uk": "Канал"},
    "asset_bridge": {"en": "Bridge", "uk": "Міст"},
    "asset_port": {"en": "Port", "uk": "Порт"},
    "asset_lithium_deposit": {"en": "Lithium deposit", "uk": "Родовище літію"},
    "unit_m": {"en": "m", "uk": "м"},
    "map_tiles_failed": {
        "en": "The tile basemap could not be loaded (no internet connection?): the map shows the neighbouring countries from its own data instead.",
        "uk": "Не вдалося завантажити підкладку з тайлів (немає інтернету?): мапа показує сусідні країни з власних даних.",
    },
    "present_help": {
        "en": "Only the map, with title, legend and sources, sized for a 1920×1080 screenshot. Press Esc to leave it (or add present=0 to the link).",
        "uk": "Лише мапа з назвою, легендою та джерелами, за розміром для знімка 1920×1080. Натисніть Esc, щоб вийти (або додайте present=0 до посилання).",
    },
    "region_label_UA-32": {"en": "Kyiv Oblast", "uk": "Київська"},
    "map_heading": {"en": "{letter}: {scenario}", "uk": "{letter}: {scenario}"},
    # --- Figures --------------------------------------------------------------------------------------------------
    "control_sources": {"en": "control", "uk": "контроль"},
    "area": {"en": "Area, km²", "uk": "Площа, км²"},
    "share": {"en": "Share of Ukraine", "uk": "Частка України"},
    "compare_heading": {"en": "Area by status, km²", "uk": "Площа за статусом, км²"},
    "difference": {"en": "B − A", "uk": "Б − А"},
    "km": {"en": "km", "uk": "км"},
    "map_a": {"en": "A", "uk": "А"},
    "map_b": {"en": "B", "uk": "Б"},
    "notes_heading": {"en": "Terms as the proposal qualifies them", "uk": "Умови, як їх уточнює пропозиція"},
    "black_sea": {"en": "Black Sea", "uk": "Чорне море"},
    "sea_of_azov": {"en": "Sea of Azov", "uk": "Азовське море"},
    "country_RUS": {"en": "Russia", "uk": "Росія"},
    "country_BLR": {"en": "Belarus", "uk": "Білорусь"},
    "country_POL": {"en": "Poland", "uk": "Польща"},
    "country_SVK": {"en": "Slovakia", "uk": "Словаччина"},
    "country_HUN": {"en": "Hungary", "uk": "Угорщина"},
    "country_ROU": {"en": "Romania", "uk": "Румунія"},
    "country_MDA": {"en": "Moldova", "uk": "Молдова"},
    # --- Command line -------------------------------------------------------------------------------------------------
    "cli_status": {"en": "status", "uk": "статус"},
    "cli_km2": {"en": "km²", "uk": "км²"},
    "cli_share": {"en": "share", "uk": "частка"},
    "cli_population": {"en": "population", "uk": "населення"},
    "cli_control_as_of": {"en": "Control as of {date}: {sources}", "uk": "Контроль станом на {date}: {sources}"},
    "cli_annexed_share": {
        "en": "Share of the four oblasts Russia claimed on 2022-09-30 under Russian control: {share} (often quoted in spring 2025: about {quoted})",
        "uk": "Частка чотирьох областей, анексію яких Росія заявила 2022-09-30, під контролем Росії: {share} (навесні 2025 року часто згадували: близько {quoted})",
    },
    "cli_beyond_line": {"en": "{label}: {area}, pre-war population {population}; {towns}", "uk": "{label}: {area}, довоєнне населення {population}; {towns}"},
    "cli_no_towns": {"en": "no town of 10,000+", "uk": "жодного міста з населенням від 10 000"},
    "cli_returns": {"en": "Russia would return", "uk": "Росія повернула б"},
    "cli_bad_status": {
        "en": "{option}: {value!r} is not a status it can take (valid: {valid})",
        "uk": "{option}: {value!r} не є статусом, який можна обрати (допустимі: {valid})",
    },
}

#: Every word shown to people: message id → {"en": …, "uk": …}. Both languages for every id (tested).
CATALOGUE: Mapping[str, Mapping[str, str]] = MappingProxyType({key: MappingProxyType(value) for key, value in _ENTRIES.items()})
#: The name older code and tests use for the catalogue.
WORDING = CATALOGUE
#: The one statement that statuses are claims or proposals, not endorsements (dashboard, map, figures, exports).
DISCLAIMER: Mapping[str, str] = CATALOGUE["disclaimer"]


def _check_lang(lang: str) -> str:
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")
    return lang


def word(key: str, lang: str = "en", **values: object) -> str:
    """The catalogue's text ``key`` in ``lang``, with ``{placeholders}`` filled from ``values`` when given.

    Parameters
    ----------
    key : str
        A message id of :data:`CATALOGUE`.
    lang : {"en", "uk"}
        The language.
    **values
        Values for the text's placeholders; none leaves the text as it is.

    Returns
    -------
    str
        Plain text.

    Raises
    ------
    KeyError
        For an id the catalogue does not have.
    ValueError
        For another language.
    """
    text = CATALOGUE[key][_check_lang(lang)]
    return text.format(**values) if values else text


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a catalogue text."""
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def status_label(status: Status | str, lang: str = "en") -> str:
    """The legend's exact wording for a status, e.g. "Russian control accepted de facto, not recognised de jure (proposed)"."""
    return word(f"status_{Status(status).value}", lang)


def part_label(part: Part | str, lang: str = "en") -> str:
    """"Part held by Russia" or "Part held by Ukraine"."""
    return word(f"part_{Part(part).value}", lang)


def layer_label(layer: Layer | str, lang: str = "en") -> str:
    """A map layer's name as the sidebar shows it."""
    return word(f"layer_{Layer(layer).value}", lang)


def country_name(iso_a3: str, lang: str = "en", default: str = "") -> str:
    """A neighbouring country's name by its ISO 3166-1 alpha-3 code; ``default`` for one the catalogue lacks."""
    entry = CATALOGUE.get(f"country_{iso_a3}")
    return entry[_check_lang(lang)] if entry else default


def scenario_title(scenario: object, lang: str = "en") -> str:
    """A scenario's title in ``lang`` with "(as reported)" where its terms were reported, not published."""
    title = scenario.text("title", lang)  # type: ignore[attr-defined]
    return f"{title} ({word('as_reported', lang)})" if getattr(scenario, "as_reported", False) else title


# --- Numbers and dates -------------------------------------------------------------------------------------------


def _half_up() -> decimal.localcontext:
    # Babel rounds in the current decimal context; half up is what the browser's Intl.NumberFormat does.
    return decimal.localcontext(rounding=decimal.ROUND_HALF_UP)


def format_number(value: float | int, lang: str = "en") -> str:
    """A whole number with the language's thousands separator: "116,746", "116 746" (no-break space).

    Rounded half up from the value given (areas arrive with one decimal, populations whole).
    """
    with _half_up():
        return format_decimal(value, "#,##0", locale=LOCALES[_check_lang(lang)])


def format_area(value: float, lang: str = "en") -> str:
    """An area in whole km² with its unit: "20,485 km²", "20 485 км²"."""
    return f"{format_number(value, lang)} {word('unit_km2', lang)}"


def format_signed(value: float, lang: str = "en") -> str:
    """A difference in whole units with its sign: "+1,234", "−1 234" (a true minus), "0"."""
    with _half_up():
        rounded = int(decimal.Decimal(str(value)).quantize(decimal.Decimal(1)))
    if rounded == 0:
        return "0"
    return ("+" if rounded > 0 else "\u2212") + format_number(abs(rounded), lang)


def format_percent(share: float, lang: str = "en") -> str:
    """A share (0-1) in per cent with one decimal: "80.7%", "80,7 %"; "<0.1%" for a share that is not 0 but rounds to 0.

    Rounded half up from the value given (the 4-decimal share :mod:`geodata.stats` publishes), as the
    browser rounds the same value.
    """
    _check_lang(lang)
    with _half_up():
        if 0 < share < SMALLEST_SHARE:
            return word("less_than", lang, value=babel_format_percent(0.001, PERCENT_PATTERNS[lang], locale=LOCALES[lang]))
        return babel_format_percent(share, PERCENT_PATTERNS[lang], locale=LOCALES[lang])


def format_whole_percent(share: float, lang: str = "en") -> str:
    """A share in whole per cent, for a figure quoted that way ("about 70%", "близько 70 %")."""
    pattern = PERCENT_PATTERNS[_check_lang(lang)].replace("0.0", "0")
    with _half_up():
        return babel_format_percent(share, pattern, locale=LOCALES[lang])


def format_date(iso: str, lang: str = "en", style: str = "iso") -> str:
    """A date: ISO ``YYYY-MM-DD`` as everywhere on the map (``style="iso"``), or Babel's ``medium`` form.

    ISO dates (and ``YYYY-MM`` proposal dates) are kept as given with ``iso``; ``medium`` writes
    "20 Nov 2025" / "20 лист. 2025 р." for a full date.
    """
    _check_lang(lang)
    if style == "iso" or len(iso) != 10:
        return iso
    return babel_format_date(date.fromisoformat(iso), format=style, locale=LOCALES[lang])


# --- Source lines as people read them --------------------------------------------------------------------------

_INTERNAL_TERMS: tuple[tuple[str, str], ...] = (
    (r"the regions named in clip_to", "the regions each ring names"),
    (r"is not in any clip_to list", "is in no ring's list of regions"),
    (r"\bclip_to\b", "the ring's list of regions"),
    (r"\s*\(column [A-Za-z0-9_]+\)", ""),
    (r"geodata/sources/line_of_contact_places\.csv", "the project's table of places on the line of contact"),
    (r"geodata/sources/control/[\w.-]+\.toml", "the project's vertex file for that date"),
    (r"\b(?:geodata|static)/[\w./-]+", "the project's data files"),
)


def public_text(text: str) -> str:
    """A source or method line without the project's internal terms (``clip_to``, file paths), for screens and figures.

    Exports keep the lines exactly as recorded (they are provenance).
    """
    import re

    for pattern, replacement in _INTERNAL_TERMS:
        text = re.sub(pattern, replacement, text)
    return text
