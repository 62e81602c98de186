"""Assembly: the used features' geometry checked, repaired if asked, merged and cut to each region."""

from __future__ import annotations

import hashlib
from collections import Counter
from types import MappingProxyType

import shapely
from shapely.geometry.base import BaseGeometry

from geodata.areas import equal_area_km2
from geodata.control import ControlSnapshot
from geodata.dataset import Dataset
from geodata.errors import ControlFileError
from geodata.importer.categories import AREA, AREA_CLASSES, CONTROL_CATEGORIES, DEEPSTATE_SEPARATOR, NO_GEOMETRY, category
from geodata.importer.classes import classify
from geodata.importer.crs import UNSPECIFIED, WEB_MERCATOR, WGS84, crs_label
from geodata.importer.geometry import (
    Checker,
    RepairLog,
    as_drawn,
    cut_to_regions,
    kinds_of,
    merged,
    polygonal,
    polygons_of,
    valid_area,
)
from geodata.importer.limits import ImportLimits, quote
from geodata.importer.model import Feature, Parsed
from geodata.importer.results import ImportResult, ImportSummary
from geodata.stats import area_factor

#: The date a snapshot gets when neither the caller nor the file gives one.
UNDATED = "undated"


def assemble(
    parsed: Parsed,
    name: str,
    sha: str,
    size: int,
    as_of: str | None,
    repair: bool,
    limits: ImportLimits,
    dates: tuple[str, ...] = (),
    *,
    dataset: Dataset,
) -> ImportResult:
    """Check and (if asked) repair the used features, and cut their union to the regions.

    Parameters
    ----------
    parsed : Parsed
        The features read, for one date (:func:`.history.choose`).
    name : str
        The file's name as shown in messages.
    sha : str
        The SHA-256 of the file's bytes, hex (part of the snapshot's key).
    size : int
        The file's size in bytes.
    as_of : str or None
        The date the user gave, YYYY-MM-DD; else the features' or the file's own date is used.
    repair : bool
        Close open rings and make invalid polygons valid, reporting what changed.
    limits : ImportLimits
        The limits on vertices.
    dates : tuple of str
        Every date the file holds (for the summary), YYYY-MM-DD.
    dataset : Dataset
        The regions the areas are cut to.

    Returns
    -------
    ImportResult
        The snapshot (each region's held part in WGS 84 degrees) and the summary: areas in km² (EPSG:6933), shares 0-1.

    Raises
    ------
    ControlFileError
        For coordinates or geometry that cannot be used, or a file with nothing to use.
    """
    own_export = any(f.part is not None for f in parsed.features)
    deepstate = not own_export and (
        parsed.format.startswith("DeepStateMap") or any(DEEPSTATE_SEPARATOR in f.name for f in parsed.features)
    )
    format_name = parsed.format + (
        " (DeepStateMap categories)" if deepstate and not parsed.format.startswith("DeepStateMap") else ""
    )
    if own_export:
        format_name += " (this tool's export)"
    warnings = list(parsed.warnings)
    undatable = [f for f in parsed.features if f.date_text and f.geometry is not None]
    if undatable:
        first = undatable[0]
        warnings.append(
            f"{len(undatable)} feature(s) carry a date that could not be read (feature {first.index}: {quote(first.date_text)}); "
            "they are undated: write dates as YYYY-MM-DD or DD.MM.YYYY"
        )
    categories: Counter[str] = Counter()
    checker = Checker(name, limits, parsed.crs)
    log = RepairLog()
    areas: list[tuple[Feature, str]] = []
    for feature in parsed.features:
        where = f"feature {feature.index}" + (f" {quote(feature.name)}" if feature.name else "")
        if feature.broken and not repair:
            problem = feature.problem or f"{where} has a ring that is not closed or has fewer than 4 positions"
            raise ControlFileError(f"{name}: {problem}; re-run with repair accepted (--repair) to close it")
        kinds = kinds_of(feature.geometry)
        kind = category(kinds, feature.name, deepstate, feature.part)
        if kind == AREA and not own_export:
            areas.append((feature, where))
        else:
            categories[kind] += 1
    classes, class_warnings = classify([f for f, _w in areas], name) if areas else ([], [])
    warnings += class_warnings
    counted: list[tuple[Feature, str]] = []
    others: dict[str, list[BaseGeometry]] = {}
    for (feature, where), kind in zip(areas, classes, strict=False):
        categories[kind] += 1
        if kind in CONTROL_CATEGORIES:
            counted.append((feature, where))
        else:
            others.setdefault(kind, [])
            polygons = polygons_of(feature.geometry) if feature.geometry is not None else []
            if polygons:
                shape = shapely.multipolygons(polygons) if len(polygons) > 1 else polygons[0]
                checker.count(shape, where)
                others[kind].append(checker.to_degrees(shape, where))
    if own_export:
        counted = [
            (f, f"feature {f.index}") for f in parsed.features if f.part == "russian_held" and "area" in kinds_of(f.geometry)
        ]
    geometries: list[BaseGeometry] = []
    used = empty = 0
    far: list[str] = []
    for feature, where in counted:
        if feature.problem and not repair:
            raise ControlFileError(f"{name}: {feature.problem} (re-run with repair accepted (--repair))")
        if feature.broken:
            log.closed_rings += 1
        polygons = polygons_of(feature.geometry) if feature.geometry is not None else []
        if not polygons:
            empty += 1
            continue
        area: BaseGeometry = shapely.multipolygons(polygons) if len(polygons) > 1 else polygons[0]
        checker.count(area, where)
        area = checker.to_degrees(area, where)
        beyond = checker.beyond_reach(area, where)
        if beyond is not None:
            far.append(beyond)
            continue
        geometry: BaseGeometry
        if shapely.get_type_id(feature.geometry) == 7:
            # A GeometryCollection (KML MultiGeometry): its members may touch or overlap; each is checked, then united.
            members = [valid_area([p], where, name, repair, log) for p in polygons_of(area)]
            geometry = polygonal(shapely.union_all([m for m in members if not m.is_empty]))
        else:
            geometry = valid_area(polygons_of(area), where, name, repair, log)
        if geometry.is_empty:
            empty += 1
            continue
        geometries.append(geometry)
        used += 1
    if far:
        if not geometries:
            raise ControlFileError(far[0])
        warnings.append(
            f"{len(far)} area(s) lie wholly outside the area this map covers and were left out ({far[0].split(': ', 1)[-1]})"
        )
    if categories[NO_GEOMETRY]:
        warnings.append(f"{categories[NO_GEOMETRY]} feature(s) without a geometry were skipped")
    if empty:
        warnings.append(f"{empty} feature(s) with an empty geometry were skipped")
    if not geometries:
        raise ControlFileError(_nothing_to_use(name, categories, deepstate or bool(others), empty, own_export))
    skipped = {c: n for c, n in categories.items() if c not in CONTROL_CATEGORIES and c != NO_GEOMETRY}
    if skipped:
        warnings.append("not used: " + ", ".join(f"{c} {n}" for c, n in sorted(skipped.items())))
    if own_export:
        warnings.append("this is the tool's own export: only its russian_held parts are used as control")
    if parsed.crs == WEB_MERCATOR:
        warnings.append("coordinates reprojected from Web Mercator (EPSG:3857) to WGS 84")
    kml = parsed.format.startswith(("KML", "KMZ"))
    crs = {
        WGS84: "WGS 84 (as KML always is)" if kml else "WGS 84 (declared)",
        WEB_MERCATOR: "Web Mercator (EPSG:3857), reprojected to WGS 84",
        UNSPECIFIED: "WGS 84 (none declared; the coordinates are longitude/latitude)",
    }.get(parsed.crs) or f"{crs_label(parsed.crs)}, reprojected to WGS 84"

    held = merged(geometries)
    del geometries
    by_region = cut_to_regions(held, dataset.regions().geometry)
    if not by_region:
        raise ControlFileError(
            f"{name}: none of its {used} area(s) lies inside the regions of Ukraine (they are all in the sea or another country)"
        )
    # The one area method (docs/method.md): computed in EPSG:6933, scaled by the country-wide factor, so the
    # summary's area is the one the statistics give for the same line.
    factor = area_factor(dataset=dataset)
    computed_total_km2, *computed_km2 = equal_area_km2([held, *by_region.values()])
    total_km2, region_km2 = factor * computed_total_km2, [factor * km2 for km2 in computed_km2]
    inside_km2 = float(sum(region_km2))
    outside_km2 = max(0.0, total_km2 - inside_km2)
    if outside_km2 > max(1.0, 0.001 * total_km2):
        warnings.append(
            f"{outside_km2:,.0f} km² of the areas in the file lie outside the 1991 borders of Ukraine (in the sea or another "
            "country) and were left out"
        )

    date_source, snapshot_date = "none", UNDATED
    if as_of is not None:
        snapshot_date, date_source = as_of, "given"
        if parsed.file_date and parsed.file_date != as_of:
            warnings.append(f"the file is dated {parsed.file_date}; the date given, {as_of}, is used")
    elif parsed.file_date:
        snapshot_date, date_source = parsed.file_date, "file"

    repairs: list[str] = []
    repair_before = repair_after = 0.0
    if log.closed_rings:
        repairs.append(f"closed {log.closed_rings} ring(s) whose last position differed from the first")
    if log.made_valid:
        # "Before" is the area as drawn: the faces its rings enclose, as map programs fill them (even-odd); GEOS's
        # area of an invalid ring is meaningless (a bow tie's two triangles cancel out to 0).
        drawn_km2 = [
            factor * km2 for km2 in equal_area_km2([g for entry in log.made_valid for g in (as_drawn(entry[2]), entry[3])])
        ]
        for position, (where, reason, _before, _after) in enumerate(log.made_valid):
            before, after = drawn_km2[2 * position], drawn_km2[2 * position + 1]
            repair_before += before
            repair_after += after
            repairs.append(f"{where}: {reason}, made valid (area as drawn {before:,.1f} km² before, {after:,.1f} km² after)")

    # The name is part of the key: caches shared by sessions never hand one user's file name to another.
    name_digest = hashlib.sha256(name.encode("utf-8", "replace")).hexdigest()[:12]
    # So are the shapes themselves: one file can give several (each date of a history, with or without a date
    # the user set), and caches key on this string.
    shapes = hashlib.sha256()
    for region_id in sorted(by_region):
        shapes.update(region_id.encode())
        shapes.update(shapely.to_wkb(by_region[region_id]))
    key = f"upload:{sha}:{'repaired' if repair else 'strict'}:{snapshot_date}:{name_digest}:{shapes.hexdigest()[:16]}"
    used_categories = tuple(c for c in CONTROL_CATEGORIES if categories[c])
    class_table = _class_table(categories, used_categories, inside_km2, others, dataset.outline(), factor)
    snapshot = ControlSnapshot(
        as_of=snapshot_date,
        method=(
            f"Imported from {name} ({format_name}): {used} area feature(s) ({', '.join(used_categories)}) merged and clipped to "
            f"the regions{'; geometry repaired' if log.changed else ''}."
        ),
        sources=(f"User file {name}, sha256 {sha}",),
        by_region=MappingProxyType(by_region),
        key=key,
        label=name,
        extra=MappingProxyType({"format": format_name, "sha256": sha, "repair": repair}),
    )
    # As Dataset.region_parts computes it (held part over region, EPSG:6933), without the line of contact.
    region_areas = _region_areas_km2(dataset=dataset)
    held_km2 = dict(zip(by_region, computed_km2, strict=False))
    shares = {r: min(1.0, held_km2.get(r, 0.0) / a) for r, a in region_areas.items()}
    summary = ImportSummary(
        label=name,
        format=format_name,
        sha256=sha,
        size_bytes=size,
        features_read=len(parsed.features),
        features_used=used,
        categories=MappingProxyType(dict(sorted(categories.items()))),
        categories_used=used_categories,
        area_km2=inside_km2,
        area_outside_km2=outside_km2,
        shares=MappingProxyType({r: float(shares[r]) for r in sorted(shares)}),
        as_of=snapshot_date,
        date_source=date_source,
        crs=crs,
        warnings=tuple(warnings),
        repairs=tuple(repairs),
        repaired_features=len(log.made_valid),
        repair_area_before_km2=repair_before,
        repair_area_after_km2=repair_after,
        vertices=checker.vertices,
        repair=repair,
        dates=dates,
        classes=MappingProxyType(class_table),
    )
    return ImportResult(snapshot=snapshot, summary=summary)


def _region_areas_km2(*, dataset: Dataset) -> dict[str, float]:
    return dataset.memo(_compute_region_areas_km2, dataset)


def _compute_region_areas_km2(dataset: Dataset) -> dict[str, float]:
    regions = dataset.regions()
    return dict(zip(regions.index, equal_area_km2(list(regions.geometry)), strict=False))


def _nothing_to_use(name: str, categories: Counter[str], deepstate: bool, empty: int, own_export: bool) -> str:
    found = ", ".join(f"{c} {n}" for c, n in sorted(categories.items()))
    if not found:
        return f"{name} holds no features"
    if own_export:
        return (
            f"{name} is this tool's own export with no russian_held parts (found: {found}); "
            "import a control snapshot (geodata/data/control/DATE.geojson) instead"
        )
    if deepstate:
        return f"{name} has no occupied areas to use (found: {found})"
    if empty or categories[NO_GEOMETRY]:
        return f"{name} has no polygons of control: every area's geometry is empty or null (found: {found})"
    return f"{name} has no polygons of control, only {found}; control must be drawn as areas (Polygon or MultiPolygon)"


def _class_table(
    categories: Counter[str],
    used: tuple[str, ...],
    used_km2: float,
    others: dict[str, list[BaseGeometry]],
    ukraine: BaseGeometry,
    factor: float,
) -> dict[str, dict[str, object]]:
    """Every class of area found: its features, its area inside Ukraine's regions (km², by the one area method:
    EPSG:6933 times ``factor``), whether counted.

    The counted classes share the one area used (they are merged); each other class's area is its union's part
    inside the regions, its polygons made valid quietly (it is reported, never used).
    """
    table: dict[str, dict[str, object]] = {}
    for kind in used:
        table[kind] = {"features": categories[kind], "area_km2": used_km2 if kind == used[0] else 0.0, "counted": True}
    if len(used) > 1:  # one area for both: given once, on the first
        table[used[1]]["area_km2"] = None
    for kind in sorted(others, key=lambda k: AREA_CLASSES.index(k) if k in AREA_CLASSES else len(AREA_CLASSES)):
        # As map programs fill them (make_valid's linework, else structure where a ring collapsed to a point).
        shapes = [as_drawn(g) for g in others[kind]]
        shapes = [g for g in shapes if not g.is_empty]
        area = 0.0
        if shapes:
            inside = shapely.intersection(shapely.union_all(shapes), ukraine)
            area = factor * float(equal_area_km2([inside])[0]) if not inside.is_empty else 0.0
        table[kind] = {"features": categories[kind], "area_km2": area, "counted": False}
    return table
