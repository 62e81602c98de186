"""How exact an area is: a margin derived from the line of contact's length and its vertices' stated accuracy.

A line whose every point may lie up to ``a`` km to either side of where it is drawn can move the area on
either side of it by at most its length times ``a``. That bound, per region and for the whole line, is the
margin the project states beside every area and share ("± N km²", "± N points"); it is computed from the
line, never typed in. It is a bound (every vertex off the same way), not a standard error.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

#: Lengths on the WGS 84 ellipsoid, so no projection distorts them.
GEOD = Geod(ellps="WGS84")

MARGIN_METHOD = (
    "Margin: the line of contact's length in each region (on the WGS 84 ellipsoid) times the stated accuracy of "
    "its vertices ({accuracy} km for this line), as km²; as points, that area over the region's or Ukraine's "
    "area. It bounds how far the area could move if every vertex were off by the stated accuracy the same way; "
    "a status total's margin counts only regions where the line separates that status from another."
)
MARGIN_NOT_STATED = "Margin: not stated (this line does not state the accuracy of its vertices)."


@dataclass(frozen=True)
class LineMargin:
    """The line of contact's length and the area margin it gives, per region and in all.

    Attributes
    ----------
    accuracy_km : float
        The vertices' stated accuracy, km.
    length_km : float
        The whole line's length, km.
    by_region_length_km : mapping of region id to float
        The line's length inside each region, km (regions it does not cross are absent).
    """

    accuracy_km: float
    length_km: float
    by_region_length_km: Mapping[str, float]

    @property
    def margin_km2(self) -> float:
        """The whole line's margin, km²: its length times the accuracy."""
        return self.length_km * self.accuracy_km

    def region_margin_km2(self, region_id: str) -> float:
        """One region's margin, km²: the line's length inside it times the accuracy (0 where it has no line).

        Parameters
        ----------
        region_id : str
            The region's ISO 3166-2:UA code.

        Returns
        -------
        float
            The margin in km² (0.0 without a line in the region).
        """
        return self.by_region_length_km.get(region_id, 0.0) * self.accuracy_km


def geodesic_length_km(geometry: BaseGeometry) -> float:
    """Length of a WGS 84 line (or lines) on the ellipsoid, km; 0 for an empty geometry.

    Parameters
    ----------
    geometry : BaseGeometry
        A line or lines in WGS 84 degrees.

    Returns
    -------
    float
        The length in km, measured on the WGS 84 ellipsoid (pyproj's ``Geod``).
    """
    if geometry.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geometry)) / 1000.0


def line_margin(line: BaseGeometry, regions: Mapping[str, BaseGeometry], accuracy_km: float) -> LineMargin:
    """The margin a line of contact gives, given its vertices' accuracy.

    Parameters
    ----------
    line : shapely geometry
        The line of contact in WGS 84 degrees (:func:`geodata.control.line_of_contact`).
    regions : mapping of region id to geometry
        The regions to split the line by (WGS 84).
    accuracy_km : float
        How far, km, any point of the line may lie from the truth (the snapshot's ``vertex_accuracy_km``).

    Returns
    -------
    LineMargin

    Raises
    ------
    ValueError
        When the accuracy is negative.
    """
    if accuracy_km < 0:
        raise ValueError(f"accuracy must not be negative, got {accuracy_km}")
    lengths = {}
    if not line.is_empty:
        for region_id, region in regions.items():
            length = geodesic_length_km(shapely.intersection(line, region))
            if length > 0:
                lengths[str(region_id)] = length
    return LineMargin(accuracy_km=accuracy_km, length_km=geodesic_length_km(line), by_region_length_km=MappingProxyType(lengths))


def stated_accuracy_km(as_of: str, shipped: bool, control_sources_dir: Path) -> float | None:
    """The accuracy a line's vertex file states (``vertex_accuracy_km``), km; None when none is stated.

    Parameters
    ----------
    as_of : str
        The snapshot's date.
    shipped : bool
        Whether the snapshot is the one the build made from the vertex file of that date (an imported or
        fetched line states no accuracy the project could vouch for).
    control_sources_dir : Path
        The folder of vertex files (``geodata/data/sources/control``).

    Returns
    -------
    float or None
        The stated accuracy in km, or ``None`` for a line not shipped, without a vertex file, or stating none.
    """
    if not shipped:
        return None
    path = control_sources_dir / f"{as_of}.toml"
    if not path.exists():
        return None
    with path.open("rb") as handle:
        value = tomllib.load(handle).get("vertex_accuracy_km")
    return float(value) if value is not None else None


def margin_method_text(accuracy_km: float | None) -> str:
    """How the margin is derived, in words, for a line of the given accuracy (plain text).

    Parameters
    ----------
    accuracy_km : float or None
        The line's stated accuracy in km, or ``None`` when none is stated.

    Returns
    -------
    str
        :data:`MARGIN_METHOD` with the accuracy written in, or :data:`MARGIN_NOT_STATED`.
    """
    return MARGIN_NOT_STATED if accuracy_km is None else MARGIN_METHOD.format(accuracy=f"{accuracy_km:g}")
