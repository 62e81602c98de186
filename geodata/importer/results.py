"""What an import returns: the snapshot to use and a plain-text summary of what the file held."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from geodata.control import ControlSnapshot


@dataclass(frozen=True)
class ImportSummary:
    """What an import found and did, in plain text (whatever shows it escapes it for its medium).

    Attributes
    ----------
    label : str
        The file's name as given, plain text.
    format : str
        The format detected from the bytes (``GeoJSON``, ``DeepStateMap JSON``, ``ArcGIS GeoJSON``,
        ``Esri JSON``, ``KML``, ``KMZ``).
    sha256 : str
        Hex sha256 of the file's bytes.
    size_bytes : int
        The file's size.
    features_read : int
        Features (or placemarks) in the file.
    features_used : int
        Features whose areas are part of the control area.
    categories : mapping of str to int
        Every category found and how many features it has (``occupied``, ``liberated``,
        ``contested``, ``other territory``, ``other area``, ``area``, ``point``, ``line``, ``no geometry``).
    categories_used : tuple of str
        The categories taken as Russian-held.
    area_km2 : float
        The control area inside Ukraine's regions, km², by the one area method (EPSG:6933 times the country-wide
        factor, :func:`geodata.stats.area_factor`): the area ``stats`` gives for the same line.
    area_outside_km2 : float
        The part of the file's areas outside Ukraine's regions (left out), km².
    shares : mapping of str to float
        Every region's controlled share, 0 to 1 (from :meth:`geodata.dataset.Dataset.region_parts`).
    as_of : str
        The date: the one given, else the file's own, else ``"undated"``.
    date_source : str
        ``"given"``, ``"file"`` or ``"none"``.
    crs : str
        The coordinate reference system: declared, assumed (GeoJSON without one) or reprojected from.
    warnings : tuple of str
        What was skipped or assumed, plain text.
    repairs : tuple of str
        What was repaired (only with ``repair=True``), plain text.
    repaired_features : int
        Features whose geometry was changed by the repair.
    repair_area_before_km2, repair_area_after_km2 : float
        Area of the repaired features before and after the repair, km².
    vertices : int
        Positions read in the areas (of every class: the limits apply to all of them).
    repair : bool
        Whether repairs were accepted.
    dates : tuple of str
        Every date the file holds (a history: several), oldest first; empty when it holds none.
    classes : mapping of str to mapping
        Every class of area found (``occupied``, ``area``, ``liberated``, ``contested``, ``ukrainian-held``,
        ``unclassified`` …): ``{"features": n, "area_km2": km² inside Ukraine's regions (the one area method), "counted": bool}``.
        The counted classes are merged into one area, given on the first of them.
    """

    label: str
    format: str
    sha256: str
    size_bytes: int
    features_read: int
    features_used: int
    categories: Mapping[str, int]
    categories_used: tuple[str, ...]
    area_km2: float
    area_outside_km2: float
    shares: Mapping[str, float]
    as_of: str
    date_source: str
    crs: str
    warnings: tuple[str, ...]
    repairs: tuple[str, ...]
    repaired_features: int
    repair_area_before_km2: float
    repair_area_after_km2: float
    vertices: int
    repair: bool
    dates: tuple[str, ...] = ()
    classes: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (shares rounded to 4 decimals, areas to 0.1 km²).

        Returns
        -------
        dict
            Every field of the summary under its own name, as JSON types (tuples as lists).
        """
        return {
            "label": self.label,
            "format": self.format,
            "sha256": self.sha256,
            "size_bytes": self.size_bytes,
            "features_read": self.features_read,
            "features_used": self.features_used,
            "categories": dict(self.categories),
            "categories_used": list(self.categories_used),
            "area_km2": round(self.area_km2, 1),
            "area_outside_km2": round(self.area_outside_km2, 1),
            "shares": {r: round(s, 4) for r, s in self.shares.items()},
            "as_of": self.as_of,
            "date_source": self.date_source,
            "crs": self.crs,
            "warnings": list(self.warnings),
            "repair": self.repair,
            "repairs": list(self.repairs),
            "repaired_features": self.repaired_features,
            "repair_area_before_km2": round(self.repair_area_before_km2, 1),
            "repair_area_after_km2": round(self.repair_area_after_km2, 1),
            "vertices": self.vertices,
            "dates": list(self.dates),
            "classes": {
                kind: {
                    "features": entry["features"],
                    "area_km2": None if entry["area_km2"] is None else round(float(entry["area_km2"]), 1),
                    "counted": entry["counted"],
                }
                for kind, entry in self.classes.items()
            },
        }


@dataclass(frozen=True)
class ImportResult:
    """A checked control file: the snapshot to use, and what the import found."""

    snapshot: ControlSnapshot
    summary: ImportSummary
