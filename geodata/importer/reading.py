"""From bytes to features: detect the format, open containers, guard each format, read with GDAL."""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from zipfile import ZipInfo

import numpy as np
import shapely

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer import containers, gdalread, jsonread, kmlcheck, kmlread
from geodata.importer.categories import CLASS_FIELDS, HINT_FIELDS
from geodata.importer.crs import UNSPECIFIED, WGS84, classify_crs, crs_label, transformer_to_wgs84
from geodata.importer.gdalread import DATE_FIELDS, NAME_FIELDS, Layer, field_value, geometries
from geodata.importer.limits import ImportLimits, date_from, date_in_name, quote
from geodata.importer.model import Feature, Parsed
from geodata.importer.sniff import Sniffed, check_extension, decode_text, sniff, sniff_text

#: How many KML documents linked from a KMZ's doc.kml are read (links inside the archive only).
MAX_LINKED_DOCUMENTS = 20


def parse(data: bytes, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    """Read a file's features (geometry as GDAL reads it, not yet checked), after the checks on its bytes.

    Parameters
    ----------
    data : bytes
        The file's content.
    name : str
        The file's name as shown in messages.
    limits : ImportLimits
        The limits on containers, text and features.
    repair : bool
        Build open or short rings closed instead of leaving them out as broken.

    Returns
    -------
    Parsed
        The features with their names, attributes, dates and classes' hints, the format and the declared CRS.

    Raises
    ------
    ControlFileError
        For anything wrong with the bytes, the container or the format, in one line.
    """
    sniffed = sniff(data)
    check_extension(name, sniffed)
    if sniffed.kind == "gzip":
        inner = containers.gunzip(data, name, limits)
        inner_name = name[:-3] if name.lower().endswith(".gz") else name
        if not inner:
            raise ControlFileError(f"{name} is empty once unpacked")
        inner_sniffed = sniff(inner)
        if inner_sniffed.kind in ("gzip", "zip"):
            raise ControlFileError(f"{name} holds {inner_sniffed.label} inside gzip; unpack it first")
        check_extension(inner_name, inner_sniffed)
        parsed = _parse_plain(inner, inner_sniffed, name, limits, repair)
        parsed.format += " (gzip)"
        return parsed
    if sniffed.kind == "zip":
        return _parse_zip(data, name, limits, repair)
    return _parse_plain(data, sniffed, name, limits, repair)


def _parse_plain(data: bytes, sniffed: Sniffed, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    if sniffed.kind == "json":
        checked = jsonread.read_json(sniffed.text or "", data, name, limits)
        layers = gdalread.read_layers(checked.gdal_bytes, name, limits, single=checked.format != "TopoJSON")
        crs = checked.crs
        if crs == UNSPECIFIED and checked.format == "TopoJSON":
            crs = _layer_crs(layers, name)
        parsed = _features(layers, checked.format, crs, name, repair, checked.ring_problems)
        parsed.file_date = checked.file_date
        parsed.warnings[:0] = checked.warnings
        return parsed
    if sniffed.kind == "kml":
        return _parse_kml(sniffed.text or "", name, limits, repair, "KML")
    if sniffed.kind in ("gpkg", "fgb"):
        layers = gdalread.read_layers(data, name, limits)
        label = "GeoPackage" if sniffed.kind == "gpkg" else "FlatGeobuf"
        return _features(layers, label, _layer_crs(layers, name), name, repair)
    if sniffed.kind == "csv" or sniffed.kind == "text" and name.lower().endswith((".csv", ".csv.gz")):
        return _parse_csv(data, name, limits, repair)
    raise ControlFileError(f"{name} is not a control file this tool reads: it looks like {sniffed.label}")


#: GDAL's CSV driver's open options: the columns that may hold a WKT geometry, or longitude and latitude.
CSV_OPTIONS = {
    "GEOM_POSSIBLE_NAMES": "WKT,wkt_geom,geometry,geom,the_geom,shape",
    "X_POSSIBLE_NAMES": "lon,long,longitude,lng,x",
    "Y_POSSIBLE_NAMES": "lat,latitude,y",
    "KEEP_GEOM_COLUMNS": "NO",
}


def _parse_csv(data: bytes, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    """A CSV table read by GDAL's CSV driver (given a ``.csv`` name inside an uncompressed ZIP, as GDAL needs)."""
    layers = gdalread.read_layers(containers.zip_of({"table.csv": data}), name, limits, single=True, options=CSV_OPTIONS)
    if not layers or all(w is None for w in layers[0].wkb):
        raise ControlFileError(
            f"{name} is a CSV table with no geometry column (a WKT column, or longitude and latitude columns): "
            "use a GeoJSON or GeoPackage export (python -m geodata export --out FILE.geojson)"
        )
    layers[0].name = ""
    return _features(layers, "CSV", UNSPECIFIED, name, repair)


def _parse_kml(
    text: str, name: str, limits: ImportLimits, repair: bool, label: str, linked: dict[str, bytes] | None = None
) -> Parsed:
    data = kmlcheck.as_utf8(text)
    check = kmlcheck.check_kml(data, name, limits)
    read = kmlread.read_kml(data, name, limits)
    parsed = Parsed(label, read.features, WGS84, warnings=_not_read(read.not_read))
    outside = [link for link in check.links if link]
    if linked is not None:
        outside = [link for link in outside if link not in linked]
    if outside:
        parsed.warnings.append(
            f"{len(outside)} network link(s) to files outside the file were not followed: only what is in the file is read"
        )
    return parsed


def _not_read(counts: Counter[str]) -> list[str]:
    """The warning for a KML's overlays, models and links, which are never control."""
    if not counts:
        return []
    listed = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    return [f"not read as control: {listed} (only placemarks' geometries are areas of control)"]


def _listed(archive: containers.Archive, filename: str) -> ZipInfo:
    """The entry of a name :meth:`~.containers.Archive.files` listed (always there; refused should it not be)."""
    entry = archive.find(filename)
    if entry is None:
        raise ControlFileError(f"{archive.name} lists {quote(filename)} but holds no such entry")
    return entry


def _parse_zip(data: bytes, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    archive = containers.open_archive(data, name, limits)
    files = archive.files()
    lower = [f.lower() for f in files]
    kml_files = [f for f, low in zip(files, lower, strict=False) if low.endswith(".kml")]
    if kml_files:
        return _parse_kmz(archive, kml_files, name, limits, repair)
    shapefiles = [f for f, low in zip(files, lower, strict=False) if low.endswith(".shp")]
    if shapefiles:
        return _parse_shapefiles(archive, files, shapefiles, name, limits, repair)
    inner = [
        f
        for f, low in zip(files, lower, strict=False)
        if low.endswith((".geojson", ".json", ".topojson", ".geojsonl", ".gpkg", ".fgb", ".csv"))
    ]
    if len(inner) == 1:
        entry_name = f"{name}/{_one_line(inner[0], 60)}"
        content = archive.read(_listed(archive, inner[0]))
        inner_sniffed = sniff(content)
        check_extension(entry_name, inner_sniffed)
        parsed = _parse_plain(content, inner_sniffed, entry_name, limits, repair)
        parsed.format += " (zipped)"
        return parsed
    listed = ", ".join(_one_line(f, 30) for f in (inner or files)[:5]) or "none"
    if len(inner) > 1:
        raise ControlFileError(f"{name} holds {len(inner)} data files ({listed}); send the one to import on its own")
    raise ControlFileError(f"{name} holds no KML document, shapefile or single GeoJSON file (files: {listed})")


def _parse_shapefiles(
    archive: containers.Archive, files: list[str], shapefiles: list[str], name: str, limits: ImportLimits, repair: bool
) -> Parsed:
    """Every shapefile of an archive, each a layer with its own CRS (from its ``.prj``)."""
    entries: dict[str, bytes] = {}
    for number, shapefile in enumerate(shapefiles):
        stem = os.path.splitext(shapefile)[0]
        for filename in files:
            base, extension = os.path.splitext(filename)
            if base == stem and extension.lower() in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                # Flattened, each shapefile under its own name (two folders may hold the same file name).
                entries[f"{number:02d}_{posixpath.basename(base)}{extension.lower()}"] = archive.read(_listed(archive, filename))
    layers = gdalread.read_layers(containers.zip_of(entries), name, limits)
    for layer in layers:
        layer.name = layer.name[3:] if re.match(r"\d\d_", layer.name) else layer.name
    parsed = _features(layers, "Shapefile (zipped)", _layer_crs(layers, name), name, repair)
    if len(shapefiles) > 1:
        parsed.warnings.append(
            f"{len(shapefiles)} shapefiles in the archive were read, each as a layer: "
            + ", ".join(quote(f) for f in shapefiles[:5])
        )
    return parsed


def _parse_kmz(archive: containers.Archive, kml_files: list[str], name: str, limits: ImportLimits, repair: bool) -> Parsed:
    # Google Earth reads the first .kml at the archive's root, by convention doc.kml.
    roots = [f for f in kml_files if "/" not in f.strip("/")]
    chosen = next((f for f in roots if f.lower() == "doc.kml"), None) or (roots or kml_files)[0]
    queue = [chosen]
    seen: set[str] = set()
    combined: Parsed | None = None
    while queue and len(seen) < MAX_LINKED_DOCUMENTS:
        current = queue.pop(0)
        entry = archive.find(current)
        if entry is None or entry.filename in seen:
            continue
        seen.add(entry.filename)
        inner = f"{name}/{_one_line(entry.filename, 60)}"
        text = decode_text(archive.read(entry))
        if text is None or not text.strip():
            raise ControlFileError(f"{inner} is not KML text")
        inner_sniffed = sniff_text(text)
        if inner_sniffed.kind != "kml":
            raise ControlFileError(f"{inner} is not KML: it looks like {inner_sniffed.label}")
        data = kmlcheck.as_utf8(text)
        check = kmlcheck.check_kml(data, inner, limits)
        inside: list[str] = []
        outside: list[str] = []
        for link in check.links:
            target = (
                posixpath.normpath(posixpath.join(posixpath.dirname(entry.filename), link))
                if link and "://" not in link and not link.startswith("/")
                else None
            )
            (inside if target and archive.find(target) is not None and target.lower().endswith(".kml") else outside).append(
                target or link
            )
        queue += inside
        read = kmlread.read_kml(data, inner, limits, index_offset=len(combined.features) if combined else 0)
        parsed = Parsed("KMZ", read.features, WGS84, warnings=_not_read(read.not_read))
        if outside:
            parsed.warnings.append(
                f"{len(outside)} network link(s) to files outside the archive were not followed: only what is in the file is read"
            )
        if combined is None:
            combined = parsed
        else:
            combined.features += parsed.features
            combined.warnings += parsed.warnings
    assert combined is not None
    if len(seen) > 1:
        combined.warnings.append(f"{len(seen) - 1} KML document(s) linked from {quote(chosen)} inside the archive were read")
    unread = [f for f in kml_files if (archive.find(f) or f) not in {archive.find(s) for s in seen}]
    if unread:
        listed = ", ".join(quote(f) for f in unread[:5]) + (" …" if len(unread) > 5 else "")
        combined.warnings.append(
            f"{len(unread)} other KML document(s) in the archive were not read (not linked from {quote(chosen)}): {listed}"
        )
    return combined


#: Layers of one file in different coordinate reference systems: each is reprojected to WGS 84 on its own.
MIXED = "mixed"


def _layer_crs(layers: list[Layer], name: str) -> str:
    kinds = {classify_crs(layer.crs, name) for layer in layers if any(w is not None for w in layer.wkb)}
    if len(kinds) > 1:
        return MIXED
    return kinds.pop() if kinds else UNSPECIFIED


def _to_wgs84(built: np.ndarray, crs: str) -> np.ndarray:
    """A layer's geometries reprojected from its own CRS to WGS 84 (pyproj), as GDAL's layers of a GeoPackage may differ."""
    if crs in (WGS84, UNSPECIFIED):
        return built
    transformer = transformer_to_wgs84(crs)
    present = np.array([g is not None for g in built], dtype=bool)
    if present.any():
        built = built.copy()
        built[present] = shapely.transform(built[present], lambda c: np.column_stack(transformer.transform(c[:, 0], c[:, 1])))
    return built


def _features(
    layers: list[Layer],
    format_name: str,
    crs: str,
    name: str,
    repair: bool,
    problems: dict[int, str] | None = None,
    offset: int = 0,
) -> Parsed:
    """Features from GDAL's layers: geometry built with shapely; names, dates, styles and class fields from the
    fields or the layer's name."""
    features: list[Feature] = []
    reprojected: list[str] = []
    position = 0
    for layer in layers:
        built, broken = geometries(layer.wkb, repair)
        if crs == MIXED:
            layer_crs = classify_crs(layer.crs, name)
            built = _to_wgs84(built, layer_crs)
            if layer_crs not in (WGS84, UNSPECIFIED) and len(built):
                reprojected.append(f"{quote(layer.name or 'layer')} from {crs_label(layer_crs)}")
        layer_date = date_in_name(layer.name)
        parts = layer.fields.get("part")
        for row in range(len(built)):
            title = field_value(layer, NAME_FIELDS, row)
            raw_date = field_value(layer, DATE_FIELDS, row)
            own_date = date_from(raw_date)
            part = parts[row] if parts is not None and isinstance(parts[row], str) else None
            style, colour = _style(layer, row)
            folder = str(field_value(layer, ("umap_layer",), row) or layer.name or "")
            features.append(
                Feature(
                    index=offset + position + 1,
                    name=str(title) if title is not None else "",
                    geometry=built[row],
                    date=own_date or layer_date or date_in_name(folder),
                    part=part,
                    problem=(problems or {}).get(position),
                    broken=bool(broken[row]),
                    style=style,
                    colour=colour,
                    attributes=_attributes(layer, row),
                    folder=folder,
                    date_text=str(raw_date)[:40] if raw_date is not None and own_date is None else None,
                )
            )
            position += 1
    parsed = Parsed(format_name, features, WGS84 if crs == MIXED else crs)
    if reprojected:
        parsed.warnings.append(
            "layers in their own coordinate reference systems were reprojected to WGS 84: " + ", ".join(reprojected[:5])
        )
    return parsed


_HEX = re.compile(r"#?([0-9a-fA-F]{6})(?:[0-9a-fA-F]{2})?$")
_OGR_BRUSH = re.compile(r"BRUSH\([^)]*fc:#([0-9a-fA-F]{6})", re.IGNORECASE)


def _style(layer: Layer, row: int) -> tuple[str, str | None]:
    """A feature's style as one text and its fill colour ``rrggbb``, from simplestyle, My Maps or GDAL's style string."""
    url = field_value(layer, ("styleurl",), row)
    fill = field_value(layer, ("fill", "fill_color", "fillcolor", "color", "colour"), row)
    ogr = field_value(layer, ("ogr_style",), row)
    colour = None
    if isinstance(fill, str) and _HEX.match(fill.strip()):
        colour = _HEX.match(fill.strip()).group(1).lower()  # type: ignore[union-attr]
    elif isinstance(ogr, str) and _OGR_BRUSH.search(ogr):
        colour = _OGR_BRUSH.search(ogr).group(1).lower()  # type: ignore[union-attr]
    style = str(url).strip() if isinstance(url, str) and url.strip() else (f"colour {colour}" if colour else "")
    return style, colour


def _attributes(layer: Layer, row: int) -> dict[str, str]:
    """The class-bearing fields of a feature that have a text value."""
    found: dict[str, str] = {}
    for key in (*CLASS_FIELDS, *HINT_FIELDS):
        value = field_value(layer, (key,), row)
        if isinstance(value, str) and value.strip():
            found[key] = value.strip()[:200]
    return found
