"""The briefing pack's one HTML file: the page's template with Leaflet, the map's script and styles, the page's
own script and styles and the data inlined (:func:`geodata.pack.build_pack` assembles it).
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from geodata.errors import PackError
from geodata.vocabulary import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
ASSETS_DIR = Path(__file__).resolve().parent / "pack_assets"
STATIC_DIR = ROOT / "static"


_SCRIPT_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028", "\u2029": "\\u2029"}


def json_for_script(data: Any) -> str:
    r"""``data`` as JSON that is safe inside ``<script type="application/json">``.

    ``<``, ``>``, ``&``, U+2028 and U+2029 are written as ``\u`` escapes, so no text in
    the data can close the block or open a comment; ``JSON.parse`` reads it back unchanged.

    Parameters
    ----------
    data : Any
        JSON-ready data (no NaN or infinity).

    Returns
    -------
    str
        The compact JSON text.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_ESCAPES[m.group(0)], text)


def _inline_text(path: Path, closing: str) -> str:
    text = path.read_text(encoding="utf-8")
    if closing in text.lower():
        raise PackError(f"{path.name} contains {closing!r} and cannot be inlined")
    return text


def _leaflet_css() -> str:
    """Leaflet's styles with its images as data: URLs (a relative URL would be a request)."""
    css = _inline_text(STATIC_DIR / "leaflet" / "leaflet.css", "</style")

    def data_url(match: re.Match[str]) -> str:
        image = STATIC_DIR / "leaflet" / "images" / match.group(1)
        return f"url(data:image/png;base64,{base64.b64encode(image.read_bytes()).decode('ascii')})"

    return re.sub(r"url\(images/([\w.-]+\.png)\)", data_url, css)


def render_pack_html(data: Mapping[str, Any]) -> str:
    """The pack's HTML page for :func:`pack_data`'s data, with every script, style and datum inlined.

    Parameters
    ----------
    data : mapping
        What :func:`geodata.pack.pack_data` returns (``lang`` one of :data:`LANGUAGES`).

    Returns
    -------
    str
        The whole page: the template ``pack_assets/pack.html`` with Leaflet, the map's and the pack's scripts and
        styles, and the data, inlined.

    Raises
    ------
    PackError
        For a language not in :data:`LANGUAGES`.
    """
    template = (ASSETS_DIR / "pack.html").read_text(encoding="utf-8")
    # No text of the data is written as markup: the page sets every text, the title too, with textContent.
    # The language is one of LANGUAGES (checked by pack_data), so it needs no escaping.
    if data["lang"] not in LANGUAGES:
        raise PackError(f"unknown language {data['lang']!r} (known: {', '.join(LANGUAGES)})")
    values = {
        "LANG": data["lang"],
        "LEAFLET_CSS": _leaflet_css(),
        "MAP_CSS": _inline_text(STATIC_DIR / "map" / "claims-map.css", "</style"),
        "PACK_CSS": _inline_text(ASSETS_DIR / "pack.css", "</style"),
        "DATA": json_for_script(data),
        "LEAFLET_JS": _inline_text(STATIC_DIR / "leaflet" / "leaflet.js", "</script"),
        "MAP_JS": _inline_text(STATIC_DIR / "map" / "claims-map.js", "</script"),
        "PACK_JS": _inline_text(ASSETS_DIR / "pack.js", "</script"),
    }
    # One pass over the template: substituted text is never read again for placeholders.
    return re.sub(r"@@([A-Z_]+)@@", lambda m: values[m.group(1)], template)
