"""History files: a file holding several dates (a ``date`` per feature, dated layers, a daily archive).

Such a file is never merged into one undated area: the caller picks one date, or imports each.
"""

from __future__ import annotations

from geodata.errors import ControlFileError
from geodata.importer.model import Parsed


class DateChoiceError(ControlFileError):
    """A history file read without choosing one of its dates; ``dates`` lists them, oldest first."""

    def __init__(self, message: object, dates: tuple[str, ...]) -> None:
        super().__init__(message)
        self.dates = dates


def file_dates(parsed: Parsed) -> tuple[str, ...]:
    """Every date the file's features carry, oldest first (a single-date file gives one, an undated none).

    Parameters
    ----------
    parsed : Parsed
        The file as read.

    Returns
    -------
    tuple of str
        The dates, YYYY-MM-DD, of the features with a geometry.
    """
    dates = {f.date for f in parsed.features if f.date and f.geometry is not None}
    return tuple(sorted(dates))


def choose(parsed: Parsed, name: str, date: str | None) -> tuple[Parsed, tuple[str, ...]]:
    """The features of one date of a history, or the file as it is when it holds one date or none.

    Parameters
    ----------
    parsed : Parsed
        The file as read.
    name : str
        The file's name, for messages.
    date : str, optional
        The date wanted, YYYY-MM-DD.

    Returns
    -------
    (Parsed, tuple of str)
        The features to use (dated ``date``; undated ones are left out with a warning) and all the file's dates.

    Raises
    ------
    DateChoiceError
        For a history read without ``date``: the message lists the dates and says how to choose.
    ControlFileError
        For a ``date`` the file does not hold.
    """
    dates = file_dates(parsed)
    if date is None:
        if len(dates) <= 1:
            if dates and not parsed.file_date:
                parsed.file_date = dates[0]
            return parsed, dates
        shown = ", ".join(dates) if len(dates) <= 6 else f"{dates[0]}, {dates[1]}, … {dates[-1]}"
        raise DateChoiceError(
            f"{name} is a history of {len(dates)} dates ({shown}); choose one with --date DATE, or import each with --all-dates",
            dates,
        )
    if date not in dates:
        if not dates and parsed.file_date == date:
            return parsed, dates
        if not dates and parsed.file_date is None:
            raise ControlFileError(
                f"{name} holds no dates, so it holds none dated {date}: give the date of its data with --as-of {date}"
            )
        listed = ", ".join(dates[:6]) + (" …" if len(dates) > 6 else "") if dates else parsed.file_date or "none"
        raise ControlFileError(f"{name} holds no features dated {date} (its dates: {listed})")
    chosen = [f for f in parsed.features if f.date == date]
    undated = sum(1 for f in parsed.features if f.date is None and f.geometry is not None)
    warnings = list(parsed.warnings)
    if len(dates) > 1:
        warnings.append(f"one date of {len(dates)} in the file was used: {date}")
    if undated:
        warnings.append(f"{undated} undated feature(s) were left out of the date {date}")
    return Parsed(parsed.format, chosen, parsed.crs, date, warnings), dates
