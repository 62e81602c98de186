"""Domain and data of the claims map: regions, control areas, settlement scenarios and statistics.

This package never imports Streamlit; the dashboard in ``components/`` and ``app.py`` builds on it.
"""

__version__ = "0.1.0"
