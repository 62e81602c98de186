"""The ``fetch-control`` command: the domain is :mod:`geodata.fetch`, imported when the command runs."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from geodata.cli.common import UserError


def add_fetch_command(commands: Any) -> None:
    """Register ``fetch-control`` (the domain is :mod:`geodata.fetch`, imported when the command runs).

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned in :func:`geodata.cli.build_parser`.
    """
    fetch_cmd = commands.add_parser(
        "fetch-control",
        help="download the newest control layer (DeepStateMap, or --url) and write it as control/DATE.geojson",
        description="Download a control layer with a time-out and a size cap, check it as import-control does, and write it "
        "as control/DATE.geojson plus its provenance (address, time fetched, sha256, the source's terms), dated from the "
        "layer itself. By default DeepStateMap's newest layer (non-commercial use with attribution). "
        "Exit status 2 and one line if anything fails; nothing is written then.",
    )
    fetch_cmd.add_argument(
        "--url",
        metavar="URL",
        help="any http(s) address serving a file import-control accepts (a mirror, a daily file, an ArcGIS query)",
    )
    fetch_cmd.add_argument(
        "--date", metavar="D", help="DeepStateMap's last version of that day, YYYY-MM-DD (needs its version list)"
    )
    fetch_cmd.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="S",
        help="seconds to connect and to wait for data (default 30; the whole fetch at most 4 times as long)",
    )
    fetch_cmd.add_argument(
        "--max-mb",
        type=float,
        default=20.0,
        metavar="N",
        help="size cap of the download in MB (default 20, the import limit; at most 200)",
    )
    fetch_cmd.add_argument(
        "--out-dir",
        metavar="DIR",
        help="write into DIR instead of the user data folder's control/ (CLAIMS_MAP_DATA_DIR; see docs/user-data.md)",
    )
    fetch_cmd.add_argument(
        "--force", action="store_true", help="replace a snapshot of that date even if shipped or imported by hand"
    )
    fetch_cmd.add_argument(
        "--repair", action="store_true", help="close open rings and make invalid polygons valid, reporting the changes"
    )
    fetch_cmd.add_argument(
        "--verbose", action="store_true", help="log each request, and the details of an unexpected failure, on stderr"
    )
    fetch_cmd.set_defaults(handler=_cmd_fetch_control)


def _cmd_fetch_control(args: argparse.Namespace) -> int:
    import logging
    import math

    from geodata.dataset import default_dataset
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
            out_dir=Path(args.out_dir) if args.out_dir else None,
            force=args.force,
            repair=args.repair,
            dataset=default_dataset(),
        )
    except FetchError as exc:
        raise UserError(str(exc)) from None
    finally:
        log.removeHandler(handler)
        log.setLevel(level)
    print(format_fetch_line(result, relative_to=Path.cwd()))
    return 0
