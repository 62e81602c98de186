"""The layers ARCHITECTURE.md names, checked on the source: what may import what, and where text is escaped."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
#: Every module of the domain: all of geodata but its command line (and the ``python -m geodata`` entry point).
DOMAIN_MODULES = sorted(
    p for p in GEODATA.rglob("*.py") if "cli" not in p.relative_to(GEODATA).parts and p.name != "__main__.py"
)
#: The longest module the project keeps: one concern per module.
MAX_MODULE_LINES = 700


def _imports(path: Path) -> set[str]:
    """Every module a file imports (``import a.b`` and ``from a.b import c`` give ``a.b`` and ``a.b.c``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names |= {f"{node.module}.{alias.name}" for alias in node.names}
    return names


def _called_names(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if isinstance(func, ast.Name):
                names.add(func.id)
            elif isinstance(func, ast.Attribute):
                names.add(func.attr)
    return names


def test_the_domain_modules_are_found():
    names = {p.relative_to(GEODATA).as_posix() for p in DOMAIN_MODULES}
    assert {"scenarios/model.py", "scenarios/schema.py", "stats.py", "control.py", "errors.py", "figures/figure.py"} <= names


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_domain_module_imports_the_command_line_or_streamlit(path):
    forbidden = {name for name in _imports(path) if name == "geodata.cli" or name.startswith(("geodata.cli.", "streamlit", "components"))}
    assert not forbidden, f"{path.name} imports {sorted(forbidden)}"


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_no_domain_module_escapes_html(path):
    # Plain text until shown: escaping belongs to what shows the text (components/, the browser code).
    imports = _imports(path)
    assert "html.escape" not in imports and "markupsafe" not in imports, path.name
    assert not ({"escape_html", "html_escape"} & _called_names(path)), path.name
    # Decoding an HTML error page's title (what a server sent) is reading input, not a round trip.
    assert "html.unescape" not in imports or path.parent.name == "fetch", f"{path.name}: an unescape round trip"


def test_the_checks_would_see_a_violation(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text("from geodata.cli import main\nimport html\nx = html.escape('<')\nfrom components.i18n import t\ny = escape_html('<')\n")
    assert "geodata.cli" in _imports(bad) and "components.i18n" in _imports(bad)
    assert "escape" in _called_names(bad) and "escape_html" in _called_names(bad)


@pytest.mark.parametrize("path", sorted(GEODATA.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_of_one_concern_stay_short(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    assert lines <= MAX_MODULE_LINES, f"{path.relative_to(ROOT)} has {lines} lines"


def test_no_import_cycle_in_geodata():
    graph: dict[str, set[str]] = {}
    for path in GEODATA.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        graph[module] = set()
    for path in GEODATA.rglob("*.py"):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        # Only imports at module level make a cycle at import time; imports inside functions are deferred.
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in tree.body:
            targets = []
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                # `from package import submodule` needs the submodule, not the package's own names.
                submodules = [f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in graph]
                targets = submodules if len(submodules) == len(node.names) else [node.module, *submodules]
            graph[module] |= {t for t in targets if t in graph and t != module}
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        seen[node] = 1
        for nxt in graph[node]:
            if seen.get(nxt) == 1:
                raise AssertionError(" -> ".join([*stack[stack.index(nxt):], nxt]))
            if nxt not in seen:
                visit(nxt, [*stack, nxt])
        seen[node] = 2

    for module in sorted(graph):
        if module not in seen:
            visit(module, [module])
