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
    from geodata.changes import Changes
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
        help="draw a slide-ready figure (PNG, SVG or PDF) or a PowerPoint slide or deck (PPTX) of a scenario, offline",
        description="Draw a scenario as a static figure: title, map, legend, numbers, sources; or, with --out FILE.pptx, "
        "a 16:9 PowerPoint slide (map picture, title, numbers table, footer and speaker notes with the sources). "
        "With --all, draw every preset into --outdir (PPTX: one deck, a slide per preset, then the trend slide and the "
        "changes slide of the newest two shipped lines, into --out or --outdir). With --since DATE, the gains and losses "
        "since that earlier line are drawn on the line shown (PPTX: the changes slide).",
    )
    parser.add_argument("--out", metavar="FILE", help="output file; its suffix (.png, .svg, .pdf, .pptx) gives the format")
    parser.add_argument("--format", metavar="FMT", help=f"{'|'.join((*FORMATS, 'pptx'))} (default: from --out, else png)")
    parser.add_argument("--size", metavar="SIZE", help="WxH pixels or a4-landscape (default: 1920x1080; PDF: a4-landscape)")
    parser.add_argument("--title", metavar="TEXT", help="headline (default: the app's title)")
    parser.add_argument("--lang", default="en", metavar="LANG", help=f"{'|'.join(LANGUAGES)} (default: en)")
    parser.add_argument(
        "--compare", metavar="ID2", help="a second scenario drawn beside the first, both on one line: --control, else the newest"
    )
    parser.add_argument(
        "--since",
        metavar="DATE",
        help="an earlier control date: draw what Russia gained and lost since then on the line shown, with a table "
        "per region (PPTX: the changes slide; with --all, the deck's changes slide starts there)",
    )
    parser.add_argument("--all", action="store_true", help="draw every preset (with --outdir)")
    parser.add_argument("--outdir", metavar="DIR", help="folder for --all (created if missing)")
    parser.add_argument("--timelapse", action="store_true", help="an animation, one frame per control date (--out FILE.gif|.mp4)")
    parser.add_argument(
        "--from", dest="from_date", metavar="DATE", help="with --timelapse: the first control date (default: the first)"
    )
    parser.add_argument(
        "--to", dest="to_date", metavar="DATE", help="with --timelapse: the last control date (default: the last)"
    )
    parser.set_defaults(handler=_cmd_render)


def _output_format(args: argparse.Namespace) -> str:
    suffix = Path(args.out).suffix.lower().lstrip(".") if args.out else ""
    fmt = (args.format or suffix or "png").lower()
    if fmt not in (*FORMATS, "pptx"):
        raise UserError(f"unknown format {fmt!r} (known: {', '.join((*FORMATS, 'pptx'))})")
    if args.out and suffix != fmt:
        raise UserError(f"--out {args.out!r} does not end in .{fmt}")
    return fmt


def _write(data: bytes, path: Path) -> None:
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise UserError(f"cannot write {path}: {exc.strerror or exc}") from None


def _render_or_user_error(
    scenario: Scenario,
    snapshot: ControlSnapshot,
    fmt: str,
    layers: Sequence[str],
    args: argparse.Namespace,
    compare: Scenario | None = None,
    changes: Changes | None = None,
) -> bytes:
    from geodata.dataset import default_dataset
    from geodata.figures import render_bytes

    try:
        # geodata.figures loads render_bytes on first use (its __getattr__), so the type is named here.
        data: bytes = render_bytes(
            scenario,
            snapshot,
            fmt,
            layers=layers,
            size=args.size,
            title=args.title,
            lang=args.lang,
            compare=compare,
            dataset=default_dataset(),
            changes=changes,
        )
    except RenderError as exc:
        raise UserError(str(exc)) from None
    return data


def changes_since(since: str | None, snapshot: ControlSnapshot) -> Changes | None:
    """What Russia gained and lost from the ``--since`` line to ``snapshot``; None without ``--since``.

    Parameters
    ----------
    since : str or None
        ``--since``: a control date (shipped, imported or fetched) before ``snapshot``'s.
    snapshot : ControlSnapshot
        The line shown.

    Returns
    -------
    Changes or None
        :func:`geodata.changes.changes_between` of the two lines.

    Raises
    ------
    UserError
        For a date with no line, or one not before the line shown (one line, exit status 2).
    """
    from geodata.changes import changes_between
    from geodata.dataset import default_dataset

    if not since:
        return None
    dataset = default_dataset()
    dates = list(dataset.snapshot_dates())
    if since not in dates:
        raise UserError(f"--since {since}: no control line of that date (known: {', '.join(dates)})")
    if since >= snapshot.as_of:
        raise UserError(f"--since {since} must be before the line shown ({snapshot.as_of}); name a later one with --control")
    return changes_between(dataset, dataset.snapshot(since), snapshot)


def _cmd_render(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset

    if args.since and args.timelapse:
        raise UserError("--since draws the changes on the line shown; a time-lapse shows every line: drop one of them")
    if args.timelapse:
        from geodata.cli.changes import run_timelapse

        return run_timelapse(args)
    fmt = _output_format(args)
    if args.lang not in LANGUAGES:
        raise UserError(f"unknown language {args.lang!r} (known: {', '.join(LANGUAGES)})")
    if args.size is not None:
        try:
            parse_size(args.size)
        except RenderError as exc:
            raise UserError(str(exc)) from None
    if fmt == "pptx":
        return _cmd_deck(args)
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
        if args.since and args.since not in default_dataset().snapshot_dates():
            changes_since(args.since, default_dataset().snapshot(default_dataset().latest_snapshot()))  # the one error line
        for number, scenario_id in enumerate(presets, start=1):
            started = time.perf_counter()
            one = copy.copy(args)
            one.scenario = scenario_id
            scenario, snapshot, layers = scenario_from_args(one)
            path = outdir / f"{scenario_id}.{fmt}"
            # A preset drawn on its own line, not after --since (Minsk on 2022-02-23), has no changes to draw: said so.
            later = not args.since or args.since < snapshot.as_of
            changes = changes_since(args.since, snapshot) if later else None
            _write(_render_or_user_error(scenario, snapshot, fmt, layers, args, changes=changes), path)
            note = "" if later else f", no changes: its line {snapshot.as_of} is not after --since"
            print(f"[{number}/{len(presets)}] {scenario_id} -> {path} ({time.perf_counter() - started:.1f} s{note})", flush=True)
        return 0
    if not args.scenario:
        raise UserError("render needs --scenario ID (or --all --outdir DIR)")
    if not args.out:
        raise UserError("render needs --out FILE.png|.svg|.pdf")
    started = time.perf_counter()
    compare = _compare_scenario(args)
    scenario, snapshot, layers = scenario_from_args(args)
    path = Path(args.out)
    changes = changes_since(args.since, snapshot)
    _write(_render_or_user_error(scenario, snapshot, fmt, layers, args, compare, changes), path)
    print(f"{path} ({time.perf_counter() - started:.1f} s)")
    return 0


def _compare_scenario(args: argparse.Namespace) -> Scenario | None:
    from geodata.dataset import default_dataset
    from geodata.scenarios import ScenarioError

    if not args.compare:
        return None
    if not args.control:
        # Both proposals are drawn on one line: the newest, unless --control names another.
        args.control = default_dataset().latest_snapshot()
    try:
        return default_dataset().scenario(args.compare)
    except ScenarioError as exc:
        raise UserError(str(exc)) from None


def _cmd_deck(args: argparse.Namespace) -> int:
    """``render --out FILE.pptx``: one slide (or a comparison slide, or with ``--since`` the changes slide); with
    ``--all``, a deck: a slide per preset, then the trend slide and the changes slide."""
    from geodata.dataset import default_dataset
    from geodata.slides import FIRST_VIEW_SCENARIO, SlideBuilder, SlideSpec, build_deck, map_slide_builder
    from geodata.slides_changes import changes_slide_builder

    if args.size is not None:
        raise UserError("--size does not apply to a PowerPoint file (16:9 slides)")
    started = time.perf_counter()
    dataset = default_dataset()
    builders: list[SlideBuilder] = []
    if args.all:
        if args.scenario or args.compare:
            raise UserError("--all makes a slide per preset: drop --scenario and --compare")
        if args.crimea is not None or args.oblast or args.return_outside is not None:
            raise UserError("--all draws the presets as they are: drop --crimea, --oblast and --return-outside")
        if not args.out and not args.outdir:
            raise UserError("--all --format pptx needs --out DECK.pptx or --outdir DIR")
        if args.out:
            path = Path(args.out)
        else:
            outdir = Path(args.outdir)
            try:
                outdir.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise UserError(f"cannot create {outdir}: {exc.strerror or exc}") from None
            path = outdir / f"claims-map-presets-{args.lang}.pptx"
        for scenario_id in dataset.scenarios():
            one = copy.copy(args)
            one.scenario = scenario_id
            scenario, snapshot, layers = scenario_from_args(one)
            builders.append(
                map_slide_builder(
                    SlideSpec(scenario, snapshot, args.lang, layers=layers, title=args.title or "", dataset=dataset)
                )
            )
        builders += _history_builders(args)
    else:
        if not args.out:
            raise UserError("render needs --out FILE.pptx")
        path = Path(args.out)
        args.scenario = args.scenario or FIRST_VIEW_SCENARIO
        compare = _compare_scenario(args)
        scenario, snapshot, layers = scenario_from_args(args)
        changes = changes_since(args.since, snapshot)
        spec = SlideSpec(
            scenario,
            snapshot,
            args.lang,
            compare=compare,
            layers=layers,
            title=args.title or "",
            dataset=dataset,
            changes=changes,
        )
        builders.append(changes_slide_builder(spec) if changes is not None else map_slide_builder(spec))
    try:
        data = build_deck(builders)
    except RenderError as exc:
        raise UserError(str(exc)) from None
    _write(data, path)
    print(f"{path} ({len(builders)} slide{'s' if len(builders) != 1 else ''}, {time.perf_counter() - started:.1f} s)")
    return 0


def _history_builders(args: argparse.Namespace) -> list[Any]:
    """The deck's last two slides: the trend over every control date, and the changes slide from ``--since`` (else
    the shipped line before the newest) to the newest shipped line (``--control`` names another), on the dashboard's
    first view; each only where there is something to show."""
    from geodata import paths
    from geodata.dataset import default_dataset
    from geodata.slides import FIRST_VIEW_SCENARIO, SlideSpec
    from geodata.slides_changes import changes_slide_builder, trend_slide_builder
    from geodata.trend import PUBLISHED_FIGURES_NAME, compute_trend

    dataset = default_dataset()
    builders = []
    trend = compute_trend(dataset, paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME)
    if trend["dates"]:
        builders.append(trend_slide_builder(trend, args.lang, dataset=dataset))
    shipped = list(dataset.shipped_snapshots())
    later = args.control or (shipped[-1] if shipped else None)
    earlier = args.since or next((d for d in reversed(shipped) if later and d < later), None)
    if later and earlier:
        one = copy.copy(args)
        one.scenario, one.control = FIRST_VIEW_SCENARIO, later
        scenario, snapshot, layers = scenario_from_args(one)
        changes = changes_since(earlier, snapshot)
        spec = SlideSpec(scenario, snapshot, args.lang, layers=layers, dataset=dataset, changes=changes)
        builders.append(changes_slide_builder(spec))
    return builders
