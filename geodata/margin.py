"""How exact an area is: a margin derived from the line of contact's length and its vertices' stated accuracy.

A line whose every point may lie up to ``a`` km to either side of where it is drawn can move the area on
either side of it by at most its length times ``a``. That bound, per region and for the whole line, is the
margin the project states beside every area and share ("± N km²", "± N points"); it is computed from the
line, never typed in. It is a bound (every vertex off the same way), not a standard error.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Any

import shapely
from pyproj import Geod
from shapely.geometry.base import BaseGeometry

from geodata.wording import format_number, word

#: Lengths on the WGS 84 ellipsoid, so no projection distorts them.
GEOD = Geod(ellps="WGS84")


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


def net_change_margin_km2(from_margin_km2: float | None, to_margin_km2: float | None) -> float | None:
    """The margin of a change between two lines: the sum of their stated margins, km², as a bound.

    Each line's margin bounds how far its area could be off (:class:`LineMargin`); the net change is the later
    area minus the earlier, so its error is the later line's error minus the earlier's, and at most the sum of
    the two margins (both lines off by their whole margin, in opposite directions). A bound, like each margin,
    not a standard error: added, not added in quadrature. Where either line states no accuracy the change's
    margin is not stated either.

    Parameters
    ----------
    from_margin_km2, to_margin_km2 : float or None
        The earlier and the later line's stated margin of the same area (all of Ukraine, or one region), km²;
        None where a line states no accuracy.

    Returns
    -------
    float or None
        The sum, rounded to 0.1 km²; None when either margin is None.
    """
    if from_margin_km2 is None or to_margin_km2 is None:
        return None
    return round(from_margin_km2 + to_margin_km2, 1)


def margin_method_text(accuracy_km: float | None, lang: str = "en") -> str:
    """How the margin is derived, in words, for a line of the given accuracy (plain text).

    Parameters
    ----------
    accuracy_km : float or None
        The line's stated accuracy in km, or ``None`` when none is stated.
    lang : {"en", "uk"}
        Language (the statistics' JSON keeps English).

    Returns
    -------
    str
        The catalogue's ``method_margin`` with the accuracy written in, or ``method_margin_not_stated``.

    Raises
    ------
    ValueError
        For another language.
    """
    if accuracy_km is None:
        return word("method_margin_not_stated", lang)
    # As many decimals as the stated accuracy has (0.25 km stays 0.25), up to metres.
    decimals = next(d for d in range(4) if round(accuracy_km, d) == round(accuracy_km, 3))
    return word("method_margin", lang, accuracy=format_number(accuracy_km, lang, decimals=decimals))


def change_margin_method_text(unstated_dates: Sequence[str], lang: str = "en") -> str:
    """How the margin of a change between two lines is derived, in words (plain text).

    Parameters
    ----------
    unstated_dates : sequence of str
        The dates (ISO) of the lines that state no accuracy; empty when both do.
    lang : {"en", "uk"}
        Language (the changes' JSON keeps English).

    Returns
    -------
    str
        The catalogue's ``method_change_margin``, or ``method_change_margin_not_stated`` naming those lines.

    Raises
    ------
    ValueError
        For another language.
    """
    if not unstated_dates:
        return word("method_change_margin", lang)
    return word("method_change_margin_not_stated", lang, dates=word("method_dates_and", lang).join(unstated_dates))


def margin_cell(margin_km2: float | None, lang: str = "en") -> str:
    """A net change's margin in a table cell: "± N" (km², in the column's unit), or "not stated".

    Parameters
    ----------
    margin_km2 : float or None
        The margin (:func:`geodata.margin.net_change_margin_km2`), km²; None where a line states no accuracy.
    lang : {"en", "uk"}
        The language of the words and number formats.

    Returns
    -------
    str
        Plain text.
    """
    return word("changes_cell_not_stated", lang) if margin_km2 is None else f"±\u00a0{format_number(margin_km2, lang)}"


def changes_margin_text(summary: dict[str, Any], lang: str = "en") -> str:
    """The net change's margin in a sentence: "± N km²" and how it is derived, or which line states no accuracy.

    Parameters
    ----------
    summary : dict
        The ``summary`` of :func:`geodata.changes.compute_changes` (``margin_km2``, ``from_margin_km2``,
        ``to_margin_km2``, ``from``, ``to``).
    lang : {"en", "uk"}
        The language of the words and number formats.

    Returns
    -------
    str
        Plain text.
    """
    if summary["margin_km2"] is None:
        unstated = [summary[end] for end in ("from", "to") if summary[f"{end}_margin_km2"] is None]
        return word("changes_margin_not_stated", lang, dates=word("method_dates_and", lang).join(unstated))
    return word("changes_margin", lang, margin=word("margin_km2", lang, value=format_number(summary["margin_km2"], lang)))
