"""The ``export`` command: one scenario on one control date as GeoJSON, GeoPackage, KML or CSV."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geodata.cli.common import UserError, scenario_from_args, scenario_parent
from geodata.errors import ExportError
from geodata.vocabulary import EXPORT_FORMATS as FORMATS


def add_export_command(commands: Any) -> None:
    """Register ``python -m geodata export`` on the command line's sub-parsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned in :func:`geodata.cli.build_parser`.
    """
    parser = commands.add_parser(
        "export",
        parents=[scenario_parent()],
        help="the tagged region parts and their numbers as GeoJSON, GeoPackage, KML or CSV",
        description="Export one scenario on one control date: region parts with statuses, areas and populations.",
    )
    parser.add_argument(
        "--format", metavar="FORMAT", help=f"one of {', '.join(FORMATS)} (any case); by default read from --out's suffix"
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="where to write (.geojson, .gpkg, .kml or .csv)")
    parser.set_defaults(handler=_cmd_export)


def _cmd_export(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset
    from geodata.export import export_bytes, export_format

    try:
        fmt = export_format(args.out, args.format)
    except ExportError as exc:
        raise UserError(str(exc)) from None
    scenario, snapshot, _layers = scenario_from_args(args)
    data = export_bytes(scenario, snapshot, fmt, dataset=default_dataset())
    try:
        Path(args.out).write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {args.out}: {exc.strerror or exc}") from None
    print(f"{args.out}: {len(data):,} bytes ({fmt})")
    return 0
