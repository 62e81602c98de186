"""Documentation keeps up with the code: every command, setting, link parameter and data field is in docs/, the
generated reference is what the code gives now, and the README stays a short page with its two commands."""

from __future__ import annotations

import io
import json
import re
import tomllib
from pathlib import Path

import pytest
from cogapp import Cog

from components.state import KNOWN_PARAMS
from geodata import paths
from geodata.cli import build_parser
from scripts import docgen

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _page(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(action.choices)


def _sections(text: str, level: str = "##") -> dict[str, str]:
    """A page's sections of one heading level, by heading."""
    parts = re.split(rf"^{level} (.+)$", text, flags=re.M)
    return {heading.strip(): body for heading, body in zip(parts[1::2], parts[2::2], strict=True)}


def _table_fields(section: str) -> set[str]:
    """The names in backticks in the first cell of each table row of a section."""
    fields = set()
    for line in section.splitlines():
        if line.startswith("| `"):
            first_cell = line.split("|")[1]
            fields |= set(re.findall(r"`([^`]+)`", first_cell))
    return fields


def test_every_command_and_option_is_documented():
    cli = _sections(_page("cli.md"), "###")
    commands = _subcommands()
    assert "build" in commands and "fetch-control" in commands
    missing = [c for c in commands if f"`{c}`" not in cli]
    assert not missing, f"docs/cli.md does not document: {missing}"
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    for name, command in action.choices.items():
        flags = {flag for a in command._actions for flag in a.option_strings if flag not in ("-h", "--help")}
        documented = {f.split(" ")[0] for f in _table_fields(cli[f"`{name}`"])}
        assert flags <= documented, f"{name}: options not in docs/cli.md: {sorted(flags - documented)}"


def test_every_streamlit_setting_is_documented():
    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    settings = {f"{section}.{key}" for section, values in config.items() for key in values}
    documented = _table_fields(_sections(_page("settings.md"))["The app's settings"])
    assert settings <= documented, f"docs/settings.md does not document settings: {sorted(settings - documented)}"


def test_every_link_parameter_is_documented():
    documented = _table_fields(_sections(_page("dashboard.md"))["Link parameters"])
    assert set(KNOWN_PARAMS) <= documented, sorted(set(KNOWN_PARAMS) - documented)


def test_every_environment_setting_is_documented():
    # Every CLAIMS_MAP_* variable the app, its components or the domain read has a row in a table of docs/.
    sources = [ROOT / "app.py", *(ROOT / "components").rglob("*.py"), *(ROOT / "geodata").rglob("*.py")]
    read = {name for path in sources for name in re.findall(r"CLAIMS_MAP_[A-Z_]+", path.read_text(encoding="utf-8"))}
    assert "CLAIMS_MAP_FETCH_SOURCE" in read
    documented = set().union(*(_table_fields(page.read_text(encoding="utf-8")) for page in DOCS.glob("*.md")))
    assert read <= documented, f"environment settings not in a table of docs/: {sorted(read - documented)}"


#: Which section of docs/data.md documents each data file's fields (as rows of its tables).
DATA_SECTIONS = {
    "regions": "`geodata/data/regions.geojson`",
    "context": "`geodata/data/context/`",
    "control": "Control snapshots: `geodata/data/control/<as_of>.geojson`",
}


def test_every_data_field_is_documented_in_its_files_table():
    sections = _sections(_page("data.md"))
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
    assert not missing, f"docs/data.md's tables do not document fields: {missing}"


def test_the_field_check_reads_only_table_rows():
    # A field named in prose, or in a table of another section, does not count as documented.
    sample = (
        "## A\n\nThe `alpha` field.\n\n| field | meaning |\n|---|---|\n| `beta`, `gamma` | x `delta` |\n## B\n| `eps` | y |\n"
    )
    sections = _sections(sample)
    assert _table_fields(sections["A"]) == {"beta", "gamma"}
    assert _table_fields(sections["B"]) == {"eps"}


def test_the_generated_reference_is_what_the_code_gives_now():
    # What `cog --check` does in .ci/run: every generated block equals what scripts/docgen.py writes today.
    pages = sorted(str(p.relative_to(ROOT)) for p in DOCS.glob("*.md"))
    generated = [p for p in pages if "[[[cog" in (ROOT / p).read_text(encoding="utf-8")]
    assert {"docs/cli.md", "docs/data.md", "docs/statistics.md", "docs/outputs.md"} <= set(generated)
    cog = Cog()
    cog.set_output(stdout=io.StringIO(), stderr=io.StringIO())
    status = cog.main(["cog", "--check", "-I", str(ROOT), *[str(ROOT / p) for p in generated]])
    assert status == 0, "a generated block is out of date: run `cog -r -I . docs/*.md`"


def test_a_field_without_a_description_stops_the_generator():
    with pytest.raises(docgen.DocsDrift, match=r"not described \['brand_new'\]"):
        docgen.table("control", ["id", "as_of", "region_id", "method", "sources", "brand_new"])
    with pytest.raises(docgen.DocsDrift, match=r"described but not used \['sources'\]"):
        docgen.table("control", ["id", "as_of", "region_id", "method"])


def test_readme_is_short_and_shows_the_dashboard():
    assert len(README.encode("utf-8")) <= 12 * 1024
    image = re.search(r"!\[[^\]]+\]\((docs/img/[^)]+\.png)\)", README)
    assert image, "README shows no screenshot"
    png = (ROOT / image.group(1)).read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 20_000


def test_ci_runs_the_readme_test_command():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = re.findall(r"^(python3 -m venv \.venv && .+)$", README, flags=re.M)
    assert len(commands) >= 2, "README must show the install-and-start and the test command"
    start, test = commands[0], commands[1]
    assert "streamlit run app.py" in start
    assert "requirements-test.txt" in test and "pytest" in test
    assert "grep -m 1 '^python3 -m venv .venv && .venv/bin/pip install -q -r requirements-test.txt && ' README.md" in ci
    for check in ("ruff check", "cog --check", "mkdocs build --strict"):
        assert re.search(rf"^[^#\n]*{re.escape(check)}", ci, flags=re.M), f".ci/run does not run {check}"
