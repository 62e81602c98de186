"""Escaping, at the one edge that needs it: text the dashboard hands to Streamlit's Markdown.

The domain (``geodata``) holds and writes plain text only. The map's browser code sets
text with ``textContent`` and needs no escaping; Streamlit's Markdown treats text as
markup, so every data text that reaches ``st.markdown``, ``st.caption`` or a heading goes
through :func:`escape_markdown` here (a scenario title, a town, a file name, a link
parameter), never earlier.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_markdown(text: object) -> str:
    """Escape ``text`` so Streamlit's Markdown shows it literally (no links, HTML, LaTeX, tables or emphasis).

    Parameters
    ----------
    text : object
        Anything; ``None`` becomes an empty string.

    Returns
    -------
    str
        The text with every Markdown-special character backslash-escaped.
    """
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def escape_html(text: object) -> str:
    """Escape ``text`` for HTML (``&``, ``<``, ``>``, both quotes): shown literally in an element or an attribute.

    Parameters
    ----------
    text : object
        Anything; ``None`` becomes an empty string.

    Returns
    -------
    str
        The text with HTML's special characters written as character references.
    """
    if text is None:
        return ""
    return html.escape(str(text), quote=True)
