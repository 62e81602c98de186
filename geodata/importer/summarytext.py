"""An import's summary as lines of text in the interface's language: the dashboard's upload box shows them.

Words from :func:`geodata.wording.word` (``geodata/data/words/importing.toml``), numbers and shares from
the Babel formatters of :mod:`geodata.wording`. Plain text: whatever shows it escapes it. The importer's
warnings and repairs are its own English sentences (they quote the file): they follow under a heading that
says so.
"""

from __future__ import annotations

from collections.abc import Mapping

from geodata.importer.categories import AREA_CLASSES
from geodata.importer.results import ImportSummary
from geodata.wording import format_area, format_date, format_number, format_percent, word

#: Kinds of features that are not areas, in the order they are listed.
NOT_AREAS = ("line", "point", "no geometry")


def class_label(kind: str, lang: str) -> str:
    """A class of area (``occupied``, ``liberated`` …) or a kind of feature (``line``, ``point``) in ``lang``.

    Parameters
    ----------
    kind : str
        One of :data:`geodata.importer.categories.AREA_CLASSES` or :data:`NOT_AREAS`.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The label from the words catalogue (``import_class_*`` or ``import_kind_*``).
    """
    key = ("import_kind_" if kind in NOT_AREAS else "import_class_") + kind.replace("-", "_").replace(" ", "_")
    return word(key, lang)


def features(count: int, lang: str) -> str:
    """ "1 feature", "3 features" (Ukrainian: "об'єктів — 3"), the number written by Babel.

    Parameters
    ----------
    count : int
        The number of features.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    str
        The count with its noun, in ``lang``.
    """
    return word("import_features_one" if count == 1 else "import_features_many", lang, count=format_number(count, lang))


def class_lines(summary: ImportSummary, lang: str) -> list[str]:
    """One line per class of area found (count, area, counted or not), then one per kind of feature not used.

    Parameters
    ----------
    summary : ImportSummary
        What the import found.
    lang : str
        ``"en"`` or ``"uk"``.

    Returns
    -------
    list of str
        E.g. "liberated: 3 features, 9,771 km², not counted".
    """
    lines: list[str] = []
    classes: Mapping[str, Mapping[str, object]] = summary.classes
    for kind in sorted(classes, key=lambda k: AREA_CLASSES.index(k) if k in AREA_CLASSES else len(AREA_CLASSES)):
        entry = classes[kind]
        count = features(int(entry["features"]), lang)  # type: ignore[call-overload]
        label = class_label(kind, lang)
        area = entry["area_km2"]
        if entry["counted"] and area is None:
            lines.append(word("import_class_counted_with_above", lang, label=label, features=count))
        else:
            key = "import_class_counted" if entry["counted"] else "import_class_not_counted"
            lines.append(word(key, lang, label=label, features=count, area=format_area(float(area or 0.0), lang)))  # type: ignore[arg-type]
    for kind in NOT_AREAS:
        if summary.categories.get(kind):
            lines.append(
                word(
                    "import_kind_not_used", lang, label=class_label(kind, lang), features=features(summary.categories[kind], lang)
                )
            )
    return lines


def summary_lines(summary: ImportSummary, lang: str, region_names: Mapping[str, str]) -> list[str]:
    """The whole summary of an import, line by line, in ``lang``: file and date, area, classes, shares, notes.

    Parameters
    ----------
    summary : ImportSummary
        What the import found.
    lang : str
        ``"en"`` or ``"uk"``.
    region_names : mapping of str to str
        Region id → its name in ``lang``.

    Returns
    -------
    list of str
        Plain text lines.
    """
    if summary.as_of == "undated":
        heading = word("import_summary_file_undated", lang, label=summary.label, format=summary.format)
    else:
        heading = word(
            "import_summary_file", lang, label=summary.label, format=summary.format, date=format_date(summary.as_of, lang)
        )
    lines = [
        heading,
        word(
            "import_summary_area",
            lang,
            used=format_number(summary.features_used, lang),
            read=format_number(summary.features_read, lang),
            area=format_area(summary.area_km2, lang),
        ),
    ]
    if len(summary.dates) > 1:
        lines.append(
            word("import_summary_dates", lang, count=format_number(len(summary.dates), lang), dates=", ".join(summary.dates))
        )
    lines += [word("import_summary_classes", lang), *("  " + line for line in class_lines(summary, lang))]
    held = [(r, s) for r, s in sorted(summary.shares.items(), key=lambda i: -i[1]) if s > 0.0005]
    if held:
        lines.append(word("import_summary_shares", lang))
        lines += [
            "  " + word("import_summary_share", lang, region=region_names.get(r, r), share=format_percent(s, lang))
            for r, s in held
        ]
    notes = [*summary.warnings, *summary.repairs]
    if notes:
        lines.append(word("import_summary_notes", lang))
        lines += ["  " + note for note in notes]
    return lines
