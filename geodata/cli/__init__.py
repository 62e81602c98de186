"""Command line: ``python -m geodata COMMAND ...``. Every command lives in this package, one module per
group; the domain modules import nothing from here.

Every command reports a user error (unknown id, missing file, bad input, any
:class:`geodata.errors.ClaimsMapError`) as one line on stderr and exit status 2,
never a traceback. An unexpected error is logged with its traceback (logger
``geodata.cli``) for the operator and reported to the user in one line, exit status 1.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from typing import NoReturn

from geodata import __version__
from geodata.cli.common import UserError, add_scenario_arguments, print_json, scenario_from_args, scenario_parent
from geodata.errors import ClaimsMapError

log = logging.getLogger(__name__)


class OneLineParser(argparse.ArgumentParser):
    """argparse, with its errors as one line (exit status 2) like every other error of the command line."""

    def error(self, message: str) -> NoReturn:
        """Print argparse's error as one line and exit with status 2.

        Parameters
        ----------
        message : str
            argparse's message (an unknown option, a missing argument).

        Raises
        ------
        SystemExit
            Always, with status 2 (argparse's ``exit``).
        """
        self.exit(2, f"error: {self.prog}: {message} (see {self.prog} --help)\n")


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of ``python -m geodata``, with every command registered.

    Returns
    -------
    argparse.ArgumentParser
        A :class:`OneLineParser`; each command's parser sets ``handler``, the function that runs it.
    """
    from geodata.cli.changes import add_changes_commands
    from geodata.cli.data import add_data_commands
    from geodata.cli.export import add_export_command
    from geodata.cli.fetch import add_fetch_command
    from geodata.cli.importing import add_import_commands
    from geodata.cli.pack import add_pack_command
    from geodata.cli.render import add_render_command

    parser = OneLineParser(
        prog="python -m geodata",
        description="Regions of Ukraine, Russian control areas and settlement scenarios: build, list and compute.",
    )
    parser.add_argument("--version", action="version", version=f"geodata {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=OneLineParser)
    add_data_commands(commands)
    add_export_command(commands)
    add_render_command(commands)
    add_import_commands(commands)
    add_fetch_command(commands)
    add_pack_command(commands)
    add_changes_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Parameters
    ----------
    argv : sequence of str, optional
        The arguments after ``python -m geodata``; ``None`` reads ``sys.argv``.

    Returns
    -------
    int
        0 on success (or a closed pipe), 1 for an internal error (logged with its traceback), 2 for a user error
        (any :class:`~geodata.errors.ClaimsMapError`, printed as one line on stderr).
    """
    if not logging.getLogger().handlers:
        # Warnings and internal errors reach the operator on stderr; the user's one line is printed below.
        logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "handler", None):
        parser.print_help()
        return 0
    try:
        return int(args.handler(args) or 0)
    except ClaimsMapError as exc:
        print(f"error: {str(exc).splitlines()[0] if str(exc) else type(exc).__name__}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    except Exception:  # noqa: BLE001 - the operator gets the traceback in the log, the user one line
        log.exception("internal error in %r", args.command)
        print(f"error: internal error in {args.command} (details in the log above); please report it", file=sys.stderr)
        return 1


__all__ = ["UserError", "add_scenario_arguments", "build_parser", "main", "print_json", "scenario_from_args", "scenario_parent"]
