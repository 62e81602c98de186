"""The ``pack`` command of ``python -m geodata``: the briefing pack, the whole map in one offline HTML file.

The pack itself is :mod:`geodata.pack`; this module reads the command's arguments and writes the file.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path
from typing import Any

from geodata.cli.common import UserError


def add_pack_command(commands: Any) -> None:
    """Register ``pack`` on the subparsers of ``python -m geodata``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What :meth:`argparse.ArgumentParser.add_subparsers` returned.
    """
    parser = commands.add_parser(
        "pack",
        help="write the briefing pack: the whole map in one self-contained, offline HTML file",
        description="Write one HTML file holding the map, a scenario and a date chooser, and the numbers of every "
        "scenario on every control date it includes. It makes no request to any host: open it from disk, "
        "email it, or host it as a static file.",
    )
    parser.add_argument("--out", required=True, metavar="FILE", help="the HTML file to write (e.g. briefing.html)")
    parser.add_argument(
        "--scenarios", metavar="ID,...", help="comma-separated scenario ids, in the chooser's order (default: every preset)"
    )
    parser.add_argument("--controls", metavar="DATE,...", help="comma-separated control dates (default: every shipped date)")
    parser.add_argument("--lang", default="en", metavar="LANG", help="en|uk (default: en)")
    parser.add_argument("--title", metavar="TEXT", help="headline (default: the app's title); shown as plain text")
    parser.set_defaults(handler=_cmd_pack)


def _list(value: str | None) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _cmd_pack(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset
    from geodata.pack import PackRequest, build_pack

    started = time.perf_counter()
    if args.scenarios is not None and not _list(args.scenarios):
        raise UserError("--scenarios names no scenario")
    if args.controls is not None and not _list(args.controls):
        raise UserError("--controls names no date")
    scenarios = (
        [default_dataset().scenario(i) for i in _list(args.scenarios)]
        if args.scenarios
        else list(default_dataset().scenarios().values())
    )
    known = default_dataset().snapshot_dates()
    dates = _list(args.controls) or list(known)
    unknown = [d for d in dates if d not in known]
    if unknown:
        raise UserError(f"unknown control snapshot {unknown[0]!r} (known: {', '.join(known)})")
    page = build_pack(PackRequest(scenarios=scenarios, dates=dates, lang=args.lang, title=args.title or ""))
    path = Path(args.out)
    try:
        path.write_bytes(page)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None
    print(
        f"{path} ({len(page) / 1e6:.2f} MB, {len(scenarios)} scenarios × {len(dates)} dates, "
        f"{time.perf_counter() - started:.1f} s)"
    )
    return 0
