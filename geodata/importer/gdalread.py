"""Reading through GDAL (pyogrio): every layer of a file given as bytes, geometry as shapely, fields as arrays.

pyogrio hands the bytes to GDAL as a ``/vsimem/`` file (a ZIP as ``/vsizip//vsimem/…``); nothing is read
from disk or the network. The bytes given here have passed the project's own checks already.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass
from typing import Any

import numpy as np
import shapely

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer.categories import CLASS_FIELDS, HINT_FIELDS
from geodata.importer.limits import ImportLimits

logger = logging.getLogger(__name__)

#: Fields read besides the geometry: names, dates, and the project's own export's parts.
NAME_FIELDS = ("name", "title", "label", "назва", "название")
DATE_FIELDS = ("date", "datetime", "date_time", "as_of", "asof", "timestamp", "control_as_of", "when", "begin", "дата")
OTHER_FIELDS = ("part", "region_id")
#: What a feature is drawn with: simplestyle-spec and Google My Maps' GeoJSON, GDAL's style string.
STYLE_FIELDS = ("styleurl", "fill", "fill_color", "fillcolor", "color", "colour", "ogr_style", "umap_layer")
_WANTED = set(NAME_FIELDS) | set(DATE_FIELDS) | set(OTHER_FIELDS) | set(STYLE_FIELDS) | set(CLASS_FIELDS) | set(HINT_FIELDS)


@dataclass
class Layer:
    """One layer as GDAL read it.

    Attributes
    ----------
    name : str
        The layer's name ('' when GDAL named it after the in-memory file).
    crs : str or None
        What GDAL says the layer's CRS is (``EPSG:4326``, WKT), or ``None``.
    wkb : numpy.ndarray
        Each feature's geometry as WKB (``None`` for a null geometry), shape (n,).
    fields : dict of str to numpy.ndarray
        The fields the importer reads (names, dates, parts, styles, classes) the layer has, by their name in
        lower case, shape (n,) each.
    driver : str
        GDAL's driver.
    """

    name: str
    crs: str | None
    wkb: np.ndarray
    fields: dict[str, np.ndarray]
    driver: str


def read_layers(
    data: bytes, name: str, limits: ImportLimits, *, single: bool = False, options: dict[str, str] | None = None
) -> list[Layer]:
    """Every layer of a file GDAL can read, given as bytes (only the first with ``single``: GeoJSON has one).

    ``options`` are the driver's open options (GDAL's CSV driver: which columns hold the geometry).

    Parameters
    ----------
    data : bytes
        The file's content (read from memory: no path is opened).
    name : str
        The file's name as shown in messages.
    limits : ImportLimits
        The limits on layers and features.
    single : bool
        Read only the first layer.
    options : dict of str to str, optional
        GDAL open options.

    Returns
    -------
    list of Layer
        Each layer's name, geometries as WKB, fields and declared CRS.

    Raises
    ------
    ControlFileError
        When GDAL cannot open the bytes, or more layers or features than the limits allow.
    """
    import pyogrio
    from pyogrio.errors import DataLayerError, DataSourceError, FieldError, GeometryError

    errors = (DataLayerError, DataSourceError, FieldError, GeometryError, RuntimeError, ValueError, OSError)
    layers: list[Layer] = []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # GDAL's warnings (an unknown field type, …): the checks that follow say what matters
        listed: list[str] = [""]
        if not single:
            try:
                listed = [str(n) for n, _kind in pyogrio.list_layers(data)]
            except errors as exc:
                logger.info("GDAL could not open %s: %s", name, exc)
                raise ControlFileError(f"{name} could not be read by GDAL: {_one_line(exc, 120)}") from None
            if len(listed) > limits.max_layers:
                raise ControlFileError(f"{name} has {len(listed):,} layers; the limit is {limits.max_layers}")
        features = 0
        for index, layer_name in enumerate(listed):
            try:
                meta, _fids, wkb, values = pyogrio.raw.read(data, layer=index, force_2d=True, **(options or {}))
            except errors as exc:
                logger.info("GDAL could not read layer %s of %s: %s", index, name, exc)
                where = f"layer {index + 1}" if len(listed) > 1 else "it"
                raise ControlFileError(f"{name}: {where} could not be read by GDAL: {_one_line(exc, 120)}") from None
            wkb = wkb if wkb is not None else np.full(len(values[0]) if len(values) else 0, None, dtype=object)
            features += len(wkb)
            if features > limits.max_features:
                raise ControlFileError(
                    f"{name} has more than {limits.max_features:,} features; the limit is {limits.max_features:,}"
                )
            shown = "" if layer_name.startswith("pyogrio_") else layer_name
            # Field names compared in lower case (Name, NAME, name); the first of each spelling is kept.
            fields: dict[str, np.ndarray] = {}
            for field_name, column in zip(meta["fields"], values, strict=False):
                lower = str(field_name).lower()
                if lower in _WANTED and lower not in fields:
                    fields[lower] = column
            layers.append(Layer(shown, meta.get("crs"), wkb, fields, str(meta.get("driver", ""))))
    return layers


def geometries(wkb: np.ndarray, repair: bool) -> tuple[np.ndarray, np.ndarray]:
    """Shapely geometries from WKB, and which could not be built as they are (an open or too-short ring).

    With ``repair``, those are built as GEOS fixes them (rings closed); without, they are ``None``.

    Parameters
    ----------
    wkb : numpy.ndarray
        The layer's geometries as WKB (``None`` for a feature without one).
    repair : bool
        Build the broken ones as GEOS fixes them.

    Returns
    -------
    tuple of numpy.ndarray
        The geometries (object array, ``None`` where none was built) and a boolean array of the broken ones.
    """
    with np.errstate(invalid="ignore"), warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # an unbuildable ring: found below, reported by the assembly
        built = shapely.from_wkb(wkb, on_invalid="ignore")
    broken = np.array([w is not None and g is None for w, g in zip(wkb, built, strict=False)], dtype=bool)
    if repair and broken.any():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            built[broken] = shapely.from_wkb(wkb[broken], on_invalid="fix")
    return built, broken


def field_value(layer: Layer, names: tuple[str, ...], row: int) -> Any:
    """The first of ``names`` the layer has a non-empty value for, in that row.

    Parameters
    ----------
    layer : Layer
        The layer read.
    names : tuple of str
        The field names to try, in order.
    row : int
        The feature's row in the layer.

    Returns
    -------
    Any
        The value (not ``None``, NaN, NaT or blank text), or ``None`` when no field has one.
    """
    for field_name in names:
        column = layer.fields.get(field_name)
        if column is None:
            continue
        value = column[row]
        if value is None or (isinstance(value, float) and np.isnan(value)) or (isinstance(value, str) and not value.strip()):
            continue
        if isinstance(value, np.datetime64) and np.isnat(value):
            continue
        return value
    return None
