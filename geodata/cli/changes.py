"""The ``changes`` and ``trend`` commands: what Russia gained and lost between two control dates, and the
Russian-held area over every date. The figures are :mod:`geodata.changes` and :mod:`geodata.trend`'s."""

from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

from geodata.cli.common import UserError, print_json

CHANGE_FORMATS = (".geojson", ".gpkg", ".csv")


def add_changes_commands(commands: Any) -> None:
    """Register ``changes`` and ``trend`` on ``python -m geodata``'s sub-parsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned in :func:`geodata.cli.build_parser`.
    """
    changes_cmd = commands.add_parser(
        "changes",
        help="land Russia gained and lost between two control dates, per region, and the places that changed side",
        description="Gains and losses between two control dates (shipped, imported or fetched). Net equals the "
        "difference of `stats` on the two dates; slivers from redrawn vertices are counted apart.",
    )
    changes_cmd.add_argument("--from", dest="from_date", required=True, metavar="DATE", help="the earlier control date")
    changes_cmd.add_argument("--to", dest="to_date", required=True, metavar="DATE", help="the later control date")
    changes_cmd.add_argument("--json", action="store_true", help="print the figures as JSON")
    changes_cmd.add_argument("--out", metavar="FILE", help="write the polygons (.geojson, .gpkg) or the per-region table (.csv)")
    changes_cmd.add_argument("--lang", default="en", metavar="LANG", help="en|uk for the text report (default: en)")
    changes_cmd.set_defaults(handler=_cmd_changes)

    trend_cmd = commands.add_parser(
        "trend",
        help="the Russian-held area on every control date, in total and per region, with gaps over 90 days",
        description="The Russian-held area (km² and share) on every control date; gaps over 90 days are marked.",
    )
    output = trend_cmd.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print the series as JSON")
    output.add_argument("--csv", action="store_true", help="print the series as CSV (one row per date and region)")
    output.add_argument("--out", metavar="FILE", help="draw the trend as a figure (.png, .svg, .pdf)")
    trend_cmd.add_argument("--region", metavar="ID", help="with --out: draw one region (e.g. UA-14) instead of all of Ukraine")
    trend_cmd.add_argument("--size", metavar="SIZE", help="with --out: WxH pixels or a4-landscape (as for render)")
    trend_cmd.add_argument("--lang", default="en", metavar="LANG", help="en|uk (default: en)")
    trend_cmd.set_defaults(handler=_cmd_trend)


def _cmd_changes(args: argparse.Namespace) -> int:
    from geodata.changes import compute_changes
    from geodata.dataset import default_dataset

    if args.lang not in ("en", "uk"):
        raise UserError(f"unknown language {args.lang!r} (known: en, uk)")
    out = Path(args.out) if args.out else None
    if out is not None and out.suffix.lower() not in CHANGE_FORMATS:
        raise UserError(f"--out {args.out!r} must end in {', '.join(CHANGE_FORMATS)}")
    changes = compute_changes(default_dataset(), args.from_date, args.to_date)
    if out is not None:
        try:
            write_changes(changes, out)
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    if args.json:
        print_json({**changes.summary, "polygon_count": len(changes.polygons)})
    else:
        print(format_changes(changes.summary, args.lang))
    if out is not None:
        print(f"{out} ({len(changes.polygons)} polygons)" if out.suffix.lower() != ".csv" else str(out), file=sys.stderr)
    return 0


def write_changes(changes: Any, out: Path) -> None:
    """Write the gained and lost polygons (GeoJSON, GeoPackage) or the per-region table (CSV) to ``out``.

    Parameters
    ----------
    changes : Changes
        What :func:`geodata.changes.compute_changes` returned.
    out : pathlib.Path
        The file; its suffix (``.csv``, ``.geojson``, else GeoPackage) chooses the format. An existing file is replaced.
    """
    from geodata.changes import changes_features, region_table

    suffix = out.suffix.lower()
    if suffix == ".csv":
        out.write_text(rows_to_csv(region_table(changes)), encoding="utf-8")
        return
    collection = changes_features(changes)
    if suffix == ".geojson":
        out.write_text(json.dumps(collection, ensure_ascii=False), encoding="utf-8")
        return
    import geopandas as gpd

    frame = gpd.GeoDataFrame.from_features(collection["features"], crs="EPSG:4326")
    if frame.empty:
        frame = gpd.GeoDataFrame(
            {"kind": [], "region_id": [], "area_km2": [], "from": [], "to": []}, geometry=[], crs="EPSG:4326"
        )
    if out.exists():
        out.unlink()
    frame.to_file(out, driver="GPKG", layer="changes", engine="pyogrio")


def rows_to_csv(rows: list[dict[str, Any]]) -> str:
    """Rows as CSV text with a header, UTF-8, comma-separated: opens with ``pandas.read_csv``'s defaults.

    Parameters
    ----------
    rows : list of dict
        Rows with the same keys; the first row's keys are the header.

    Returns
    -------
    str
        The CSV text with LF line ends; empty for no rows.
    """
    buffer = io.StringIO()
    if rows:
        writer = csv.DictWriter(buffer, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return buffer.getvalue()


def format_changes(summary: dict[str, Any], lang: str = "en") -> str:
    """A plain-text report of :func:`geodata.changes.compute_changes` for the terminal, in the catalogue's words.

    Parameters
    ----------
    summary : dict
        The ``summary`` of what :func:`geodata.changes.compute_changes` returned (areas in km², signed nets).
    lang : {"en", "uk"}
        The language of the words and number formats.

    Returns
    -------
    str
        The dates, the totals gained, lost and net (and per 30 days), the slivers, one line per region that
        changed, and the places that changed side.
    """
    from geodata.changes_text import changes_slivers_text, changes_totals_text
    from geodata.margin import changes_margin_text, margin_cell
    from geodata.wording import format_number, format_signed, word

    def area(value: float) -> str:
        return format_number(value, lang)

    lines = [
        word("changes_heading", lang, from_date=summary["from"], to_date=summary["to"], days=summary["days"]),
        changes_totals_text(summary, lang),
        changes_margin_text(summary, lang),
        changes_slivers_text(summary, lang),
        "",
        (
            f"{word('changes_col_region', lang):<34} {word('changes_col_gained', lang):>14} {word('changes_col_lost', lang):>14} "
            f"{word('changes_col_net', lang):>14} {word('changes_col_margin', lang):>20}"
        ),
    ]
    for row in summary["regions"]:
        lines.append(
            f"{row[f'name_{lang}']:<34} {area(row['gained_km2']):>14} {area(row['lost_km2']):>14} "
            f"{format_signed(row['net_km2'], lang):>14} {margin_cell(row['margin_km2'], lang):>20}"
        )
    lines += ["", word("changes_places", lang)]
    places = summary["settlements"] + summary["assets"]
    for place in places:
        lines.append("  " + word(f"changes_place_{place['kind']}", lang, name=place[f"name_{lang}"] or place["name_en"]))
    if not places:
        lines.append("  " + word("changes_no_places", lang))
    return "\n".join(lines)


def _cmd_trend(args: argparse.Namespace) -> int:
    from geodata import paths
    from geodata.dataset import default_dataset
    from geodata.trend import PUBLISHED_FIGURES_NAME, compute_trend, trend_rows

    trend = compute_trend(default_dataset(), paths.SOURCES_DIR / PUBLISHED_FIGURES_NAME)
    if args.out:
        from geodata.errors import RenderError
        from geodata.figures.trend import trend_bytes

        out = Path(args.out)
        try:
            data = trend_bytes(trend, out.suffix.lower().lstrip("."), region=args.region, size=args.size, lang=args.lang)
            out.write_bytes(data)
        except RenderError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
        print(out)
    elif args.json:
        print_json(trend)
    elif args.csv:
        sys.stdout.write(rows_to_csv(trend_rows(trend)))
    else:
        print(format_trend(trend))
    return 0


def format_trend(trend: dict[str, Any], lang: str = "en") -> str:
    """The series for the terminal: one line per date with its total, share and days since the previous date.

    Parameters
    ----------
    trend : dict
        What :func:`geodata.trend.compute_trend` returned (areas in km², shares 0 to 1).
    lang : {"en", "uk"}
        The language of the words and number formats.

    Returns
    -------
    str
        A heading, one line per control date (oldest first, long gaps marked) and a note on the gaps.
    """
    from geodata.wording import format_number, format_percent, word

    lines = [word("trend_heading", lang), ""]
    for item in trend["dates"]:
        days = item["days_since_previous"]
        gap = f"  ← {word('trend_gap', lang, days=days)}" if item["gap_before"] else ""
        since = f"+{days} d" if days is not None else ""
        lines.append(
            f"{item['as_of']}  {format_number(item['russian_held_km2'], lang):>10} km²  "
            f"{format_percent(item['share_of_ukraine'], lang):>7}  {since:>8}{gap}"
        )
    lines += ["", word("trend_gap_note", lang, days=trend["max_gap_days"])]
    return "\n".join(lines)


def run_timelapse(args: argparse.Namespace) -> int:
    """``render --timelapse``: one frame per control date from ``--from`` to ``--to``, written to ``--out`` (.gif, .mp4).

    Parameters
    ----------
    args : argparse.Namespace
        The ``render`` command's parsed arguments.

    Returns
    -------
    int
        The exit status, 0.

    Raises
    ------
    UserError
        For a missing or unsupported ``--out``, ``--all`` or ``--compare`` given, an unknown language, a bad size or
        date range (a :class:`~geodata.errors.RenderError`), or a file that cannot be written.
    """
    import time

    from geodata.cli.common import scenario_from_args
    from geodata.dataset import default_dataset
    from geodata.errors import RenderError
    from geodata.figures.options import parse_size
    from geodata.figures.timelapse import TIMELAPSE_FORMATS, render_frames, timelapse_dates, write_timelapse

    if not args.out:
        raise UserError("render --timelapse needs --out FILE.gif|.mp4")
    out = Path(args.out)
    fmt = out.suffix.lower().lstrip(".")
    if fmt not in TIMELAPSE_FORMATS:
        raise UserError(f"--out {args.out!r} must end in .gif or .mp4")
    if args.all or args.compare:
        raise UserError("--timelapse draws one scenario: drop --all and --compare")
    if args.lang not in ("en", "uk"):
        raise UserError(f"unknown language {args.lang!r} (known: en, uk)")
    started = time.perf_counter()
    try:
        size = args.size or "1920x1080"
        parse_size(size)
        scenario = scenario_from_args(args)[0] if args.scenario else default_dataset().scenario("status-quo")
        layers = scenario_from_args(args)[2] if args.scenario and args.layers else None
        dataset = default_dataset()
        dates = timelapse_dates(dataset, args.from_date, args.to_date)
        count = write_timelapse(render_frames(dataset, scenario, dates, size=size, lang=args.lang, layers=layers), out, fmt)
    except RenderError as exc:
        raise UserError(str(exc)) from None
    except OSError as exc:
        raise UserError(f"cannot write {out}: {exc.strerror or exc}") from None
    print(f"{out} ({count} frames, {dates[0]} to {dates[-1]}, {time.perf_counter() - started:.1f} s)")
    return 0
