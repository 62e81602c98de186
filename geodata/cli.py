"""Command line: ``python -m geodata COMMAND ...``.

Every command reports a user error (unknown id, missing file, bad input) as
one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Sequence

from geodata import __version__

if TYPE_CHECKING:  # the command line imports the domain lazily, so --help stays fast
    from geodata.control import ControlSnapshot
    from geodata.scenarios import Scenario


class UserError(Exception):
    """An error in what the user asked for; reported as one line, exit status 2."""


def _cmd_build(args: argparse.Namespace) -> int:
    from geodata.build import BuildError, build

    try:
        written = build(Path(args.source), allow_other_source=args.allow_other_source)
    except BuildError as exc:
        raise UserError(str(exc)) from exc
    for path in written:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m geodata``, with every command registered."""
    parser = argparse.ArgumentParser(
        prog="python -m geodata",
        description="Regions of Ukraine, Russian control areas and settlement scenarios: build, list and compute.",
    )
    parser.add_argument("--version", action="version", version=f"geodata {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    build_cmd = commands.add_parser(
        "build",
        help="regenerate every derived data file from Natural Earth",
        description="Regenerate regions.geojson, context/, control/ and PROVENANCE.json, byte for byte.",
    )
    build_cmd.add_argument("--source", required=True, metavar="PATH", help="world_map.gpkg from Debian's qgis-common package")
    build_cmd.add_argument("--allow-other-source", action="store_true", help="build from a file that is not the pinned edition")
    build_cmd.set_defaults(handler=_cmd_build)

    scenarios_cmd = commands.add_parser("scenarios", help="list the settlement scenarios (ids, titles, dates)")
    scenarios_cmd.add_argument("--json", action="store_true", help="print JSON")
    scenarios_cmd.set_defaults(handler=_cmd_scenarios)

    snapshots_cmd = commands.add_parser("snapshots", help="list the control snapshots (dates, sources)")
    snapshots_cmd.add_argument("--json", action="store_true", help="print JSON")
    snapshots_cmd.set_defaults(handler=_cmd_snapshots)

    stats_cmd = commands.add_parser(
        "stats",
        help="areas, shares, population and cities by status for one scenario",
        description="Figures for a scenario on a control date. Shares are fractions from 0 to 1 in --json.",
    )
    add_scenario_arguments(stats_cmd)
    stats_cmd.add_argument("--json", action="store_true", help="print the JSON contract documented in the README")
    stats_cmd.set_defaults(handler=_cmd_stats)

    from geodata.export import add_export_command

    add_export_command(commands)
    from geodata.render_command import add_render_command; add_render_command(commands)
    from geodata.importer import add_import_commands; add_import_commands(commands)
    _add_fetch_command(commands)
    return parser


def _add_fetch_command(commands: argparse._SubParsersAction) -> None:
    """Register ``fetch-control`` (the domain is :mod:`geodata.fetch`, imported when the command runs)."""
    fetch_cmd = commands.add_parser(
        "fetch-control",
        help="download the newest control layer (DeepStateMap, or --url) and write it as control/DATE.geojson",
        description="Download a control layer with a time-out and a size cap, check it as import-control does, and write it "
        "as control/DATE.geojson plus its provenance (address, time fetched, sha256, the source's terms), dated from the "
        "layer itself. By default DeepStateMap's newest layer (non-commercial use with attribution). "
        "Exit status 2 and one line if anything fails; nothing is written then.",
    )
    fetch_cmd.add_argument("--url", metavar="URL", help="any http(s) address serving a file import-control accepts (a mirror, a daily file, an ArcGIS query)")
    fetch_cmd.add_argument("--date", metavar="D", help="DeepStateMap's last version of that day, YYYY-MM-DD (needs its version list)")
    fetch_cmd.add_argument("--timeout", type=float, default=30.0, metavar="S", help="seconds to connect and to wait for data (default 30; the whole fetch at most 4 times as long)")
    fetch_cmd.add_argument("--max-mb", type=float, default=20.0, metavar="N", help="size cap of the download in MB (default 20, the import limit; at most 200)")
    fetch_cmd.add_argument("--out-dir", metavar="DIR", help="write into DIR instead of the package's control folder")
    fetch_cmd.add_argument("--force", action="store_true", help="replace a snapshot of that date even if shipped or imported by hand")
    fetch_cmd.add_argument("--repair", action="store_true", help="close open rings and make invalid polygons valid, reporting the changes")
    fetch_cmd.add_argument("--verbose", action="store_true", help="log each request, and the details of an unexpected failure, on stderr")
    fetch_cmd.set_defaults(handler=_cmd_fetch_control)


def _cmd_fetch_control(args: argparse.Namespace) -> int:
    import logging
    import math

    from geodata import paths
    from geodata.fetch import FetchError, fetch_control, format_fetch_line

    log = logging.getLogger("geodata.fetch")
    level = log.level
    if args.verbose:
        handler: logging.Handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
        log.setLevel(logging.INFO)
    else:
        handler = logging.NullHandler()  # the user sees one line; --verbose shows the log
    log.addHandler(handler)
    try:
        if not (math.isfinite(args.max_mb) and 0 < args.max_mb <= 200):
            raise UserError("--max-mb must be more than 0 and at most 200")
        result = fetch_control(
            url=args.url,
            date=args.date,
            timeout=args.timeout,
            max_bytes=int(args.max_mb * 1024 * 1024),
            out_dir=Path(args.out_dir) if args.out_dir else paths.CONTROL_DIR,
            force=args.force,
            repair=args.repair,
        )
    except FetchError as exc:
        raise UserError(str(exc)) from None
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    print(format_fetch_line(result, relative_to=Path.cwd()))
    return 0


def _cmd_scenarios(args: argparse.Namespace) -> int:
    from geodata.scenarios import load_scenarios

    scenarios = load_scenarios()
    if args.json:
        print_json([
            {"id": s.id, "title": s.title, "date": s.date, "as_reported": s.as_reported, "control": s.control, "summary": s.summary}
            for s in scenarios.values()
        ])
        return 0
    width = max(len(s.id) for s in scenarios.values())
    for s in scenarios.values():
        reported = " (as reported)" if s.as_reported else ""
        print(f"{s.id:<{width}}  {s.date:<10}  {s.title}{reported}")
    return 0


def _cmd_snapshots(args: argparse.Namespace) -> int:
    from geodata.control import list_snapshots, load_snapshot

    snapshots = [load_snapshot(d) for d in list_snapshots()]
    if args.json:
        print_json([{"as_of": s.as_of, "method": s.method, "sources": list(s.sources)} for s in snapshots])
        return 0
    for s in snapshots:
        print(f"{s.as_of}  {'; '.join(s.sources)}")
    return 0


def resolve_scenario_and_snapshot(scenario_id: str, control: str | None) -> tuple[Scenario, ControlSnapshot]:
    """The scenario and snapshot a command names, or a :class:`UserError` naming what is unknown."""
    from geodata.control import SnapshotError, latest_snapshot, load_snapshot
    from geodata.scenarios import ScenarioError, get_scenario

    try:
        scenario = get_scenario(scenario_id)
        snapshot = load_snapshot(control or scenario.control or latest_snapshot())
    except (ScenarioError, SnapshotError) as exc:
        raise UserError(str(exc)) from None
    return scenario, snapshot


#: Map layers a figure or export can include (the dashboard's layer toggles).
LAYERS = ("line", "claims", "labels", "settlements", "assets")
DEFAULT_LAYERS = ("line", "claims", "labels", "settlements")


def add_scenario_arguments(parser: argparse.ArgumentParser, required: bool = True) -> None:
    """The flags that choose what to show, as in the dashboard: preset, control date, options, layers.

    Option flags turn the preset into a custom scenario, exactly like the dashboard's toggles.
    """
    parser.add_argument("--scenario", required=required, metavar="ID", help="a scenario id (see `scenarios`)")
    parser.add_argument("--control", metavar="AS_OF", help="control snapshot date (default: the scenario's own)")
    parser.add_argument("--crimea", metavar="STATUS", help="status of Crimea and Sevastopol (e.g. de_jure_russia)")
    parser.add_argument(
        "--oblast",
        action="append",
        default=[],
        metavar="ID=HELD/REMAINDER",
        help="statuses of an oblast claimed in 2022, e.g. UA-14=de_facto_russia/buffer_zone (repeatable)",
    )
    parser.add_argument("--return-outside", metavar="IDS", help="comma-separated regions whose Russian-held land is returned, or 'none'")
    parser.add_argument("--layers", metavar="LIST", help=f"comma-separated layers (default: {','.join(DEFAULT_LAYERS)}; all: {','.join(LAYERS)})")


def scenario_from_args(args: argparse.Namespace) -> tuple[Scenario, ControlSnapshot, tuple[str, ...]]:
    """The scenario, snapshot and layers that :func:`add_scenario_arguments`'s flags describe.

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

    from geodata.scenarios import OUTSIDE_ANNEXED, Status, custom_scenario, options_from_statuses

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
            options = replace(options, crimea=Status(args.crimea))
        for value in args.oblast:
            region_id, _, statuses = value.partition("=")
            held, _, remainder = statuses.partition("/")
            if region_id not in options.oblasts:
                raise UserError(f"--oblast {value!r}: region must be one of {', '.join(options.oblasts)}")
            options = options.with_oblast(region_id, Status(held) if held else None, Status(remainder) if remainder else None)
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


def _cmd_stats(args: argparse.Namespace) -> int:
    from geodata.stats import compute_stats

    scenario, snapshot, _layers = scenario_from_args(args)
    stats = compute_stats(scenario, snapshot)
    if args.json:
        print_json(stats)
        return 0
    print(format_stats(stats))
    return 0


def format_stats(stats: dict) -> str:
    """A plain-text report of :func:`geodata.stats.compute_stats` for the terminal."""
    from geodata.scenarios import STATUS_LABELS, Status

    reported = " (as reported)" if stats["as_reported"] else ""
    dated = f", {stats['scenario_date']}" if stats["scenario_date"] else ""
    lines = [
        f"{stats['scenario_title']}{reported}{dated}",
        f"Control as of {stats['control_as_of']}: {'; '.join(stats['control_sources'])}",
        "",
        f"{'status':<62} {'km2':>10} {'share':>7} {'population':>11}",
    ]
    for status in Status:
        values = stats["totals"][status.value]
        if values["area_km2"] <= 0:
            continue
        lines.append(
            f"{STATUS_LABELS[status]['en']:<62} {values['area_km2']:>10,.0f} {values['share_of_ukraine']:>7.1%} {values['population']:>11,}"
        )
    lines += [
        "",
        f"Share of the four oblasts claimed in 2022 under Russian control: {stats['annexed_2022_controlled_share']:.1%}"
        f" (often quoted: about {stats['annexed_2022_quoted_share']:.0%})",
    ]
    for key, label in (("ukraine_gives_up", "Ukraine would give up land it holds"), ("russia_returns", "Russia would return")):
        part = stats[key]
        if part["area_km2"] > 0:
            cities = ", ".join(part["settlements"][:12]) or "no town of 10,000+"
            lines.append(f"{label}: {part['area_km2']:,.0f} km2, pre-war population {part['population']:,}; {cities}")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0


def print_json(data: object) -> None:
    """Print JSON for machines: UTF-8, stable key order."""
    print(json.dumps(data, ensure_ascii=False, indent=2))
