"""Every public function and method of ``geodata/`` has a numpy-style docstring: a summary line, a ``Parameters``
section naming each parameter when it takes any, ``Returns`` (or ``Yields``) when it returns something, and ``Raises``
when its own body raises.

The functions are read from the source with :mod:`ast` (nothing is imported or run) and their docstrings parsed with
numpydoc's parser, the one Sphinx's numpydoc extension uses, so a section that is misspelt or badly underlined does not
count. ``DEBT`` lists the functions of modules other branches were changing when the check arrived; it may only shrink:
a listed function that passes, or that is gone, fails the test until it is taken off the list.
"""

from __future__ import annotations

import ast
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest
from numpydoc.docscrape import NumpyDocString

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "geodata"

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _public(name: str) -> bool:
    return not name.startswith("_")


def _functions(tree: ast.Module) -> Iterator[tuple[str, FunctionNode, bool]]:
    """Public module-level functions and public methods of public classes: (qualified name, node, is a method)."""
    for node in tree.body:
        if isinstance(node, FunctionNode) and _public(node.name):
            yield node.name, node, False
        elif isinstance(node, ast.ClassDef) and _public(node.name):
            for item in node.body:
                if isinstance(item, FunctionNode) and _public(item.name):
                    yield f"{node.name}.{item.name}", item, True


def _own_nodes(function: FunctionNode) -> Iterator[ast.AST]:
    """The nodes of a function's body, leaving out nested functions, lambdas and classes."""
    nested = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)
    stack: list[ast.AST] = [node for node in function.body if not isinstance(node, nested)]
    while stack:
        node = stack.pop()
        yield node
        stack.extend(child for child in ast.iter_child_nodes(node) if not isinstance(child, nested))


def _decorators(function: FunctionNode) -> set[str]:
    names = set()
    for decorator in function.decorator_list:
        target = decorator.func if isinstance(decorator, ast.Call) else decorator
        names.add(target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", ""))
    return names


def _parameters(function: FunctionNode, is_method: bool) -> list[str]:
    args = function.args
    names = [a.arg for a in (*args.posonlyargs, *args.args, *args.kwonlyargs)]
    if is_method and names and "staticmethod" not in _decorators(function):
        names = names[1:]  # self or cls
    names += [a.arg for a in (args.vararg, args.kwarg) if a is not None]
    return names


def _returns_something(function: FunctionNode) -> bool:
    annotation = function.returns
    if annotation is not None:
        text = ast.unparse(annotation)
        return text not in ("None", "NoReturn", "Never", "typing.NoReturn")
    return any(
        isinstance(node, ast.Return)
        and node.value is not None
        and not (isinstance(node.value, ast.Constant) and node.value.value is None)
        for node in _own_nodes(function)
    )


def _raises(function: FunctionNode) -> bool:
    """True when the function's own body raises an exception of its own (a bare re-raise does not count)."""
    return any(isinstance(node, ast.Raise) and node.exc is not None for node in _own_nodes(function))


def problems(function: FunctionNode, is_method: bool) -> list[str]:
    """What the function's docstring lacks (empty when it is complete)."""
    if "overload" in _decorators(function):
        return []
    docstring = ast.get_docstring(function)
    if not docstring:
        return ["no docstring"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # numpydoc warns on unknown sections; they are reported as missing below
        doc = NumpyDocString(docstring)
    found = []
    if not doc["Summary"]:
        found.append("no summary line")
    parameters = _parameters(function, is_method)
    documented = {name.strip().lstrip("*") for entry in doc["Parameters"] for name in entry.name.split(",")}
    missing = [p for p in parameters if p not in documented]
    if missing:
        found.append(f"Parameters does not name {missing}" if doc["Parameters"] else "no Parameters section")
    is_property = bool(_decorators(function) & {"property", "cached_property", "setter"})
    if _returns_something(function) and not is_property and not (doc["Returns"] or doc["Yields"]):
        found.append("no Returns section")
    if _raises(function) and not doc["Raises"]:
        found.append("no Raises section")
    return found


def _all_problems() -> dict[str, list[str]]:
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for name, function, is_method in _functions(tree):
            lacking = problems(function, is_method)
            if lacking:
                found[f"{module}:{name}"] = lacking
    return found


#: Functions allowed to lack a docstring section for now: none (the list that came with the check is paid off).
#: A name listed here must be a function that still lacks one, so the list can only shrink.
DEBT: frozenset[str] = frozenset()


def test_every_public_function_has_a_numpy_docstring():
    found = _all_problems()
    new = {name: lacking for name, lacking in found.items() if name not in DEBT}
    assert not new, "docstrings lacking a section:\n" + "\n".join(f"  {n}: {', '.join(p)}" for n, p in sorted(new.items()))


def test_the_list_of_debts_only_shrinks():
    paid = sorted(DEBT - set(_all_problems()))
    assert not paid, f"complete now, or gone: take them off DEBT in tests/test_docstrings.py: {paid}"


SAMPLE = '''
def complete(a, b=1, *rest, **options):
    """Add.

    Parameters
    ----------
    a, b : int
        Numbers.
    *rest : int
        More.
    **options
        Settings.

    Returns
    -------
    int
        The sum.

    Raises
    ------
    ValueError
        When a is negative.
    """
    if a < 0:
        raise ValueError(a)
    return a + b

def bare(a):
    return a

def no_params(a, b) -> int:
    """Add.

    Returns
    -------
    int
        The sum.
    """
    return a + b

def misses_one(a, b) -> None:
    """Do.

    Parameters
    ----------
    a : int
        A.
    """

def silent_raise(a) -> None:
    """Check.

    Parameters
    ----------
    a : int
        A.
    """
    if a:
        raise ValueError(a)

def nested_only(a) -> None:
    """Hold.

    Parameters
    ----------
    a : int
        A.
    """
    def inner():
        raise ValueError(a)
        return 1

class Thing:
    def method(self, a):
        """Method.

        Parameters
        ----------
        a : int
            A.
        """
        try:
            pass
        except OSError:
            raise

    @property
    def value(self) -> int:
        """The value."""
        return 1
'''


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("complete", []),
        ("bare", ["no docstring"]),
        ("no_params", ["no Parameters section"]),
        ("misses_one", ["Parameters does not name ['b']"]),
        ("silent_raise", ["no Raises section"]),
        ("nested_only", []),
        ("Thing.method", []),
        ("Thing.value", []),
    ],
)
def test_the_check_finds_what_is_missing(name, expected):
    functions = {qualified: (node, is_method) for qualified, node, is_method in _functions(ast.parse(SAMPLE))}
    node, is_method = functions[name]
    assert problems(node, is_method) == expected
