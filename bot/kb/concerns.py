"""Reads `knowledge/concerns.yaml`, the concern tier's words, reporting problems by line."""

from __future__ import annotations

import re
from typing import Any, Protocol

from bot.core.knowledge import Concern, Concerns

_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS = {"id", "title", "phrases"}
_OPTIONAL = {"unless", "after_days", "normal_for_days", "when_asked"}


class Reader(Protocol):
    """What the loader's reader offers: fields, texts and problems with their lines."""

    name: str

    def problem(self, line: int, message: str) -> None: ...
    def mapping(
        self, node: Any, what: str, required: set[str], optional: set[str]
    ) -> dict[str, Any] | None: ...
    def text(self, fields: dict[str, Any], key: str, what: str, default: str = "") -> str: ...
    def texts(self, fields: dict[str, Any], key: str, what: str) -> list[tuple[str, int]]: ...


def read_concerns(reader: Reader, root: Any, sign_ids: set[str]) -> Concerns:
    """The concern tier; `sign_ids` are the warning signs `escalate_to` may name."""
    fields = reader.mapping(root, reader.name, {"concerns", "escalate_to"}, {"risk_words"})
    if fields is None:
        return Concerns()
    escalate_to = reader.text(fields, "escalate_to", reader.name)
    if escalate_to and escalate_to not in sign_ids:
        reader.problem(
            fields["escalate_to"].line, f"escalate_to: unknown warning sign '{escalate_to}'"
        )
    risk_words = tuple(w for w, _ in reader.texts(fields, "risk_words", reader.name))
    node = fields.get("concerns")
    if node is None:
        return Concerns((), escalate_to, risk_words)
    if not isinstance(node.value, list):
        reader.problem(node.line, "'concerns' should be a list of entries, each starting with '- '")
        return Concerns((), escalate_to, risk_words)
    concerns = []
    seen: set[str] = set()
    for entry in node.value:
        concern = _read_concern(reader, entry)
        if concern is None:
            continue
        if concern.id in seen:
            reader.problem(entry.line, f"concern id '{concern.id}' is used twice")
        seen.add(concern.id)
        concerns.append(concern)
    return Concerns(tuple(concerns), escalate_to, risk_words)


def _read_concern(reader: Reader, entry: Any) -> Concern | None:
    what = "concern"
    if isinstance(entry.value, dict) and "id" in entry.value:
        what = f"concern '{entry.value['id'].value}'"
    fields = reader.mapping(entry, what, _FIELDS, _OPTIONAL)
    if fields is None:
        return None
    concern_id = reader.text(fields, "id", what)
    if concern_id and not _ID.match(concern_id):
        reader.problem(
            fields["id"].line,
            f"{what}: id '{concern_id}' should use lowercase letters, digits and dashes only",
        )
    days = {key: _days(reader, fields, key, what) for key in ("after_days", "normal_for_days")}
    when_asked = True
    if "when_asked" in fields:
        when_asked = fields["when_asked"].value
        if not isinstance(when_asked, bool):
            reader.problem(fields["when_asked"].line, f"{what}: when_asked should be true or false")
            when_asked = True
    return Concern(
        id=concern_id,
        title=reader.text(fields, "title", what),
        phrases=tuple(p for p, _ in reader.texts(fields, "phrases", what)),
        unless=tuple(u for u, _ in reader.texts(fields, "unless", what)),
        after_days=days["after_days"],
        normal_for_days=days["normal_for_days"],
        when_asked=when_asked,
        file=reader.name,
        line=entry.line,
    )


def _days(reader: Reader, fields: dict[str, Any], key: str, what: str) -> int | None:
    if key not in fields:
        return None
    raw = fields[key].value
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 0:
        return raw
    reader.problem(fields[key].line, f"{what}: {key} should be a number of days")
    return None
