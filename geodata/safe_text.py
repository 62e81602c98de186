"""Escaping for any text that reaches HTML, JavaScript templates or Markdown.

folium's tooltips, popups and layer names, Leaflet's ``innerHTML`` and
Streamlit's markdown all treat text as markup. Every string that reaches them
goes through :func:`escape_html` (HTML) or :func:`escape_markdown` first,
whether it came from a user's file, an upload name, a URL or our own data.
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
