"""From bytes to features: detect the format, open containers, guard each format, read with GDAL."""

from __future__ import annotations

import os
import posixpath

from geodata.errors import ControlFileError
from geodata.errors import one_line as _one_line
from geodata.importer import containers, gdalread, kmlcheck, jsondoc
from geodata.importer.crs import UNSPECIFIED, WGS84, classify_crs
from geodata.importer.gdalread import DATE_FIELDS, NAME_FIELDS, Layer, field_value, geometries
from geodata.importer.limits import ImportLimits, date_from, date_in_name, quote
from geodata.importer.model import Feature, Parsed
from geodata.importer.sniff import check_extension, decode_text, sniff, sniff_text

#: How many KML documents linked from a KMZ's doc.kml are read (links inside the archive only).
MAX_LINKED_DOCUMENTS = 20


def parse(data: bytes, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    """Read a file's features (geometry as GDAL reads it, not yet checked), after the checks on its bytes.

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


def _parse_plain(data: bytes, sniffed, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    if sniffed.kind == "json":
        checked = jsondoc.read_json(sniffed.text or "", data, name, limits)
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
    raise ControlFileError(f"{name} is not a control file this tool reads: it looks like {sniffed.label}")


def _parse_kml(text: str, name: str, limits: ImportLimits, repair: bool, label: str, linked: dict[str, bytes] | None = None) -> Parsed:
    data = kmlcheck.as_utf8(text)
    check = kmlcheck.check_kml(data, name, limits)
    layers = gdalread.read_layers(data, name, limits) if check.placemarks else []
    parsed = _features(layers, label, WGS84, name, repair)
    outside = [link for link in check.links if link]
    if linked is not None:
        outside = [link for link in outside if link not in linked]
    if outside:
        parsed.warnings.append(f"{len(outside)} network link(s) to files outside the file were not followed: only what is in the file is read")
    return parsed


def _parse_zip(data: bytes, name: str, limits: ImportLimits, repair: bool) -> Parsed:
    archive = containers.open_archive(data, name, limits)
    files = archive.files()
    lower = [f.lower() for f in files]
    kml_files = [f for f, low in zip(files, lower) if low.endswith(".kml")]
    if kml_files:
        return _parse_kmz(archive, kml_files, name, limits, repair)
    shapefiles = [f for f, low in zip(files, lower) if low.endswith(".shp")]
    if shapefiles:
        stem = os.path.splitext(shapefiles[0])[0]
        entries = {}
        for filename in files:
            base, extension = os.path.splitext(filename)
            if base == stem and extension.lower() in (".shp", ".shx", ".dbf", ".prj", ".cpg"):
                entries[posixpath.basename(filename)] = archive.read(archive.find(filename))
        layers = gdalread.read_layers(containers.zip_of(entries), name, limits)
        parsed = _features(layers, "Shapefile (zipped)", _layer_crs(layers, name), name, repair)
        if len(shapefiles) > 1:
            parsed.warnings.append(f"{len(shapefiles)} shapefiles in the archive; only {quote(shapefiles[0])} was read")
        return parsed
    inner = [f for f, low in zip(files, lower) if low.endswith((".geojson", ".json", ".topojson", ".geojsonl", ".gpkg", ".fgb"))]
    if len(inner) == 1:
        entry_name = f"{name}/{_one_line(inner[0], 60)}"
        content = archive.read(archive.find(inner[0]))
        inner_sniffed = sniff(content)
        check_extension(entry_name, inner_sniffed)
        parsed = _parse_plain(content, inner_sniffed, entry_name, limits, repair)
        parsed.format += " (zipped)"
        return parsed
    listed = ", ".join(_one_line(f, 30) for f in files[:5]) or "none"
    raise ControlFileError(f"{name} holds no KML document, shapefile or single GeoJSON file (files: {listed})")


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
        inside, outside = [], []
        for link in check.links:
            target = posixpath.normpath(posixpath.join(posixpath.dirname(entry.filename), link)) if link and "://" not in link and not link.startswith("/") else None
            (inside if target and archive.find(target) is not None and target.lower().endswith(".kml") else outside).append(target or link)
        queue += inside
        layers = gdalread.read_layers(data, inner, limits) if check.placemarks else []
        parsed = _features(layers, "KMZ", WGS84, inner, repair, offset=len(combined.features) if combined else 0)
        if outside:
            parsed.warnings.append(f"{len(outside)} network link(s) to files outside the archive were not followed: only what is in the file is read")
        if combined is None:
            combined = parsed
        else:
            combined.features += parsed.features
            combined.warnings += parsed.warnings
    assert combined is not None
    if len(seen) > 1:
        combined.warnings.append(f"{len(seen) - 1} KML document(s) linked from {quote(chosen)} inside the archive were read")
    return combined


def _layer_crs(layers: list[Layer], name: str) -> str:
    kinds = {classify_crs(layer.crs, name) for layer in layers if any(w is not None for w in layer.wkb)}
    if len(kinds) > 1:
        raise ControlFileError(f"{name} has layers in different coordinate reference systems; export them all in EPSG:4326")
    return kinds.pop() if kinds else UNSPECIFIED


def _features(
    layers: list[Layer], format_name: str, crs: str, name: str, repair: bool, problems: dict[int, str] | None = None, offset: int = 0
) -> Parsed:
    """Features from GDAL's layers: geometry built with shapely, names and dates from the fields or the layer's name."""
    features: list[Feature] = []
    position = 0
    for layer in layers:
        built, broken = geometries(layer.wkb, repair)
        layer_date = date_in_name(layer.name)
        parts = layer.fields.get("part")
        for row in range(len(built)):
            title = field_value(layer, NAME_FIELDS, row)
            own_date = date_from(field_value(layer, DATE_FIELDS, row))
            part = parts[row] if parts is not None and isinstance(parts[row], str) else None
            features.append(
                Feature(
                    index=offset + position + 1,
                    name=str(title) if title is not None else "",
                    geometry=built[row],
                    date=own_date or layer_date,
                    part=part,
                    problem=(problems or {}).get(position),
                    broken=bool(broken[row]),
                )
            )
            position += 1
    return Parsed(format_name, features, crs)
