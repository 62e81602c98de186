"""Every word the project shows to people, in English and Ukrainian, and how it writes numbers and dates.

The one catalogue and the one function: the dashboard, the map's tooltips and legend (through
:func:`geodata.mapconfig.map_config`), the briefing pack, the static figures, the exports and the command
line all take their words from :func:`word` (the catalogue, :data:`CATALOGUE`, is read from
``geodata/data/words/*.toml``; no alias, no key renamed on the way),
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
import tomllib
from collections.abc import Mapping
from contextlib import AbstractContextManager
from datetime import date
from pathlib import Path
from types import MappingProxyType
from typing import Protocol

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal, format_percent as babel_format_percent

from geodata import paths
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


def _read_catalogue(folder: Path) -> dict[str, dict[str, str]]:
    """Every entry of every ``*.toml`` file in ``folder``, in file-name order; an id in two files is an error."""
    entries: dict[str, dict[str, str]] = {}
    for path in sorted(folder.glob("*.toml")):
        with path.open("rb") as handle:
            for key, texts in tomllib.load(handle).items():
                if key in entries:
                    raise ValueError(f"{path.name}: message id {key!r} is already in another file of {folder.name}/")
                entries[key] = {lang: str(texts[lang]) for lang in texts}
    return entries


_ENTRIES: dict[str, dict[str, str]] = _read_catalogue(paths.WORDS_DIR)

#: Every word shown to people: message id → {"en": …, "uk": …}. Both languages for every id (tested).
CATALOGUE: Mapping[str, Mapping[str, str]] = MappingProxyType({key: MappingProxyType(value) for key, value in _ENTRIES.items()})
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
        Values for the text's placeholders; none leaves the text as it is. A whole number (days, counts) is written
        with the language's thousands separator (:func:`format_number`): "1,589 days", "1 589 днів".

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
    if not values:
        return text
    written = {k: format_number(v, lang) if isinstance(v, int) and not isinstance(v, bool) else v for k, v in values.items()}
    return text.format(**written)


def placeholders(text: str) -> set[str]:
    """The names of the ``{placeholders}`` in a catalogue text.

    Parameters
    ----------
    text : str
        A catalogue text, e.g. ``"Control as of {date}"``.

    Returns
    -------
    set of str
        The placeholder names (``{"date"}``); empty when there are none.
    """
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


def status_label(status: Status | str, lang: str = "en") -> str:
    """The legend's exact wording for a status.

    For example "Russian control accepted de facto, not recognised de jure (proposed)".

    Parameters
    ----------
    status : Status or str
        The status, or its value.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        Plain text from the catalogue (``status_<value>``).

    Raises
    ------
    ValueError
        For a value that is not a status, or another language.
    """
    return word(f"status_{Status(status).value}", lang)


def part_label(part: Part | str, lang: str = "en") -> str:
    """ "Part held by Russia" or "Part held by Ukraine".

    Parameters
    ----------
    part : Part or str
        The part of a region, or its value.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        Plain text from the catalogue (``part_<value>``).

    Raises
    ------
    ValueError
        For a value that is not a part, or another language.
    """
    return word(f"part_{Part(part).value}", lang)


def layer_label(layer: Layer | str, lang: str = "en") -> str:
    """A map layer's name as the sidebar shows it.

    Parameters
    ----------
    layer : Layer or str
        The layer, or its value.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        Plain text from the catalogue (``layer_<value>``).

    Raises
    ------
    ValueError
        For a value that is not a layer, or another language.
    """
    return word(f"layer_{Layer(layer).value}", lang)


def country_name(iso_a3: str, lang: str = "en", default: str = "") -> str:
    """A neighbouring country's name by its ISO 3166-1 alpha-3 code.

    Parameters
    ----------
    iso_a3 : str
        The code, e.g. ``"POL"``.
    lang : {"en", "uk"}
        The language.
    default : str
        What to give for a code the catalogue lacks.

    Returns
    -------
    str
        Plain text from the catalogue (``country_<code>``), or ``default``.

    Raises
    ------
    ValueError
        For another language (when the code is known).
    """
    entry = CATALOGUE.get(f"country_{iso_a3}")
    return entry[_check_lang(lang)] if entry else default


class _Titled(Protocol):
    """What a title is read from: a :class:`~geodata.scenarios.Scenario` (not imported: scenarios import this module)."""

    def text(self, key: str, lang: str = "en") -> str: ...


def scenario_title(scenario: _Titled, lang: str = "en") -> str:
    """A scenario's title in ``lang`` with "(as reported)" where its terms were reported, not published.

    Parameters
    ----------
    scenario : Scenario
        The scenario (anything with ``text(key, lang)`` and, optionally, ``as_reported``).
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        Plain text, e.g. "US proposal (April 2025) (as reported)".
    """
    title = scenario.text("title", lang)
    return f"{title} ({word('as_reported', lang)})" if getattr(scenario, "as_reported", False) else title


def scenario_line(scenario: _Titled, lang: str = "en") -> str:
    """A scenario's title with "(as reported)" where so, and its date: "US proposal (April 2025) (as reported) · 2025-04".

    Parameters
    ----------
    scenario : Scenario
        The scenario.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        Plain text (a figure's subtitle or a comparison's heading).
    """
    # Where it has no date of its own (the status quo), by its name only: the line's date follows in every heading.
    when = getattr(scenario, "shown_date", None)
    return f"{scenario_title(scenario, lang)} · {when}" if when else scenario_title(scenario, lang)


# --- Numbers and dates -------------------------------------------------------------------------------------------


def _half_up() -> AbstractContextManager[decimal.Context]:
    # Babel rounds in the current decimal context; half up is what the browser's Intl.NumberFormat does.
    return decimal.localcontext(rounding=decimal.ROUND_HALF_UP)


def format_number(value: float | int, lang: str = "en", decimals: int = 0) -> str:
    """A number with the language's separators: "116,746", "116 746" (no-break space); "1.0074", "1,0074".

    Rounded half up from the value given (areas arrive with one decimal, populations whole) to ``decimals`` places.

    Parameters
    ----------
    value : float or int
        The number, in its own unit (km², people).
    lang : {"en", "uk"}
        The language (Babel's locale of :data:`LOCALES`).
    decimals : int, optional
        Places after the decimal sign (default 0: a whole number).

    Returns
    -------
    str
        The formatted number, without a unit.

    Raises
    ------
    ValueError
        For another language.
    """
    with _half_up():
        return format_decimal(value, "#,##0" + ("." + "0" * decimals if decimals > 0 else ""), locale=LOCALES[_check_lang(lang)])


def format_approximate(population: float | int, lang: str = "en") -> str:
    """A population estimate to the thousand (to the hundred below 10,000): "about 670,000", as the method allows.

    The dashboard's statistics panel and the briefing pack write an estimated population beyond the line this way.

    Parameters
    ----------
    population : float or int
        The estimate, in people.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        The rounded number, formatted by :func:`format_number` (the caller adds "about").

    Raises
    ------
    ValueError
        For another language.
    """
    step = 100 if population < 10_000 else 1_000
    return format_number(round(population / step) * step, lang)


def format_area(value: float, lang: str = "en") -> str:
    """An area in whole km² with its unit: "20,485 km²", "20 485 км²".

    Parameters
    ----------
    value : float
        The area in km² (equal-area EPSG:6933, as :mod:`geodata.areas` measures it).
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        The number, rounded half up, and the catalogue's unit.

    Raises
    ------
    ValueError
        For another language.
    """
    return f"{format_number(value, lang)} {word('unit_km2', lang)}"


def format_signed(value: float, lang: str = "en") -> str:
    """A difference in whole units with its sign: "+1,234", "−1 234" (a true minus), "0".

    Parameters
    ----------
    value : float
        The difference (e.g. km² gained or lost between two dates), rounded half up to a whole number.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        The signed number; ``"0"`` when it rounds to zero.

    Raises
    ------
    ValueError
        For another language.
    """
    with _half_up():
        rounded = int(decimal.Decimal(str(value)).quantize(decimal.Decimal(1)))
    if rounded == 0:
        return "0"
    return ("+" if rounded > 0 else "\u2212") + format_number(abs(rounded), lang)


def format_percent(share: float, lang: str = "en") -> str:
    """A share (0-1) in per cent with one decimal: "80.7%", "80,7 %"; "<0.1%" for a share that is not 0 but rounds to 0.

    Rounded half up from the value given (the 4-decimal share :mod:`geodata.stats` publishes), as the
    browser rounds the same value.

    Parameters
    ----------
    share : float
        The share, from 0 to 1.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        The percentage with the language's sign and spacing.

    Raises
    ------
    ValueError
        For another language.
    """
    _check_lang(lang)
    with _half_up():
        if 0 < share < SMALLEST_SHARE:
            return word("less_than", lang, value=babel_format_percent(0.001, PERCENT_PATTERNS[lang], locale=LOCALES[lang]))
        return babel_format_percent(share, PERCENT_PATTERNS[lang], locale=LOCALES[lang])


def format_whole_percent(share: float, lang: str = "en") -> str:
    """A share in whole per cent, for a figure quoted that way ("about 70%", "близько 70 %").

    Parameters
    ----------
    share : float
        The share, from 0 to 1; rounded half up to a whole per cent.
    lang : {"en", "uk"}
        The language.

    Returns
    -------
    str
        The percentage with the language's sign and spacing.

    Raises
    ------
    ValueError
        For another language.
    """
    pattern = PERCENT_PATTERNS[_check_lang(lang)].replace("0.0", "0")
    with _half_up():
        return babel_format_percent(share, pattern, locale=LOCALES[lang])


def format_date(iso: str, lang: str = "en", style: str = "iso") -> str:
    """A date: ISO ``YYYY-MM-DD`` as everywhere on the map (``style="iso"``), or Babel's ``medium`` form.

    ISO dates (and ``YYYY-MM`` proposal dates) are kept as given with ``iso``; ``medium`` writes
    "20 Nov 2025" / "20 лист. 2025 р." for a full date.

    Parameters
    ----------
    iso : str
        ``YYYY-MM-DD``, or a shorter ``YYYY-MM`` / ``YYYY`` date (always kept as given).
    lang : {"en", "uk"}
        The language.
    style : str
        ``"iso"``, or a Babel date format name (``"medium"``, ``"long"``).

    Returns
    -------
    str
        The date as text.

    Raises
    ------
    ValueError
        For another language, or a 10-character ``iso`` that is not a date.
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
    (r"geodata/data/sources/line_of_contact_places\.csv", "the project's table of places on the line of contact"),
    (r"geodata/data/sources/control/[\w.-]+\.toml", "the project's vertex file for that date"),
    (r"\b(?:geodata|static)/[\w./-]+", "the project's data files"),
)


def public_text(text: str) -> str:
    """A source or method line without the project's internal terms (``clip_to``, file paths), for screens and figures.

    Exports keep the lines exactly as recorded (they are provenance).

    Parameters
    ----------
    text : str
        A source or method line as recorded in the data.

    Returns
    -------
    str
        The line with each internal term replaced by words people read.
    """
    import re

    for pattern, replacement in _INTERNAL_TERMS:
        text = re.sub(pattern, replacement, text)
    return text
