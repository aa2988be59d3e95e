"""Finds the topic a client's question is about.

Every phrasing staff wrote is reduced to weighted word stems once, at load.
A question is scored against the topics that share a word with it: how closely it
overlaps the topic's nearest phrasing, and how much of the question the topic's
words explain, each word weighted by how rare it is across topics.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from bot.knowledge import Topic
from bot.normalize import Normalizer, stem

STOPWORDS = frozenset(
    """a an the i me my mine im ive id ill you your youre u ur it its is are was were be been
    being am to of and or in on at for with by from as so if then than that this these those
    there theres here do does did doing done can could would will shall may might must
    have has had having get got just really very quite bit little lot please pls thanks thank
    hi hello hey ok okay um uh oh also too any some whats which whom whose where about into
    over under again still now yet even ever much more most such only own same other both each
    few all no nor not dont doesnt didnt isnt arent wasnt wont like one ones thing things stuff
    know want wanted wondering wonder question ask asking tell say said guess think thought we
    us our they them their he she him her his hers sorry lol haha x xx""".split()
)
# Question words: they tell "how long" from "how many" and "who" from "what", but weigh little.
WEAK_WORDS = frozenset("what when how why who long many often should cant after before".split())
WEAK_WEIGHT = 0.35


@dataclass(frozen=True)
class Match:
    """A topic and how confident the matcher is, from 0 to 100."""

    topic: Topic
    score: float


@dataclass(frozen=True)
class _Phrasing:
    topic_index: int
    stems: frozenset[str]
    weight: float


def content_stems(words: Sequence[str]) -> list[str]:
    """The stems of the words that carry meaning."""
    return [stem(w) for w in words if w not in STOPWORDS]


class TopicMatcher:
    """The topics of a knowledge base, indexed for scoring questions against them."""

    def __init__(self, topics: Sequence[Topic], normalizer: Normalizer) -> None:
        self.topics = tuple(topics)
        phrasing_stems: list[tuple[int, frozenset[str]]] = []
        bags: list[set[str]] = []
        for index, topic in enumerate(self.topics):
            bag: set[str] = set()
            for text in (*topic.questions, topic.title):
                stems = frozenset(content_stems(normalizer.words(text)))
                if stems:
                    phrasing_stems.append((index, stems))
                    bag |= stems
            for keyword in topic.keywords:
                bag |= set(content_stems(normalizer.words(keyword)))
            bags.append(bag)
        count = max(len(self.topics), 1)
        frequency: dict[str, int] = {}
        for bag in bags:
            for s in bag:
                frequency[s] = frequency.get(s, 0) + 1
        self._idf = {
            s: math.log(1 + count / n) * (WEAK_WEIGHT if s in WEAK_WORDS else 1.0)
            for s, n in frequency.items()
        }
        self._unknown_idf = math.log(1 + count)
        self._bags = tuple(frozenset(b) for b in bags)
        self._phrasings = tuple(
            _Phrasing(i, stems, sum(self._idf[s] for s in stems)) for i, stems in phrasing_stems
        )
        self._by_stem: dict[str, list[int]] = {}
        for p_index, phrasing in enumerate(self._phrasings):
            for s in phrasing.stems:
                self._by_stem.setdefault(s, []).append(p_index)
        self._topics_by_stem: dict[str, list[int]] = {}
        for t_index, bag in enumerate(self._bags):
            for s in bag:
                self._topics_by_stem.setdefault(s, []).append(t_index)

    def rank(self, words: Sequence[str], limit: int = 3) -> list[Match]:
        """The best topics for a question, most likely first."""
        query = set(content_stems(words))
        if not query:
            return []
        weight = {s: self._idf.get(s, self._unknown_idf) for s in query}
        total = sum(weight.values())
        best_phrasing: dict[int, float] = {}
        for p_index in {p for s in query for p in self._by_stem.get(s, ())}:
            phrasing = self._phrasings[p_index]
            shared = sum(weight[s] for s in phrasing.stems & query)
            score = (
                2 * shared / (phrasing.weight + total)
            )  # Dice: neither side may be mostly unmatched
            if score > best_phrasing.get(phrasing.topic_index, 0.0):
                best_phrasing[phrasing.topic_index] = score
        scored = []
        for t_index in {t for s in query for t in self._topics_by_stem.get(s, ())}:
            explained = sum(weight[s] for s in self._bags[t_index] & query) / total
            score = 100 * (0.7 * best_phrasing.get(t_index, 0.0) + 0.3 * explained)
            scored.append(Match(self.topics[t_index], round(score, 1)))
        scored.sort(key=lambda m: (-m.score, m.topic.id))
        return scored[:limit]
