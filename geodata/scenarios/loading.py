"""Reading scenario files: TOML in, a validated :class:`~geodata.scenarios.model.Scenario` out.

Parsing is pure: the region ids a file must list and the control snapshot dates it may name are passed in
(:class:`geodata.dataset.Dataset` passes its own), so nothing here reads anything but the file it is given.
"""

from __future__ import annotations

import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from types import MappingProxyType

from pydantic import ValidationError

from geodata.errors import ScenarioError
from geodata.scenarios.model import REQUIRED_TEXTS, RegionStatus, Scenario
from geodata.scenarios.schema import (
    CONTROL_LATEST,
    NOTE_SUFFIX,
    ScenarioFile,
    describe_error,
)
from geodata.vocabulary import PARTS, Status


def parse_scenario(
    data: Mapping[str, object], name: str, region_ids: Collection[str], snapshot_dates: Collection[str]
) -> Scenario:
    """Validate a scenario's parsed TOML against :class:`~geodata.scenarios.schema.ScenarioFile` and build a Scenario.

    Parameters
    ----------
    data : mapping
        The parsed TOML document.
    name : str
        File name, first in every error message.
    region_ids : collection of str
        The regions the file must list, every one and no other (ISO 3166-2:UA codes).
    snapshot_dates : collection of str
        Dates (YYYY-MM-DD) of the control snapshots a file may name; ``control = "latest"`` takes the newest.

    Returns
    -------
    Scenario
        With ``control`` resolved to a snapshot date.

    Raises
    ------
    ScenarioError
        One line naming the file and the path of the first mistake in it (see
        :func:`~geodata.scenarios.schema.describe_error`), or ``latest`` with no snapshots given.
    """
    try:
        model = ScenarioFile.model_validate(dict(data), context={"region_ids": region_ids, "snapshot_dates": snapshot_dates})
    except ValidationError as exc:
        raise ScenarioError(describe_error(exc, name)) from None
    control, control_latest = model.control, model.control == CONTROL_LATEST
    if control_latest:
        if not snapshot_dates:
            raise ScenarioError(f"{name}: control = {CONTROL_LATEST!r} but there are no control snapshots")
        control = max(snapshot_dates)
    regions: dict[str, RegionStatus] = {}
    part_notes: dict[tuple[str, str], Mapping[str, str]] = {}
    for region_id in sorted(model.regions):
        entry = model.regions[region_id]
        regions[region_id] = RegionStatus(Status(entry.russian_held), Status(entry.ukrainian_held))
        for part in PARTS:
            english, ukrainian = getattr(entry, f"{part}{NOTE_SUFFIX}"), getattr(entry, f"{part}{NOTE_SUFFIX}_uk")
            if english is not None:
                part_notes[(region_id, part)] = MappingProxyType({"en": english, "uk": ukrainian})
    status_notes = {
        Status(key): MappingProxyType({"en": text, "uk": model.status_notes[f"{key}_uk"]})
        for key, text in model.status_notes.items()
        if not key.endswith("_uk")
    }
    texts = {key: getattr(model, key) for base in REQUIRED_TEXTS for key in (base, f"{base}_uk")}
    return Scenario(
        id=model.id,
        date=model.date,
        sources=tuple(model.sources),
        as_reported=model.as_reported,
        control=control,
        regions=MappingProxyType(regions),
        notes=tuple(model.notes),
        notes_uk=tuple(model.notes_uk),
        part_notes=MappingProxyType(part_notes),
        status_notes=MappingProxyType(dict(sorted(status_notes.items()))),
        control_latest=control_latest,
        own_date=model.own_date,
        **texts,
    )


def read_scenario_file(path: Path, region_ids: Collection[str], snapshot_dates: Collection[str]) -> Scenario:
    """Read and validate one scenario file; its id must equal its file name.

    Parameters
    ----------
    path : Path
        A ``<id>.toml`` file.
    region_ids, snapshot_dates : collection of str
        As for :func:`parse_scenario`.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        When the file is not valid TOML, does not validate, or its id is not its file name.
    """
    try:
        with path.open("rb") as handle:
            data = tomllib.load(handle)
    except tomllib.TOMLDecodeError as exc:
        raise ScenarioError(f"{path.name}: not valid TOML ({exc})") from None
    scenario = parse_scenario(data, path.name, region_ids, snapshot_dates)
    if scenario.id != path.stem:
        raise ScenarioError(f"{path.name}: id {scenario.id!r} does not match the file name")
    return scenario


def read_scenarios(scenarios_dir: Path, region_ids: Collection[str], snapshot_dates: Collection[str]) -> Mapping[str, Scenario]:
    """Every scenario file in a folder, validated, by id, in the order of their dates.

    Parameters
    ----------
    scenarios_dir : Path
        A folder of ``<id>.toml`` files.
    region_ids, snapshot_dates : collection of str
        As for :func:`parse_scenario` (hashable, e.g. tuples, where the result is cached on them).

    Returns
    -------
    mapping of str to Scenario
        Read-only, ordered by date then id.

    Raises
    ------
    ScenarioError
        When any file is invalid.
    """
    scenarios = [read_scenario_file(p, region_ids, snapshot_dates) for p in sorted(scenarios_dir.glob("*.toml"))]
    scenarios.sort(key=lambda s: (s.date, s.id))
    return MappingProxyType({s.id: s for s in scenarios})


def pick_scenario(scenarios: Mapping[str, Scenario], scenario_id: str) -> Scenario:
    """One scenario by id from a loaded set.

    Parameters
    ----------
    scenarios : mapping of str to Scenario
        E.g. :meth:`geodata.dataset.Dataset.scenarios`.
    scenario_id : str
        The id asked for.

    Returns
    -------
    Scenario

    Raises
    ------
    ScenarioError
        Naming the known ids when it is unknown.
    """
    if scenario_id not in scenarios:
        raise ScenarioError(f"unknown scenario {scenario_id!r} (known: {', '.join(scenarios)})")
    return scenarios[scenario_id]
