"""The project's fixed vocabulary, defined once: the statuses a settlement gives land, the two parts of a
region, and the map's layers.

Every other module (domain, command line, dashboard, figures, exports) takes these names from here.
What each word says to a person, in English and Ukrainian, is in :mod:`geodata.wording`.
"""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    """What a settlement would make of a piece of land. Claims or proposals, not endorsements."""

    UKRAINE = "ukraine"
    OCCUPIED = "occupied"
    DE_JURE_RUSSIA = "de_jure_russia"
    DE_FACTO_RUSSIA = "de_facto_russia"
    FROZEN = "frozen"
    BUFFER_ZONE = "buffer_zone"
    RETURNED = "returned"


class Part(StrEnum):
    """The two parts a control line cuts a region into."""

    RUSSIAN_HELD = "russian_held"
    UKRAINIAN_HELD = "ukrainian_held"


class Layer(StrEnum):
    """Map layers a view, figure or export can show (the dashboard's layer toggles)."""

    LINE = "line"
    CLAIMS = "claims"
    LABELS = "labels"
    SETTLEMENTS = "settlements"
    ASSETS = "assets"


class ExportFormat(StrEnum):
    """Open-data export formats (``python -m geodata export``, the dashboard's data downloads)."""

    GEOJSON = "geojson"
    GPKG = "gpkg"
    KML = "kml"
    CSV = "csv"


class FigureFormat(StrEnum):
    """Static figure formats (``python -m geodata render``, the dashboard's figure downloads)."""

    PNG = "png"
    SVG = "svg"
    PDF = "pdf"


#: The parts, in the order every table lists them.
PARTS: tuple[str, str] = (Part.RUSSIAN_HELD.value, Part.UKRAINIAN_HELD.value)
#: Every layer, in the order the sidebar lists them.
LAYERS: tuple[str, ...] = tuple(layer.value for layer in Layer)
#: Layers shown unless the user chooses otherwise: all but the key assets.
DEFAULT_LAYERS: tuple[str, ...] = (Layer.LINE.value, Layer.CLAIMS.value, Layer.LABELS.value, Layer.SETTLEMENTS.value)
#: Export formats, in the order the command line and the dashboard list them.
EXPORT_FORMATS: tuple[str, ...] = tuple(f.value for f in ExportFormat)
#: Figure formats, in the order the command line and the dashboard list them.
FIGURE_FORMATS: tuple[str, ...] = tuple(f.value for f in FigureFormat)
#: The interface's languages.
LANGUAGES: tuple[str, ...] = ("en", "uk")
