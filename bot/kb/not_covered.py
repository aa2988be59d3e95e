"""`not-covered.yaml`: questions the knowledge base does not answer, which must fall back."""

from __future__ import annotations

from bot.core.knowledge import NotCovered
from bot.kb.fields import read_entry
from bot.kb.reading import Node, Reader
from bot.kb.schema import NOT_COVERED_FILE


def read_not_covered(reader: Reader, root: Node) -> list[NotCovered]:
    entry = read_entry(reader, root, NOT_COVERED_FILE, reader.name)
    if entry is None:
        return []
    return [NotCovered(text, reader.name, line) for text, line in entry.items("not_covered")]
