"""The ``render`` command of ``python -m geodata``: draws one scenario, or every preset, into image files.

The drawing itself is :mod:`geodata.figures`; this module only reads the command's arguments,
turns :class:`~geodata.figures.RenderError` into the command line's ``UserError`` and writes files.
"""

from __future__ import annotations

import argparse
import copy
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.cli.common import UserError, scenario_from_args, scenario_parent
from geodata.figures.options import FORMATS, LANGUAGES, RenderError, parse_size

if TYPE_CHECKING:
    from geodata.control import ControlSnapshot
    from geodata.scenarios import Scenario


def add_render_command(commands: Any) -> None:
    """Register ``render`` on the subparsers of ``python -m geodata``.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What :meth:`argparse.ArgumentParser.add_subparsers` returned.
    """
    parser = commands.add_parser(
        "render",
        parents=[scenario_parent(required=False)],
        help="draw a slide-ready figure (PNG, SVG or PDF) of a scenario, offline",
        description="Draw a scenario as a static figure: title, map, legend, numbers, sources. "
        "With --all, draw every preset into --outdir.",
    )
    parser.add_argument("--out", metavar="FILE", help="output file; its suffix (.png, .svg, .pdf) gives the format")
    parser.add_argument("--format", metavar="FMT", help=f"{'|'.join(FORMATS)} (default: from --out, else png)")
    parser.add_argument("--size", metavar="SIZE", help="WxH pixels or a4-landscape (default: 1920x1080; PDF: a4-landscape)")
    parser.add_argument("--title", metavar="TEXT", help="headline (default: the app's title)")
    parser.add_argument("--lang", default="en", metavar="LANG", help=f"{'|'.join(LANGUAGES)} (default: en)")
    parser.add_argument("--compare", metavar="ID2", help="a second scenario drawn beside the first, on the same control date")
    parser.add_argument("--all", action="store_true", help="draw every preset (with --outdir)")
    parser.add_argument("--outdir", metavar="DIR", help="folder for --all (created if missing)")
    parser.set_defaults(handler=_cmd_render)


def _output_format(args: argparse.Namespace) -> str:
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else ""
    fmt = (args.format or suffix or "png").lower()
    if fmt not in FORMATS:
        raise UserError(f"unknown format {fmt!r} (known: {', '.join(FORMATS)})")
    if args.out and suffix != fmt:
        raise UserError(f"--out {args.out!r} does not end in .{fmt}")
    return fmt


def _write(data: bytes, path: Path) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def _render_or_user_error(scenario: Scenario, snapshot: ControlSnapshot, fmt: str, layers: Sequence[str], args: argparse.Namespace, compare: Scenario | None = None) -> bytes:
    from geodata.dataset import default_dataset
    from geodata.figures import render_bytes

    try:
        return render_bytes(
            scenario,
            snapshot,
            fmt,
            layers=layers,
            size=args.size,
            title=args.title,
            lang=args.lang,
            compare=compare,
            dataset=default_dataset(),
        )
    except RenderError as exc:
        raise UserError(str(exc)) from None


def _cmd_render(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset
    from geodata.scenarios import ScenarioError

    fmt = _output_format(args)
    if args.lang not in LANGUAGES:
        raise UserError(f"unknown language {args.lang!r} (known: {', '.join(LANGUAGES)})")
    if args.size is not None:
        try:
            parse_size(args.size)
        except RenderError as exc:
            raise UserError(str(exc)) from None
    if args.all:
        if args.scenario or args.out or args.compare:
            raise UserError("--all draws every preset: use --outdir DIR instead of --scenario, --out or --compare")
        if args.crimea is not None or args.oblast or args.return_outside is not None:
            raise UserError("--all draws the presets as they are: drop --crimea, --oblast and --return-outside")
        if not args.outdir:
            raise UserError("--all needs --outdir DIR")
        outdir = Path(args.outdir)
        try:
            outdir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UserError(f"cannot create {outdir}: {exc.strerror or exc}") from None
        presets = list(default_dataset().scenarios())
        for number, scenario_id in enumerate(presets, start=1):
            started = time.perf_counter()
            one = copy.copy(args)
            one.scenario = scenario_id
            scenario, snapshot, layers = scenario_from_args(one)
            path = outdir / f"{scenario_id}.{fmt}"
            _write(_render_or_user_error(scenario, snapshot, fmt, layers, args), path)
            print(f"[{number}/{len(presets)}] {scenario_id} -> {path} ({time.perf_counter() - started:.1f} s)", flush=True)
        return 0
    if not args.scenario:
        raise UserError("render needs --scenario ID (or --all --outdir DIR)")
    if not args.out:
        raise UserError("render needs --out FILE.png|.svg|.pdf")
    started = time.perf_counter()
    scenario, snapshot, layers = scenario_from_args(args)
    compare = None
    if args.compare:
        try:
            compare = default_dataset().scenario(args.compare)
        except ScenarioError as exc:
            raise UserError(str(exc)) from None
    path = Path(args.out)
    _write(_render_or_user_error(scenario, snapshot, fmt, layers, args, compare), path)
    print(f"{path} ({time.perf_counter() - started:.1f} s)")
    return 0
