"""Categories of features: DeepStateMap's names, the project's own export's parts, kinds of geometry."""

from __future__ import annotations

#: Placemark and feature names DeepStateMap uses: "Ukrainian /// English /// key".
DEEPSTATE_SEPARATOR = "///"
#: The name :func:`geodata.importer.export_deepstate` gives each area.
DEEPSTATE_OCCUPIED_NAME = "Окуповано /// Occupied /// occupied"
#: Categories whose areas are used as Russian-held territory.
CONTROL_CATEGORIES = ("area", "occupied")
#: The category of a feature whose geometry is null (or has no parts).
NO_GEOMETRY = "no geometry"
#: The parts of the project's own export (``geodata.export``): only the Russian-held ones are control.
OWN_EXPORT_PARTS = {"russian_held": "occupied", "ukrainian_held": "ukrainian-held part", "line_of_contact": "line"}

_DEEPSTATE_OCCUPIED_KEYS = {"territories.crimea", "territories.ordlo", "territories.tuzla"}


def deepstate_category(name: str) -> str:
    """A DeepStateMap area's category from its name, "Ukrainian /// English /// key": the key decides;
    without one, the English part."""
    parts = [p.strip(" \t\r\n\xa0") for p in name.split(DEEPSTATE_SEPARATOR)]
    key = parts[2].lower() if len(parts) >= 3 else ""
    if key:
        key = key.removeprefix("geojson.")
        if key.startswith(("status.occupied", "occupied")) or key in _DEEPSTATE_OCCUPIED_KEYS:
            return "occupied"
        if key.startswith(("status.dismissed", "status.liberated", "liberated", "dismissed")):
            return "liberated"
        if key.startswith(("status.unknown", "unknown", "contested")):
            return "contested"
        if key.startswith("territories."):
            return "other territory"
        return "other area"
    english = (parts[1] if len(parts) >= 2 else parts[0]).lower()
    if "unoccupied" in english or "de-occupied" in english or "liberated" in english:
        return "liberated"
    if "occupied" in english or "ordlo" in english or "cadr" in english:
        return "occupied"
    if "unknown" in english or "contested" in english or "grey zone" in english or "gray zone" in english:
        return "contested"
    return "other area"


def category(kinds: frozenset[str], name: str, deepstate: bool, part: str | None) -> str:
    """A feature's category from its geometry's kinds, its name (DeepStateMap's) and its part (the project's export)."""
    if "area" in kinds:
        if part is not None:
            return OWN_EXPORT_PARTS.get(part, "other area")
        return deepstate_category(name) if deepstate else "area"
    if "line" in kinds:
        return "line"
    if "point" in kinds:
        return "point"
    return NO_GEOMETRY
