"""The field checks: an entry read against its `Shape`, each value checked by its kind once.

The file modules then only check what ties entries together (a source that exists, a button
that names a response); every type check lives here, one function per kind.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.kb.reading import Node, Reader
from bot.kb.shape import MAX_ID_LENGTH, Field, Shape

ID_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
LANGUAGE_PATTERN = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$")
OFFSET_PATTERN = re.compile(r"^(\d+)\s*(s|m|h|d|w)$")
_OFFSET_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}


def parse_offset(text: str) -> timedelta | None:
    """'4h', '3d', '4w', '30s' as a timedelta; None when it is not one."""
    match = OFFSET_PATTERN.match(text.strip().lower())
    if not match:
        return None
    return timedelta(**{_OFFSET_UNITS[match[2]]: int(match[1])})


class Entry:
    """One entry's checked values by field name; a field left out or wrong reads as empty."""

    def __init__(self, nodes: dict[str, Node], values: dict[str, object]) -> None:
        self.nodes = nodes
        self._values = values

    def has(self, name: str) -> bool:
        return name in self.nodes

    def line(self, name: str) -> int:
        return self.nodes[name].line

    def text(self, name: str, default: str = "") -> str:
        value = self._values.get(name)
        return value if isinstance(value, str) else default

    def items(self, name: str) -> list[tuple[str, int]]:
        """A list of texts with their lines."""
        value = self._values.get(name)
        return value if isinstance(value, list) else []

    def texts(self, name: str) -> tuple[str, ...]:
        return tuple(text for text, _ in self.items(name))

    def value(self, name: str) -> object:
        """A number, a flag, a time, an offset or a node; None when left out or wrong."""
        return self._values.get(name)


def read_entry(reader: Reader, node: Node, shape: Shape, what: str | None = None) -> Entry | None:
    """`node`'s fields checked against `shape`: unknown and missing fields, then each value.

    `what` names the entry in problems (the shape's `what` by default). None when the
    entry is not a set of fields at all.
    """
    what = what or shape.what
    if not isinstance(node.value, dict):
        reader.problem(node.line, f"{what} should be a set of 'name: value' lines")
        return None
    nodes: dict[str, Node] = node.value
    allowed = shape.allowed
    for key, value in nodes.items():
        if key not in allowed:
            reader.problem(
                value.line,
                f"{what}: unknown field '{key}' (allowed: {', '.join(sorted(allowed))})",
            )
    for key in sorted(shape.required - nodes.keys()):
        reader.problem(node.line, f"{what}: missing field '{key}'")
    values: dict[str, object] = {}
    for field in shape.fields:
        if field.name in nodes:
            check = _CHECKS[field.kind]
            # An id's problems name the kind of entry: "topic: id 'X' ...".
            values[field.name] = check(
                reader, nodes[field.name], field, shape.what if field.kind == "id" else what
            )
    return Entry(nodes, values)


def _text(reader: Reader, node: Node, field: Field, what: str) -> str | None:
    if node.value is None or (isinstance(node.value, str) and not node.value.strip()):
        reader.problem(node.line, f"{what}: '{field.name}' is empty")
        return None
    if not isinstance(node.value, str | int | float) or isinstance(node.value, bool):
        reader.problem(node.line, f"{what}: '{field.name}' should be text")
        return None
    return str(node.value).strip()


def _texts(reader: Reader, node: Node, field: Field, what: str) -> list[tuple[str, int]]:
    """A list of texts (a single text is accepted as a list of one), with their lines."""
    items = node.value if isinstance(node.value, list) else [node]
    result: list[tuple[str, int]] = []
    for item in items:
        if isinstance(item.value, str | int | float) and not isinstance(item.value, bool):
            value = str(item.value).strip()
            if value:
                result.append((value, item.line))
                continue
        reader.problem(item.line, f"{what}: every entry of '{field.name}' should be non-empty text")
    if not result and items:
        reader.problem(node.line, f"{what}: '{field.name}' has no entries")
    return result


def _id(reader: Reader, node: Node, field: Field, what: str) -> str | None:
    value = _text(reader, node, field, what)
    if value is None:
        return None
    if not ID_PATTERN.match(value):
        reader.problem(
            node.line, f"{what}: id '{value}' should use lowercase letters, digits and dashes only"
        )
    elif len(value) > MAX_ID_LENGTH:
        reader.problem(
            node.line, f"{what}: id '{value}' is longer than {MAX_ID_LENGTH} characters; shorten it"
        )
    return value


def _choice(reader: Reader, node: Node, field: Field, what: str) -> str | None:
    value = _text(reader, node, field, what)
    if value is not None and value not in field.choices:
        reader.problem(
            node.line,
            f"{what}: {field.name} '{value}' should be one of {', '.join(field.choices)}",
        )
    return value


def _bool(reader: Reader, node: Node, field: Field, what: str) -> bool | None:
    if isinstance(node.value, bool):
        return node.value
    reader.problem(node.line, f"{what}: {field.name} should be true or false")
    return None


def _days(reader: Reader, node: Node, field: Field, what: str) -> int | None:
    if isinstance(node.value, int) and not isinstance(node.value, bool) and node.value >= 0:
        return node.value
    reader.problem(node.line, f"{what}: {field.name} should be a number")
    return None


def _time(reader: Reader, node: Node, field: Field, what: str) -> time | None:
    raw = node.value
    if isinstance(raw, int) and not isinstance(raw, bool):  # YAML 1.1 reads 21:00 as 1260
        raw = f"{raw // 60:02d}:{raw % 60:02d}"
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(raw).strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        reader.problem(
            node.line, f"{what} {field.name} should be a time like \"21:00\", not '{raw}'"
        )
        return None
    return time(int(match[1]), int(match[2]))


def _times(reader: Reader, node: Node, field: Field, what: str) -> tuple[time, ...] | None:
    """One time of day or a list of them."""
    items = node.value if isinstance(node.value, list) else [node]
    found = [_time(reader, item, field, what) for item in items]
    if not items:
        reader.problem(node.line, f"{what}: '{field.name}' has no times")
    times = tuple(t for t in found if t is not None)
    return times if len(times) == len(found) else None


def _count(reader: Reader, node: Node, field: Field, what: str) -> int | None:
    if isinstance(node.value, int) and not isinstance(node.value, bool) and node.value >= 1:
        return node.value
    reader.problem(node.line, f"{what}: {field.name} should be a whole number, 1 or more")
    return None


def _offset(reader: Reader, node: Node, field: Field, what: str) -> timedelta | None:
    text = _text(reader, node, field, what)
    if text is None:
        return None
    offset = parse_offset(text)
    if offset is None:
        reader.problem(
            node.line,
            f"{what}: {field.name} '{text}' should be a number and a unit, like 4h, 3d or 4w",
        )
    return offset


def _timezone(reader: Reader, node: Node, field: Field, what: str) -> str | None:
    name = _text(reader, node, field, what)
    if name is None:
        return None
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        reader.problem(
            node.line, f"{what}: unknown {field.name} '{name}' (use a name like Europe/London)"
        )
        return None
    return name


def _language(reader: Reader, node: Node, field: Field, what: str) -> str | None:
    code = _text(reader, node, field, what)
    if code is not None and not LANGUAGE_PATTERN.match(code):
        reader.problem(
            node.line, f"{what}: language '{code}' should be a language code like en or de"
        )
        return None
    return code


def _structure(kind: type, how: str) -> Callable[[Reader, Node, Field, str], Node | None]:
    """A check that the value is a list or a mapping; its entries are read by their module."""

    def check(reader: Reader, node: Node, field: Field, what: str) -> Node | None:
        if isinstance(node.value, kind):
            return node
        reader.problem(node.line, f"'{field.name}' should be {how}")
        return None

    return check


_CHECKS: dict[str, Callable[[Reader, Node, Field, str], object]] = {
    "id": _id,
    "text": _text,
    "texts": _texts,
    "choice": _choice,
    "bool": _bool,
    "days": _days,
    "time": _time,
    "times": _times,
    "count": _count,
    "offset": _offset,
    "timezone": _timezone,
    "language": _language,
    "section": _structure(dict, "a set of 'name: value' lines"),
    "list": _structure(list, "a list of entries, each starting with '- '"),
    "names": _structure(dict, "a set of named entries ('name:' lines)"),
    "pairs": _structure(dict, "lines like 'sunblock: sunscreen'"),
}


def list_entries(reader: Reader, root: Node, shape: Shape) -> list[Node]:
    """The entries of a file whose top level is one list (`topics:`, `sources:`, ...)."""
    entry = read_entry(reader, root, shape, reader.name)
    key = shape.fields[0].name
    node = entry.value(key) if entry is not None else None
    return node.value if isinstance(node, Node) else []
