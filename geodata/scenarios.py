"""Settlement scenarios: a fixed vocabulary of statuses, scenario files validated on load, and options.

A scenario gives every region two statuses: one for the part Russia holds on
the chosen control date and one for the part Ukraine holds. That is how "de
facto along the line of contact" (only the Russian-held part) and "de facto
for the whole oblast" (both parts) are told apart.

Presets are data files, ``geodata/data/scenarios/<id>.toml``, validated on load.
Besides the statuses, each says who proposed it, who accepted it and where it
stands in the talks, and may qualify a status in its own words: a note on one
part of one region (:meth:`Scenario.part_note`) or on a status as a whole, for
the legend (:meth:`Scenario.status_note`). Every user-facing text is given in
English and Ukrainian.

The dashboard's toggles are :class:`Options`; :func:`options_to_statuses` turns
options into statuses and :func:`options_from_statuses` recovers the options
that produce a preset, so toggles and presets cannot disagree.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from geodata.errors import ScenarioError
from geodata.control import latest_snapshot, list_snapshots
from geodata.dataset import default_dataset
from geodata.regions import ANNEXED_2014, ANNEXED_2022, load_regions
from geodata.vocabulary import PARTS, Status
from geodata.wording import word

#: Statuses a Russian-held part can take, and a Ukrainian-held part can take.
RUSSIAN_HELD_STATUSES: frozenset[Status] = frozenset(
    {Status.OCCUPIED, Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.FROZEN, Status.BUFFER_ZONE, Status.RETURNED}
)
UKRAINIAN_HELD_STATUSES: frozenset[Status] = frozenset(
    {Status.UKRAINE, Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.FROZEN, Status.BUFFER_ZONE}
)
#: Statuses under which Ukraine would give up land it holds (withdraw its forces or cede it).
GIVEN_UP_STATUSES: frozenset[Status] = frozenset({Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.BUFFER_ZONE})

SCENARIO_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")
SNAPSHOT_DATE_PATTERN = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: Languages every user-facing text of a scenario is given in; English first, the fallback.
LANGUAGES: tuple[str, str] = ("en", "uk")
#: ``control = "latest"`` in a file: the newest control snapshot when the scenarios are loaded.
CONTROL_LATEST = "latest"
#: Texts every file gives in English (``key``) and Ukrainian (``key_uk``), non-empty.
REQUIRED_TEXTS: tuple[str, ...] = ("title", "summary", "proposed_by", "accepted_by", "talks_status")
#: Suffix of a part's note in ``[regions]``: ``russian_held_note``, ``russian_held_note_uk``, ...
NOTE_SUFFIX = "_note"


@dataclass(frozen=True)
class RegionStatus:
    """The statuses of a region's two parts under a scenario."""

    russian_held: Status
    ukrainian_held: Status


@dataclass(frozen=True)
class Scenario:
    """A settlement scenario: metadata plus a status for each part of each of the 27 regions.

    Attributes
    ----------
    id, title, date, summary : str
        As in the file; ``date`` is YYYY-MM or YYYY-MM-DD (empty for a custom scenario).
    sources : tuple of str
        Who published or reported it, with dates.
    as_reported : bool
        True where the primary text was not published: say "as reported".
    control : str or None
        Date (YYYY-MM-DD) of the control snapshot it is shown against by default;
        always a snapshot that exists when loaded from a file.
    regions : mapping of region id to RegionStatus
        The statuses of both parts of each of the 27 regions.
    title_uk, summary_uk : str
        Ukrainian title and summary.
    notes, notes_uk : tuple of str
        How gaps and qualifications in the text are shown, in English and
        Ukrainian (the same notes, in the same order).
    proposed_by, accepted_by, talks_status : str
        Who proposed it, who accepted it, and where it stands in the talks, in
        English; ``*_uk``: the same in Ukrainian.
    part_notes : mapping of (region id, part) to mapping of language to str
        A qualification of one part's status in the scenario's own terms
        (read with :meth:`part_note`).
    status_notes : mapping of Status to mapping of language to str
        A qualification of a status for the legend (read with :meth:`status_note`).
    control_latest : bool
        True where the file says ``control = "latest"``: the newest snapshot
        when loaded, because the proposal's line is the one on the day it
        would be signed.
    """

    id: str
    title: str
    date: str
    summary: str
    sources: tuple[str, ...]
    as_reported: bool
    control: str | None
    regions: Mapping[str, RegionStatus]
    title_uk: str = ""
    summary_uk: str = ""
    notes: tuple[str, ...] = ()
    notes_uk: tuple[str, ...] = ()
    proposed_by: str = ""
    proposed_by_uk: str = ""
    accepted_by: str = ""
    accepted_by_uk: str = ""
    talks_status: str = ""
    talks_status_uk: str = ""
    part_notes: Mapping[tuple[str, str], Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    status_notes: Mapping[Status, Mapping[str, str]] = field(default_factory=lambda: MappingProxyType({}))
    control_latest: bool = False

    def status(self, region_id: str, part: str) -> Status:
        """The status of ``part`` (``russian_held`` or ``ukrainian_held``) of a region."""
        return getattr(self.regions[region_id], part)

    def __hash__(self) -> int:
        # Hashable by content, so caches key on the scenario itself (a custom scenario from the same
        # options is the same key), never on a hand-built string that a new field could leave out.
        return hash(tuple(_frozen(getattr(self, f.name)) for f in fields(self)))

    def text(self, key: str, lang: str = "en") -> str:
        """One of the scenario's texts in a language, English where no translation is given.

        Parameters
        ----------
        key : str
            ``title``, ``summary``, ``proposed_by``, ``accepted_by`` or ``talks_status``.
        lang : str
            ``en`` or ``uk``.

        Returns
        -------
        str
            The text; every preset gives all five in both languages.

        Raises
        ------
        ScenarioError
            For another key or language.
        """
        _check_lang(lang)
        if key not in REQUIRED_TEXTS:
            raise ScenarioError(f"unknown scenario text {key!r} (known: {', '.join(REQUIRED_TEXTS)})")
        english = getattr(self, key)
        return (getattr(self, f"{key}_uk") or english) if lang == "uk" else english

    def notes_in(self, lang: str = "en") -> tuple[str, ...]:
        """The scenario's notes in a language (``en`` or ``uk``), English where none are translated.

        Raises
        ------
        ScenarioError
            For another language.
        """
        _check_lang(lang)
        return (self.notes_uk or self.notes) if lang == "uk" else self.notes

    def part_note(self, region_id: str, part: str, lang: str = "en") -> str:
        """How the scenario qualifies one part's status, in its own terms; empty when it does not.

        For example, the 28-point plan's Russian-held part of Zaporizhzhia
        oblast is ``de_facto_russia`` "by a freeze on the line of contact
        (point 21(b))". Meant for tooltips, exports and per-region tables.

        Parameters
        ----------
        region_id : str
            ISO 3166-2:UA code, e.g. ``UA-23``.
        part : str
            ``russian_held`` or ``ukrainian_held``.
        lang : str
            ``en`` or ``uk``.

        Returns
        -------
        str
            The note, or ``""``.

        Raises
        ------
        ScenarioError
            For an unknown region, part or language.
        """
        _check_lang(lang)
        if region_id not in self.regions:
            raise ScenarioError(f"unknown region {region_id!r}")
        if part not in PARTS:
            raise ScenarioError(f"unknown part {part!r} (known: {', '.join(PARTS)})")
        note = self.part_notes.get((region_id, part))
        return note[lang] if note else ""

    def status_note(self, status: Status | str, lang: str = "en") -> str:
        """How the scenario qualifies a status as a whole, for the legend; empty when it does not.

        For example, the 28-point plan's ``returned`` is "as reported: 'other
        agreed territories' ... extent not specified".

        Parameters
        ----------
        status : Status or str
            A status or its value.
        lang : str
            ``en`` or ``uk``.

        Returns
        -------
        str
            The qualifier, or ``""``.

        Raises
        ------
        ScenarioError
            For an unknown status or language.
        """
        _check_lang(lang)
        note = self.status_notes.get(_parse_status(status, "status_note"))
        return note[lang] if note else ""


def _frozen(value: object) -> object:
    """A hashable stand-in for a field's value: mappings become sorted tuples of frozen items."""
    if isinstance(value, Mapping):
        return tuple(sorted(((k, _frozen(v)) for k, v in value.items()), key=lambda kv: repr(kv[0])))
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(v) for v in value)
    return value


def _check_lang(lang: str) -> None:
    if lang not in LANGUAGES:
        raise ScenarioError(f"unknown language {lang!r} (known: {', '.join(LANGUAGES)})")


def _region_ids() -> frozenset[str]:
    return frozenset(load_regions().index)


def _parse_status(value: object, where: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ScenarioError(f"{where}: unknown status {value!r} (allowed: {allowed})") from None


def _text(table: Mapping[str, object], key: str, where: str) -> str:
    """A required non-empty string ``table[key]``; the error names ``where`` and the key."""
    value = table.get(key)
    if value is None:
        raise ScenarioError(f"{where}: missing key {key!r}")
    if not isinstance(value, str) or not value.strip():
        raise ScenarioError(f"{where}: {key} must be a non-empty string")
    return value


def _bilingual(table: Mapping[str, object], key: str, where: str) -> dict[str, str] | None:
    """``{"en": table[key], "uk": table[key_uk]}``, ``None`` when neither is given, an error when one is missing."""
    if key not in table and f"{key}_uk" not in table:
        return None
    return {"en": _text(table, key, where), "uk": _text(table, f"{key}_uk", where)}


def _string_list(data: Mapping[str, object], key: str, name: str) -> tuple[str, ...]:
    value = data.get(key, [])
    if not isinstance(value, list) or not all(isinstance(s, str) and s.strip() for s in value):
        raise ScenarioError(f"{name}: {key} must be a list of non-empty strings")
    return tuple(value)


def _parse_control(value: object, name: str) -> tuple[str | None, bool]:
    """The control snapshot a file names, and whether it said ``latest``."""
    if value is None:
        return None, False
    if value == CONTROL_LATEST:
        return latest_snapshot(), True
    if not isinstance(value, str) or not SNAPSHOT_DATE_PATTERN.match(value):
        raise ScenarioError(f"{name}: control must be a snapshot date YYYY-MM-DD or {CONTROL_LATEST!r}")
    shipped = list_snapshots()
    if value not in shipped:
        raise ScenarioError(f"{name}: control {value!r} is not a control snapshot (known: {', '.join(shipped)})")
    return value, False


def parse_scenario(data: Mapping[str, object], name: str) -> Scenario:
    """Validate a scenario's parsed TOML and build a :class:`Scenario`.

    Parameters
    ----------
    data : mapping
        The parsed TOML document.
    name : str
        File name for error messages.

    Returns
    -------
    Scenario
        With ``control`` resolved to a snapshot date (``"latest"``: the newest
        snapshot now).

    Raises
    ------
    ScenarioError
        With the file name and the key: a missing key or an empty text (every
        text in :data:`REQUIRED_TEXTS` is required in English and Ukrainian,
        ``key`` and ``key_uk``), notes without their Ukrainian version, an
        unknown region or status, a missing region, a status the part cannot
        take, a note on a part without both languages, a legend note for a
        status the scenario does not use, or a control date that is not a
        snapshot.
    """
    for key in ("id", "title", "date", "summary", "sources", "as_reported", "regions"):
        if key not in data:
            raise ScenarioError(f"{name}: missing key {key!r}")
    texts: dict[str, str] = {}
    for key in REQUIRED_TEXTS:
        texts[key] = _text(data, key, name)
        texts[f"{key}_uk"] = _text(data, f"{key}_uk", name)
    scenario_id = data["id"]
    if not isinstance(scenario_id, str) or not SCENARIO_ID_PATTERN.match(scenario_id):
        raise ScenarioError(f"{name}: id {scenario_id!r} must be lower-case letters, digits and hyphens")
    if not isinstance(data["date"], str) or not DATE_PATTERN.match(data["date"]):
        raise ScenarioError(f"{name}: date must be YYYY-MM or YYYY-MM-DD, got {data['date']!r}")
    if not isinstance(data["as_reported"], bool):
        raise ScenarioError(f"{name}: as_reported must be true or false")
    sources = data["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, str) and s for s in sources):
        raise ScenarioError(f"{name}: sources must be a non-empty list of strings")
    notes = _string_list(data, "notes", name)
    notes_uk = _string_list(data, "notes_uk", name)
    if len(notes_uk) != len(notes):
        raise ScenarioError(f"{name}: notes_uk must give each of the {len(notes)} notes in Ukrainian, in order")
    regions_table = data["regions"]
    if not isinstance(regions_table, Mapping):
        raise ScenarioError(f"{name}: regions must be a table")
    known = _region_ids()
    unknown = sorted(set(regions_table) - known)
    if unknown:
        raise ScenarioError(f"{name}: unknown region {unknown[0]!r} in [regions]")
    missing = sorted(known - set(regions_table))
    if missing:
        raise ScenarioError(f"{name}: region {missing[0]!r} is missing from [regions]")
    note_keys = {f"{part}{NOTE_SUFFIX}{suffix}" for part in PARTS for suffix in ("", "_uk")}
    regions: dict[str, RegionStatus] = {}
    part_notes: dict[tuple[str, str], Mapping[str, str]] = {}
    for region_id in sorted(regions_table):
        entry = regions_table[region_id]
        where = f"{name}: regions.{region_id}"
        if not isinstance(entry, Mapping):
            raise ScenarioError(f"{where} must be a table with russian_held and ukrainian_held")
        extra = sorted(set(entry) - set(PARTS) - note_keys)
        if extra:
            raise ScenarioError(f"{where}: unknown key {extra[0]!r}")
        statuses = {}
        for part, allowed in (("russian_held", RUSSIAN_HELD_STATUSES), ("ukrainian_held", UKRAINIAN_HELD_STATUSES)):
            if part not in entry:
                raise ScenarioError(f"{where}.{part} is missing")
            status = _parse_status(entry[part], f"{where}.{part}")
            if status not in allowed:
                raise ScenarioError(f"{where}.{part} cannot be {status.value!r}")
            statuses[part] = status
            note = _bilingual(entry, f"{part}{NOTE_SUFFIX}", where)
            if note is not None:
                part_notes[(region_id, part)] = MappingProxyType(note)
        regions[region_id] = RegionStatus(**statuses)
    used = {s for r in regions.values() for s in (r.russian_held, r.ukrainian_held)}
    status_table = data.get("status_notes", {})
    if not isinstance(status_table, Mapping):
        raise ScenarioError(f"{name}: status_notes must be a table")
    status_notes: dict[Status, Mapping[str, str]] = {}
    for key in sorted(status_table):
        base = key.removesuffix("_uk")
        status = _parse_status(base, f"{name}: status_notes.{key}")
        if status not in used:
            raise ScenarioError(f"{name}: status_notes.{key}: no part of any region is {status.value!r} here")
        note = _bilingual(status_table, base, f"{name}: status_notes")
        status_notes[status] = MappingProxyType(note)  # type: ignore[arg-type]  # not None: base is present
    control, control_latest = _parse_control(data.get("control"), name)
    return Scenario(
        id=scenario_id,
        date=data["date"],
        sources=tuple(sources),
        as_reported=data["as_reported"],
        control=control,
        regions=MappingProxyType(regions),
        notes=notes,
        notes_uk=notes_uk,
        part_notes=MappingProxyType(part_notes),
        status_notes=MappingProxyType(dict(sorted(status_notes.items()))),
        control_latest=control_latest,
        **texts,
    )


def read_scenario_file(path: Path) -> Scenario:
    """Read and validate one scenario file; its id must equal its file name."""
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path.name}: not valid TOML ({exc})") from None
    scenario = parse_scenario(data, path.name)
    if scenario.id != path.stem:
        raise ScenarioError(f"{path.name}: id {scenario.id!r} does not match the file name")
    return scenario


def load_scenarios() -> Mapping[str, Scenario]:
    """Every preset in ``geodata/data/scenarios/``, by id, in the order of their dates.

    Cached by :mod:`geodata.dataset` until its caches are cleared: a file saying
    ``control = "latest"`` gets the newest control snapshot there is when they are loaded.

    Raises
    ------
    ScenarioError
        When any file is invalid (see :func:`parse_scenario`).
    """
    return default_dataset().scenarios()


def read_scenarios(scenarios_dir: Path) -> Mapping[str, Scenario]:
    """Every scenario file in a folder, validated, by id, in the order of their dates.

    Raises
    ------
    ScenarioError
        When any file is invalid (see :func:`parse_scenario`).
    """
    scenarios = [read_scenario_file(p) for p in sorted(scenarios_dir.glob("*.toml"))]
    scenarios.sort(key=lambda s: (s.date, s.id))
    return MappingProxyType({s.id: s for s in scenarios})


def get_scenario(scenario_id: str) -> Scenario:
    """A preset by id; :class:`ScenarioError` names the known ids when it is unknown."""
    scenarios = load_scenarios()
    if scenario_id not in scenarios:
        raise ScenarioError(f"unknown scenario {scenario_id!r} (known: {', '.join(scenarios)})")
    return scenarios[scenario_id]


# --- Options: what the dashboard's toggles say -------------------------------------------------

#: Regions whose Russian-held land lies outside the six annexation claims, where it can be returned.
OUTSIDE_ANNEXED: tuple[str, ...] = ("UA-12", "UA-48", "UA-59", "UA-63")


@dataclass(frozen=True)
class OblastOption:
    """What happens in one of the four oblasts claimed in 2022."""

    held: Status = Status.OCCUPIED
    remainder: Status = Status.UKRAINE


@dataclass(frozen=True)
class Options:
    """The settlement options the dashboard toggles.

    Attributes
    ----------
    crimea : Status
        Status of Crimea and Sevastopol (held by Russia since 2014): ``occupied``,
        ``de_jure_russia``, ``de_facto_russia``, ``frozen`` or ``returned``.
    oblasts : mapping of region id to OblastOption
        For Donetsk, Luhansk, Zaporizhzhia and Kherson: the status of the
        Russian-held part (``held``) and of the Ukrainian-held remainder.
    returned_outside : frozenset of region ids
        Regions outside the six claims whose Russian-held land is returned.
    """

    crimea: Status = Status.OCCUPIED
    oblasts: Mapping[str, OblastOption] = field(
        default_factory=lambda: MappingProxyType({r: OblastOption() for r in ANNEXED_2022})
    )
    returned_outside: frozenset[str] = frozenset()

    def __post_init__(self) -> None:
        if self.crimea not in RUSSIAN_HELD_STATUSES - {Status.BUFFER_ZONE}:
            raise ScenarioError(f"Crimea cannot be {str(self.crimea)!r}")
        if set(self.oblasts) != set(ANNEXED_2022):
            raise ScenarioError("options must name the four oblasts claimed in 2022")
        for region_id, option in self.oblasts.items():
            if option.held not in RUSSIAN_HELD_STATUSES or option.remainder not in UKRAINIAN_HELD_STATUSES:
                raise ScenarioError(f"{region_id}: {option.held!s}/{option.remainder!s} is not a valid option")
        if not self.returned_outside <= set(OUTSIDE_ANNEXED):
            raise ScenarioError(f"returned_outside may only name {', '.join(OUTSIDE_ANNEXED)}")
        object.__setattr__(self, "oblasts", MappingProxyType(dict(sorted(self.oblasts.items()))))

    def with_oblast(self, region_id: str, held: Status | None = None, remainder: Status | None = None) -> "Options":
        """A copy with one oblast's option changed."""
        current = self.oblasts[region_id]
        updated = OblastOption(held=held or current.held, remainder=remainder or current.remainder)
        return replace(self, oblasts={**self.oblasts, region_id: updated})

    def __hash__(self) -> int:
        return hash((self.crimea, tuple(self.oblasts.items()), self.returned_outside))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Options):
            return NotImplemented
        return (self.crimea, dict(self.oblasts), self.returned_outside) == (
            other.crimea,
            dict(other.oblasts),
            other.returned_outside,
        )


def options_to_statuses(options: Options) -> dict[str, RegionStatus]:
    """The status of every part of every region that a set of options produces (a pure function)."""
    statuses: dict[str, RegionStatus] = {}
    for region_id in sorted(_region_ids()):
        if region_id in ANNEXED_2014:
            statuses[region_id] = RegionStatus(options.crimea, Status.UKRAINE)
        elif region_id in options.oblasts:
            option = options.oblasts[region_id]
            statuses[region_id] = RegionStatus(option.held, option.remainder)
        elif region_id in options.returned_outside:
            statuses[region_id] = RegionStatus(Status.RETURNED, Status.UKRAINE)
        else:
            statuses[region_id] = RegionStatus(Status.OCCUPIED, Status.UKRAINE)
    return statuses


def options_from_statuses(statuses: Mapping[str, RegionStatus]) -> Options | None:
    """The options that produce these statuses, or ``None`` when toggles cannot express them."""
    crimea = {statuses[r] for r in ANNEXED_2014}
    if len(crimea) != 1:
        return None
    crimea_status = next(iter(crimea))
    if crimea_status.ukrainian_held != Status.UKRAINE:
        return None
    returned = frozenset(r for r in OUTSIDE_ANNEXED if statuses[r].russian_held == Status.RETURNED)
    try:
        options = Options(
            crimea=crimea_status.russian_held,
            oblasts={r: OblastOption(statuses[r].russian_held, statuses[r].ukrainian_held) for r in ANNEXED_2022},
            returned_outside=returned,
        )
    except ScenarioError:
        return None
    return options if options_to_statuses(options) == dict(statuses) else None


def custom_scenario(options: Options, base: Scenario | None = None) -> Scenario:
    """A scenario from toggled options, titled "Custom" and marked as the user's own combination.

    Parameters
    ----------
    options : Options
        The toggles.
    base : Scenario, optional
        The preset the user started from. Its sources and control date are
        kept, and so are its qualifications where they still describe the
        result: a part's note where that part's status is unchanged, and a
        status's legend note where exactly the same parts have that status.

    Returns
    -------
    Scenario
        With id ``custom``, no date, and ``proposed_by``, ``accepted_by`` and
        ``talks_status`` saying it is nobody's proposal.
    """
    regions = options_to_statuses(options)
    part_notes: dict[tuple[str, str], Mapping[str, str]] = {}
    status_notes: dict[Status, Mapping[str, str]] = {}
    if base is not None:
        part_notes = {
            (region_id, part): note
            for (region_id, part), note in base.part_notes.items()
            if getattr(regions[region_id], part) == base.status(region_id, part)
        }

        def parts_with(statuses: Mapping[str, RegionStatus], status: Status) -> set[tuple[str, str]]:
            return {(r, p) for r, s in statuses.items() for p in PARTS if getattr(s, p) == status}

        status_notes = {
            status: note
            for status, note in base.status_notes.items()
            if parts_with(regions, status) == parts_with(base.regions, status)
        }
    return Scenario(
        id="custom",
        title=word("custom", "en"),
        date="",
        summary=word("custom_summary", "en") + (" " + word("custom_started_from", "en", title=base.title) if base else ""),
        sources=(word("custom_sources", "en"),) + (base.sources if base else ()),
        as_reported=False,
        control=base.control if base else None,
        regions=MappingProxyType(regions),
        title_uk=word("custom", "uk"),
        summary_uk=word("custom_summary", "uk")
        + (" " + word("custom_started_from", "uk", title=base.title_uk or base.title) if base else ""),
        proposed_by=word("custom_proposed_by", "en"),
        proposed_by_uk=word("custom_proposed_by", "uk"),
        accepted_by=word("custom_accepted_by", "en"),
        accepted_by_uk=word("custom_accepted_by", "uk"),
        talks_status=word("custom_talks_status", "en"),
        talks_status_uk=word("custom_talks_status", "uk"),
        part_notes=MappingProxyType(part_notes),
        status_notes=MappingProxyType(status_notes),
        control_latest=base.control_latest if base else False,
    )
