"""Reading one YAML file with the line of every value, and collecting what is wrong in it.

Staff are not programmers, so every problem names its file and line and says what to change.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import SafeConstructor


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the knowledge folder (or, with `warning`, worth a look)."""

    file: str
    line: int
    message: str
    warning: bool = False

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {'warning: ' if self.warning else ''}{self.message}"


class KnowledgeError(Exception):
    """The knowledge folder cannot be loaded; `problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class Node:
    """A YAML value with the line it starts on (1-based); `block` for `|` and `>` texts."""

    __slots__ = ("block", "line", "value")

    def __init__(self, value: Any, line: int, block: bool = False) -> None:
        self.value = value
        self.line = line
        self.block = block


def _located(node: yaml.Node, scalars: SafeConstructor, twice: list[tuple[str, int, int]]) -> Node:
    """The node with lines; each key written twice in one mapping goes to `twice` as
    (key, its line, the first one's line), since YAML would keep only the last."""
    line = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        pairs: dict[str, Node] = {}
        for key_node, value_node in node.value:
            key, key_line = str(key_node.value), key_node.start_mark.line + 1
            if key in pairs:
                twice.append((key, key_line, pairs[key].line))
            pairs[key] = _located(value_node, scalars, twice)
            pairs[key].line = key_line
        return Node(pairs, line)
    if isinstance(node, yaml.SequenceNode):
        return Node([_located(item, scalars, twice) for item in node.value], line)
    block = isinstance(node, yaml.ScalarNode) and node.style in ("|", ">")
    return Node(scalars.construct_object(node, deep=True), line, block)


class Reader:
    """Reads one file of the knowledge folder and collects its problems."""

    def __init__(self, path: Path, root: Path, problems: list[Problem]) -> None:
        self.path = path
        self.name = str(path.relative_to(root.parent)) if root.parent in path.parents else str(path)
        self.problems = problems

    def problem(self, line: int, message: str, *, warning: bool = False) -> None:
        self.problems.append(Problem(self.name, line, message, warning))

    def parse(self) -> Node | None:
        """The file's YAML with lines; None (and a problem) if it cannot be read."""
        try:
            text = self.path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            self.problem(1, f"cannot read the file ({error})")
            return None
        try:
            node = yaml.compose(text, Loader=yaml.SafeLoader)
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark else 1
            what = error.problem or "YAML syntax error"
            self.problem(line, f"YAML syntax: {what} (check indentation, colons and quotes)")
            return None
        except yaml.YAMLError as error:
            self.problem(1, f"YAML syntax: {error}")
            return None
        if node is None:
            self.problem(1, "the file is empty")
            return None
        twice: list[tuple[str, int, int]] = []
        located = _located(node, SafeConstructor(), twice)
        for key, line, first in twice:
            self.problem(
                line,
                f"'{key}' is written twice (also at line {first}): the second would replace "
                "the first; keep one",
            )
        return located


def entry_name(entry: Node, kind: str) -> str:
    """How problems name an entry: its kind and, when readable, its id."""
    if isinstance(entry.value, dict) and isinstance(entry.value.get("id"), Node):
        return f"{kind} '{entry.value['id'].value}'"
    return kind
