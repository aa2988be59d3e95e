"""A semantic ranker as the core sees it, and how its view joins the lexical matcher's.

The core imports no model: an object with the `SemanticRanker` methods (`bot.semantic`
has one) is passed to the Assistant, or None for lexical matching only. It only ranks
topics; triage runs before it, so it never decides or suppresses an escalation.

How the two views join (bench/ranker.py prints the effect):
- Rank: a topic's lexical score (0 to 1) and its cosine similarity, weighed equally.
- Answer with the topic ranked first when either view is confident of it: its lexical
  score reaches the Assistant's threshold, as without the ranker, or its similarity
  reaches SEMANTIC_ALONE. Otherwise
  say so honestly and suggest the topics ranked first.
- A topic that shares no word with the message is ranked only from SEMANTIC_ALONE on.
- A message clearly closer in meaning to a not-covered question than to any answerable
  one falls back: it may share words with a topic, but it asks something else.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol

from bot.core.knowledge import Topic
from bot.core.matcher import Match

LEXICAL_WEIGHT = 0.5
# Above the highest similarity of any out-of-knowledge message in tests/eval and
# bench/holdout (0.77): a closer match than any question we know the documents do not answer.
SEMANTIC_ALONE = 0.80
# How much closer a message must be to a not-covered question than to every answerable one
# before it falls back: clearly closer, not a tie (bench/ranker.py shows the effect).
NOT_COVERED_MARGIN = 0.03


class SemanticRanker(Protocol):
    """How close in meaning a message is to each topic of one knowledge base."""

    def for_topics(self, topics: Sequence[Topic]) -> SemanticRanker:
        """The same ranker over these topics (itself when they are the ones it has)."""
        ...

    def topic_similarities(self, text: str) -> Mapping[str, float]:
        """Each topic id's cosine similarity (-1 to 1) to the text, by its closest phrasing."""
        ...


def join(
    lexical: Sequence[Match], similarities: Mapping[str, float], topics: Sequence[Topic]
) -> list[Match]:
    """Every topic with evidence, by the weighed mean of both views (0 to 100), best first."""
    by_id = {topic.id: topic for topic in topics}
    shared = {m.topic.id: m.score / 100 for m in lexical}
    candidates = set(shared) | {t for t, s in similarities.items() if s >= SEMANTIC_ALONE}
    scored = [
        (
            LEXICAL_WEIGHT * shared.get(t, 0.0)
            + (1 - LEXICAL_WEIGHT) * max(similarities.get(t, 0.0), 0.0),
            t,
        )
        for t in candidates
        if t in by_id
    ]
    scored.sort(key=lambda pair: (-pair[0], pair[1]))
    return [Match(by_id[t], round(100 * score, 1)) for score, t in scored]


def confident(
    best: Match,
    lexical: Sequence[Match],
    similarities: Mapping[str, float],
    threshold: float,
    not_covered: str | None = None,
) -> bool:
    """Whether either view is sure enough of the topic ranked first to answer with it.

    Never when the message is clearly closer in meaning to a question the knowledge
    base does not answer (`not_covered`: the id of the not-covered questions' stand-in)
    as to any question it does: sharing words with a topic is not being about it.
    """
    similarity = similarities.get(best.topic.id, 0.0)
    if not_covered is not None and not_covered in similarities:
        answerable = max((s for t, s in similarities.items() if t != not_covered), default=0.0)
        if similarities[not_covered] >= answerable + NOT_COVERED_MARGIN:
            return False
    lexical_score = next((m.score for m in lexical if m.topic.id == best.topic.id), 0.0)
    return lexical_score >= threshold or similarity >= SEMANTIC_ALONE
