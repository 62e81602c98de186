"""KML text for the KML export (:func:`geodata.export.export_kml`): colours and geometries, coordinates in WGS 84
degrees to 5 decimals (about 1 m)."""

from __future__ import annotations

from shapely.geometry import MultiPolygon, Polygon
from shapely.geometry.base import BaseGeometry


def kml_color(hex_color: str, alpha: int = 0xCC) -> str:
    """A ``#rrggbb`` colour as KML writes colours: ``aabbggrr``.

    Parameters
    ----------
    hex_color : str
        The colour, ``#rrggbb``.
    alpha : int
        The opacity, 0 (transparent) to 255.

    Returns
    -------
    str
        Eight hex digits, lower case.
    """
    red, green, blue = hex_color[1:3], hex_color[3:5], hex_color[5:7]
    return f"{alpha:02x}{blue}{green}{red}".lower()


def _kml_coords(ring: BaseGeometry) -> str:
    return " ".join(f"{x:.5f},{y:.5f}" for x, y in ring.coords)


def _kml_polygon(polygon: Polygon) -> str:
    inner = "".join(
        f"<innerBoundaryIs><LinearRing><coordinates>{_kml_coords(r)}</coordinates></LinearRing></innerBoundaryIs>"
        for r in polygon.interiors
    )
    outer = (
        f"<outerBoundaryIs><LinearRing><coordinates>{_kml_coords(polygon.exterior)}</coordinates></LinearRing></outerBoundaryIs>"
    )
    return f"<Polygon>{outer}{inner}</Polygon>"


def kml_geometry(geometry: BaseGeometry) -> str:
    """A geometry as a KML geometry element.

    Parameters
    ----------
    geometry : BaseGeometry
        A Polygon or MultiPolygon (a region part), or a line or lines (the line of contact), in WGS 84 degrees.

    Returns
    -------
    str
        ``<Polygon>``, or a ``<MultiGeometry>`` of polygons or of ``<LineString>`` elements.
    """
    if isinstance(geometry, Polygon):
        return _kml_polygon(geometry)
    if isinstance(geometry, MultiPolygon):
        return "<MultiGeometry>" + "".join(_kml_polygon(p) for p in geometry.geoms) + "</MultiGeometry>"
    lines = [geometry] if geometry.geom_type == "LineString" else list(getattr(geometry, "geoms", []))
    return (
        "<MultiGeometry>"
        + "".join(f"<LineString><coordinates>{_kml_coords(line)}</coordinates></LineString>" for line in lines)
        + "</MultiGeometry>"
    )
