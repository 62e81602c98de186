"""Escaping for text at the edge that shows it as HTML or Markdown.

Data stays plain text everywhere (``geodata`` writes plain text: stats,
exports, provenance, ``static/data/``); text is escaped only where it is shown.
The map's script puts text in with ``textContent`` and needs no escaping;
Streamlit's markdown treats text as markup, so what reaches it goes through
:func:`escape_markdown`; :func:`escape_html` is for text put into HTML as
markup, whether it came from a user's file, an upload name, a URL or our own data.
"""

from __future__ import annotations

import html
import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def escape_html(text: object) -> str:
    """Escape ``text`` for HTML, and neutralise the characters that matter inside JavaScript template literals.

    Parameters
    ----------
    text : object
        Anything; ``None`` becomes an empty string.

    Returns
    -------
    str
        ``&``, ``<``, ``>``, ``"`` and ``'`` as entities, and the backtick and
        ``$`` as entities too, so ``${...}`` can never open a template substitution.
    """
    if text is None:
        return ""
    escaped = html.escape(str(text), quote=True)
    return escaped.replace("`", "&#96;").replace("$", "&#36;")


def escape_markdown(text: object) -> str:
    """Escape ``text`` so Streamlit's markdown shows it literally (no links, HTML, LaTeX or emphasis)."""
    if text is None:
        return ""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", str(text))
