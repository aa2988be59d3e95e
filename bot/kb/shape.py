"""What a knowledge file's entries are made of: the kinds of value, a field, a shape.

`bot.kb.schema` states every file's shapes with these; `bot.kb.fields` checks a YAML entry
against its shape. The limits on ids and titles live here, once, for both and for the
entries the bot writes itself (`bot.kb.editing`).
"""

from __future__ import annotations

from dataclasses import dataclass

# Telegram's button data is at most 64 bytes, and a topic button adds "topic:".
MAX_ID_LENGTH = 58
MAX_TITLE_LENGTH = 40  # topic titles are shown on buttons

# How each kind of value is described to staff; `bot.kb.fields` has a check for each.
KINDS = {
    "id": f"a name: lowercase letters, digits and dashes, at most {MAX_ID_LENGTH} characters",
    "text": "text",
    "texts": "a list of texts (a single text is fine)",
    "choice": "one of the words listed",
    "bool": "`true` or `false`",
    "days": "a whole number of days",
    "time": 'a time of day, like "21:00"',
    "times": 'one or more times of day, like "17:00" or ["12:00", "17:00"]',
    "count": "a whole number, 1 or more",
    "offset": "a number and a unit: `30m`, `4h`, `3d`, `4w`",
    "timezone": "a time-zone name, like `Europe/London`",
    "language": "a language code, like `en` or `de`",
    "section": "a few 'name: value' lines (see its own table)",
    "list": "a list of entries, each starting with '- '",
    "names": "named entries: 'name:' lines, each with its fields below",
    "pairs": "lines like 'sunblock: sunscreen'",
}


@dataclass(frozen=True)
class Field:
    """One field of an entry."""

    name: str
    kind: str  # a key of KINDS
    required: bool
    meaning: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Shape:
    """One kind of entry: how problems name it, where staff write it, its fields."""

    what: str
    where: str
    fields: tuple[Field, ...]
    title: str = ""  # its heading in the guide, when not `what`

    @property
    def required(self) -> set[str]:
        return {f.name for f in self.fields if f.required}

    @property
    def allowed(self) -> set[str]:
        return {f.name for f in self.fields}
