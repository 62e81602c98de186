"""Bring your own front line: an uploaded control file, checked and used for this session only."""

from __future__ import annotations

import datetime

import streamlit as st

from components.escaping import escape_markdown
from geodata.control import ControlSnapshot
from geodata.dataset import default_dataset
from geodata.importer import DEFAULT_LIMITS, UPLOAD_EXTENSIONS, ControlFileError, DateChoiceError, ImportResult, read_control_file
from geodata.importer.summarytext import summary_lines
from geodata.wording import word

#: Every extension the importer reads, in lower and upper case (browsers filter on the name as typed).
UPLOAD_TYPES = sorted({*UPLOAD_EXTENSIONS, *(e.upper() for e in UPLOAD_EXTENSIONS)})


def _import(data: bytes, name: str, as_of: str | None, repair: bool, date: str | None = None) -> ImportResult:
    # Kept in this session's state only, keyed on the upload itself: sessions never share uploads.
    key = (st.session_state.get("upload_file_id"), as_of, repair, date)
    cached = st.session_state.get("upload_result")
    if cached is not None and cached[0] == key:
        return cached[1]
    result = read_control_file(data, name, as_of=as_of, date=date, repair=repair, dataset=default_dataset())
    st.session_state["upload_result"] = (key, result)
    return result


def render_upload(lang: str) -> ControlSnapshot | None:
    """Draw the upload box in the sidebar; return the uploaded snapshot when the user chose to use it.

    The box's contents are drawn while it is open, and while a file is in it even when closed (a widget not drawn
    loses its value): before anyone opens it, the file box costs the page's first paint nothing.
    """
    box = st.sidebar.expander(word("upload", lang), key="upload_open", on_change="rerun")
    if not (box.open or st.session_state.get("upload_file") is not None):
        st.session_state.pop("upload_result", None)
        return None
    with box:
        st.caption(word("upload_help", lang).format(limit=DEFAULT_LIMITS.max_bytes // (1024 * 1024)))
        uploaded = st.file_uploader(word("upload_file", lang), type=UPLOAD_TYPES, key="upload_file")
        # The file's own date by default (DeepStateMap and others carry one); the user may set another.
        as_of = None
        if st.checkbox(word("upload_set_date", lang), key="upload_set_date"):
            as_of = st.date_input(
                word("upload_as_of", lang),
                value=datetime.date.today(),
                min_value=datetime.date(2014, 1, 1),
                max_value=datetime.date.today() + datetime.timedelta(days=1),
                key="upload_as_of",
            ).isoformat()
        repair = st.checkbox(word("upload_repair", lang), key="upload_repair")
        if uploaded is None:
            st.session_state.pop("upload_result", None)
            return None
        st.session_state["upload_file_id"] = uploaded.file_id
        date = None
        history = st.session_state.get("upload_dates")
        if history is not None and history[0] == uploaded.file_id:
            # A history (a file of several dates): the user picks the date; never a silent union.
            date = st.selectbox(word("upload_date", lang), history[1], index=len(history[1]) - 1, key="upload_date")
        try:
            result = _import(uploaded.getvalue(), uploaded.name, as_of, repair, date)
        except DateChoiceError as choice:
            st.session_state["upload_dates"] = (uploaded.file_id, list(choice.dates))
            st.rerun()
            return None
        except ControlFileError as exc:
            # The message may quote the file's or a feature's name: shown as plain text, never markup.
            st.error(word("upload_rejected", lang))
            st.text(exc.message)
            return None
        names = {str(k): str(v) for k, v in default_dataset().regions()["name_uk" if lang == "uk" else "name_en"].items()}
        st.success(word("upload_ok", lang))
        # In the interface's language (words and Babel's numbers, as the command line's validate lists them), plain
        # text shown with st.text: nothing in it (the file's name, its features' names) is read as markdown or HTML.
        st.text("\n".join(summary_lines(result.summary, lang, names)))
        if st.toggle(word("upload_use", lang), value=True, key="upload_use"):
            st.caption(escape_markdown(word("upload_session_only", lang)))
            return result.snapshot
    return None
