"""The scenario model: statuses for both parts of every region, with metadata, texts and qualifications.

A scenario gives every region two statuses: one for the part Russia holds on
the chosen control date and one for the part Ukraine holds. That is how "de
facto along the line of contact" (only the Russian-held part) and "de facto
for the whole oblast" (both parts) are told apart. Every user-facing text is
given in English and Ukrainian. What a file may say is in
:mod:`geodata.scenarios.schema`; how files are read, in :mod:`geodata.scenarios.loading`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from types import MappingProxyType

from geodata.errors import ScenarioError
from geodata.vocabulary import PARTS, Status

#: Statuses a Russian-held part can take, and a Ukrainian-held part can take.
RUSSIAN_HELD_STATUSES: frozenset[Status] = frozenset(
    {Status.OCCUPIED, Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.FROZEN, Status.BUFFER_ZONE, Status.RETURNED}
)
UKRAINIAN_HELD_STATUSES: frozenset[Status] = frozenset(
    {Status.UKRAINE, Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.FROZEN, Status.BUFFER_ZONE}
)
#: The statuses each part may take, by part name (the order of :class:`Status` when listed).
PART_STATUSES: Mapping[str, frozenset[Status]] = MappingProxyType(
    {"russian_held": RUSSIAN_HELD_STATUSES, "ukrainian_held": UKRAINIAN_HELD_STATUSES}
)
#: Statuses under which Ukraine would give up land it holds (withdraw its forces or cede it).
GIVEN_UP_STATUSES: frozenset[Status] = frozenset({Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.BUFFER_ZONE})

#: Languages every user-facing text of a scenario is given in; English first, the fallback.
LANGUAGES: tuple[str, str] = ("en", "uk")
#: Texts every file gives in English (``key``) and Ukrainian (``key_uk``), non-empty.
REQUIRED_TEXTS: tuple[str, ...] = ("title", "summary", "proposed_by", "accepted_by", "talks_status")


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
    sources_uk : tuple of str
        The sources as a Ukrainian page shows them, where they differ (a custom
        scenario's first line is the app's own words); read with :meth:`sources_in`.
    own_date : bool
        False for a standing position with no date of its own (the status
        quo): headings name it by its line only (see :attr:`shown_date`).
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
    own_date: bool = True
    sources_uk: tuple[str, ...] = ()

    def sources_in(self, lang: str) -> tuple[str, ...]:
        """The sources as shown in a language: quoted as published (in English), the app's own words translated.

        Parameters
        ----------
        lang : str
            ``en`` or ``uk``.

        Returns
        -------
        tuple of str
            ``sources_uk`` in Ukrainian where given, else ``sources``.
        """
        _check_lang(lang)
        return self.sources_uk if lang == "uk" and self.sources_uk else self.sources

    @property
    def shown_date(self) -> str:
        """The date a heading shows beside the name: ``date``, or empty where it has no date of its own (or none)."""
        return self.date if self.own_date else ""

    def status(self, region_id: str, part: str) -> Status:
        """The status of ``part`` (``russian_held`` or ``ukrainian_held``) of a region.

        Parameters
        ----------
        region_id : str
            The region's ISO 3166-2:UA code.
        part : str
            ``russian_held`` or ``ukrainian_held``.

        Returns
        -------
        Status
            The part's status under this scenario.
        """
        status: Status = getattr(self.regions[region_id], part)
        return status

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
        english: str = getattr(self, key)
        ukrainian: str = getattr(self, f"{key}_uk")
        return (ukrainian or english) if lang == "uk" else english

    def notes_in(self, lang: str = "en") -> tuple[str, ...]:
        """The scenario's notes in a language (``en`` or ``uk``), English where none are translated.

        Parameters
        ----------
        lang : str
            ``"en"`` or ``"uk"``.

        Returns
        -------
        tuple of str
            The notes, plain text, in the scenario's order.

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


def _parse_status(value: object, where: str) -> Status:
    """``value`` as a :class:`Status`; the error names ``where`` and the allowed values."""
    try:
        return Status(str(value))
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ScenarioError(f"{where}: unknown status {value!r} (allowed: {allowed})") from None
