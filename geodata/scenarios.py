"""Settlement scenarios: a fixed vocabulary of statuses, scenario files validated on load, and options.

A scenario gives every region two statuses: one for the part Russia holds on
the chosen control date and one for the part Ukraine holds. That is how "de
facto along the line of contact" (only the Russian-held part) and "de facto
for the whole oblast" (both parts) are told apart.

Presets are data files, ``geodata/scenarios/<id>.toml``. The dashboard's
toggles are :class:`Options`; :func:`options_to_statuses` turns options into
statuses and :func:`options_from_statuses` recovers the options that produce a
preset, so toggles and presets cannot disagree.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

from geodata import paths
from geodata.regions import ANNEXED_2014, ANNEXED_2022, load_regions


class Status(StrEnum):
    """What a settlement would make of a piece of land. Claims or proposals, not endorsements."""

    UKRAINE = "ukraine"
    OCCUPIED = "occupied"
    DE_JURE_RUSSIA = "de_jure_russia"
    DE_FACTO_RUSSIA = "de_facto_russia"
    FROZEN = "frozen"
    BUFFER_ZONE = "buffer_zone"
    RETURNED = "returned"


#: Legend wording, English and Ukrainian; exact on purpose ("not recognised", "proposed").
STATUS_LABELS: Mapping[Status, Mapping[str, str]] = MappingProxyType(
    {
        Status.UKRAINE: {"en": "Ukrainian-held", "uk": "Під контролем України"},
        Status.OCCUPIED: {
            "en": "Held by Russia (occupied, not recognised)",
            "uk": "Під контролем Росії (окуповано, не визнано)",
        },
        Status.DE_JURE_RUSSIA: {
            "en": "Recognised as Russian de jure (proposed)",
            "uk": "Визнання територією Росії de jure (пропозиція)",
        },
        Status.DE_FACTO_RUSSIA: {
            "en": "Russian control accepted de facto, not recognised (proposed)",
            "uk": "Контроль Росії визнано de facto, без юридичного визнання (пропозиція)",
        },
        Status.FROZEN: {
            "en": "Frozen on the line of contact, status left open (proposed)",
            "uk": "Заморожено по лінії зіткнення, статус відкритий (пропозиція)",
        },
        Status.BUFFER_ZONE: {
            "en": "Demilitarised buffer zone (proposed)",
            "uk": "Демілітаризована буферна зона (пропозиція)",
        },
        Status.RETURNED: {"en": "Returned to Ukraine (proposed)", "uk": "Повернення Україні (пропозиція)"},
    }
)

#: Statuses a Russian-held part can take, and a Ukrainian-held part can take.
RUSSIAN_HELD_STATUSES: frozenset[Status] = frozenset(
    {Status.OCCUPIED, Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.FROZEN, Status.BUFFER_ZONE, Status.RETURNED}
)
UKRAINIAN_HELD_STATUSES: frozenset[Status] = frozenset(
    {Status.UKRAINE, Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.FROZEN, Status.BUFFER_ZONE}
)
#: Statuses under which Ukraine would give up land it holds (withdraw its forces or cede it).
GIVEN_UP_STATUSES: frozenset[Status] = frozenset({Status.DE_JURE_RUSSIA, Status.DE_FACTO_RUSSIA, Status.BUFFER_ZONE})

PARTS: tuple[str, str] = ("russian_held", "ukrainian_held")
SCENARIO_ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
DATE_PATTERN = re.compile(r"^\d{4}-\d{2}(-\d{2})?$")


class ScenarioError(ValueError):
    """A scenario file or id is wrong; the message names the file and the key."""


@dataclass(frozen=True)
class RegionStatus:
    """The statuses of a region's two parts under a scenario."""

    russian_held: Status
    ukrainian_held: Status


@dataclass(frozen=True)
class Scenario:
    """A settlement scenario: metadata plus a status for each part of each of the 27 regions."""

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

    def status(self, region_id: str, part: str) -> Status:
        """The status of ``part`` (``russian_held`` or ``ukrainian_held``) of a region."""
        return getattr(self.regions[region_id], part)


def _region_ids() -> frozenset[str]:
    return frozenset(load_regions().index)


def _parse_status(value: object, where: str) -> Status:
    try:
        return Status(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Status)
        raise ScenarioError(f"{where}: unknown status {value!r} (allowed: {allowed})") from None


def parse_scenario(data: Mapping[str, object], name: str) -> Scenario:
    """Validate a scenario's parsed TOML and build a :class:`Scenario`.

    Parameters
    ----------
    data : mapping
        The parsed TOML document.
    name : str
        File name for error messages.

    Raises
    ------
    ScenarioError
        With the file name and the key: a missing key, an unknown region or
        status, a missing region, or a status the part cannot take.
    """
    for key in ("id", "title", "date", "summary", "sources", "as_reported", "regions"):
        if key not in data:
            raise ScenarioError(f"{name}: missing key {key!r}")
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
    regions: dict[str, RegionStatus] = {}
    for region_id in sorted(regions_table):
        entry = regions_table[region_id]
        if not isinstance(entry, Mapping):
            raise ScenarioError(f"{name}: regions.{region_id} must be a table with russian_held and ukrainian_held")
        extra = sorted(set(entry) - set(PARTS))
        if extra:
            raise ScenarioError(f"{name}: regions.{region_id}: unknown key {extra[0]!r}")
        statuses = {}
        for part, allowed in (("russian_held", RUSSIAN_HELD_STATUSES), ("ukrainian_held", UKRAINIAN_HELD_STATUSES)):
            if part not in entry:
                raise ScenarioError(f"{name}: regions.{region_id}.{part} is missing")
            status = _parse_status(entry[part], f"{name}: regions.{region_id}.{part}")
            if status not in allowed:
                raise ScenarioError(f"{name}: regions.{region_id}.{part} cannot be {status.value!r}")
            statuses[part] = status
        regions[region_id] = RegionStatus(**statuses)
    control = data.get("control")
    if control is not None and (not isinstance(control, str) or not DATE_PATTERN.match(control)):
        raise ScenarioError(f"{name}: control must be a snapshot date YYYY-MM-DD")
    return Scenario(
        id=scenario_id,
        title=str(data["title"]),
        date=data["date"],
        summary=str(data["summary"]),
        sources=tuple(sources),
        as_reported=data["as_reported"],
        control=control,
        regions=MappingProxyType(regions),
        title_uk=str(data.get("title_uk", "")),
        summary_uk=str(data.get("summary_uk", "")),
        notes=tuple(str(n) for n in data.get("notes", [])),
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


@lru_cache(maxsize=1)
def load_scenarios() -> Mapping[str, Scenario]:
    """Every preset in ``geodata/scenarios/``, by id, in the order of their dates."""
    scenarios = [read_scenario_file(p) for p in sorted(paths.SCENARIOS_DIR.glob("*.toml"))]
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
    """A scenario from toggled options, titled "Custom" and marked as the user's own combination."""
    based_on = f" Started from: {base.title}." if base else ""
    return Scenario(
        id="custom",
        title="Custom options",
        date="",
        summary="A combination of options chosen in the dashboard, not a proposal by any party." + based_on,
        sources=("Options chosen by the user",) + (base.sources if base else ()),
        as_reported=False,
        control=base.control if base else None,
        regions=MappingProxyType(options_to_statuses(options)),
        title_uk="Власний вибір",
        summary_uk="Поєднання варіантів, обране користувачем, а не пропозиція будь-якої сторони.",
    )
