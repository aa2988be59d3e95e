"""`messages.yaml` and its translations `messages.<language>.yaml`: the bot's own words.

`messages.yaml` is in English and holds every message. A translation holds the same keys
in another language; `language:` in clinic.yaml picks it. A message a translation lacks is
a warning, not an error: the bot says it in English from `messages.yaml` meanwhile, and a
half-done translation (or one that has not caught up with a new message) must not stop
staff from saving their other edits.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from pathlib import Path

from bot.core.knowledge import DEFAULT_LANGUAGE, Clinic
from bot.core.message_keys import MESSAGE_KEYS, PLACEHOLDERS, available
from bot.core.messages import Messages, TemplateError, parse_template
from bot.kb.fields import LANGUAGE_PATTERN
from bot.kb.reading import Node, Problem, Reader

BASE_FILE = "messages.yaml"  # in DEFAULT_LANGUAGE
EVERY_PLACEHOLDER = {name for key in MESSAGE_KEYS for name in available(key)}


def _close(word: str, choices: list[str]) -> str | None:
    close = difflib.get_close_matches(word, choices, n=1)
    return close[0] if close else None


def read_message_file(reader: Reader, root: Node) -> tuple[dict[str, str], set[str]]:
    """One messages file: its good texts by key, and every key it has (good or not)."""
    if not isinstance(root.value, dict):
        reader.problem(root.line, "should be lines like 'welcome: the text', one per message")
        return {}, set()
    texts: dict[str, str] = {}
    for key, node in root.value.items():
        if key not in MESSAGE_KEYS:
            close = _close(key, list(MESSAGE_KEYS))
            hint = f" (did you mean '{close}'?)" if close else ""
            reader.problem(node.line, f"unknown message '{key}'{hint}")
            continue
        value = node.value
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            hint = (
                " (put quotes around a text that starts with {)" if isinstance(value, dict) else ""
            )
            reader.problem(node.line, f"message '{key}' should be text{hint}")
            continue
        text = str(value).strip()
        if not text:
            reader.problem(node.line, f"message '{key}' is empty")
            continue
        if _placeholders_ok(reader, key, node, text):
            texts[key] = text
    return texts, set(root.value)


def _placeholders_ok(reader: Reader, key: str, node: Node, text: str) -> bool:
    """Whether the text's braces are `{name}`s this message may use; problems name the line."""

    def line_of(offset: int) -> int:  # a `|` text starts on the line after its key
        return node.line + 1 + offset if node.block else node.line

    try:
        template = parse_template(text)
    except TemplateError as error:
        reader.problem(line_of(error.line), f"message '{key}': {error}")
        return False
    allowed = available(key)
    good = True
    for number, line in enumerate(template):
        for name in dict.fromkeys(n for _, n in line if n is not None):
            if name in allowed:
                continue
            good = False
            if name in EVERY_PLACEHOLDER:
                usable = ", ".join("{" + a + "}" for a in allowed)
                why = f"{{{name}}} is not available in this message (it can use: {usable})"
            else:
                close = _close(name, list(allowed))
                why = f"unknown placeholder {{{name}}}" + (
                    f" (did you mean {{{close}}}?)" if close else ""
                )
            reader.problem(line_of(number), f"message '{key}': {why}")
    return good


ReadFile = Callable[[Path], tuple[Reader, Node | None]]


def read_messages(
    root: Path, read: ReadFile, problems: list[Problem], clinic: Clinic | None
) -> Messages | None:
    """The catalog in the clinic's language (`read` opens a file); None on problems."""
    start = len(problems)
    base_path = root / BASE_FILE
    if not base_path.is_file():
        problems.append(Problem(str(base_path), 0, f"missing file {BASE_FILE}"))
        return None
    reader, node = read(base_path)
    base, present = read_message_file(reader, node) if node else ({}, set())
    for key in MESSAGE_KEYS:
        if node and key not in present:
            reader.problem(0, f"missing message '{key}' ({MESSAGE_KEYS[key].when})")
    translations: dict[str, dict[str, str]] = {}
    for path in sorted(root.glob("messages.*.yaml")):
        found = _read_translation(read, path)
        if found is not None:
            translations[found[0]] = found[1]
    language = clinic.language if clinic else DEFAULT_LANGUAGE
    if language != DEFAULT_LANGUAGE and language not in translations:
        name = f"messages.{language}.yaml"
        problems.append(
            Problem(
                str(root / name),
                0,
                f"missing file {name}: clinic.yaml says language: {language} (copy "
                f"{BASE_FILE} to {name} and translate it, or set language: {DEFAULT_LANGUAGE})",
            )
        )
    if clinic is None or any(not p.warning for p in problems[start:]):
        return None
    return Messages.build({**base, **translations.get(language, {})}, clinic)


def _read_translation(read: ReadFile, path: Path) -> tuple[str, dict[str, str]] | None:
    """A translation's language and texts; a warning lists the messages it lacks."""
    language = path.name.removeprefix("messages.").removesuffix(".yaml")
    reader, node = read(path)
    if not LANGUAGE_PATTERN.match(language):
        reader.problem(0, f"'{language}' is not a language code: name it like messages.de.yaml")
        return None
    if node is None:
        return language, {}
    texts, present = read_message_file(reader, node)
    lacking = [key for key in MESSAGE_KEYS if key not in present]
    if lacking:
        reader.problem(
            0,
            f"lacks {len(lacking)} message(s), said in English from {BASE_FILE} meanwhile: "
            + ", ".join(lacking),
            warning=True,
        )
    return language, texts


def messages_guide() -> str:
    """The list of messages in knowledge/README.md: each key, when it is sent, its placeholders."""
    rows = ["| placeholder | what it holds |", "| --- | --- |"]
    rows += [f"| `{{{name}}}` | {_code(meaning)} |" for name, meaning in PLACEHOLDERS.items()]
    rows += ["", "| message | when it is sent | its own placeholders |", "| --- | --- | --- |"]
    for key, spec in MESSAGE_KEYS.items():
        own = " ".join(f"`{{{name}}}`" for name in spec.placeholders) or "-"
        rows.append(f"| `{key}` | {_code(spec.when)} | {own} |")
    return "\n".join(rows) + "\n"


def _code(text: str) -> str:
    """`{placeholder}` shown as code in the guide."""
    return re.sub(r"\{\w+\}", lambda match: f"`{match[0]}`", text)
