"""Notices above the map that concern the data itself, not one view of it."""

from __future__ import annotations

from datetime import date

import streamlit as st

from components.escaping import escape_markdown
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.dating import age_phrase, control_age_line, is_stale, known_age_days
from geodata.scenarios import Scenario
from geodata.wording import word


def stale_line_text(shown: str, lang: str, today: date | None = None) -> str | None:
    """The notice's one short line: the line the map shows and its age, and the newer line when there is one;
    ``None`` when the line shown is at most 30 days old.

    Parameters
    ----------
    shown : str
        The date of the line the map is showing.
    lang : {"en", "uk"}
        Interface language.
    today : datetime.date, optional
        The day the page is shown; the machine's date when omitted.
    """
    if known_age_days(shown, today) is None or not is_stale(shown, today):
        return None
    newest = default_dataset().latest_snapshot()
    age = age_phrase(shown, lang, today)
    if newest > shown:
        return word("line_shown_notice_newer", lang, date=shown, age=age, newest=newest)
    return word("line_shown_notice", lang, date=shown, age=age)


def render_stale_line_notice(lang: str, shown: ControlSnapshot | None = None) -> bool:
    """Say in one short line how old the line the map shows is (and name a newer one), with the how-to-update
    detail for whoever runs the server behind a click.

    Parameters
    ----------
    lang : {"en", "uk"}
        Interface language.
    shown : ControlSnapshot, optional
        The line the map is showing; the newest shipped line when omitted.

    Returns
    -------
    bool
        Whether the notice was shown.
    """
    text = stale_line_text(shown.as_of if shown is not None else default_dataset().latest_snapshot(), lang)
    if text is None:
        return False
    # One line, on every screen: the expander's label is the notice; its body is for the server's operator.
    with st.expander(escape_markdown(text), icon=":material/history:"):
        st.markdown(word("line_update_howto", lang, newest=default_dataset().latest_snapshot()))
    return True


def render_upload_in_use_notice(snapshot: ControlSnapshot, lang: str) -> None:
    """Say above the map that it and the figures are drawn on the user's own file, how old its line is, and that
    the sidebar's dates apply once the file is switched off (in place of the shipped line's staleness notice).

    Parameters
    ----------
    snapshot : ControlSnapshot
        The uploaded snapshot in use; its label (the file's name, as given) is shown as plain text.
    lang : {"en", "uk"}
        Interface language.
    """
    text = word("upload_in_use_notice", lang, label=snapshot.label, age=control_age_line(snapshot.as_of, lang))
    st.info(escape_markdown(text))


def own_line_note(scenario: Scenario, shown: ControlSnapshot, lang: str) -> str | None:
    """In a comparison, where a proposal is drawn on another line than its own: say so, and which is its own.

    A comparison draws both proposals on one line (the line chooser's, the newest by default), so a proposal's
    figures there differ from those it has alone on its own line; the reader is told, not left to notice.

    Parameters
    ----------
    scenario : Scenario
        One side of the comparison.
    shown : ControlSnapshot
        The line both sides are drawn on.
    lang : {"en", "uk"}
        Interface language.

    Returns
    -------
    str or None
        Plain text, or None where the proposal is drawn on its own line (or has none of its own).
    """
    dates = default_dataset().snapshot_dates()
    own = dates[-1] if scenario.control_latest and dates else scenario.control
    if not own or own == shown.as_of:
        return None
    return word("compare_own_line_note", lang, own=own)


def compare_heading(letter: str, label: str, scenario: Scenario, shown: ControlSnapshot, lang: str) -> str:
    """A comparison side's heading (Markdown, escaped): the letter and the proposal's label, the line it is drawn
    on, and :func:`own_line_note` where that is not its own line."""
    lines = [f"**{escape_markdown(letter)}: {escape_markdown(label)}**"]
    lines.append(escape_markdown(control_age_line(shown.as_of, lang)))
    note = own_line_note(scenario, shown, lang)
    if note:
        lines.append(f"*{escape_markdown(note)}*")
    return "  \n".join(lines)
