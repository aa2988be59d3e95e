"""Finds the topic a client's question is about.

Every phrasing staff wrote is reduced to word stems once, at load; a question is
scored only against the topics that share a word with it. Questions staff marked as not
covered compete like one more topic: a message closest to them is not answered.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, replace

from bot.core.knowledge import Topic
from bot.core.normalize import Normalizer, stem

STOPWORDS = frozenset(
    """a an the i me my mine im ive id ill you your youre u ur it its is are was were be been
    being am to of and or in on at for with by from as so if then than that this these those
    there theres here do does did doing done can could would will shall may might must
    have has had having get got just really very quite bit little lot please pls thanks thank
    hi hello hey ok okay um uh oh also too any some whats which whom whose where about into
    over under again still now yet even ever much more most such only own same other both each
    few all no nor not dont doesnt didnt isnt arent wasnt wont like one ones thing things stuff
    know want wanted wondering wonder question ask asking tell say said guess think thought we
    us our they them their he she him her his hers sorry lol haha x xx
    yes yeah yep nah nope hmm anything something everything thats because though anyway maybe
    perhaps probably definitely basically literally slightly super extremely almost relatively
    barely always sometimes mostly suppose supposed believe despite instead youve told q""".split()
) | frozenset(  # a day or a month says when, never what about
    """monday tuesday wednesday thursday friday saturday sunday january february march april
    june july august september october november december""".split()
)
# Question words: they tell "how long" from "how many" and "who" from "what", but weigh little.
# Words that judge ("normal", "looks bad") without saying what about weigh little too, and
# "wait": "sauna after microneedling, how long to wait?" is about the sauna.
WEAK_WORDS = frozenset(
    "what when how why who long many often should cant after before day normal fine alright bad"
    " good look wait".split()
)
_WEAK_STEMS = frozenset(stem(w) for w in WEAK_WORDS)  # "before" is "befor" as a stem
WEAK_WEIGHT = 0.35
# A client asking about doing something: "can I peel it", "ok to scrub", "what if I pick".
# The verb also counts as an action ("do:peel"), so asking to peel the flakes is told
# apart from skin that is peeling.
_ASKING = frozenset(
    "can could should shall may might will would must do does did cant shouldnt if".split()
)
_DOERS = frozenset("i we".split())
# "From start to finish", "back to normal", "it started to peel", "causes my face to
# peel": "to" after these starts no action asked about.
_NOT_ASKING = frozenset(
    """start starts started starting begin begins began begun beginning back due close next
    up down cause causes caused causing make makes made seem seems seemed tend tends tended
    going used""".split()
)
_NOT_ASKING_REACH = 3  # "causes my face to"
_BETWEEN = frozenset("just still then gently actually really kind of".split())
ACTION = "do:"
# The stand-in topic for the questions in not-covered.yaml; no staff id can look like it.
NOT_COVERED = Topic(id="(not covered)", title="", questions=(), answer="", sources=())
_ALPHA = 0.1
_OVERLAP_SHARE, _BAYES_SHARE = 0.7, 0.3
# Within the overlap: the closest phrasing, and the share of the question the topic explains.
_CLOSEST_SHARE, _EXPLAINED_SHARE = 0.7, 0.3
_KEY_SHARE = 0.8  # a word at least this telling, next to the rarest one, is a key word


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
    """The stems of the words that carry meaning, and of the actions asked about."""
    stems: list[str] = []
    doer = False
    for at, word in enumerate(words):
        if word not in STOPWORDS:
            stems.append(stem(word))
            if doer and word not in _BETWEEN and word not in WEAK_WORDS:
                stems.append(ACTION + stem(word))
        before = words[max(0, at - _NOT_ASKING_REACH) : at]
        if (word == "to" and _NOT_ASKING.isdisjoint(before)) or (
            word in _DOERS and before[-1:] and before[-1] in _ASKING
        ):
            doer = True
        elif word not in _BETWEEN:
            doer = False
    return stems


class TopicMatcher:
    """The topics of a knowledge base, indexed for scoring questions against them.

    Two views are combined: the overlap with the closest phrasing (rare words weigh
    more, Dice so long rambling messages are not dismissed), and a naive-Bayes posterior
    over each topic's whole vocabulary, which knows which topic a word usually means.
    """

    def __init__(
        self, topics: Sequence[Topic], normalizer: Normalizer, not_covered: Sequence[str] = ()
    ) -> None:
        stand_in = replace(NOT_COVERED, questions=tuple(not_covered))
        self.topics = tuple(topics) + ((stand_in,) if not_covered else ())
        phrasing_stems: list[tuple[int, frozenset[str]]] = []
        counts: list[dict[str, int]] = []
        for index, topic in enumerate(self.topics):
            count: dict[str, int] = {}
            # Titles and keywords are the staff's own summary of a topic: they count twice.
            texts = (*topic.questions, topic.title, topic.title, *topic.keywords, *topic.keywords)
            for position, text in enumerate(texts):
                stems = frozenset(content_stems(normalizer.words(text)))
                for s in stems:
                    count[s] = count.get(s, 0) + 1
                if stems and position <= len(topic.questions):
                    phrasing_stems.append((index, stems))
            counts.append(count)
        topic_count = max(len(self.topics), 1)
        frequency: dict[str, int] = {}
        for count in counts:
            for s in count:
                frequency[s] = frequency.get(s, 0) + 1
        self._idf = {
            s: math.log(1 + topic_count / n) * (WEAK_WEIGHT if s in _WEAK_STEMS else 1.0)
            for s, n in frequency.items()
        }
        self._unknown_idf = math.log(1 + topic_count)
        self._bags = tuple(frozenset(c) for c in counts)
        self._counts = tuple(counts)
        self._index = {topic.id: i for i, topic in enumerate(self.topics)}
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
        # Naive Bayes with additive smoothing: log P(word | topic) for seen words, and the
        # per-topic log-probability of a word the topic never uses.
        vocabulary = len(frequency) or 1
        self._log_unseen = []
        self._log_seen: list[dict[str, float]] = []
        for count in counts:
            denominator = math.log(sum(count.values()) + _ALPHA * vocabulary)
            self._log_unseen.append(math.log(_ALPHA) - denominator)
            self._log_seen.append({s: math.log(n + _ALPHA) - denominator for s, n in count.items()})

    def rank(self, words: Sequence[str], limit: int = 3) -> list[Match]:
        """The best topics for a question, most likely first."""
        query = set(content_stems(words))
        if all(s in _WEAK_STEMS or s.isdigit() for s in query):
            return []  # "what do you think", "day 4": nothing to match a topic on
        overlap = self._overlap(query)
        # The posterior only speaks for the words the knowledge base knows: a question
        # that is mostly about something else ("gym", "parking") must not look certain.
        weight = {s: self._idf.get(s, self._unknown_idf) for s in query}
        known = sum(w for s, w in weight.items() if s in self._idf) / sum(weight.values())
        posterior = self._posterior(query)
        scored = [
            Match(
                self.topics[t],
                round(100 * (_OVERLAP_SHARE * overlap.get(t, 0.0) + _BAYES_SHARE * p * known), 1),
            )
            for t, p in posterior.items()
        ]
        scored.sort(key=lambda m: (-m.score, m.topic.id))
        return scored[:limit]

    def key_stems(self, words: Sequence[str]) -> set[str]:
        """What a question is most about: its rarest meaningful words (unknown ones included)."""
        weight = {
            s: self._idf.get(s, self._unknown_idf)
            for s in content_stems(words)
            if not s.startswith(ACTION) and s not in _WEAK_STEMS and not s.isdigit()
        }
        top = max(weight.values(), default=0.0)
        return {s for s, w in weight.items() if w >= _KEY_SHARE * top}

    def strays(self, topic: Topic, words: Sequence[str], *, in_context: bool) -> bool:
        """Whether the question is most about a subject of the not-covered questions
        ("when does Botox start working?" is about Botox, which the timeline never names).

        A subject is a word more than one not-covered question names. A message about the
        client's own treatment strays only if the topic never names it; any other message
        also strays if the not-covered questions name it at least as often as the topic.
        """
        index = self._index.get(topic.id)
        stand_in = self._index.get(NOT_COVERED.id)
        if index is None or stand_in is None:
            return False
        for s in self.key_stems(words):
            named, own = self._counts[stand_in].get(s, 0), self._counts[index].get(s, 0)
            if named >= 2 and (own == 0 if in_context else own <= named):
                return True
        return False

    def _overlap(self, query: set[str]) -> dict[int, float]:
        """For each topic sharing a word: closest phrasing (Dice) and share of words explained."""
        weight = {s: self._idf.get(s, self._unknown_idf) for s in query}
        total = sum(weight.values())
        closest: dict[int, float] = {}
        for p_index in {p for s in query for p in self._by_stem.get(s, ())}:
            phrasing = self._phrasings[p_index]
            shared = sum(weight[s] for s in phrasing.stems & query)
            dice = 2 * shared / (phrasing.weight + total)
            if dice > closest.get(phrasing.topic_index, 0.0):
                closest[phrasing.topic_index] = dice
        overlap = {}
        for t in {t for s in query for t in self._topics_by_stem.get(s, ())}:
            explained = sum(weight[s] for s in self._bags[t] & query) / total
            overlap[t] = _CLOSEST_SHARE * closest.get(t, 0.0) + _EXPLAINED_SHARE * explained
        return overlap

    def _posterior(self, query: set[str]) -> dict[int, float]:
        """P(topic | known words) for the topics sharing a word with the question."""
        known = [s for s in query if s in self._topics_by_stem]
        candidates = {t for s in known for t in self._topics_by_stem[s]}
        if not candidates:
            return {}
        logs = [
            sum(seen.get(s, unseen) for s in known)
            for seen, unseen in zip(self._log_seen, self._log_unseen, strict=True)
        ]
        top = max(logs)
        total = math.fsum(math.exp(value - top) for value in logs)
        return {t: math.exp(logs[t] - top) / total for t in candidates}
