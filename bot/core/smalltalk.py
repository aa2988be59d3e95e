"""Greetings, thanks and goodbyes: recognised only when the message holds nothing else."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge import SmallTalk
from bot.core.matcher import STOPWORDS
from bot.core.normalize import Normalizer

# Words that may surround small talk without making it a question.
_PADDING = frozenset(
    "so much very lot lots again you u guys all there bot team x xx xxx honestly seriously".split()
)

# What thanks go on to speak of when they are about the bot's reply: "thanks, that helps",
# "thank you, you've been great".
_THE_REPLY = frozenset("that thats this you youve youre your".split())


class SmallTalkMatcher:
    """Small-talk phrases of a knowledge base, as word sequences."""

    def __init__(self, entries: Sequence[SmallTalk], normalizer: Normalizer) -> None:
        self._phrases = sorted(
            ((tuple(normalizer.words(p)), entry) for entry in entries for p in entry.phrases),
            key=lambda pair: -len(pair[0]),
        )
        self._words = frozenset(w for phrase, _ in self._phrases for w in phrase)
        self._allowed = self._words | STOPWORDS | _PADDING

    def match(self, words: Sequence[str]) -> SmallTalk | None:
        """The small talk this message is, if it is nothing but small talk."""
        if not words or len(words) > 12 or not self._allowed.issuperset(words):
            return None  # a word that is neither small talk nor padding: a real message
        remaining = list(words)
        found: SmallTalk | None = None
        for phrase, entry in self._phrases:
            size = len(phrase)
            i = 0
            while phrase and i + size <= len(remaining):
                if tuple(remaining[i : i + size]) == phrase:
                    del remaining[i : i + size]
                    found = found or entry
                else:
                    i += 1
        if found is None:
            return None
        leftover = [
            w
            for w in remaining
            if w not in STOPWORDS and w not in _PADDING and w not in self._words
        ]
        return found if not leftover else None

    def opening(
        self, words: Sequence[str], entry_id: str, *, about_reply: bool = False
    ) -> SmallTalk | None:
        """The small talk `entry_id` if the message opens with one of its phrases ("thank
        you so much, that really put my mind at rest"): the caller checks it asks nothing.
        `about_reply`: only if what follows speaks of the bot's reply ("that", "you")."""
        for phrase, entry in self._phrases:
            if entry.id != entry_id or not phrase or tuple(words[: len(phrase)]) != phrase:
                continue
            rest = [w for w in words[len(phrase) :] if w not in _PADDING]
            if not about_reply or (bool(rest) and rest[0] in _THE_REPLY):
                return entry
        return None
