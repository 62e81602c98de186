"""Where the package's committed data lives."""

from pathlib import Path

DATA_DIR: Path = Path(__file__).resolve().parent
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
