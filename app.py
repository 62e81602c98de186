"""The claims map dashboard. Run with ``streamlit run app.py``.

This file only wires the components together; the domain lives in ``geodata``.
"""

import streamlit as st

from components.map import render_map

st.set_page_config(page_title="Claims map: Ukraine's regions and settlement proposals", layout="wide")
st.title("Claims map: Ukraine's regions and settlement proposals")
render_map()
