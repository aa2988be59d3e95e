"""The English words the spelling corrector must never rewrite.

The list is pyspellchecker's English word-frequency dictionary (MIT licence, about
128,000 words with their inflections, built from OpenSubtitles and cleaned by its
maintainers), read once per process. Contractions are kept as `plain` writes them,
without the apostrophe ("here's" is the word "heres", never "herpes"); possessives are
left out, since "rash's" written as "rashs" is a typo to correct, not a word.
"""

from __future__ import annotations

from functools import lru_cache

from spellchecker import SpellChecker

# Words whose "'s" is "is", "has" or "us" rather than a possessive.
_CONTRACTED = frozenset(
    "here there it that what who she he let where how when why everyone someone somebody "
    "everybody nobody one".split()
)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Every real English word, lowercase, contractions without their apostrophe."""
    words = set()
    for word in SpellChecker(language="en", distance=1).word_frequency.words():
        if word.endswith("'s") and word[:-2] not in _CONTRACTED:
            continue
        joined = word.replace("'", "")
        if joined.isalpha():
            words.add(joined)
    return frozenset(words)
