"""Leaflet and the map's own script and styles, served by the app itself, so the map works with no internet at all."""

from __future__ import annotations

import hashlib
from pathlib import Path

import folium

#: Streamlit serves ``./static`` at ``/app/static`` (``server.enableStaticServing``).
STATIC_URL = "/app/static"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def static_asset_url(relative: str) -> str:
    """The URL of a file under ``static/``, tagged with a digest of its content.

    The tag changes when the file does, so a browser that keeps the file in its
    cache never runs an old copy after an upgrade (the server ignores the query).
    """
    digest = hashlib.sha256((STATIC_DIR / relative).read_bytes()).hexdigest()[:12]
    return f"{STATIC_URL}/{relative}?v={digest}"


LEAFLET_JS: list[tuple[str, str]] = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LEAFLET_CSS: list[tuple[str, str]] = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]
#: The map's own code and styles (static/map/): loaded once by the map's iframe, after Leaflet.
MAP_JS: list[tuple[str, str]] = [("claims_map", static_asset_url("map/claims-map.js"))]
MAP_CSS: list[tuple[str, str]] = [("claims_map_css", static_asset_url("map/claims-map.css"))]


def offline_map(**kwargs: object) -> folium.Map:
    """A ``folium.Map`` with no tile layer whose only scripts and styles are the app's own files.

    folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from
    CDNs; this map needs Leaflet and the map's own script and styles
    (``static/map/``), all served by the app.
    """
    kwargs.setdefault("tiles", None)
    fmap = folium.Map(**kwargs)
    fmap.default_js = LEAFLET_JS + MAP_JS
    fmap.default_css = LEAFLET_CSS + MAP_CSS
    return fmap
