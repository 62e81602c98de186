"""The least a Streamlit toggle can cost: one select box and one line of text (the benchmark's floor)."""

import os
import sys
import time

import streamlit as st

_started = time.perf_counter()
value = st.selectbox(
    "Crimea and Sevastopol (held since 2014)",
    ["Held by Russia (occupied, not recognised)", "Returned to Ukraine (proposed)"],
)
st.markdown(f"<div id='floor-out'>{value}</div>", unsafe_allow_html=True)
if os.environ.get("CLAIMS_MAP_TIMING"):
    sys.stderr.write(f"claims-map-run-ms {1000 * (time.perf_counter() - _started):.1f}\n")  # one write: runs are concurrent
