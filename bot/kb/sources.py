"""`sources.yaml`: the documents every answer and warning sign comes from."""

from __future__ import annotations

from bot.core.knowledge import Source
from bot.kb.fields import Entry, list_entries, read_entry
from bot.kb.reading import Node, Reader, entry_name
from bot.kb.schema import SOURCE, SOURCES_FILE


def read_sources(reader: Reader, root: Node) -> list[Source]:
    result = []
    for node in list_entries(reader, root, SOURCES_FILE):
        entry = read_entry(reader, node, SOURCE, entry_name(node, SOURCE.what))
        if entry is not None:
            title, document = entry.text("title"), entry.text("document")
            short = entry.text("short")
            result.append(Source(entry.text("id"), title, document, short))
    return result


def cited_sources(reader: Reader, entry: Entry, what: str, known: set[str]) -> tuple[str, ...]:
    """The ids an entry's `source:` names, each checked against sources.yaml."""
    found = entry.items("source")
    for source_id, line in found:
        if source_id not in known:
            reader.problem(
                line,
                f"{what}: unknown source '{source_id}' "
                f"(known: {', '.join(sorted(known))}; see sources.yaml)",
            )
    return tuple(source_id for source_id, _ in found)
