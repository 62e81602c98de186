"""Classes of features: what each area of a file stands for, told from what the file says, never guessed.

A feature's class comes, in this order, from DeepStateMap's key (``…/// status.occupied``), a class field
(``status``, ``control``, ``class`` … as ArcGIS and QGIS layers carry them), its name (Ukrainian, English,
Russian; DeepStateMap's names of every year), its folder's or layer's name, and a KML style id that says
it (``#ru``, ``#occupied``). When those leave areas without a class, their fill colour decides, but
only in a file drawn in several colours (DeepStateMap's own colours first, then the hue: red is
Russian-held, blue, green and yellow Ukrainian-held or liberated, grey contested). Only the class
:data:`RUSSIAN_HELD` is counted; :func:`geodata.importer.assembly.assemble` decides what to do with
areas still without a class.
"""

from __future__ import annotations

import colorsys
import re
import unicodedata

from geodata.importer.model import Feature

#: Placemark and feature names DeepStateMap uses: "Ukrainian /// English /// key".
DEEPSTATE_SEPARATOR = "///"
#: The name :func:`geodata.importer.export_deepstate` gives each area.
DEEPSTATE_OCCUPIED_NAME = "Окуповано /// Occupied /// occupied"

#: The class counted as Russian-held territory (occupied, under Russian control, annexed areas held).
RUSSIAN_HELD = "occupied"
LIBERATED = "liberated"
CONTESTED = "contested"
UKRAINIAN_HELD = "ukrainian-held"
#: A DeepStateMap ``territories.*`` key that is not Russian-held (a name the map shows, not control).
OTHER_TERRITORY = "other territory"
#: A class given (a key, a field value) that the importer does not know: never counted.
OTHER_AREA = "other area"
#: An area of a file that gives no classes at all: counted, as the file is a control file of one class.
AREA = "area"
#: An area without a class in a file whose other areas have classes: not counted.
UNCLASSIFIED = "unclassified"
#: Categories whose areas are used as Russian-held territory.
CONTROL_CATEGORIES = (AREA, RUSSIAN_HELD)
#: The category of a feature whose geometry is null (or has no parts).
NO_GEOMETRY = "no geometry"
#: The parts of the project's own export (``geodata.export``): only the Russian-held ones are control.
OWN_EXPORT_PARTS = {"russian_held": RUSSIAN_HELD, "ukrainian_held": "ukrainian-held part", "line_of_contact": "line"}
#: Every class an area can have, in the order summaries list them.
AREA_CLASSES = (
    RUSSIAN_HELD,
    AREA,
    LIBERATED,
    CONTESTED,
    UKRAINIAN_HELD,
    OTHER_TERRITORY,
    OTHER_AREA,
    UNCLASSIFIED,
    "ukrainian-held part",
)

#: Fields whose value names a feature's class (compared in lower case). Areas whose values in these
#: fields differ are different classes, even where the values say nothing the importer knows.
CLASS_FIELDS = (
    "status",
    "control",
    "controlled_by",
    "controlledby",
    "control_status",
    "class",
    "category",
    "zone",
    "zone_type",
    "side",
    "holder",
    "held_by",
    "heldby",
    "статус",
    "контроль",
    "клас",
    "категорія",
)
#: Fields read for a class only when their value names one (``type``, ``layer`` often hold other things).
HINT_FIELDS = ("type", "layer", "kind", "legend")

_DEEPSTATE_OCCUPIED_KEYS = {"territories.crimea", "territories.ordlo", "territories.tuzla"}

# Patterns on a normalised name (lower case, ё→е, hyphens and underscores as spaces). Negative forms first.
_LIBERATED = re.compile(
    r"unoccupied|de ?occupied|liberat|dismissed|recaptur|regained|counteroffensive|звільн|деокуп|відвойов|звiльн|освобожд|деоккуп"
)
_CONTESTED = re.compile(
    r"contested|gr[ae]y ?zone|under question|unknown|disputed|no man|сіра зона|сiра зона|під питанням|невідом|"
    r"серая зона|под вопросом|неизвестн|спірн|спорн|combat zone|бойових дій|боевых действий"
)
_UKRAINIAN = re.compile(
    r"ukrain\w* (?:held|controlled|control|government control|forces)|under ukrain\w* control|ua (?:held|controlled|forces)|"
    r"ukr forces|held by ukraine|government[- ]control|kyiv[- ]controlled|kyiv[- ]held|"
    r"під контролем (?:україни|зсу|сил оборони)|контроль (?:україни|зсу)|подконтрольн\w* украин|под контролем (?:украины|всу|зсу)"
)
_RUSSIAN = re.compile(
    r"occupied|occupation|russian (?:held|controlled|control|advance|occupied)|russia (?:held|controlled)|under russian control|"
    r"ru (?:held|controlled)|окуп|оккуп|під контролем (?:рф|росії|россии)|под контролем (?:рф|россии)|"
    r"\bordlo\b|\bордл|\bордо\b|\bcadr\b|\bорд?ло\b|\bdnr\b|\blnr\b|\bднр\b|\bлнр\b|"
    r"\bcrimea|\bкрим\b|\bкрым|\bsevastopol|\bсевастопол|annexed|анекс"
)
# Whole values (a field, a style id's words) that name a side.
_RUSSIAN_CODES = {"ru", "rus", "russia", "russian", "rf", "рф", "росія", "россия", "russian federation", "red", "enemy", "ворог"}
_UKRAINIAN_CODES = {"ua", "ukr", "ukraine", "ukrainian", "україна", "украина", "зсу", "всу", "afu", "blue"}

#: DeepStateMap's own fill colours (Google My Maps era and after), exactly.
DEEPSTATE_COLOURS = {
    "a52714": RUSSIAN_HELD,  # occupied
    "ff5252": RUSSIAN_HELD,  # occupied (lighter red)
    "880e4f": RUSSIAN_HELD,  # occupied before 24 February 2022 (ORDLO, Crimea)
    "0288d1": LIBERATED,  # liberated, 2022
    "0f9d58": LIBERATED,  # liberated, 2023 on
    "bcaaa4": CONTESTED,  # under question
    "9e9e9e": CONTESTED,
}
_MY_MAPS_STYLE = re.compile(r"(?:poly|line)-([0-9a-f]{6})(?![0-9a-f])", re.IGNORECASE)


def normalised(text: str) -> str:
    """A name in lower case, NFC, ``ё`` as ``е``, hyphens, underscores, dots and slashes as spaces, spaces squeezed.

    Parameters
    ----------
    text : str
        A feature's or a layer's name.

    Returns
    -------
    str
        The name normalised for comparison with the known names.
    """
    text = unicodedata.normalize("NFC", text).lower().replace("ё", "е").replace("’", "'")
    return " ".join(re.sub(r"[-_./\\|:;,()\[\]]+", " ", text).split())


def class_of_text(text: str) -> str | None:
    """The class a name or a value says (``None`` when it says none).

    Parameters
    ----------
    text : str
        A feature's name, a folder's name, a class field's value or a style id.

    Returns
    -------
    str or None
        :data:`RUSSIAN_HELD`, :data:`LIBERATED`, :data:`CONTESTED` or :data:`UKRAINIAN_HELD`.
    """
    words = normalised(text)
    if not words:
        return None
    if words in _RUSSIAN_CODES:
        return RUSSIAN_HELD
    if words in _UKRAINIAN_CODES:
        return UKRAINIAN_HELD
    # The class named first wins ("Occupied with two Ukrainian-held pockets", "Liberated (occupied until May)");
    # at one place, a negative form before the plain one ("de-occupied", "unoccupied" before "occupied").
    found: list[tuple[int, int, str]] = []
    for rank, (pattern, kind) in enumerate(
        ((_LIBERATED, LIBERATED), (_CONTESTED, CONTESTED), (_UKRAINIAN, UKRAINIAN_HELD), (_RUSSIAN, RUSSIAN_HELD))
    ):
        match = pattern.search(words)
        if match:
            found.append((match.start(), rank, kind))
    if not found:
        return None
    start, _rank, kind = min(found)
    if kind == RUSSIAN_HELD and any(k == LIBERATED and s <= start + 3 for s, _r, k in found):
        return LIBERATED
    return kind


def deepstate_key_class(name: str) -> str | None:
    """The class DeepStateMap's key says ("Ukrainian /// English /// key"), or ``None`` without a key.

    Parameters
    ----------
    name : str
        The feature's name, its parts separated by :data:`DEEPSTATE_SEPARATOR`.

    Returns
    -------
    str or None
        One of the classes (``russian_held``, ``liberated``, ``contested``, another territory or area) for a key.
    """
    parts = [p.strip(" \t\r\n\xa0") for p in name.split(DEEPSTATE_SEPARATOR)]
    key = parts[2].lower() if len(parts) >= 3 else ""
    if not key:
        return None
    key = key.removeprefix("geojson.")
    if key.startswith(("status.occupied", "occupied")) or key in _DEEPSTATE_OCCUPIED_KEYS:
        return RUSSIAN_HELD
    if key.startswith(("status.dismissed", "status.liberated", "liberated", "dismissed")):
        return LIBERATED
    if key.startswith(("status.unknown", "unknown", "contested")):
        return CONTESTED
    if key.startswith("territories."):
        return OTHER_TERRITORY
    return OTHER_AREA


def _style_words(style: str) -> str | None:
    """The class a style id's own words say (``#ru``, ``#occupied``, ``ua_zone``); colours are not words."""
    ident = style.rsplit("#", 1)[-1]
    if _MY_MAPS_STYLE.search(ident) or not ident:
        return None
    words = normalised(ident)
    for word in words.split():
        if word in _RUSSIAN_CODES:
            return RUSSIAN_HELD
        if word in _UKRAINIAN_CODES:
            return UKRAINIAN_HELD
    return class_of_text(ident)


def stated_class(feature: Feature) -> str | None:
    """The class a feature's key, class fields, name, folder or style id state; ``None`` when none does.

    Parameters
    ----------
    feature : Feature
        A feature whose geometry is an area.

    Returns
    -------
    str or None
        One of :data:`AREA_CLASSES` but :data:`AREA` and :data:`UNCLASSIFIED`.
    """
    if DEEPSTATE_SEPARATOR in feature.name:
        keyed = deepstate_key_class(feature.name)
        if keyed is not None:
            return keyed
    for value in feature.attributes.values():
        found = class_of_text(value)
        if found is not None:
            return found
    for text in (feature.name, feature.folder.rsplit(" / ", 1)[-1] if feature.folder else ""):
        found = class_of_text(text)
        if found is not None:
            return found
    if feature.style:
        return _style_words(feature.style)
    return None


def colour_of_style(style: str) -> str | None:
    """The ``rrggbb`` colour a Google My Maps style id carries (``#poly-A52714-1200-77-nodesc``).

    Parameters
    ----------
    style : str
        The feature's style id or URL.

    Returns
    -------
    str or None
        The colour in lower case, or ``None`` when the style id carries none.
    """
    match = _MY_MAPS_STYLE.search(style)
    return match.group(1).lower() if match else None


def colour_class(colour: str | None) -> str | None:
    """The class a fill colour says: DeepStateMap's own colours exactly, else by hue; ``None`` when it says none.

    Parameters
    ----------
    colour : str or None
        ``rrggbb``.

    Returns
    -------
    str or None
        ``russian_held`` (red hues), ``ukrainian_held`` (yellow to violet but green), ``liberated`` (green hues),
        ``contested`` (greys), or ``None``.
    """
    if not colour or not re.fullmatch(r"[0-9a-f]{6}", colour):
        return None
    if colour in DEEPSTATE_COLOURS:
        return DEEPSTATE_COLOURS[colour]
    red, green, blue = (int(colour[i : i + 2], 16) / 255 for i in (0, 2, 4))
    hue, lightness, saturation = colorsys.rgb_to_hls(red, green, blue)
    degrees = hue * 360
    if saturation < 0.2 or lightness < 0.08 or lightness > 0.95:
        return CONTESTED if 0.25 <= lightness <= 0.85 else None
    if degrees < 15 or degrees >= 330:
        return RUSSIAN_HELD
    if 45 <= degrees < 270:
        return UKRAINIAN_HELD if not 75 <= degrees < 170 else LIBERATED
    return None


def category(kinds: frozenset[str], name: str, deepstate: bool, part: str | None) -> str:
    """A feature's kind when it is not an area (``line``, ``point``, no geometry), or its export part's class.

    Parameters
    ----------
    kinds : frozenset of str
        The kinds of the feature's geometry (:func:`.geometry.kinds_of`).
    name : str
        The feature's name (not used to sort: areas are classified together, by :mod:`.classes`).
    deepstate : bool
        Whether the file is a DeepStateMap export (not used to sort, as ``name``).
    part : str or None
        The part the project's own export wrote on the feature, if any.

    Returns
    -------
    str
        ``line``, ``point``, :data:`NO_GEOMETRY`, :data:`AREA` (an area to classify) or the class of an own export's part.
    """
    if "area" in kinds:
        if part is not None:
            return OWN_EXPORT_PARTS.get(part, OTHER_AREA)
        return AREA
    if "line" in kinds:
        return "line"
    if "point" in kinds:
        return "point"
    return NO_GEOMETRY
