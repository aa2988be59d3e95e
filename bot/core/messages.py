"""The bot's own words (all but topic answers) as a catalog of templates with named placeholders.

Staff write them in `knowledge/messages.yaml`; `bot.core.message_keys` declares every key and
the placeholders it may use. A template is plain text with `{name}` placeholders (`{{` and
`}}` for a brace); a line whose placeholders are all empty is left out, so an optional
detail (the clinic's address, the list of suggestions) takes its line with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from string import Formatter
from typing import TYPE_CHECKING

from bot.core.message_keys import CONTACT, MESSAGE_KEYS

if TYPE_CHECKING:  # the knowledge base holds the messages, so only for the type
    from bot.core.knowledge import Clinic

# One line of a template: (literal text, placeholder name or None) pairs.
Line = tuple[tuple[str, str | None], ...]


class TemplateError(ValueError):
    """A template staff cannot have meant; `line` counts from 0 within the text."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.line = line


_BRACE_ERRORS = {
    "Single '}' encountered in format string": "a '}' without its '{' (write }} to show a brace)",
    "Single '{' encountered in format string": "a '{' without its '}' (write {{ to show a brace)",
    "expected '}' before end of string": "a '{' without its '}' (write {{ to show a brace)",
}


def parse_template(text: str) -> tuple[Line, ...]:
    """The template's lines; raises TemplateError for braces that are not a `{name}`."""
    lines = []
    for number, line in enumerate(text.split("\n")):
        try:
            parts = list(Formatter().parse(line))
        except ValueError as error:
            reason = _BRACE_ERRORS.get(str(error), "braces that do not pair up")
            raise TemplateError(reason, number) from error
        pieces: list[tuple[str, str | None]] = []
        for literal, name, spec, conversion in parts:
            if name is not None and (spec or conversion):
                shown = (
                    f"{name}{'!' + conversion if conversion else ''}{':' + spec if spec else ''}"
                )
                raise TemplateError(
                    f"{{{shown}}}: write a placeholder as just {{{name}}}, nothing after its name",
                    number,
                )
            if name is not None and not name.isidentifier():
                raise TemplateError(
                    f"{{{name}}} is not a placeholder: write a name like {{phone}} in the braces "
                    "(or {{ and }} to show braces)",
                    number,
                )
            pieces.append((literal, name))
        lines.append(tuple(pieces))
    return tuple(lines)


def _fill(template: tuple[Line, ...], values: Mapping[str, str]) -> str:
    kept = []
    for line in template:
        names = [name for _, name in line if name is not None]
        if names and not any(values[name] for name in names):
            continue  # an optional line whose details are all empty
        kept.append("".join(literal + (values[name] if name else "") for literal, name in line))
    return "\n".join(kept).strip("\n")


@dataclass(frozen=True)
class Messages:
    """Every message of one language, ready to render; built by the knowledge loader."""

    templates: Mapping[str, tuple[Line, ...]] = field(default_factory=dict)
    common: Mapping[str, str] = field(default_factory=dict)  # the clinic's details

    @classmethod
    def build(cls, texts: Mapping[str, str], clinic: Clinic) -> Messages:
        """The catalog for `clinic`; every text must parse (the loader has checked them)."""
        templates = {key: parse_template(text) for key, text in texts.items()}
        common = {
            "clinic_name": clinic.name,
            "phone": clinic.phone,
            "hours": clinic.hours,
            "emergency_number": clinic.emergency_number,
            "address": clinic.address,
            "website": clinic.website,
            "booking": clinic.booking,
        }
        if CONTACT in templates:
            common[CONTACT] = _fill(templates[CONTACT], common)
        return cls(templates, common)

    def render(self, key: str, **values: str | int) -> str:
        """The message `key` with its placeholders filled in.

        The values must be exactly the placeholders `MESSAGE_KEYS` declares for it (the
        clinic's details are added here), so code and catalog cannot drift apart.
        """
        spec = MESSAGE_KEYS[key]
        if set(values) != set(spec.placeholders):
            raise ValueError(f"message {key!r} takes {spec.placeholders}, not {tuple(values)}")
        template = self.templates.get(key)
        if template is None:
            raise KeyError(f"no message {key!r}: the knowledge base was loaded without it")
        return _fill(template, {**self.common, **{k: str(v) for k, v in values.items()}})
