"""Download buttons: the figure (PNG, SVG, PDF) and the data (GeoJSON, GeoPackage, KML, CSV) of what is on screen.

Files are made only when a button is clicked (a callable ``data``), so toggles stay fast.
"""

from __future__ import annotations

import re

import streamlit as st

from components.i18n import t
from components.state import ViewState
from geodata.control import ControlSnapshot
from geodata.export import FORMATS, MIME_TYPES, export_bytes
from geodata.scenarios import Scenario


def file_stem(scenario: Scenario, snapshot: ControlSnapshot) -> str:
    """A safe file name stem: scenario id and control date only, never user text."""
    return re.sub(r"[^a-z0-9-]", "", f"claims-map-{scenario.id}-{snapshot.as_of}")


def render_export_panel(state: ViewState, scenario: Scenario, snapshot: ControlSnapshot) -> None:
    """Draw the download buttons for the scenario, snapshot and layers on screen."""
    lang = state.lang
    stem = file_stem(scenario, snapshot)
    st.markdown(f"**{t('download_data', lang)}**")
    columns = st.columns(len(FORMATS))
    for column, fmt in zip(columns, FORMATS):
        column.download_button(
            fmt.upper() if fmt != "gpkg" else "GeoPackage",
            data=lambda fmt=fmt: export_bytes(scenario, snapshot, fmt),
            file_name=f"{stem}.{fmt}",
            mime=MIME_TYPES[fmt],
            key=f"download_{fmt}",
            on_click="ignore",
        )
