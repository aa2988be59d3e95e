"""The layers hold: the core is pure, and each package imports only what it may."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

BOT = Path(__file__).resolve().parent.parent / "bot"

# What the pure core may import: computation only, nothing that reaches a file, a socket,
# a process, a clock or a database.
CORE_ALLOWED = frozenset(
    "__future__ bisect collections dataclasses datetime enum functools heapq html itertools "
    "math re string typing unicodedata zoneinfo rapidfuzz bot.core".split()
)
# Calls that would make a core function do I/O even without an import.
CORE_FORBIDDEN_CALLS = frozenset({"open", "print", "input", "exec", "eval", "__import__"})
# For each package, the packages of `bot` (and libraries) it must never import.
FORBIDDEN = {
    "bot.kb": ("telegram", "aiosqlite", "sqlite3", "bot.store", "bot.telegram", "bot.jobs"),
    "bot.store": ("telegram", "bot.core", "bot.kb", "bot.telegram", "bot.jobs", "bot.staff"),
    "bot.staff": ("telegram", "bot.telegram", "bot.jobs", "bot.cli"),
    "bot.jobs": ("bot.telegram.handlers", "bot.telegram.app", "bot.cli"),
    "bot.telegram": ("bot.cli",),
    "bot.semantic": (
        *("telegram", "aiosqlite", "sqlite3", "bot.store", "bot.telegram", "bot.jobs"),
        *("bot.staff", "bot.cli", "bot.kb"),
    ),
}


def _modules(package: str) -> list[Path]:
    return sorted((BOT / package.removeprefix("bot.").replace(".", "/")).rglob("*.py"))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def _within(name: str, prefixes: frozenset[str] | tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


@pytest.mark.parametrize("path", _modules("bot.core"), ids=lambda p: p.name)
def test_core_imports_nothing_that_does_io(path: Path) -> None:
    outside = {name for name in _imports(path) if not _within(name, CORE_ALLOWED)}
    assert outside == set()


@pytest.mark.parametrize("path", _modules("bot.core"), ids=lambda p: p.name)
def test_core_calls_no_io_builtins(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    called = {
        node.func.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
    }
    assert called & CORE_FORBIDDEN_CALLS == set()


@pytest.mark.parametrize(
    ("package", "path"),
    [(package, path) for package in FORBIDDEN for path in _modules(package)],
    ids=lambda value: value if isinstance(value, str) else value.name,
)
def test_package_keeps_to_its_layer(package: str, path: Path) -> None:
    crossing = {name for name in _imports(path) if _within(name, FORBIDDEN[package])}
    assert crossing == set()


def test_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "leaky.py"
    module.write_text("import sqlite3\nfrom telegram import Bot\nfrom bot.store import Store\n")
    assert _imports(module) == {"sqlite3", "telegram", "bot.store"}
    assert not any(_within(name, CORE_ALLOWED) for name in _imports(module))


@pytest.mark.parametrize(
    "path",
    [path for path in sorted(BOT.rglob("*.py")) if "store" not in path.relative_to(BOT).parts],
    ids=lambda path: str(path.relative_to(BOT)),
)
def test_only_the_store_talks_to_sqlite(path: Path) -> None:
    assert {n for n in _imports(path) if _within(n, ("sqlite3", "aiosqlite"))} == set()


# What bot.semantic may import besides the standard library (its docstring says so).
SEMANTIC_ALLOWED = ("numpy", "onnxruntime", "tokenizers", "bot.core", "bot.semantic")


@pytest.mark.parametrize("path", _modules("bot.semantic"), ids=lambda p: p.name)
def test_the_semantic_ranker_imports_only_what_it_runs_with(path: Path) -> None:
    outside = {
        name
        for name in _imports(path)
        if name.split(".")[0] not in sys.stdlib_module_names and not _within(name, SEMANTIC_ALLOWED)
    }
    assert outside == set()
