"""Where the package's committed data lives, and where the build writes the browser's copy of it."""

from pathlib import Path

PACKAGE_DIR: Path = Path(__file__).resolve().parent
DATA_DIR: Path = PACKAGE_DIR / "data"
SOURCES_DIR: Path = DATA_DIR / "sources"
REGIONS_PATH: Path = DATA_DIR / "regions.geojson"
CONTEXT_DIR: Path = DATA_DIR / "context"
NEIGHBOURS_PATH: Path = CONTEXT_DIR / "neighbours.geojson"
SETTLEMENTS_PATH: Path = CONTEXT_DIR / "settlements.geojson"
ASSETS_PATH: Path = CONTEXT_DIR / "assets.geojson"
CONTROL_DIR: Path = DATA_DIR / "control"
CONTROL_SOURCES_DIR: Path = SOURCES_DIR / "control"
SCENARIOS_DIR: Path = DATA_DIR / "scenarios"
PROVENANCE_PATH: Path = DATA_DIR / "PROVENANCE.json"
#: The catalogue of words, one TOML file per topic (:mod:`geodata.wording` reads them all).
WORDS_DIR: Path = DATA_DIR / "words"
#: The browser's copy of the map data, served by the app from ``static/`` beside the package.
STATIC_DATA_DIR: Path = PACKAGE_DIR.parent / "static" / "data"
