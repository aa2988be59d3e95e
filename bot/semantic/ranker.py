"""The core's `SemanticRanker` over the bundled model: a message's closeness to each topic."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.core.knowledge import Topic
from bot.semantic.cache import PhrasingCache
from bot.semantic.embedder import Embedder

CACHE_FILE = "phrasings.npz"


class MiniLMRanker:
    """Cosine similarity of a message to each topic's closest phrasing.

    The topics' phrasings are embedded once, when the ranker is made for them (the cache
    keeps what earlier rankers embedded); each message then costs one run of the model.
    """

    def __init__(
        self, embedder: Embedder, cache: PhrasingCache | None = None, topics: Sequence[Topic] = ()
    ) -> None:
        self.embedder = embedder
        self.cache = cache if cache is not None else PhrasingCache(embedder)
        self.topics = tuple(topics)
        asked = [t for t in self.topics if t.questions]
        self._ids = [t.id for t in asked]
        # Each topic's phrasings are consecutive rows; `_starts` is where each topic begins.
        self._starts = np.cumsum([0] + [len(t.questions) for t in asked[:-1]])
        self._matrix = self.cache.vectors([q for t in asked for q in t.questions])

    def for_topics(self, topics: Sequence[Topic]) -> MiniLMRanker:
        if tuple(topics) == self.topics:
            return self
        return MiniLMRanker(self.embedder, self.cache, topics)

    def topic_similarities(self, text: str) -> dict[str, float]:
        if not self._ids:
            return {}
        similarities = self._matrix @ self.embedder.embed([text])[0]
        closest = np.maximum.reduceat(similarities, self._starts)
        return dict(zip(self._ids, closest.tolist(), strict=True))


def load_ranker(state_dir: Path | None = None) -> MiniLMRanker:
    """The bundled model, checked and loaded; its phrasing cache in `state_dir` if it exists.

    Raises ModelError (one line saying what to do) if the model file is not the one shipped.
    """
    embedder = Embedder()
    path = state_dir / CACHE_FILE if state_dir is not None and state_dir.is_dir() else None
    return MiniLMRanker(embedder, PhrasingCache(embedder, path))
