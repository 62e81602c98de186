"""How old a control line is on the day the map is shown, worded for screens, figures and exports.

A briefing is given today: a line of contact drawn for an earlier date must say
how old it is. Dates are ISO ``YYYY-MM-DD`` strings throughout; words come from
Babel's CLDR data, so Ukrainian plurals ("1 день", "2 дні", "5 днів") are right.
"""

from __future__ import annotations

from datetime import date, timedelta

from babel.dates import format_timedelta

from geodata.wording import format_number, word

#: A line of contact older than this many days is called out as out of date on the dashboard.
STALE_AFTER_DAYS = 30

_LOCALES = {"en": "en", "uk": "uk"}


def age_days(as_of: str, today: date | None = None) -> int:
    """Days from a control date to ``today``.

    Parameters
    ----------
    as_of : str
        The control date, ``YYYY-MM-DD``.
    today : datetime.date, optional
        The day the map is shown; the machine's date when omitted.

    Returns
    -------
    int
        Whole days; negative for a date after ``today``.

    Raises
    ------
    ValueError
        When ``as_of`` is not an ISO date.
    """
    return ((today or date.today()) - date.fromisoformat(as_of)).days


def known_age_days(as_of: str, today: date | None = None) -> int | None:
    """:func:`age_days`, or None for a line whose date is not known (an undated file, ``"undated"``).

    Parameters
    ----------
    as_of : str
        The control date, ``YYYY-MM-DD``, or anything else for an undated line.
    today : datetime.date, optional
        The day the map is shown; the machine's date when omitted.

    Returns
    -------
    int or None
        Whole days, or None when ``as_of`` is not a date.
    """
    try:
        return age_days(as_of, today)
    except ValueError:
        return None


def is_stale(as_of: str, today: date | None = None) -> bool:
    """Whether a line is older than :data:`STALE_AFTER_DAYS` on ``today``.

    Parameters
    ----------
    as_of : str
        The control date, ``YYYY-MM-DD`` (an undated line is never called stale).
    today : datetime.date, optional
        The day the map is shown; the machine's date when omitted.

    Returns
    -------
    bool
        True when the line is more than :data:`STALE_AFTER_DAYS` days old.
    """
    return age_days(as_of, today) > STALE_AFTER_DAYS


def age_phrase(as_of: str, lang: str = "en", today: date | None = None) -> str:
    """The age alone: "181 days ago", "181 день тому", "today".

    Parameters
    ----------
    as_of : str
        The control date, ``YYYY-MM-DD``.
    lang : {"en", "uk"}
        Language of the words.
    today : datetime.date, optional
        The day the map is shown; the machine's date when omitted.

    Returns
    -------
    str
        The phrase, worded by Babel for ``lang``.
    """
    days = age_days(as_of, today)
    if days == 0:
        return word("today", lang)
    # A large threshold keeps the unit at days: "400 days ago", never "1 year ago".
    text = format_timedelta(timedelta(days=-days), granularity="day", threshold=1e9, add_direction=True, locale=_LOCALES[lang])
    # Babel chooses the plural ("днів") but writes the number ungrouped: the number as every other one is written.
    return text.replace(str(abs(days)), format_number(abs(days), lang), 1)


def control_age_line(as_of: str, lang: str = "en", today: date | None = None) -> str:
    """The control date and its age: "line of contact as of 2026-06-01, 181 days ago".

    Parameters
    ----------
    as_of : str
        The control date, ``YYYY-MM-DD``.
    lang : {"en", "uk"}
        Language of the words.
    today : datetime.date, optional
        The day the map is shown; the machine's date when omitted.

    Returns
    -------
    str
        Plain text (escape where shown).
    """
    if known_age_days(as_of, today) is None:
        # An uploaded file with no date of its own, and none given: say so rather than guess.
        return word("line_date_unknown", lang)
    return f"{word('line_as_of', lang, date=as_of)}, {age_phrase(as_of, lang, today)}"
