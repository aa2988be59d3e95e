"""`topics/*.yaml`: the questions clients ask and the clinic's answers."""

from __future__ import annotations

from bot.core.knowledge import Topic
from bot.kb.fields import list_entries, read_entry
from bot.kb.reading import Node, Reader, entry_name
from bot.kb.schema import TOPIC, TOPICS_FILE
from bot.kb.shape import MAX_TITLE_LENGTH
from bot.kb.sources import cited_sources


def read_topics(reader: Reader, root: Node, known_sources: set[str]) -> list[Topic]:
    result = []
    for node in list_entries(reader, root, TOPICS_FILE):
        what = entry_name(node, TOPIC.what)
        entry = read_entry(reader, node, TOPIC, what)
        if entry is None:
            continue
        title = entry.text("title")
        if len(title) > MAX_TITLE_LENGTH:
            reader.problem(
                entry.line("title"),
                f"{what}: the title is {len(title)} characters; buttons show "
                f"{MAX_TITLE_LENGTH} at most, so shorten it",
                warning=True,
            )
        result.append(
            Topic(
                id=entry.text("id"),
                title=title,
                questions=entry.texts("questions"),
                answer=entry.text("answer"),
                sources=cited_sources(reader, entry, what, known_sources),
                keywords=entry.texts("keywords"),
                file=reader.name,
                line=node.line,
                parent=entry.text("parent"),
            )
        )
    return result
