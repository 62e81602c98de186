"""Leaflet and the map's own script and styles, served by the app itself, so the map works with no internet at all."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urlencode

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
#: The script that starts the data fetches, loaded first (:func:`prefetch_js` adds the files to its address).
PREFETCH_URL = static_asset_url("map/prefetch.js")


def prefetch_js(paths: Sequence[str]) -> list[tuple[str, str]]:
    """The map's first script: ``static/map/prefetch.js``, given the data files to start fetching.

    Its address also lists Leaflet's and the map's own scripts and style sheets, which the script asks for at once
    (``<link rel="preload">``) rather than one after another as streamlit-folium would.

    Parameters
    ----------
    paths : sequence of str
        Addresses of the app's own data files (under ``/app/static/data/``; the script ignores any address that is
        not one of those or one of the app's scripts and style sheets under ``/app/static/leaflet/`` or ``map/``).

    Returns
    -------
    list of (str, str)
        One ``(name, url)`` pair for folium's ``default_js``, or none when there is nothing to fetch.
    """
    if not paths:
        return []
    # The scripts and styles that streamlit-folium loads after this one, one after another, are asked for too.
    files = [*paths, *(url for _, url in LEAFLET_JS + MAP_JS + LEAFLET_CSS + MAP_CSS)]
    return [("claims_map_prefetch", f"{PREFETCH_URL}&{urlencode([('u', path) for path in files])}")]


def offline_map(prefetch: Sequence[str] = (), **kwargs: object) -> folium.Map:
    """A ``folium.Map`` with no tile layer whose only scripts and styles are the app's own files.

    folium's defaults pull Leaflet, jQuery, Bootstrap and Font Awesome from
    CDNs; this map needs Leaflet and the map's own script and styles
    (``static/map/``), all served by the app. ``prefetch``: data files whose fetch starts before those
    scripts load, with the scripts and styles themselves asked for at once (:func:`prefetch_js`).
    """
    kwargs.setdefault("tiles", None)
    fmap = folium.Map(**kwargs)
    # The prefetch script first: the data then loads while Leaflet and the map's script do (one after another).
    fmap.default_js = prefetch_js(prefetch) + LEAFLET_JS + MAP_JS
    fmap.default_css = LEAFLET_CSS + MAP_CSS
    return fmap
