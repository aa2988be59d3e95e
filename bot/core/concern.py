"""The concern tier: a client describing their skin going wrong in words no sign lists.

Checked after the warning signs and before any answer. The words come from
`knowledge/concerns.yaml`: descriptions that are never part of normal healing
("weeping", "gone purple", "a reaction"), changes for the worse ("came back", "not
getting better"), feeling unwell, and normal side effects still there past the days
the documents give ("still numb" on day 3). A concern makes the bot ask, not escalate.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from bot.core.knowledge import Concern
from bot.core.normalize import Normalizer
from bot.core.phrases import Message, PhraseIndex


@dataclass(frozen=True)
class Noticed:
    """A concern found in a message, the words that showed it and their clause."""

    concern: Concern
    phrase: str
    clause: int = 0


class ConcernCheck:
    """The concern tier of a knowledge base, compiled for fast checks."""

    def __init__(
        self,
        concerns: Sequence[Concern],
        normalizer: Normalizer,
        listed: frozenset[str] | None = None,
    ) -> None:
        self._index = PhraseIndex(
            ((c, phrase, c.unless) for c in concerns for phrase in c.phrases),
            normalizer,
            listed,
            ordered=True,
        )

    def noticed(self, message: Message, days: float | None) -> Iterator[Noticed]:
        """Every concern in the message, in the order staff listed them."""
        for hit in self._index.hits(message):
            concern = hit.item
            after, normal_for = concern.after_days, concern.normal_for_days
            if after is not None and (days is None or days < after):
                continue
            if normal_for is not None and days is not None and days < normal_for:
                continue
            yield Noticed(concern, hit.phrase, hit.clause)
