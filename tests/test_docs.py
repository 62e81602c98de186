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
    missing = [c for c in commands if f"python -m geodata {c}" not in README]
    assert not missing, f"README does not document: {missing}"


def test_every_streamlit_setting_is_documented():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    settings = [f"{section}.{key}" for section, values in config.items() for key in values]
    missing = [s for s in settings if s not in README]
    assert not missing, f"README does not document settings: {missing}"


def test_every_data_field_is_documented():
    files = [paths.REGIONS_PATH, *sorted(paths.CONTEXT_DIR.glob("*.geojson")), *sorted(paths.CONTROL_DIR.glob("*.geojson"))]
    fields = set()
    for path in files:
        for feature in json.loads(path.read_text(encoding="utf-8"))["features"]:
            fields |= set(feature["properties"])
    missing = sorted(f for f in fields if f"`{f}`" not in README)
    assert not missing, f"README's Data section does not document fields: {missing}"


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv \.venv && .+)$", README, flags=re.M)
    assert len(commands) >= 2, "README must show the install-and-start and the test command"
    start, test = commands[0], commands[1]
    assert "streamlit run app.py" in start
    assert "requirements-test.txt" in test and "pytest" in test
    assert "grep -m 1 '^python3 -m venv .venv && .venv/bin/pip install -q -r requirements-test.txt && ' README.md" in ci
