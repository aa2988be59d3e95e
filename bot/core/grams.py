"""Word sequences looked up by their first word: the markers triage reads in a clause
("what if", "can i still have", "like i had")."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

Grams = dict[str, tuple[tuple[str, ...], ...]]


def grams(*markers: str) -> Grams:
    """Word sequences to look for, under their first word (a message checks only those)."""
    by_first: dict[str, list[tuple[str, ...]]] = {}
    for marker in markers:
        words = tuple(marker.split())
        by_first.setdefault(words[0], []).append(words)
    return {first: tuple(found) for first, found in by_first.items()}


def occurrences(words: Sequence[str], markers: Grams) -> Iterator[tuple[int, tuple[str, ...]]]:
    """Where each marker stands in `words`: (its first index, the marker)."""
    for start, word in enumerate(words):
        for gram in markers.get(word, ()):
            if tuple(words[start : start + len(gram)]) == gram:
                yield start, gram


def has(words: Sequence[str], markers: Grams) -> bool:
    """Whether any marker stands in `words`."""
    return next(occurrences(words, markers), None) is not None
