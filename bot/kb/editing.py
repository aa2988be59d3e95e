"""Staff's lessons written into the knowledge YAML: a question added to a topic, a new topic.

Edits are made to the text, at the lines YAML says, so the rest of a file (comments, order,
quotes) stays exactly as staff wrote it. Nothing here touches the disk: each function returns
the file's new text, and `bot.kb.changes` checks and writes it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Collection

import yaml

from bot.kb.shape import MAX_ID_LENGTH, MAX_TITLE_LENGTH

# Where answers taught from the staff chat go, and the source they cite.
CLINIC_TOPICS = "topics/clinic-answers.yaml"
CLINIC_SOURCE = "clinic"

CLINIC_TOPICS_HEADER = """\
# Answers the clinic team taught the bot from the staff chat (a reply to an unanswered
# question, kept with "Keep this as my answer"). Edit them like any other topic.
topics:
"""
CLINIC_SOURCE_ENTRY = """\
  - id: clinic
    title: "Answers from the clinic team"
    short: the clinic team
    document: answers the clinic's staff wrote (taught from the staff chat)
"""


class EditError(ValueError):
    """The file is not shaped the way the edit needs (the message says how)."""


def yaml_scalar(text: str) -> str:
    """`text` as one YAML value on one line, quoted only when it must be."""
    dumped = yaml.safe_dump([text], default_flow_style=True, allow_unicode=True, width=10**9)
    return dumped.strip()[1:-1]


def add_question(text: str, topic_id: str, question: str) -> str:
    """The topics file `text` with `question` added to the questions of topic `topic_id`."""
    node = _topic_field(text, topic_id, "questions")
    value = yaml_scalar(question)
    if isinstance(node, yaml.SequenceNode) and not node.flow_style and node.value:
        lines = text.splitlines(keepends=True)
        first, last = node.value[0], node.value[-1]
        prefix = lines[first.start_mark.line][: first.start_mark.column]
        end = last.end_mark
        at = end.line if end.column == 0 else end.line + 1
        if at >= len(lines) and lines and not lines[-1].endswith("\n"):
            lines[-1] += "\n"
        lines.insert(at, f"{prefix}{value}\n")
        return "".join(lines)
    if isinstance(node, yaml.SequenceNode):  # [a, b] or []
        close = node.end_mark.index - 1
        joiner = ", " if node.value else ""
        return text[:close] + joiner + value + text[close:]
    if isinstance(node, yaml.ScalarNode):  # a single text
        start, end = node.start_mark.index, node.end_mark.index
        return f"{text[:start]}[{text[start:end].strip()}, {value}]{text[end:]}"
    raise EditError(f"topic '{topic_id}': 'questions' should be a list")


def topic_entry(topic_id: str, title: str, question: str, answer: str) -> str:
    """A new topic as it is appended to a topics file, the answer exactly as written."""
    body = "\n".join(f"      {line}" if line.strip() else "" for line in answer.strip().split("\n"))
    return (
        f"  - id: {yaml_scalar(topic_id)}\n"
        f"    title: {yaml_scalar(title)}\n"
        f"    questions:\n"
        f"      - {yaml_scalar(question)}\n"
        f"    answer: |\n{body}\n"
        f"    source: [{CLINIC_SOURCE}]\n"
    )


def append_entry(text: str | None, entry: str, header: str) -> str:
    """`entry` appended to a file whose top-level list comes last (`header` starts a new one)."""
    if text is None or not text.strip():
        return header + entry
    return text + ("" if text.endswith("\n") else "\n") + entry


def has_source(sources_text: str, source_id: str) -> bool:
    """Whether sources.yaml lists `source_id` (read, not guessed from the text)."""
    data = yaml.safe_load(sources_text) or {}
    entries = data.get("sources") if isinstance(data, dict) else None
    return any(isinstance(e, dict) and e.get("id") == source_id for e in entries or [])


def title_for(question: str) -> str:
    """A topic title from a client's question: its first words, at most MAX_TITLE_LENGTH
    characters."""
    words = question.strip().rstrip("?!.… ").split()
    title = ""
    for word in words:
        longer = f"{title} {word}".strip()
        if len(longer) > MAX_TITLE_LENGTH:
            break
        title = longer
    title = title or question.strip()[:MAX_TITLE_LENGTH] or "Clinic answer"
    return title[0].upper() + title[1:]


def id_for(title: str, taken: Collection[str]) -> str:
    """A topic id from a title (lowercase letters, digits, dashes) that no topic has yet,
    at most MAX_ID_LENGTH characters with its number."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    base = re.sub(r"[^a-z0-9]+", "-", ascii_title.lower()).strip("-") or "clinic-answer"
    candidate, number = base[:MAX_ID_LENGTH].strip("-"), 2
    while candidate in taken:
        suffix = f"-{number}"
        candidate = base[: MAX_ID_LENGTH - len(suffix)].strip("-") + suffix
        number += 1
    return candidate


def _topic_field(text: str, topic_id: str, field: str) -> yaml.Node:
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    topics = _value(root, "topics")
    if not isinstance(topics, yaml.SequenceNode):
        raise EditError("the file has no 'topics:' list")
    for entry in topics.value:
        id_node = _value(entry, "id")
        if isinstance(id_node, yaml.ScalarNode) and id_node.value == topic_id:
            found = _value(entry, field)
            if found is None:
                raise EditError(f"topic '{topic_id}' has no '{field}:'")
            return found
    raise EditError(f"no topic '{topic_id}' in the file")


def _value(node: yaml.Node | None, key: str) -> yaml.Node | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    return next((value for name, value in node.value if name.value == key), None)
