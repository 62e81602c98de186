"""Streamlit pieces of the dashboard: sidebar, map, statistics panel, export. ``app.py`` wires them."""
