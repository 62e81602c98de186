"""Notices above the map that concern the data itself, not one view of it."""

from __future__ import annotations

import streamlit as st

from components.i18n import t
from geodata.control import latest_snapshot
from geodata.dating import age_phrase, is_stale


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
    newest = latest_snapshot()
    if not is_stale(newest):
        return False
    # Both values are safe as Markdown: a date matched by AS_OF_PATTERN, and Babel's words and digits.
    text = t("stale_line", lang).format(date=newest, age=age_phrase(newest, lang))
    st.warning(text)
    return True
