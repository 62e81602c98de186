"""The operator's "fetch the newest line" button: shown only when ``CLAIMS_MAP_FETCH_SOURCE`` names a source.

Off by default. The address comes from the server's environment, set by whoever runs the app
(``deepstatemap`` or an http(s) address); visitors can press the button but never supply an address.
The fetch is :func:`geodata.fetch.fetch_control`, exactly as ``python -m geodata fetch-control``: the
same checks, written into ``geodata/data/control/`` with its provenance.
"""

from __future__ import annotations

import math
import threading
import time

import streamlit as st

from components.escaping import escape_markdown
from geodata import paths
from geodata.dataset import default_dataset
from geodata.fetch import DEEPSTATEMAP, FetchError, configured_source, fetch_control, format_fetch_line
from geodata.wording import word

#: Seconds between two fetches for the whole server: every visitor sees the button, and the source
#: must not be asked more often than that however many press it.
MIN_INTERVAL_S = 600.0

# One fetch at a time for the whole server; the last result is shown to whoever presses too soon.
# This is the only state sessions share here: the time and one-line outcome of the last fetch.
_lock = threading.Lock()
_last: dict[str, object] = {"at": -math.inf, "line": "", "ok": False}


def _fetch(source: str) -> tuple[str, str]:
    """Run one fetch, or say why not: ``("ok" | "failed", line)``, ``("busy", "")`` or ``("wait", minutes)``."""
    if not _lock.acquire(blocking=False):
        return "busy", ""
    try:
        waited = time.monotonic() - float(_last["at"])  # type: ignore[arg-type]
        if waited < MIN_INTERVAL_S:
            return "wait", str(math.ceil((MIN_INTERVAL_S - waited) / 60))
        try:
            # Into the user data folder (CLAIMS_MAP_DATA_DIR), never the package's own folder.
            result = fetch_control(url=None if source == DEEPSTATEMAP.id else source, dataset=default_dataset())
        except FetchError as exc:
            status, line = "failed", exc.message
        else:
            default_dataset().clear()  # a date fetched again is read afresh, and the new date is listed
            status, line = "ok", format_fetch_line(result, relative_to=paths.PACKAGE_DIR.parent)
        _last.update(at=time.monotonic(), line=line, ok=status == "ok")
        return status, line
    finally:
        _lock.release()


def render_operator_fetch(lang: str) -> None:
    """Draw the fetch button in the sidebar when an operator configured a source; otherwise nothing."""
    try:
        source = configured_source()
    except FetchError:
        st.sidebar.caption(word("fetch_misconfigured", lang))  # the server's own setting; its value is not shown
        return
    if source is None:
        return
    with st.sidebar.expander(word("fetch", lang)):
        shown = DEEPSTATEMAP.attribution if source == DEEPSTATEMAP.id else source
        st.caption(word("fetch_help", lang).format(source=escape_markdown(shown), minutes=int(MIN_INTERVAL_S // 60)))
        if st.button(word("fetch_button", lang), key="fetch_newest"):
            with st.spinner(word("fetch_running", lang)):
                st.session_state["fetch_outcome"] = _fetch(source)
            if st.session_state["fetch_outcome"][0] == "ok":
                st.rerun()  # so the control date slider lists the new date
        status, line = st.session_state.get("fetch_outcome", ("", ""))
        if status == "busy":
            st.info(word("fetch_busy", lang))
        elif status == "wait":
            st.info(word("fetch_wait", lang).format(minutes=line))
            if _last["line"]:
                st.text(str(_last["line"]))
        elif status == "ok":
            st.success(word("fetch_ok", lang))
            st.text(line)  # plain text: the line quotes addresses and names from the source
        elif status == "failed":
            st.error(word("fetch_failed", lang))
            st.text(line)
