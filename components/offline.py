"""Leaflet served by the app itself, so the map works with no internet at all."""

from __future__ import annotations

from pathlib import Path

import folium

#: Streamlit serves ``./static`` at ``/app/static`` (``server.enableStaticServing``).
STATIC_URL = "/app/static"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
LEAFLET_JS: list[tuple[str, str]] = [("leaflet", f"{STATIC_URL}/leaflet/leaflet.js")]
LEAFLET_CSS: list[tuple[str, str]] = [("leaflet_css", f"{STATIC_URL}/leaflet/leaflet.css")]


def offline_map(**kwargs: object) -> folium.Map:
    """A ``folium.Map`` with no tile layer whose only scripts and styles are the app's own Leaflet files.

    folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from
    CDNs; a map of GeoJSON layers needs Leaflet alone.
    """
    kwargs.setdefault("tiles", None)
    fmap = folium.Map(**kwargs)
    fmap.default_js = list(LEAFLET_JS)
    fmap.default_css = list(LEAFLET_CSS)
    return fmap
