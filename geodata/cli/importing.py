"""The ``validate`` and ``import-control`` commands: a user's control file, checked by :mod:`geodata.importer`."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from geodata.cli.common import UserError, print_json
from geodata.errors import one_line as _one_line

if TYPE_CHECKING:  # the importer (GDAL, shapely) loads when a command runs, not for --help
    from geodata.importer import ImportLimits, ImportResult, ImportSummary


def _read_user_file(path_text: str, limits: ImportLimits | None = None) -> tuple[bytes, str]:
    """The bytes of a local file the user named, refused by its size before it is read."""
    from geodata.importer import DEFAULT_LIMITS
    from geodata.importer.limits import display_name as _display_name, too_big as _too_big

    limits = limits or DEFAULT_LIMITS
    path = Path(path_text)
    name = _display_name(path_text)
    try:
        status = path.stat()
    except FileNotFoundError:
        raise UserError(f"file not found: {_one_line(path_text, 200)}") from None
    except OSError as exc:
        raise UserError(f"cannot read {name}: {_one_line(exc.strerror or exc, 80)}") from None
    if not path.is_file():
        raise UserError(f"{name} is not a regular file")
    if status.st_size > limits.max_bytes:
        raise UserError(_too_big(name, status.st_size, limits))
    try:
        with path.open("rb") as handle:
            data = handle.read(limits.max_bytes + 1)  # the file may grow between stat and read
    except OSError as exc:
        raise UserError(f"cannot read {name}: {_one_line(exc.strerror or exc, 80)}") from None
    return data, path.name


def _read_for_cli(args: argparse.Namespace) -> ImportResult:
    from geodata.dataset import default_dataset
    from geodata.importer import ControlFileError, read_control_file

    data, filename = _read_user_file(args.file)
    try:
        return read_control_file(data, filename, as_of=args.as_of, date=args.date, repair=args.repair, dataset=default_dataset())
    except ControlFileError as exc:
        raise UserError(str(exc)) from None


def format_summary(summary: ImportSummary) -> str:
    """A plain-text report of an import for the terminal (the summary is plain text already).

    Parameters
    ----------
    summary : ImportSummary
        What the importer found: file, features, categories, areas (km², EPSG:6933), date, repairs and warnings.

    Returns
    -------
    str
        One labelled line per fact, with the area by region and each warning.
    """
    from geodata.dataset import default_dataset
    from geodata.importer.limits import mb as _mb

    names = default_dataset().regions()["name_en"]
    categories = ", ".join(f"{c} {n}" for c, n in summary.categories.items())
    dated = {"given": "given", "file": "from the file", "none": "no date given or found"}[summary.date_source]
    lines = [
        f"file        {summary.label} ({summary.format}, {_mb(summary.size_bytes)}, sha256 {summary.sha256[:16]}…)",
        f"features    {summary.features_read} read, {summary.features_used} used ({', '.join(summary.categories_used)}); "
        f"{summary.vertices:,} vertices",
        f"categories  {categories}",
        f"area        {summary.area_km2:,.0f} km² inside Ukraine's regions (EPSG:6933)"
        + (f"; {summary.area_outside_km2:,.0f} km² outside left out" if summary.area_outside_km2 >= 1 else ""),
        f"date        {summary.as_of} ({dated})"
        + (f"; the file holds {len(summary.dates)} dates: {', '.join(summary.dates)}" if len(summary.dates) > 1 else ""),
        f"crs         {summary.crs}",
        "shares      region controlled by Russia",
    ]
    for region_id, share in summary.shares.items():
        if share > 0.0005:
            lines.append(f"            {region_id} {names.get(region_id, region_id):<31} {share:6.1%}")
    from geodata.importer.summarytext import class_lines

    lines[2:3] = ["classes     " + "\n            ".join(class_lines(summary, "en"))]
    lines += [f"warning     {w}" for w in summary.warnings]
    lines += [f"repair      {r}" for r in summary.repairs]
    return "\n".join(lines)


def _cmd_validate(args: argparse.Namespace) -> int:
    from geodata.importer.limits import display_name as _display_name

    try:
        result = _read_for_cli(args)
    except UserError:
        dates = _history_dates(args)
        if not dates:
            raise
        if args.json:
            print_json({"label": _display_name(Path(args.file).name), "dates": list(dates)})
        else:
            print(
                f"{_display_name(Path(args.file).name)} is a history of {len(dates)} dates; "
                "check one with --date DATE, import each with import-control --all-dates"
            )
            print("dates       " + "\n            ".join(dates))
        return 0
    if args.json:
        print_json(result.summary.to_dict())
    else:
        print(format_summary(result.summary))
    return 0


def _history_dates(args: argparse.Namespace) -> tuple[str, ...]:
    from geodata.dataset import default_dataset
    from geodata.importer import ControlFileError, DateChoiceError, read_control_file

    """The dates of a history file read without --date (empty for any other refusal)."""
    if getattr(args, "date", None) is not None:
        return ()
    data, filename = _read_user_file(args.file)
    try:
        read_control_file(data, filename, repair=args.repair, dataset=default_dataset())
    except DateChoiceError as choice:
        return choice.dates
    except ControlFileError:
        return ()
    return ()


def _cmd_import_control(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset
    from geodata.importer import ControlFileError, ImportWriteError, read_control_history, write_imported_snapshot

    if args.all_dates:
        if args.as_of or args.date:
            raise UserError("--all-dates writes each date of the file under its own date: leave out --as-of and --date")
        data, filename = _read_user_file(args.file)
        try:
            results = read_control_history(data, filename, repair=args.repair, dataset=default_dataset())
        except ControlFileError as exc:
            raise UserError(str(exc)) from None
    else:
        results = [_read_for_cli(args)]
    # By default into the user data folder, where a date the package ships is refused without --force.
    user_dir = default_dataset().paths.user_control_dir
    out_dir = Path(args.out_dir) if args.out_dir else user_dir
    if out_dir is None:
        raise UserError("no folder to write into: give --out-dir")
    protected = default_dataset().protected_dates() if user_dir is not None and out_dir.resolve() == user_dir.resolve() else None
    written = []
    for result in results:
        as_of = result.summary.as_of
        if as_of == "undated":
            raise UserError(f"{result.summary.label} carries no date: give it with --as-of YYYY-MM-DD")
        try:
            written.append((as_of, write_imported_snapshot(result, as_of, out_dir, force=args.force, protected=protected)))
        except ImportWriteError as exc:
            raise UserError(str(exc)) from None
        except OSError as exc:
            raise UserError(
                f"cannot write into {out_dir} ({exc.strerror or exc}); give a writable folder with --out-dir"
            ) from None
    cwd = Path.cwd()
    for as_of, path in written:
        for shown in (path, path.with_name(f"{as_of}.provenance.json")):
            print(shown.relative_to(cwd) if shown.is_relative_to(cwd) else shown)
    return 0


def add_import_commands(commands: Any) -> None:
    """Register ``validate`` and ``import-control`` on the ``python -m geodata`` sub-command parser.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned in :func:`geodata.cli.build_parser`.
    """
    # What both commands read: the file, whether to repair it, and which date of a history.
    control_file = argparse.ArgumentParser(add_help=False)
    control_file.add_argument("file", metavar="FILE", help="the control file")
    control_file.add_argument(
        "--repair", action="store_true", help="close open rings and make invalid polygons valid, reporting the changes"
    )
    control_file.add_argument("--date", metavar="D", help="for a history of several dates, the date to use, YYYY-MM-DD")

    validate_cmd = commands.add_parser(
        "validate",
        parents=[control_file],
        help="check a control file (GeoJSON, DeepStateMap, ArcGIS, KML/KMZ, TopoJSON, shapefile, GeoPackage …) and summarise it",
        description="Check a control file and print what it holds: features, categories, area, date and per-region shares; "
        "for a history of several dates, the dates. Exit status 2 and one line if it cannot be used.",
    )
    validate_cmd.add_argument("--as-of", metavar="DATE", help="date of the control data, YYYY-MM-DD (default: the file's own)")
    validate_cmd.add_argument("--json", action="store_true", help="print the summary as JSON")
    validate_cmd.set_defaults(handler=_cmd_validate)

    import_cmd = commands.add_parser(
        "import-control",
        parents=[control_file],
        help="check a control file and write it as control/DATE.geojson with its provenance",
        description="Check a control file and write it as a control snapshot, control/DATE.geojson, plus "
        "control/DATE.provenance.json, in the user data folder (CLAIMS_MAP_DATA_DIR, else "
        "$XDG_DATA_HOME/claims-map or ~/.local/share/claims-map). Refuses a date the package ships without --force.",
    )
    import_cmd.add_argument(
        "--as-of", metavar="DATE", help="date of the control data, YYYY-MM-DD (default: the file's own, or --date)"
    )
    import_cmd.add_argument("--all-dates", action="store_true", help="for a history, write one snapshot per date")
    import_cmd.add_argument("--force", action="store_true", help="replace an existing snapshot of that date, even a shipped one")
    import_cmd.add_argument(
        "--out-dir",
        metavar="DIR",
        help="write into DIR instead of the user data folder's control/ (CLAIMS_MAP_DATA_DIR; see docs/user-data.md)",
    )
    import_cmd.set_defaults(handler=_cmd_import_control)
