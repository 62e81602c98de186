"""The JSON flavours that are not GeoJSON: Esri JSON, TopoJSON and uMap backups, checked before GDAL reads them.

Called by :func:`geodata.importer.jsondoc.read_json` once the text is parsed.
"""

from __future__ import annotations

import json
from typing import Any

from geodata.errors import ControlFileError, one_line as _one_line
from geodata.importer.crs import UNSPECIFIED, classify_crs
from geodata.importer.jsondoc import TRUNCATED_WARNING, JsonRead, Walk, crs_member, dump, truncated
from geodata.importer.limits import date_in_name


def umap(doc: dict[str, Any], name: str, walk: Walk, warnings: list[str], problems: dict[int, str]) -> JsonRead:
    """A uMap backup (``{"type": "umap", "layers": [FeatureCollection …]}``): its layers' features, each told its layer.

    Parameters
    ----------
    doc : dict
        The parsed backup.
    name : str
        The file's name as shown in messages.
    walk : Walk
        The structure check, which counts the vertices.
    warnings : list of str
        The warnings so far; the one saying it was a uMap backup is added.
    problems : dict of int to str
        Filled with each feature's first open or too-short ring (by feature index).

    Returns
    -------
    JsonRead
        A FeatureCollection of every layer's features, each with its layer's name as ``umap_layer``.

    Raises
    ------
    ControlFileError
        When the layers are not FeatureCollections, or a feature breaks the walk's checks and limits.
    """
    layers = doc.get("layers")
    if not isinstance(layers, list) or not all(
        isinstance(layer, dict) and isinstance(layer.get("features"), list) for layer in layers
    ):
        raise ControlFileError(
            f"{name} is a uMap backup whose layers cannot be read: in uMap, export the layer as GeoJSON and import that"
        )
    features: list[Any] = []
    for number, layer in enumerate(layers, start=1):
        options = layer.get("_umap_options") if isinstance(layer.get("_umap_options"), dict) else {}
        layer_name = str(options.get("name") or f"layer {number}")
        for item in layer["features"]:
            if isinstance(item, dict) and isinstance(item.get("properties"), dict):
                item = dict(item, properties=dict(item["properties"], umap_layer=layer_name))
            features.append(item)
    walk.features(features, problems)
    warnings.append(f"a uMap backup: the features of its {len(layers)} layer(s) were read")
    document = {"type": "FeatureCollection", "features": features}
    return JsonRead(
        "uMap backup",
        dump(document),
        UNSPECIFIED,
        date_in_name(doc.get("properties", {}).get("name") if isinstance(doc.get("properties"), dict) else None),
        warnings,
        problems,
        walk.vertices,
    )


def esri(doc: dict[str, Any], data: bytes, name: str, walk: Walk, warnings: list[str]) -> JsonRead:
    """Esri JSON (an ArcGIS REST query with ``f=json``): ``attributes`` and ``geometry.rings``.

    Parameters
    ----------
    doc : dict
        The parsed response.
    data : bytes
        The file's bytes as UTF-8, handed to GDAL's ESRIJSON driver.
    name : str
        The file's name as shown in messages.
    walk : Walk
        The structure check, which counts the vertices.
    warnings : list of str
        The warnings so far; a truncated query's warning is added.

    Returns
    -------
    JsonRead
        The bytes for GDAL, the CRS of the ``spatialReference`` and the vertices counted.

    Raises
    ------
    ControlFileError
        For a spatialReference that is not an object or cannot be identified, geometries in several references,
        and anything the walk refuses.
    """
    reference = doc.get("spatialReference")
    crs = UNSPECIFIED
    if reference is not None:
        if not isinstance(reference, dict):
            raise ControlFileError(f"{name} has a spatialReference that is not an object")
        value = reference.get("latestWkid", reference.get("wkid", reference.get("wkt")))
        crs = classify_crs(value, name, "spatialReference") if value is not None else UNSPECIFIED
    if reference is None:
        # Some servers and tools put the spatialReference on each geometry instead of the response.
        seen = {
            json.dumps(f["geometry"]["spatialReference"], sort_keys=True)
            for f in doc["features"]
            if isinstance(f, dict)
            and isinstance(f.get("geometry"), dict)
            and isinstance(f["geometry"].get("spatialReference"), dict)
        }
        if len(seen) > 1:
            raise ControlFileError(
                f"{name} has geometries in {len(seen)} different spatial references; export them all in EPSG:4326"
            )
        if seen:
            own = json.loads(seen.pop())
            value = own.get("latestWkid", own.get("wkid", own.get("wkt")))
            crs = classify_crs(value, name, "spatialReference") if value is not None else UNSPECIFIED
    if "transform" in doc:
        raise ControlFileError(
            f"{name} is a quantized ArcGIS query (its coordinates are integers relative to a 'transform'); "
            "run the query again without quantizationParameters"
        )
    features = doc["features"]
    if len(features) > walk.limits.max_features:
        raise ControlFileError(f"{name} has {len(features):,} features; the limit is {walk.limits.max_features:,}")
    for index, item in enumerate(features, start=1):
        walk.where = f"feature {index}"
        if not isinstance(item, dict):
            raise walk.fail("is not a JSON object")
        geometry = item.get("geometry")
        if geometry is None:
            continue
        if not isinstance(geometry, dict):
            raise walk.fail("has a geometry that is not an object")
        if "curveRings" in geometry or "curvePaths" in geometry:
            raise walk.fail("has curved rings (curveRings), which are not read; run the query again with returnTrueCurves=false")
        rings = geometry.get("rings")
        if rings is not None:
            if not isinstance(rings, list):
                raise walk.fail("has rings that are not a list")
            for ring in rings:
                walk.ring(ring, polygon_ring=False)
    if truncated(doc):
        warnings.append(TRUNCATED_WARNING)
        doc = {k: v for k, v in doc.items() if k != "exceededTransferLimit"}
        data = dump(doc)
    return JsonRead("Esri JSON", data, crs, None, warnings, {}, walk.vertices)


def topojson(doc: dict[str, Any], data: bytes, name: str, walk: Walk, warnings: list[str]) -> JsonRead:
    """TopoJSON (mapshaper, topojson-server): the arcs are checked and counted; GDAL assembles the objects.

    Parameters
    ----------
    doc : dict
        The parsed Topology.
    data : bytes
        The file's bytes as UTF-8, handed to GDAL's TopoJSON driver.
    name : str
        The file's name as shown in messages.
    walk : Walk
        The structure check, which counts the vertices (each object's rings counted with the arcs they copy).
    warnings : list of str
        The warnings so far.

    Returns
    -------
    JsonRead
        The bytes for GDAL and the vertices counted.

    Raises
    ------
    ControlFileError
        For a Topology without arcs and objects, arcs that are not lists of positions, or more features or vertices
        than the limits allow.
    """
    arcs = doc.get("arcs")
    objects = doc.get("objects")
    if not isinstance(arcs, list) or not isinstance(objects, dict):
        raise ControlFileError(f"{name} is a TopoJSON Topology without a list of arcs and an object of objects")
    lengths: list[int] = []
    for index, arc in enumerate(arcs, start=1):
        walk.where = f"arc {index}"
        if type(arc) is not list:
            raise walk.fail("is not a list of positions")
        if len(arc) > walk.limits.max_ring_vertices:
            raise walk.fail(f"has {len(arc):,} positions; the limit is {walk.limits.max_ring_vertices:,} per ring")
        lengths.append(len(arc))
    # What GDAL would build: each object's rings copy the arcs they reference. Counted here, before any arc is
    # read as coordinates or GDAL expands one (1,000 objects sharing one 50,000-vertex arc are 50 million vertices).
    walk.vertices = 0
    features = _count_topology(objects, lengths, name, walk)
    if features > walk.limits.max_features:
        raise ControlFileError(f"{name} has {features:,} features; the limit is {walk.limits.max_features:,}")
    for index, arc in enumerate(arcs, start=1):
        walk.where = f"arc {index}"
        for position in arc:
            if type(position) is not list or len(position) < 2:
                raise walk.fail("has a position that is not [x, y]")
            for value in position[:2]:
                if type(value) is not float:
                    walk.number(value, "coordinate")
    crs = crs_member(doc, name)
    return JsonRead("TopoJSON", data, crs, date_in_name(doc.get("name")), warnings, {}, walk.vertices)


def _count_topology(objects: dict[str, Any], lengths: list[int], name: str, walk: Walk) -> int:
    """Count the vertices a Topology's objects reference (arc length × uses) against the limits; return its features.

    Raises
    ------
    ControlFileError
        For an arc index that is not an arc, a ring over the per-ring limit, or more vertices than allowed in all.
    """
    count = len(lengths)
    features = 0

    def ring(indices: Any) -> None:
        if type(indices) is not list:
            raise walk.fail("has arcs that are not a list of arc indices")
        total = 0
        for index in indices:
            if type(index) is not int or not -count <= index < count:
                raise walk.fail(f"refers to arc {_one_line(index, 20)}, which the file does not hold")
            total += lengths[index if index >= 0 else ~index]
        if total > walk.limits.max_ring_vertices:
            raise walk.fail(f"has a ring of {total:,} vertices; the limit is {walk.limits.max_ring_vertices:,} per ring")
        walk.vertices += total
        if walk.vertices > walk.limits.max_vertices:
            raise ControlFileError(
                f"{name} has more than {walk.limits.max_vertices:,} vertices in its areas: its first {features:,} objects "
                "already "
                f"reference {walk.vertices:,} (an arc counts every time an object uses it); simplify it first"
            )

    def geometry(item: Any, depth: int) -> None:
        nonlocal features
        if type(item) is not dict:
            raise ControlFileError(f"{name}: an object of the Topology is not a JSON object")
        kind, arcs = item.get("type"), item.get("arcs")
        if kind == "GeometryCollection":
            if depth > walk.limits.max_collection_depth:
                raise ControlFileError(f"{name} nests GeometryCollections more than {walk.limits.max_collection_depth} deep")
            members = item.get("geometries") or []
            if type(members) is not list:
                raise ControlFileError(f"{name}: a GeometryCollection of the Topology has no list of geometries")
            for member in members:
                geometry(member, depth + 1)
            return
        features += 1
        walk.where = f"feature {features}"
        if kind in ("LineString",):
            ring(arcs)
        elif kind in ("Polygon", "MultiLineString"):
            for part in arcs if type(arcs) is list else [arcs]:
                ring(part)
        elif kind == "MultiPolygon":
            for polygon in arcs if type(arcs) is list else [arcs]:
                for part in polygon if type(polygon) is list else [polygon]:
                    ring(part)

    for item in objects.values():
        geometry(item, 0)
    return features
