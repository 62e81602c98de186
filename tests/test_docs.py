"""Documentation keeps up with the code: every command, setting and data field is in the README."""

from __future__ import annotations

import json
import re
import tomllib
from pathlib import Path

from geodata import paths
from geodata.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(action.choices)


def test_every_command_is_documented():
    commands = _subcommands()
    assert "build" in commands
    # The README or a page of docs/ (where the reference moves: docs/changes.md documents changes and trend).
    documented = README + "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))
    missing = [c for c in commands if f"python -m geodata {c}" not in documented]
    assert not missing, f"README and docs/ do not document: {missing}"


def test_every_streamlit_setting_is_documented():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    settings = [f"{section}.{key}" for section, values in config.items() for key in values]
    missing = [s for s in settings if s not in README]
    assert not missing, f"README does not document settings: {missing}"


def _sections(text: str) -> dict[str, str]:
    """README's `###` sections by heading."""
    parts = re.split(r"^### (.+)$", text, flags=re.M)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2])}


def _table_fields(section: str) -> set[str]:
    """The names in backticks in the first cell of each table row of a section."""
    fields = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            fields |= set(re.findall(r"`([^`]+)`", first_cell))
    return fields


#: Which README section documents each data file's fields (as rows of its table).
DATA_SECTIONS = {
    "regions": "`geodata/data/regions.geojson`",
    "context": "`geodata/data/context/`",
    "control": "Control snapshots: `geodata/data/control/<as_of>.geojson`",
}


def test_every_data_field_is_documented_in_its_files_table():
    sections = _sections(README)
    files = {
        "regions": [paths.REGIONS_PATH],
        "context": sorted(paths.CONTEXT_DIR.glob("*.geojson")),
        "control": sorted(paths.CONTROL_DIR.glob("*.geojson")),
    }
    missing = {}
    for kind, kind_files in files.items():
        documented = _table_fields(sections[DATA_SECTIONS[kind]])
        fields = set()
        for path in kind_files:
            for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
                fields |= set(feature["properties"])
        if fields - documented:
            missing[kind] = sorted(fields - documented)
    assert not missing, f"README's tables do not document fields: {missing}"


def test_the_field_check_reads_only_table_rows():
    # A field named in prose, or in a table of another section, does not count as documented.
    sample = "### A\n\nThe `alpha` field.\n\n| field | meaning |\n|---|---|\n| `beta`, `gamma` | x `delta` |\n### B\n| `eps` | y |\n"
    sections = _sections(sample)
    assert _table_fields(sections["A"]) == {"beta", "gamma"}
    assert _table_fields(sections["B"]) == {"eps"}


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv \.venv && .+)$", README, flags=re.M)
    assert len(commands) >= 2, "README must show the install-and-start and the test command"
    start, test = commands[0], commands[1]
    assert "streamlit run app.py" in start
    assert "requirements-test.txt" in test and "pytest" in test
    assert "grep -m 1 '^python3 -m venv .venv && .venv/bin/pip install -q -r requirements-test.txt && ' README.md" in ci
