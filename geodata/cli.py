"""Command line: ``python -m geodata COMMAND ...``.

Every command reports a user error (unknown id, missing file, bad input) as
one line on stderr and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Callable, Sequence

from geodata import __version__


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

    for register in _EXTRA_COMMANDS:
        register(commands)
    return parser


#: Functions that add further sub-commands; later modules append to it.
_EXTRA_COMMANDS: list[Callable[[argparse._SubParsersAction], None]] = []


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
