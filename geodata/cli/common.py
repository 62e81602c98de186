"""What every command shares: the user-error type, JSON printing, and the scenario options as a parent parser.

Each command reports a user error (unknown id, missing file, bad input) as one
line on stderr and exit status 2, never a traceback; domain modules raise their
own :class:`geodata.errors.ClaimsMapError` subclasses, which :func:`geodata.cli.main`
reports the same way.
"""

from __future__ import annotations

import argparse
import json
from typing import TYPE_CHECKING

from geodata.errors import ClaimsMapError, SnapshotError
from geodata.vocabulary import DEFAULT_LAYERS, LAYERS

if TYPE_CHECKING:  # the command line imports the domain lazily, so --help stays fast
    from geodata.control import ControlSnapshot
    from geodata.scenarios import Scenario


class UserError(ClaimsMapError):
    """An error in what the user asked for; reported as one line, exit status 2."""


def print_json(data: object) -> None:
    """Print JSON for machines: UTF-8, stable key order.

    Parameters
    ----------
    data : object
        Anything :func:`json.dumps` takes (dicts, lists, strings, numbers, None); printed indented by 2.
    """
    print(json.dumps(data, ensure_ascii=False, indent=2))


def resolve_scenario_and_snapshot(scenario_id: str, control: str | None) -> tuple[Scenario, ControlSnapshot]:
    """The scenario and control snapshot a command names.

    Parameters
    ----------
    scenario_id : str
        A scenario id of the dataset (see ``python -m geodata scenarios``).
    control : str or None
        A control date (``YYYY-MM-DD``); ``None`` takes the scenario's own, else the latest.

    Returns
    -------
    tuple of (Scenario, ControlSnapshot)
        From :func:`geodata.dataset.default_dataset`.

    Raises
    ------
    UserError
        For an unknown scenario id or control date, naming what is unknown.
    """
    from geodata.dataset import default_dataset
    from geodata.scenarios import ScenarioError

    try:
        scenario = default_dataset().scenario(scenario_id)
        snapshot = default_dataset().snapshot(control or scenario.control or default_dataset().latest_snapshot())
    except (ScenarioError, SnapshotError) as exc:
        raise UserError(str(exc)) from None
    return scenario, snapshot


def scenario_parent(required: bool = True) -> argparse.ArgumentParser:
    """A parent parser with the flags that choose what to show, as in the dashboard.

    Preset, control date, options, layers (``parents=[scenario_parent()]``). Option flags turn the preset into a
    custom scenario, exactly like the dashboard's toggles.

    Parameters
    ----------
    required : bool
        Whether ``--scenario`` must be given.

    Returns
    -------
    argparse.ArgumentParser
        A parser without ``--help``, holding the flags of :func:`add_scenario_arguments`.
    """
    parser = argparse.ArgumentParser(add_help=False)
    add_scenario_arguments(parser, required=required)
    return parser


def add_scenario_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """The flags that choose what to show, as in the dashboard: preset, control date, options, layers.

    Option flags turn the preset into a custom scenario, exactly like the dashboard's toggles.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser the flags are added to (changed in place).
    required : bool
        Whether ``--scenario`` must be given.
    """
    parser.add_argument("--scenario", required=required, metavar="ID", help="a scenario id (see `scenarios`)")
    parser.add_argument("--control", metavar="AS_OF", help="control snapshot date (default: the scenario's own)")
    parser.add_argument(
        "--crimea",
        metavar="STATUS",
        help="status of Crimea and Sevastopol: occupied, de_jure_russia, de_facto_russia, frozen or returned",
    )
    parser.add_argument(
        "--oblast",
        action="append",
        default=[],
        metavar="ID=HELD/REMAINDER",
        help="statuses of an oblast claimed in 2022, e.g. UA-14=de_facto_russia/buffer_zone (repeatable)",
    )
    parser.add_argument(
        "--return-outside", metavar="IDS", help="comma-separated regions whose Russian-held land is returned, or 'none'"
    )
    parser.add_argument(
        "--layers", metavar="LIST", help=f"comma-separated layers (default: {','.join(DEFAULT_LAYERS)}; all: {','.join(LAYERS)})"
    )


def scenario_from_args(args: argparse.Namespace) -> tuple[Scenario, ControlSnapshot, tuple[str, ...]]:
    """The scenario, snapshot and layers that :func:`add_scenario_arguments`'s flags describe.

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments holding ``scenario``, ``control``, ``crimea``, ``oblast``, ``return_outside`` and ``layers``.

    Returns
    -------
    tuple
        ``(scenario, snapshot, layers)``; the scenario is the preset, or a custom
        scenario when any option flag was given.

    Raises
    ------
    UserError
        For an unknown id, status, region or layer.
    """
    from dataclasses import replace

    from geodata.scenarios import (
        OUTSIDE_ANNEXED,
        RUSSIAN_HELD_STATUSES,
        UKRAINIAN_HELD_STATUSES,
        Status,
        custom_scenario,
        options_from_statuses,
    )
    from geodata.wording import word

    def status(option: str, value: str, allowed: frozenset[Status]) -> Status:
        # An invalid value is answered with the list of valid ones, in the vocabulary's order.
        if value not in {s.value for s in allowed}:
            valid = ", ".join(s.value for s in Status if s in allowed)
            raise UserError(word("cli_bad_status", "en", option=option, value=value, valid=valid))
        return Status(value)

    crimea_allowed = RUSSIAN_HELD_STATUSES - {Status.BUFFER_ZONE}

    scenario, snapshot = resolve_scenario_and_snapshot(args.scenario, args.control)
    layers = tuple(DEFAULT_LAYERS)
    if args.layers is not None:
        layers = tuple(x for x in args.layers.split(",") if x)
        unknown = [x for x in layers if x not in LAYERS]
        if unknown:
            raise UserError(f"unknown layer {unknown[0]!r} (known: {', '.join(LAYERS)})")
    if args.crimea is None and not args.oblast and args.return_outside is None:
        return scenario, snapshot, layers
    options = options_from_statuses(scenario.regions)
    if options is None:
        raise UserError(f"scenario {scenario.id!r} cannot be changed with option flags")
    try:
        if args.crimea is not None:
            options = replace(options, crimea=status("--crimea", args.crimea, crimea_allowed))
        for value in args.oblast:
            region_id, _, statuses = value.partition("=")
            held, _, remainder = statuses.partition("/")
            if region_id not in options.oblasts:
                raise UserError(f"--oblast {value!r}: region must be one of {', '.join(options.oblasts)}")
            if not held and not remainder:
                # A flag that changes nothing would still turn the preset into "Custom options".
                raise UserError(f"--oblast {value!r} names no status: give ID=HELD/REMAINDER, e.g. {region_id}=frozen/ukraine")
            options = options.with_oblast(
                region_id,
                status(f"--oblast {region_id} (part Russia holds)", held, RUSSIAN_HELD_STATUSES) if held else None,
                status(f"--oblast {region_id} (part Ukraine holds)", remainder, UKRAINIAN_HELD_STATUSES) if remainder else None,
            )
        if args.return_outside is not None:
            ids = frozenset() if args.return_outside in ("", "none") else frozenset(args.return_outside.split(","))
            unknown = sorted(ids - set(OUTSIDE_ANNEXED))
            if unknown:
                raise UserError(f"--return-outside: {unknown[0]!r} is not one of {', '.join(OUTSIDE_ANNEXED)}")
            options = replace(options, returned_outside=ids)
        # Rebuild through the constructor so the combination is validated.
        options = type(options)(crimea=options.crimea, oblasts=dict(options.oblasts), returned_outside=options.returned_outside)
    except ValueError as exc:  # unknown status names, or a status a part cannot take
        raise UserError(str(exc).splitlines()[0]) from None
    return custom_scenario(options, scenario), snapshot, layers
