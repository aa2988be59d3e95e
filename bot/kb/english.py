"""The English words the spelling corrector must never rewrite.

The list is pyspellchecker's English word-frequency dictionary (MIT licence, about
160,000 words with their inflections, built from OpenSubtitles and cleaned by its
maintainers), read once per process. Apostrophes are dropped as `plain` drops them,
so "here's" is kept as the word "heres" and never becomes "herpes".
"""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every real English word, lowercase, apostrophes removed."""
    words = SpellChecker(language="en", distance=1).word_frequency.keys()
    return frozenset(w.replace("'", "") for w in words if w.replace("'", "").isalpha())
