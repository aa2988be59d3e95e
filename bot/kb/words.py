"""`words.yaml`: words clients type, replaced by the word the knowledge base uses."""

from __future__ import annotations

from bot.core.normalize import plain
from bot.kb.fields import read_entry
from bot.kb.reading import Node, Reader
from bot.kb.schema import WORDS_FILE


def read_words(reader: Reader, root: Node) -> list[tuple[str, str]]:
    entry = read_entry(reader, root, WORDS_FILE, reader.name)
    node = entry.value("replace") if entry is not None else None
    if not isinstance(node, Node):
        return []
    pairs = []
    for typed, canonical in node.value.items():
        if not isinstance(canonical.value, str) or not canonical.value.strip():
            reader.problem(canonical.line, f"replace '{typed}': the word to use is missing")
            continue
        pairs.append((plain(typed), plain(canonical.value)))
    return pairs
