"""The map: folium through streamlit-folium, built from the package's data."""

from __future__ import annotations

import folium
import streamlit as st
from streamlit_folium import st_folium

from components.offline import offline_map
from geodata.regions import load_neighbours, load_regions

MAP_CENTER = (48.6, 31.4)
MAP_ZOOM = 6


def build_map() -> folium.Map:
    """A folium map of the 27 regions on the offline context basemap."""
    fmap = offline_map(location=MAP_CENTER, zoom_start=MAP_ZOOM, min_zoom=4, max_zoom=12, control_scale=True)
    folium.GeoJson(
        load_neighbours().reset_index().to_json(),
        name="Neighbouring countries",
        style_function=lambda _f: {"fillColor": "#e6e6e6", "color": "#9a9a9a", "weight": 1, "fillOpacity": 1},
        interactive=False,
    ).add_to(fmap)
    folium.GeoJson(
        load_regions().reset_index().to_json(),
        name="Regions",
        style_function=lambda _f: {"fillColor": "#fbf6e9", "color": "#555555", "weight": 1, "fillOpacity": 1},
        tooltip=folium.GeoJsonTooltip(["name_en", "name_uk"], aliases=["Region", "Назва"]),
    ).add_to(fmap)
    return fmap


def render_map() -> None:
    """Draw the map in the page."""
    st_folium(build_map(), height=640, use_container_width=True, returned_objects=[])
