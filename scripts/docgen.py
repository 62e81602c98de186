"""Reference tables for docs/, generated from the code and the shipped data (run through cog).

``cog -r -I . docs/*.md`` rewrites every generated block; ``cog --check -I . docs/*.md`` (in ``.ci/run``) fails when a
block differs from what the code gives now. The words of the tables (what a field means) are in
``scripts/docfields.toml``; every function here fails when a name the code uses has no entry there, or an entry names
nothing the code uses, so a table can neither miss a field nor keep a field that is gone.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from geodata.dataset import default_dataset

ROOT = Path(__file__).resolve().parent.parent
FIELDS = ROOT / "scripts" / "docfields.toml"

#: The scenario and date the examples are computed for (the 28-point plan on its own date).
EXAMPLE_SCENARIO = "plan-28-points-2025-11"
EXAMPLE_DATE = "2025-11-20"


class DocsDrift(Exception):
    """A name the code uses is not described in docfields.toml, or a description names nothing."""


def _descriptions(section: str) -> dict[str, str]:
    """The descriptions of one section of ``scripts/docfields.toml``."""
    table: dict[str, str] = tomllib.loads(FIELDS.read_text(encoding="utf-8"))[section]
    return table


def _cell(text: str) -> str:
    """Text for a Markdown table cell (a ``|`` would end the cell)."""
    return text.replace("|", "\\|").replace("\n", " ")


def table(section: str, names: Iterable[str], heading: str = "field") -> str:
    """A two-column Markdown table: each name in backticks and its description from ``docfields.toml``.

    Parameters
    ----------
    section : str
        The section of ``scripts/docfields.toml`` that describes the names.
    names : iterable of str
        The names the code or the data use, in the order to list them (duplicates are listed once).
    heading : str
        The first column's heading.

    Returns
    -------
    str
        The table, ending with a newline.

    Raises
    ------
    DocsDrift
        When a name has no description, or a description names nothing in ``names``.
    """
    described = _descriptions(section)
    used = list(dict.fromkeys(names))
    missing = [n for n in used if n not in described]
    unused = [n for n in described if n not in used]
    if missing or unused:
        raise DocsDrift(f"[{section}] in {FIELDS.name}: not described {missing}; described but not used {unused}")
    rows = [f"| {heading} | meaning |", "|---|---|"]
    rows += [f"| `{_cell(name)}` | {_cell(described[name])} |" for name in used]
    return "\n".join(rows) + "\n"


def _feature_fields(paths: Iterable[Path]) -> list[str]:
    """``id`` (where the features have one) and every property name of the features in ``paths``, first seen first."""
    names: dict[str, None] = {}
    for path in paths:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            if "id" in feature:
                names.setdefault("id")
            names.update(dict.fromkeys(feature["properties"]))
    return list(names)


def data_fields(kind: str) -> str:
    """The field table of one kind of shipped data file.

    Parameters
    ----------
    kind : str
        ``regions``, ``neighbours``, ``settlements``, ``assets`` (the context layers) or ``control`` (every snapshot).

    Returns
    -------
    str
        The Markdown table.
    """
    from geodata import paths

    files = {
        "regions": [paths.REGIONS_PATH],
        "neighbours": [paths.CONTEXT_DIR / "neighbours.geojson"],
        "settlements": [paths.CONTEXT_DIR / "settlements.geojson"],
        "assets": [paths.CONTEXT_DIR / "assets.geojson"],
        "control": sorted(paths.CONTROL_DIR.glob("*.geojson")),
    }[kind]
    return table(kind, _feature_fields(files))


def _example() -> tuple[Any, Any]:

    return default_dataset().scenarios()[EXAMPLE_SCENARIO], default_dataset().snapshot(EXAMPLE_DATE)


def export_fields(kind: str) -> str:
    """The field table of an export, read from an export written now.

    Parameters
    ----------
    kind : str
        ``export`` (each feature's properties in GeoJSON, GeoPackage and KML), ``export_metadata`` (the GeoJSON's
        ``metadata`` member) or ``export_csv`` (the CSV's columns).

    Returns
    -------
    str
        The Markdown table.
    """
    from geodata.export import export_bytes

    scenario, snapshot = _example()
    if kind == "export_csv":
        text = export_bytes(scenario, snapshot, "csv", dataset=default_dataset()).decode("utf-8-sig")
        return table(kind, next(csv.reader(io.StringIO(text))), heading="column")
    collection = json.loads(export_bytes(scenario, snapshot, "geojson", dataset=default_dataset()))
    if kind == "export_metadata":
        return table(kind, collection["metadata"], heading="key")
    return table(kind, (name for feature in collection["features"] for name in feature["properties"]))


def stats_example() -> str:
    """``stats --json`` for the example scenario and date, abridged, as a JSON block.

    Returns
    -------
    str
        A fenced ``json`` block: the scenario, its date, one total, Donetsk, the share of the four oblasts, the towns
        in the buffer zone, what Ukraine gives up and what Russia returns (lists cut to three items).
    """
    from geodata.stats import compute_stats

    stats = compute_stats(*_example(), dataset=default_dataset())

    def cut(items: list[Any]) -> list[Any]:
        return [*items[:3], "..."] if len(items) > 3 else items

    donetsk = next(r for r in stats["regions"] if r["id"] == "UA-14")
    region = {key: donetsk[key] for key in ("id", "controlled_share", "annexation_claimed", "russian_held", "ukrainian_held")}
    lines = [
        "{" + f'"scenario": {json.dumps(stats["scenario"])}, "control_as_of": {json.dumps(stats["control_as_of"])},',
        f' "totals": {{"de_facto_russia": {json.dumps(stats["totals"]["de_facto_russia"])}, "...": {{}}}},',
        f' "regions": [{json.dumps(region, ensure_ascii=False)}, "..."],',
        f' "annexed_2022_controlled_share": {stats["annexed_2022_controlled_share"]},',
        f' "settlements": {{"buffer_zone": {json.dumps(cut(stats["settlements"].get("buffer_zone", [])), ensure_ascii=False)}}},',
    ]
    for key in ("ukraine_gives_up", "russia_returns"):
        part = {k: cut(v) if k == "settlements" else v for k, v in stats[key].items()}
        lines.append(f' "{key}": {json.dumps(part, ensure_ascii=False)},')
    lines[-1] = lines[-1].rstrip(",") + "}"
    return "```json\n" + "\n".join(lines) + "\n```\n"


def stats_fields(kind: str) -> str:
    """The field table of ``stats --json``: its top-level keys (``stats``) or a region's (``stats_region``).

    Parameters
    ----------
    kind : str
        ``stats`` or ``stats_region``.

    Returns
    -------
    str
        The Markdown table.
    """
    from geodata.stats import compute_stats

    stats = compute_stats(*_example(), dataset=default_dataset())
    names = stats if kind == "stats" else (name for region in stats["regions"] for name in region)
    return table(kind, names, heading="key")


def changes_fields(kind: str) -> str:
    """The field table of ``changes --json``: its top-level keys (``changes``) or a region row's (``changes_region``).

    Parameters
    ----------
    kind : str
        ``changes`` or ``changes_region``.

    Returns
    -------
    str
        The Markdown table, for the two newest shipped dates.
    """
    from geodata.changes import compute_changes

    dates = default_dataset().shipped_snapshots()
    changes = compute_changes(default_dataset(), dates[-2], dates[-1])
    names = [*changes.summary, "polygon_count"] if kind == "changes" else (n for row in changes.summary["regions"] for n in row)
    return table(kind, names, heading="key")


def link_parameters() -> str:
    """The dashboard's link parameters (``components.state.KNOWN_PARAMS``), in the order of ``docfields.toml``.

    Returns
    -------
    str
        The Markdown table.
    """
    from components.state import KNOWN_PARAMS

    order = list(_descriptions("link_parameters"))
    return table("link_parameters", sorted(KNOWN_PARAMS, key=lambda p: order.index(p) if p in order else len(order)), "parameter")


def settings() -> str:
    """The settings of ``.streamlit/config.toml`` with their values.

    Returns
    -------
    str
        The Markdown table (setting, value, why).

    Raises
    ------
    DocsDrift
        When a setting has no description, or a description names no setting.
    """
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    values = {f"{section}.{key}": value for section, entries in config.items() for key, value in entries.items()}
    described = _descriptions("settings")
    table("settings", values)  # raises on drift
    rows = ["| setting | value | why |", "|---|---|---|"]
    rows += [f"| `{name}` | `{json.dumps(value)}` | {_cell(described[name])} |" for name, value in values.items()]
    return "\n".join(rows) + "\n"


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def _summaries(parser: argparse.ArgumentParser) -> dict[str, str]:
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return {choice.dest: choice.help or "" for choice in action._choices_actions}


def _option(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest.upper()}`"
    takes_value = action.nargs != 0
    metavar = f" {action.metavar or action.dest.upper()}" if takes_value else ""
    return ", ".join(f"`{flag}{metavar}`" for flag in action.option_strings)


def commands() -> str:
    """The command-line reference: every command of ``python -m geodata``, its usage and its options.

    Returns
    -------
    str
        Markdown: a table of the commands, then a section per command (usage block and options table), all from the
        argparse parser the command line itself uses.
    """
    from geodata.cli import build_parser

    os.environ["COLUMNS"] = "110"  # argparse wraps the usage to the terminal's width: fix it
    parser = build_parser()
    sub = _subcommands(parser)
    summaries = _summaries(parser)
    out = ["| command | what it does |", "|---|---|"]
    out += [f"| [`{name}`](#{name}) | {_cell(summaries.get(name, ''))} |" for name in sub]
    for name, command in sub.items():
        out += ["", f"### `{name}`", ""]
        if command.description:
            out += [command.description, ""]
        out += ["```text", command.format_usage().strip(), "```", ""]
        rows = []
        for action in command._actions:
            if isinstance(action, argparse._HelpAction):
                continue
            meaning = action.help or ""
            if action.required and action.option_strings:
                meaning += " (required)"
            rows.append(f"| {_option(action)} | {_cell(meaning)} |")
        if rows:
            out += ["| option | meaning |", "|---|---|", *rows]
    return "\n".join(out) + "\n"
