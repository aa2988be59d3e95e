"""Unanswered questions grouped by similarity: what staff should write next."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from bot.core.normalize import plain

SIMILAR = 70.0


@dataclass(frozen=True)
class Gap:
    """A group of similar unanswered questions: one example, how often, and the others."""

    example: str
    count: int
    questions: tuple[str, ...]


def group_gaps(questions: Iterable[str], similar: float = SIMILAR) -> list[Gap]:
    """Groups questions whose words mostly agree; most frequent group first."""
    keys: list[str] = []
    groups: list[list[str]] = []
    for question in questions:
        key = plain(question)
        if not key:
            continue
        found = process.extractOne(
            key, keys, scorer=fuzz.token_set_ratio, processor=None, score_cutoff=similar
        )
        if found is None:
            keys.append(key)
            groups.append([question])
        else:
            groups[found[2]].append(question)
    gaps = [Gap(group[0], len(group), tuple(group)) for group in groups]
    return sorted(gaps, key=lambda g: (-g.count, g.example.lower()))
