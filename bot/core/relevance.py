"""Whether a topic may answer a message, beyond how closely the words match.

A question can share most of its words with a topic and still be about something else:
"when does Botox start working?" reads like the results timeline, but it is about Botox,
which only the questions staff marked as not covered speak of. Such a message falls back.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge import Topic
from bot.core.matcher import TopicMatcher


def may_answer(matcher: TopicMatcher, topic: Topic, words: Sequence[str]) -> bool:
    """Whether `topic` may answer: the message is not mainly about something not covered."""
    return not matcher.strays(topic, words)
