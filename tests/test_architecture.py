"""The layers ARCHITECTURE.md names, checked on the source: what may import what, and where text is escaped."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GEODATA = ROOT / "geodata"
#: Every module of the domain: all of geodata but its command line (and the ``python -m geodata`` entry point).
DOMAIN_MODULES = sorted(p for p in GEODATA.rglob("*.py") if "cli" not in p.relative_to(GEODATA).parts and p.name != "__main__.py")
#: The longest module the project keeps: one concern per module.
MAX_MODULE_LINES = 500
#: Modules over the limit, each with the length it may not grow past, and why it is not split here.
LONG_MODULES: dict[str, int] = {}
#: The command line's deliberate lazy imports: each command imports what it needs when it runs, so
#: ``python -m geodata --help`` does not load geopandas. Every import inside a function of ``geodata/cli/``
#: is listed here (module -> the geodata modules it imports that way); a new one is added on purpose.
CLI_LAZY_IMPORTS = {
    "geodata.cli": {
        "geodata.cli.changes",
        "geodata.cli.data",
        "geodata.cli.export",
        "geodata.cli.fetch",
        "geodata.cli.importing",
        "geodata.cli.pack",
        "geodata.cli.render",
    },
    "geodata.cli.changes": {
        "geodata.changes",
        "geodata.changes_text",
        "geodata.cli.common",
        "geodata.dataset",
        "geodata.errors",
        "geodata.figures.options",
        "geodata.figures.timelapse",
        "geodata.figures.trend",
        "geodata.margin",
        "geodata.paths",
        "geodata.trend",
        "geodata.wording",
    },
    "geodata.cli.common": {"geodata.dataset", "geodata.scenarios", "geodata.wording"},
    "geodata.cli.data": {
        "geodata.build",
        "geodata.dataset",
        "geodata.published",
        "geodata.scenarios",
        "geodata.stats",
        "geodata.wording",
    },
    "geodata.cli.export": {"geodata.dataset", "geodata.export"},
    "geodata.cli.fetch": {"geodata.dataset", "geodata.fetch"},
    "geodata.cli.importing": {"geodata.dataset", "geodata.importer", "geodata.importer.limits", "geodata.importer.summarytext"},
    "geodata.cli.pack": {"geodata.dataset", "geodata.pack"},
    "geodata.cli.render": {
        "geodata.paths",  # the published figures the deck's trend slide draws
        "geodata.changes",
        "geodata.cli.changes",
        "geodata.dataset",
        "geodata.figures",
        "geodata.scenarios",
        "geodata.slides",
        "geodata.slides_changes",
        "geodata.trend",
    },
}
#: Where a dataset is chosen: the only modules of geodata/ (besides the command line) that call ``default_dataset()``.
#: Every other domain function is given the dataset it works on.
DATASET_EDGES = {"dataset.py", "pack.py", "build.py"}


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
    forbidden = {
        name for name in _imports(path) if name == "geodata.cli" or name.startswith(("geodata.cli.", "streamlit", "components"))
    }
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
    bad.write_text(
        "from geodata.cli import main\nimport html\nx = html.escape('<')\nfrom components.i18n import t\ny = escape_html('<')\n"
    )
    assert "geodata.cli" in _imports(bad) and "components.i18n" in _imports(bad)
    assert "escape" in _called_names(bad) and "escape_html" in _called_names(bad)


@pytest.mark.parametrize("path", sorted(GEODATA.rglob("*.py")), ids=lambda p: p.relative_to(ROOT).as_posix())
def test_modules_of_one_concern_stay_short(path):
    lines = len(path.read_text(encoding="utf-8").splitlines())
    name = path.relative_to(ROOT).as_posix()
    assert lines <= LONG_MODULES.get(name, MAX_MODULE_LINES), f"{name} has {lines} lines"


def _module_name(path: Path) -> str:
    return ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")


GEODATA_MODULES = {_module_name(p) for p in GEODATA.rglob("*.py")}


def _type_checking_only(tree: ast.Module) -> set[int]:
    """Ids of the import nodes under ``if TYPE_CHECKING:``: for the type checker only, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and isinstance(node.test, ast.Name) and node.test.id == "TYPE_CHECKING":
            skipped |= {id(n) for child in node.body for n in ast.walk(child)}
    return skipped


def _geodata_imports(path: Path, *, inside_functions: bool) -> set[str]:
    """The geodata modules a file imports at run time: at module level, or (``inside_functions``) inside functions.

    ``from package import submodule`` counts the submodule; ``from module import name`` the module.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _type_checking_only(tree)
    in_functions = {
        id(n) for fn in ast.walk(tree) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) for n in ast.walk(fn)
    }
    found: set[str] = set()
    for node in ast.walk(tree):
        if id(node) in skipped or (id(node) in in_functions) != inside_functions:
            continue
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name in GEODATA_MODULES}
        elif isinstance(node, ast.ImportFrom) and node.module in GEODATA_MODULES:
            submodules = {f"{node.module}.{a.name}" for a in node.names if f"{node.module}.{a.name}" in GEODATA_MODULES}
            found |= submodules if len(submodules) == len(node.names) else {node.module, *submodules}
    return found - {_module_name(path)}


def _import_graph() -> dict[str, set[str]]:
    """Every geodata module and what it imports when it runs, counting imports inside functions."""
    return {
        _module_name(p): _geodata_imports(p, inside_functions=False) | _geodata_imports(p, inside_functions=True)
        for p in GEODATA.rglob("*.py")
    }


def _find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    seen: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> list[str] | None:
        seen[node] = 1
        for nxt in sorted(graph[node]):
            if seen.get(nxt) == 1:
                return [*stack[stack.index(nxt) :], nxt]
            if nxt not in seen and (cycle := visit(nxt, [*stack, nxt])):
                return cycle
        seen[node] = 2
        return None

    for module in sorted(graph):
        if module not in seen and (cycle := visit(module, [module])):
            return cycle
    return None


def test_no_import_cycle_in_geodata_counting_imports_inside_functions():
    cycle = _find_cycle(_import_graph())
    assert cycle is None, " -> ".join(cycle or [])


def test_the_cycle_check_sees_a_cycle_through_a_function():
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": set()}
    assert _find_cycle(graph) == ["a", "b", "c", "a"]
    assert _find_cycle({"a": {"b"}, "b": set()}) is None


def test_imports_inside_functions_are_read(tmp_path):
    sample = GEODATA / "_architecture_sample.py"  # inside geodata/ so its module name resolves; removed below
    sample.write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from geodata.stats import compute_stats\n"
        "from geodata import errors\n\ndef f():\n    from geodata.control import ControlSnapshot\n    import geodata.layers\n",
        encoding="utf-8",
    )
    try:
        assert _geodata_imports(sample, inside_functions=False) == {"geodata.errors"}
        assert _geodata_imports(sample, inside_functions=True) == {"geodata.control", "geodata.layers"}
    finally:
        sample.unlink()


def test_the_command_lines_lazy_imports_are_the_listed_ones():
    found = {
        _module_name(p): imports
        for p in sorted((GEODATA / "cli").glob("*.py"))
        if (imports := _geodata_imports(p, inside_functions=True))
    }
    assert found == CLI_LAZY_IMPORTS, "a lazy import in geodata/cli/ changed: list it in CLI_LAZY_IMPORTS on purpose"


@pytest.mark.parametrize("path", DOMAIN_MODULES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_domain_functions_are_given_the_dataset(path):
    # default_dataset() is chosen at the edges (command line, components, pack builder, build, benchmarks);
    # a domain function takes a `dataset` argument instead of reaching for a hidden global.
    if path.relative_to(GEODATA).as_posix() in DATASET_EDGES:
        return
    assert "default_dataset" not in _called_names(path), f"{path.relative_to(ROOT)} calls default_dataset()"
    assert "geodata.dataset.default_dataset" not in _imports(path), f"{path.relative_to(ROOT)} imports default_dataset"


def test_only_the_default_dataset_reads_the_settings():
    # The user data folder is read from the environment where the edges' dataset is made, nowhere in the domain.
    readers = {
        path.relative_to(GEODATA).as_posix()
        for path in DOMAIN_MODULES
        if "geodata.settings" in _geodata_imports(path, inside_functions=False) | _geodata_imports(path, inside_functions=True)
    }
    assert readers == {"dataset.py"}


def test_the_modules_the_dataset_reads_with_never_import_it():
    # The dataset -> control / regions / scenarios direction is the only one: no cycle through a lazy import either.
    for name in (
        "control.py",
        "regions.py",
        "scenarios/__init__.py",
        "scenarios/loading.py",
        "scenarios/model.py",
        "scenarios/schema.py",
        "scenarios/options.py",
    ):
        path = GEODATA / name
        imports = _geodata_imports(path, inside_functions=False) | _geodata_imports(path, inside_functions=True)
        assert "geodata.dataset" not in imports, name
