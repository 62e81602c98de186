"""Notices above the map that concern the data itself, not one view of it."""

from __future__ import annotations

import streamlit as st

from components.escaping import escape_markdown
from components.i18n import t
from geodata.control import ControlSnapshot
from geodata.dating import age_phrase, control_age_line, is_stale
from geodata.wording import word
from geodata.dataset import default_dataset


def render_stale_line_notice(lang: str) -> bool:
    """Say plainly when the newest shipped line of contact is older than 30 days, and how to update it.

    Parameters
    ----------
    lang : {"en", "uk"}
        Interface language.

    Returns
    -------
    bool
        Whether the notice was shown.
    """
    newest = default_dataset().latest_snapshot()
    if not is_stale(newest):
        return False
    # Both values are safe as Markdown: a date matched by AS_OF_PATTERN, and Babel's words and digits.
    text = t("stale_line", lang).format(date=newest, age=age_phrase(newest, lang))
    st.warning(text)
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
