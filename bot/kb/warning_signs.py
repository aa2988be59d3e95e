"""`warning-signs.yaml`: the signs that send a client to the clinic before any answer."""

from __future__ import annotations

from bot.core.knowledge import WarningSign
from bot.kb.fields import list_entries, read_entry
from bot.kb.reading import Node, Reader, entry_name
from bot.kb.schema import SIGNS_FILE, WARNING_SIGN
from bot.kb.sources import cited_sources


def read_warning_signs(reader: Reader, root: Node, known_sources: set[str]) -> list[WarningSign]:
    result = []
    for node in list_entries(reader, root, SIGNS_FILE):
        what = entry_name(node, WARNING_SIGN.what)
        entry = read_entry(reader, node, WARNING_SIGN, what)
        if entry is None:
            continue
        after_days = entry.value("after_days")
        result.append(
            WarningSign(
                id=entry.text("id"),
                title=entry.text("title"),
                level=entry.text("level"),
                phrases=entry.texts("phrases"),
                advice=entry.text("advice"),
                sources=cited_sources(reader, entry, what, known_sources),
                after_days=after_days if isinstance(after_days, int) else None,
                unless=entry.texts("unless"),
                file=reader.name,
                line=node.line,
            )
        )
    return result
