"""Reading and checking the knowledge folder (`knowledge/`, written by staff) into the core's model.

One module per kind of file (`clinic`, `sources`, `topics`, `warning_signs`, `smalltalk`,
`words`, `checkins`, `messages`), the fields of each stated once in `schema`, and `loader`
assembling them. May import: `bot.core`, PyYAML and the file system. Never Telegram or the store.
"""

from bot.kb.fields import parse_offset
from bot.kb.loader import Checked, check_knowledge, load_knowledge, read_knowledge
from bot.kb.reading import KnowledgeError, Problem

__all__ = [
    "Checked",
    "KnowledgeError",
    "Problem",
    "check_knowledge",
    "load_knowledge",
    "parse_offset",
    "read_knowledge",
]
