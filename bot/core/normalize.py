"""Turns what a client typed on a phone into clean word tokens.

Case, punctuation, emoji, stretched letters ("soooo"), slang and misspellings are
all folded away here, so triage and matching see the same words staff wrote.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import fuzz, process

_APOSTROPHES = re.compile(r"['’‘`´]")
_NON_WORD = re.compile(r"[^\w]+|_+")
# A dash between spaces breaks a clause too ("probably nothing - my temperature is 38.1"),
# a hyphen inside a word does not ("make-up").
_CLAUSE_BREAK = re.compile(
    r"[.!?;,:\n\r()\[\]]+|\s[-\u2013\u2014]+\s|\b(?:but|although|though|however|except)\b"
)
_SENTENCE_BREAK = re.compile(r"[.!?;\n\r]+")
_STRETCHED = re.compile(r"(\w)\1{2,}")
_DOUBLE = re.compile(r"(\w)\1")

# Words whose endings the suffix rules below would get wrong.
_IRREGULAR = {
    "swollen": "swell",
    "swolen": "swell",
    "bled": "bleed",
    "burnt": "burn",
    "worsening": "worse",
    "worsen": "worse",
    "worsened": "worse",
    "worst": "worse",
    "ran": "run",
    "hurts": "hurt",
    "hurting": "hurt",
    "feet": "foot",
    "scary": "scare",  # not "scar"
    "numbing": "numbing",  # the cream, not the feeling: "still numb" is not "numbing cream"
    "scarier": "scare",
}
_SUFFIXES = ("ness", "ing", "ion", "ed", "es", "ly", "s")
# What may still end a word once "ly" or "s" is off: "excruciatingly", "infections".
_INNER = {"ly": ("ing", "ed"), "s": ("ness", "ing", "ion")}
_SIBILANT = ("s", "x", "z", "ch", "sh")


_NEGATING_PREFIXES = ("un", "in", "im", "dis", "non", "ir")


def _flips_meaning(token: str, candidate: str) -> bool:
    """A "correction" that drops a negation is another word: "unusual" is not "usual",
    "couldnt" is not "could"."""
    return any(token == p + candidate for p in _NEGATING_PREFIXES) or (
        token.endswith("nt") and token[:-2] == candidate
    )


def plain(text: str) -> str:
    """Lowercase words separated by single spaces: no accents (on Latin letters),
    punctuation, emoji or invisible characters ("p\u200bus" is "pus")."""
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    text = _unaccented(unicodedata.normalize("NFKC", text).casefold())
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def _unaccented(text: str) -> str:
    """Accents off Latin letters ("crème" is "creme"); other scripts' marks are letters."""
    if text.isascii():
        return text
    kept: list[str] = []
    for char in unicodedata.normalize("NFD", text):
        if unicodedata.combining(char) and kept and kept[-1].isascii():
            continue
        kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light, deterministic stem so 'swelling', 'swollen' and 'swell' meet."""
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or word.isdigit():
        return word
    word, outer = _strip(word, _SUFFIXES)
    if outer in _INNER:
        word, _ = _strip(word, _INNER[outer])
    drops_e = word.endswith("e")
    drops_y = word.endswith("y") and word[-2] not in "aeiou"
    if len(word) > 4 and (drops_e or drops_y):
        word = word[:-1]
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    return word


def _strip(word: str, suffixes: tuple[str, ...]) -> tuple[str, str]:
    """The word without the first of `suffixes` it ends with, and that suffix."""
    for suffix in suffixes:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                continue
            if suffix == "es" and not word[:-2].endswith(_SIBILANT):
                continue  # "comes" is "come" + s, "rashes" is "rash" + es
            return word[: -len(suffix)], suffix
    return word, ""


class Normalizer:
    """Folds client text onto the knowledge base's own words.

    Built once from the knowledge base: `replacements` are staff-written
    (slang -> word), `vocabulary` is every word the knowledge base uses, so a
    misspelt word can be corrected to the closest one of them; `common` words and
    every word of `dictionary` (real English words) are left as they are, so no real
    word is silently changed into another ("leaking" never becomes "flaking").
    """

    def __init__(
        self,
        replacements: Iterable[tuple[str, str]],
        vocabulary: Iterable[str],
        common: Iterable[str] = (),
        dictionary: frozenset[str] = frozenset(),
    ) -> None:
        self._replacements = {typed: canonical for typed, canonical in replacements if typed}
        if self._replacements:
            alternatives = sorted(self._replacements, key=len, reverse=True)
            pattern = r"\b(?:" + "|".join(re.escape(a) for a in alternatives) + r")\b"
            self._replace_pattern: re.Pattern[str] | None = re.compile(pattern)
        else:
            self._replace_pattern = None
        words = {w for entry in vocabulary for w in plain(entry).split()}
        words |= {w for canonical in self._replacements.values() for w in canonical.split()}
        self.vocabulary = frozenset(words)
        # Common words are never "corrected" into knowledge-base words ("each" is not "beach").
        self._known = self.vocabulary | frozenset(common) | frozenset(self._replacements)
        self._dictionary = dictionary
        # Another ending of a known word is no misspelling: "needed" is "need", not "needle".
        self._known_stems = frozenset(stem(w) for w in self._known if len(w) > 3)
        self._by_length: dict[int, list[str]] = {}
        for word in sorted(self.vocabulary):
            self._by_length.setdefault(len(word), []).append(word)
        self._corrections: dict[str, str] = {}

    def clauses(self, text: str) -> list[list[str]]:
        """The message as clauses (split at punctuation and 'but') of corrected words."""
        return [words for _, words in self.clause_parts(text)]

    def clause_parts(self, text: str) -> list[tuple[bool, list[str]]]:
        """The clauses, each with whether only a comma sets it apart from the one before:
        it may go on with a list ("no fever, pus or swelling")."""
        result: list[tuple[bool, list[str]]] = []
        commas = False  # only commas since the last clause
        start = 0
        for match in (*_CLAUSE_BREAK.finditer(text), None):
            end = match.start() if match is not None else len(text)
            words = self.words(text[start:end])
            if words:
                result.append((commas and bool(result), words))
                commas = True
            if match is not None:
                commas = commas and set(match.group()) == {","}
                start = match.end()
        return result

    def sentences(self, text: str) -> list[list[tuple[bool, list[str]]]]:
        """The message as sentences, each a list of its `clause_parts`."""
        result = []
        for part in _SENTENCE_BREAK.split(text):
            clauses = self.clause_parts(part)
            if clauses:
                result.append(clauses)
        return result

    def words(self, text: str) -> list[str]:
        """Corrected words of a piece of text, in order.

        Replacements apply before spelling correction (phrases like "make up") and again
        after it, so a misspelt "foundaton" still becomes "makeup".
        """
        flat = plain(text)
        if self._replace_pattern is not None:
            flat = self._replace_pattern.sub(lambda m: self._replacements[m.group(0)], flat)
        result: list[str] = []
        for token in flat.split():
            fixed = self.correct(token)
            if fixed != token and fixed in self._replacements:
                result.extend(self._replacements[fixed].split())
            else:
                result.append(fixed)
        return result

    def correct(self, token: str) -> str:
        """The knowledge base's word for a token: itself, de-stretched, or its nearest spelling."""
        if token in self._known or token in self._dictionary or token.isdigit() or len(token) > 30:
            return token
        if len(token) > 4 and stem(token) in self._known_stems:
            return token
        cached = self._corrections.get(token)
        if cached is not None:
            return cached
        fixed = self._find(token)
        if len(self._corrections) < 100_000:
            self._corrections[token] = fixed
        return fixed

    def _find(self, token: str) -> str:
        squeezed = _STRETCHED.sub(r"\1\1", token)
        if squeezed in self.vocabulary:
            return squeezed
        single = _DOUBLE.sub(r"\1", squeezed)
        if single != squeezed and single in self.vocabulary:
            return single
        if len(squeezed) < 4:
            return squeezed
        cutoff = 85 if len(squeezed) == 4 else 82 if len(squeezed) <= 6 else 80
        # Near lengths only, and never onto a word shorter than four letters ("give" is not "ive").
        candidates = [
            word
            for length in range(max(4, len(squeezed) - 2), len(squeezed) + 3)
            for word in self._by_length.get(length, ())
        ]
        best = process.extractOne(
            squeezed, candidates, scorer=fuzz.ratio, processor=None, score_cutoff=cutoff
        )
        if best is None or _flips_meaning(squeezed, best[0]):
            return squeezed
        return best[0]
