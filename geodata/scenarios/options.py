"""Options: what the dashboard's toggles say, and how they map to statuses and back.

:func:`options_to_statuses` turns options into statuses and :func:`options_from_statuses` recovers the
options that produce a preset, so toggles and presets cannot disagree. :func:`custom_scenario` makes the
user's own combination a :class:`~geodata.scenarios.model.Scenario`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from geodata.errors import ScenarioError
from geodata.regions import ANNEXED_2014, ANNEXED_2022
from geodata.scenarios.model import (
    RUSSIAN_HELD_STATUSES,
    UKRAINIAN_HELD_STATUSES,
    RegionStatus,
    Scenario,
)
from geodata.vocabulary import PARTS, Status
from geodata.wording import word

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

    def with_oblast(self, region_id: str, held: Status | None = None, remainder: Status | None = None) -> Options:
        """A copy with one oblast's option changed.

        Parameters
        ----------
        region_id : str
            One of the four oblasts of :data:`geodata.regions.ANNEXED_2022`.
        held, remainder : Status, optional
            The new status of its Russian-held part and of the rest; unchanged where not given.

        Returns
        -------
        Options
        """
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


def options_to_statuses(options: Options, region_ids: Iterable[str]) -> dict[str, RegionStatus]:
    """The status of every part of every region that a set of options produces (a pure function).

    Parameters
    ----------
    options : Options
        The toggles.
    region_ids : iterable of str
        Every region (ISO 3166-2:UA codes), e.g. the dataset's regions' index.

    Returns
    -------
    dict of str to RegionStatus
        By region id, sorted.
    """
    statuses: dict[str, RegionStatus] = {}
    for region_id in sorted(region_ids):
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
    """The options that produce these statuses, or ``None`` when toggles cannot express them.

    Parameters
    ----------
    statuses : mapping of region id to RegionStatus
        Every region's statuses, e.g. a preset's ``regions``.

    Returns
    -------
    Options or None
    """
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
    return options if options_to_statuses(options, statuses) == dict(statuses) else None


def custom_scenario(options: Options, base: Scenario | None = None, *, region_ids: Iterable[str] | None = None) -> Scenario:
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
    region_ids : iterable of str, optional
        Every region; by default the regions of ``base``. One of the two is needed.

    Returns
    -------
    Scenario
        With id ``custom``, no date, and ``proposed_by``, ``accepted_by`` and
        ``talks_status`` saying it is nobody's proposal.

    Raises
    ------
    ScenarioError
        When neither ``base`` nor ``region_ids`` is given.
    """
    if region_ids is None:
        if base is None:
            raise ScenarioError("a custom scenario needs the region ids or a base scenario")
        region_ids = base.regions
    regions = options_to_statuses(options, region_ids)
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
        # The app's own words in the interface's language; the preset's sources stay as published.
        sources_uk=(word("custom_sources", "uk"),) + (base.sources if base else ()),
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
