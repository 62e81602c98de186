"""The usual way a Streamlit-folium map is written, kept as the benchmark's baseline.

A plain folium map of the unsimplified regions, rebuilt and re-sent on every
toggle; st_folium with its defaults (every map event returned). The only
change from the common pattern is that Leaflet comes from the app's own
static folder, so the comparison runs offline too.
"""

import os
import sys
import time

import folium
import geopandas as gpd
import streamlit as st
from streamlit_folium import st_folium

STATUS_FILL = {
    "Held by Russia (occupied, not recognised)": "#D55E00",
    "Returned to Ukraine (proposed)": "#009E73",
}

_started = time.perf_counter()
status = st.selectbox("Crimea and Sevastopol (held since 2014)", list(STATUS_FILL))
regions = gpd.read_file("geodata/data/regions.geojson")[["id", "name_en", "name_uk", "population", "geometry"]]
regions["fill"] = "#eef2f6"
regions.loc[regions["id"].isin(["UA-43", "UA-40"]), "fill"] = STATUS_FILL[status]

fmap = folium.Map(location=(48.4, 31.2), zoom_start=6, tiles=None)
fmap.default_js = [("leaflet", "/app/static/leaflet/leaflet.js")]
fmap.default_css = [("leaflet_css", "/app/static/leaflet/leaflet.css")]
folium.GeoJson(
    regions.to_json(),
    style_function=lambda f: {"fillColor": f["properties"]["fill"], "color": "#555", "weight": 1, "fillOpacity": 0.9},
    tooltip=folium.GeoJsonTooltip(["name_en", "name_uk", "population"]),
).add_to(fmap)
st_folium(fmap, height=640, use_container_width=True)
if os.environ.get("CLAIMS_MAP_TIMING"):
    sys.stderr.write(f"claims-map-run-ms {1000 * (time.perf_counter() - _started):.1f}\n")  # one write: runs are concurrent
