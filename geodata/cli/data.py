"""Commands over the shipped data: ``build``, ``scenarios``, ``snapshots`` and ``stats``."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from geodata.cli.common import UserError, print_json, scenario_from_args, scenario_parent
from geodata.errors import BuildError


def add_data_commands(commands: Any) -> None:
    """Register ``build``, ``scenarios``, ``snapshots`` and ``stats`` on ``python -m geodata``'s sub-parsers.

    Parameters
    ----------
    commands : argparse._SubParsersAction
        What ``parser.add_subparsers()`` returned in :func:`geodata.cli.build_parser`.
    """
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
        parents=[scenario_parent()],
        help="areas, shares, population and cities by status for one scenario",
        description="Figures for a scenario on a control date. Shares are fractions from 0 to 1 in --json.",
    )
    stats_cmd.add_argument("--json", action="store_true", help="print the JSON contract (docs/statistics.md)")
    stats_cmd.set_defaults(handler=_cmd_stats)


def _cmd_build(args: argparse.Namespace) -> int:
    from geodata.build import build

    try:
        written = build(Path(args.source), allow_other_source=args.allow_other_source)
    except BuildError as exc:
        raise UserError(str(exc)) from exc
    for path in written:
        print(path.relative_to(Path.cwd()) if path.is_relative_to(Path.cwd()) else path)
    return 0


def _cmd_scenarios(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset
    from geodata.wording import word

    scenarios = default_dataset().scenarios()
    if args.json:
        print_json(
            [
                {
                    "id": s.id,
                    "title": s.title,
                    "date": s.date,
                    "as_reported": s.as_reported,
                    "control": s.control,
                    "summary": s.summary,
                }
                for s in scenarios.values()
            ]
        )
        return 0
    width = max(len(s.id) for s in scenarios.values())
    for s in scenarios.values():
        reported = f" ({word('as_reported')})" if s.as_reported else ""
        print(f"{s.id:<{width}}  {s.date:<10}  {s.title}{reported}")
    return 0


def _cmd_snapshots(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset

    dataset = default_dataset()
    snapshots = [dataset.snapshot(d) for d in dataset.snapshot_dates()]
    # Say whose each snapshot is: a user's file never replaces a shipped date silently.
    yours, replaced = set(dataset.user_snapshots()), set(dataset.replaced_snapshots())
    if args.json:
        print_json(
            [
                {
                    "as_of": s.as_of,
                    "method": s.method,
                    "sources": list(s.sources),
                    "origin": "user" if s.as_of in yours else "package",
                    "replaces_shipped": s.as_of in replaced,
                }
                for s in snapshots
            ]
        )
        return 0
    for s in snapshots:
        mark = " (yours, replaces the shipped one)" if s.as_of in replaced else " (yours)" if s.as_of in yours else ""
        print(f"{s.as_of}{mark}  {'; '.join(s.sources)}")
    return 0


def _cmd_stats(args: argparse.Namespace) -> int:
    from geodata.dataset import default_dataset
    from geodata.stats import compute_stats

    scenario, snapshot, _layers = scenario_from_args(args)
    stats = compute_stats(scenario, snapshot, dataset=default_dataset())
    if args.json:
        print_json(stats)
        return 0
    print(format_stats(stats))
    return 0


def format_stats(stats: dict[str, Any], lang: str = "en") -> str:
    """A plain-text report of :func:`geodata.stats.compute_stats` for the terminal.

    In the catalogue's words and with the dashboard's number formats (one rounding of each figure everywhere).

    Parameters
    ----------
    stats : dict
        What :func:`geodata.stats.compute_stats` returned (areas in km², shares 0 to 1, populations in people).
    lang : {"en", "uk"}
        The language of the words and number formats.

    Returns
    -------
    str
        Lines: the scenario and its date, the control date and sources, a table of statuses (km², share,
        population), the headline total with the published figures beside it, the share of the regions annexed
        in 2022 that Russia holds, and what each side would give up beyond the line.
    """
    from geodata.scenarios import Status
    from geodata.wording import format_area, format_number, format_percent, status_label, word

    reported = f" ({word('as_reported', lang)})" if stats["as_reported"] else ""
    dated = f", {stats['scenario_date']}" if stats["scenario_date"] else ""
    lines = [
        f"{stats['scenario_title']}{reported}{dated}",
        word("cli_control_as_of", lang, date=stats["control_as_of"], sources="; ".join(stats["control_sources"])),
        "",
        f"{word('cli_status', lang):<62} {word('cli_km2', lang):>10} {word('cli_share', lang):>7} "
        f"{word('cli_population', lang):>11}",
    ]
    for status in Status:
        values = stats["totals"][status.value]
        if values["area_km2"] <= 0:
            continue
        lines.append(
            f"{status_label(status, lang):<62} {format_number(values['area_km2'], lang):>10} "
            f"{format_percent(values['share_of_ukraine'], lang):>7} {format_number(values['population'], lang):>11}"
        )
    # The headline total with its margin and the published figure of a date within 7 days (docs/method.md).
    from geodata.published import annexed_share_caption, headline_total_text, margin_points_text, published_text

    lines += ["", headline_total_text(stats, lang)]
    lines += [f"  {published_text(f, lang)}: {f['counts']}; {f['source']}" for f in stats.get("published_figures", [])]
    lines += [
        "",
        word(
            "cli_annexed_share_computed",
            lang,
            share=f"{format_percent(stats['annexed_2022_controlled_share'], lang)} "
            f"{margin_points_text(stats.get('annexed_2022_margin_share'), lang)}",
        ),
        "  " + annexed_share_caption(stats, lang),
    ]
    for key, label in (("ukraine_gives_up", "gives_up"), ("russia_returns", "cli_returns")):
        part = stats[key]
        if part["area_km2"] > 0:
            towns = ", ".join(part["settlements"][:12]) or word("cli_no_towns", lang)
            lines.append(
                word(
                    "cli_beyond_line",
                    lang,
                    label=word(label, lang),
                    area=format_area(part["area_km2"], lang),
                    population=format_number(part["population"], lang),
                    towns=towns,
                )
            )
    return "\n".join(lines)
