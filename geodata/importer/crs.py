"""Coordinate reference systems: every spelling pyproj understands, sorted into what the importer can use."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from geodata.errors import ControlFileError, one_line as _one_line

WGS84 = "wgs84"
WEB_MERCATOR = "web_mercator"
UNSPECIFIED = "unspecified"


@lru_cache(maxsize=256)
def _resolve(text: str) -> str | None:
    """``wgs84``, ``web_mercator``, ``other`` for a CRS pyproj knows; ``None`` for one it does not."""
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    candidates = [text]
    if text.isdigit():  # a bare wkid: EPSG's, else Esri's (102100 is Esri's Web Mercator)
        candidates = [f"EPSG:{text}", f"ESRI:{text}"]
    for candidate in candidates:
        try:
            crs = CRS.from_user_input(candidate)
        except (CRSError, ValueError, TypeError):
            continue
        if crs.is_geographic:
            two_d = crs.to_2d() if len(crs.axis_info) > 2 else crs
            if two_d.equals(CRS("OGC:CRS84"), ignore_axis_order=True):
                return WGS84
            return "other"
        if crs.equals(CRS("EPSG:3857")) or crs.to_epsg(min_confidence=90) in (3857, 900913, 3785):
            return WEB_MERCATOR
        return "other"
    return None


def classify_crs(value: Any, name: str, what: str = "coordinate reference system") -> str:
    """Sort a declared CRS (an EPSG or Esri code, a URN, an OGC URI, WKT, PROJJSON text) into ``wgs84``,
    ``web_mercator``, ``crs:<text>`` (any other CRS pyproj resolves: reprojected) or an error; ``None`` is
    ``unspecified``.

    Parameters
    ----------
    value : Any
        The declared CRS as the file holds it (an int, a text; anything else is refused).
    name : str
        The file's name as shown in messages.
    what : str
        What the file called it, for the message (``"spatialReference"``, ...).

    Returns
    -------
    str
        :data:`WGS84`, :data:`WEB_MERCATOR`, :data:`UNSPECIFIED` or ``crs:`` followed by the CRS pyproj reads.

    Raises
    ------
    ControlFileError
        For a CRS pyproj cannot identify.
    """
    if value is None or (isinstance(value, str) and not value.strip()):
        return UNSPECIFIED if value is None else _unknown(value, name, what)
    if isinstance(value, bool) or not isinstance(value, (int, str)):
        return _unknown(value, name, what)
    text = str(value).strip()
    kind = _resolve(text[:20_000])
    if kind is None:
        return _unknown(value, name, what)
    if kind == "other":
        return OTHER_PREFIX + (
            f"EPSG:{text}" if text.isdigit() and _resolve(f"EPSG:{text}") else f"ESRI:{text}" if text.isdigit() else text[:20_000]
        )
    return kind


#: The prefix of a CRS that is neither WGS 84 nor Web Mercator: what follows is what pyproj reads.
OTHER_PREFIX = "crs:"


def is_other(crs: str) -> bool:
    """Whether a classified CRS is one the importer reprojects with pyproj (not WGS 84, Web Mercator or none).

    Parameters
    ----------
    crs : str
        A CRS as :func:`classify_crs` returns it.

    Returns
    -------
    bool
        True for a ``crs:…`` value.
    """
    return crs.startswith(OTHER_PREFIX)


@lru_cache(maxsize=32)
def transformer_to_wgs84(crs: str) -> Any:
    """A pyproj Transformer from a classified CRS (``crs:…``, Web Mercator) to WGS 84 longitude/latitude.

    Parameters
    ----------
    crs : str
        A CRS as :func:`classify_crs` returns it (``crs:…`` or :data:`WEB_MERCATOR`).

    Returns
    -------
    pyproj.Transformer
        A transformer to EPSG:4326 with x as longitude and y as latitude (``always_xy``); cached, 32 at most.
    """
    from pyproj import CRS, Transformer

    source = "EPSG:3857" if crs == WEB_MERCATOR else crs.removeprefix(OTHER_PREFIX)
    return Transformer.from_crs(CRS.from_user_input(source), CRS("EPSG:4326"), always_xy=True)


def crs_label(crs: str) -> str:
    """A CRS for messages: its EPSG code or name.

    Parameters
    ----------
    crs : str
        A CRS as :func:`classify_crs` returns it.

    Returns
    -------
    str
        ``EPSG:<code>`` when pyproj matches one with 70 % confidence, else the CRS's name, or the text as given on one line.
    """
    from pyproj import CRS
    from pyproj.exceptions import CRSError

    text = crs.removeprefix(OTHER_PREFIX)
    try:
        parsed = CRS.from_user_input(text)
    except (CRSError, ValueError, TypeError):
        return _one_line(text, 40)
    code = parsed.to_epsg(min_confidence=70)
    return f"EPSG:{code}" if code else _one_line(parsed.name, 60)


def _unknown(value: Any, name: str, what: str) -> str:
    raise ControlFileError(f"{name} declares a {what} this tool cannot identify: {_one_line(value, 80)}; export it in EPSG:4326")
