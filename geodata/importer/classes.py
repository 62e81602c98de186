"""A file's areas sorted into classes, all at once: what each feature states, its colour, its style's kin.

The rules (``docs/importing.md``):

1. A feature's own words decide first (:func:`.categories.stated_class`: key, class field, name, folder, style id).
2. In a file where some areas have a class and others not, an area without one takes the class its fill
   colour says, else the one class of the areas drawn in the same style; else it is *unclassified* and
   not counted (named in the summary with its area).
3. In a file where no area states a class: one style (or none) means one class, the file's own, counted
   as control (a control file of one class, as most are); several styles are told apart by their colours,
   and a file whose styles no colour tells apart is refused in one line that says how to fix it.
"""

from __future__ import annotations

from collections import defaultdict

from geodata.errors import ControlFileError
from geodata.importer.categories import (
    AREA,
    CLASS_FIELDS,
    DEEPSTATE_COLOURS,
    RUSSIAN_HELD,
    UNCLASSIFIED,
    colour_class,
    colour_of_style,
    stated_class,
)
from geodata.importer.model import Feature

_MAX_LISTED = 3


def fill_colour(feature: Feature) -> str | None:
    """The feature's fill colour, ``rrggbb``: its own, else the one its Google My Maps style id carries.

    Parameters
    ----------
    feature : Feature
        A feature as read.

    Returns
    -------
    str or None
        The colour in lower case, or ``None`` when it has none.
    """
    return feature.colour or colour_of_style(feature.style)


def signature(feature: Feature) -> tuple[str, str, tuple[tuple[str, str], ...]]:
    """What a feature is drawn and labelled with, as a comparable value: style, fill colour, class fields.

    Parameters
    ----------
    feature : Feature
        A feature as read.

    Returns
    -------
    tuple
        ``(style, fill colour or "", ((field, value in lower case), ...))`` over the non-empty :data:`CLASS_FIELDS`.
    """
    fields = tuple(sorted((k, v.strip().lower()) for k, v in feature.attributes.items() if k in CLASS_FIELDS and v.strip()))
    return (feature.style, fill_colour(feature) or "", fields)


def _describe(sig: tuple[str, str, tuple[tuple[str, str], ...]]) -> str:
    style, colour, fields = sig
    parts = [f"style {style}" if style and not style.startswith("colour ") else "", f"colour #{colour}" if colour else ""]
    parts += [f"{k} '{v[:30]}'" for k, v in fields]
    return " ".join(p for p in parts if p) or "no style"


def classify(features: list[Feature], name: str) -> tuple[list[str], list[str]]:
    """The class of each area feature, and the warnings to show.

    Parameters
    ----------
    features : list of Feature
        The file's features whose geometry is an area, in file order.
    name : str
        The file's name, for messages.

    Returns
    -------
    (list of str, list of str)
        Each feature's class (:data:`.categories.AREA_CLASSES`), and warnings (plain text).

    Raises
    ------
    ControlFileError
        For a file whose areas are drawn in several styles that nothing tells apart: one line that says so
        and how to fix it.
    """
    stated = [stated_class(f) for f in features]
    sigs = [signature(f) for f in features]
    warnings: list[str] = []
    if features and all(s is None for s in stated):
        distinct = list(dict.fromkeys(sigs))
        if len(distinct) <= 1:
            style, colour, fields = distinct[0] if distinct else ("", "", ())
            if fields:
                # A class field the importer cannot read is never taken to mean Russian-held.
                raise ControlFileError(
                    f"{name}: its areas are labelled {_describe(('', '', fields))}, which does not say whether they are "
                    "Russian-held: give them a status such as 'occupied' or 'Ukrainian-held', or keep only the "
                    "Russian-held areas"
                )
            exact = DEEPSTATE_COLOURS.get(colour)
            if exact is not None and exact != RUSSIAN_HELD:
                # DeepStateMap's own colour for another class: never counted as Russian-held.
                return [exact] * len(features), [f"the areas' fill colour #{colour} is DeepStateMap's colour for {exact}"]
            return [AREA] * len(features), warnings
        by_colour = [colour_class(fill_colour(f)) for f in features]
        if all(c is not None for c in by_colour):
            return [str(c) for c in by_colour], [
                "the areas' classes were told apart by their fill colours (no names or fields state them)"
            ]
        shown = "; ".join(_describe(s) for s in distinct[:_MAX_LISTED]) + (" …" if len(distinct) > _MAX_LISTED else "")
        raise ControlFileError(
            f"{name} has areas drawn or labelled in {len(distinct)} different ways ({shown}) and nothing says which is "
            "Russian-held: "
            "name each area (e.g. 'occupied', 'liberated'), or give it a status such as 'occupied' or 'Ukrainian-held', "
            "or keep only the Russian-held areas"
        )
    # Some areas state a class: the others take their colour's class, or their style's, or stay unclassified.
    by_style: dict[tuple[str, str, tuple[tuple[str, str], ...]], set[str]] = defaultdict(set)
    for sig, kind in zip(sigs, stated, strict=False):
        if kind is not None and (sig[0] or sig[1] or sig[2]):
            by_style[sig].add(kind)
    classes: list[str] = []
    coloured = styled = unclassified = 0
    for feature, sig, kind in zip(features, sigs, stated, strict=False):
        if kind is None:
            kind = colour_class(fill_colour(feature))
            if kind is not None:
                coloured += 1
            elif len(by_style.get(sig, ())) == 1:
                kind = next(iter(by_style[sig]))
                styled += 1
            else:
                kind = UNCLASSIFIED
                unclassified += 1
        classes.append(kind)
    if coloured:
        warnings.append(f"{coloured} area(s) without a name or field saying their class were classed by their fill colour")
    if styled:
        warnings.append(
            f"{styled} area(s) without a name or field saying their class took the class of the areas drawn in the same style"
        )
    if unclassified:
        warnings.append(
            f"{unclassified} area(s) have no class (no name, field, style or colour says what they are): not counted as "
            "Russian-held; "
            "name them (e.g. 'occupied') to count them"
        )
    return classes, warnings
