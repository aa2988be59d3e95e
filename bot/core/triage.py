"""The hard tier: spots the listed warning signs in a client's message before any answer.

A sign's phrase counts when all its words stand close together in one clause and
nothing negates them ("no pus", "I don't think I have a fever"). Signs with `after_days`
(redness that has not settled) count only once that many days have passed, by the
message's own words ("5 days", "a week") or the client's last session.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.core.knowledge import LEVELS, WarningSign
from bot.core.normalize import Normalizer
from bot.core.phrases import Message, PhraseIndex


@dataclass(frozen=True)
class Finding:
    """A warning sign found in a message, the phrase that matched and its clause."""

    sign: WarningSign
    phrase: str
    clause: int = 0
    start: int = 0  # where in the clause the phrase starts


class Triage:
    """The warning signs of a knowledge base, compiled for fast checks."""

    def __init__(
        self,
        signs: Sequence[WarningSign],
        normalizer: Normalizer,
        listed: frozenset[str] | None = None,
    ) -> None:
        rank = {level: i for i, level in enumerate(LEVELS)}
        ordered = sorted(signs, key=lambda s: rank.get(s.level, len(LEVELS)))
        self._index = PhraseIndex(
            ((sign, phrase, sign.unless) for sign in ordered for phrase in sign.phrases),
            normalizer,
            listed,
        )

    def findings(self, message: Message, days: float | None) -> Iterator[Finding]:
        """Every warning sign in the message, most urgent first."""
        for hit in self._index.hits(message):
            after = hit.item.after_days
            if after is not None and (days is None or days < after):
                continue
            yield Finding(hit.item, hit.phrase, hit.clause, hit.start)
