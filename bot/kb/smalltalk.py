"""`smalltalk.yaml`: short replies to greetings, thanks and the like."""

from __future__ import annotations

from bot.core.knowledge import SmallTalk
from bot.kb.fields import list_entries, read_entry
from bot.kb.reading import Node, Reader, entry_name
from bot.kb.schema import SMALL_TALK, SMALLTALK_FILE


def read_smalltalk(reader: Reader, root: Node) -> list[SmallTalk]:
    result = []
    for node in list_entries(reader, root, SMALLTALK_FILE):
        entry = read_entry(reader, node, SMALL_TALK, entry_name(node, SMALL_TALK.what))
        if entry is not None:
            result.append(
                SmallTalk(
                    id=entry.text("id"), phrases=entry.texts("phrases"), reply=entry.text("reply")
                )
            )
    return result
