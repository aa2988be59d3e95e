"""Spots warning signs in a client's message before any answer is looked for.

A sign's phrase counts when all its words stand close together in one clause and
nothing negates them ("no pus", "I don't have a fever"). Signs with `after_days`
(redness that has not settled) count only once that many days have passed,
by the message's own words ("5 days", "a week") or the client's last session.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import product

from bot.core.knowledge import LEVELS, WarningSign
from bot.core.normalize import Normalizer, stem
from bot.core.numbers import NUMBER_WORDS

NEGATORS = frozenset(
    "no not dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt without never "
    "none nor neither nothing nothings zero".split()
)
# Words a negation reaches over before the symptom it negates ("I don't think I have a fever").
_FILLER = frozenset(
    "i im ive have has had having got any a an the some think feel feeling it its is are was "
    "there theres sign signs of really real more much bad too also see seen notice "
    "noticed yet so far anymore longer be been getting get".split()
)
_LIST_JOINERS = frozenset({"or", "and", "nor", "any"})
_MAX_NEGATION_REACH = 8
_HYPOTHETICAL = tuple(
    tuple(marker.split())
    for marker in (
        "what if",
        "signs of",
        "sign of",
        "symptoms of",
        "symptom of",
        "risk of",
        "risks",
        "how do i know",
        "how can i tell",
        "how would i know",
        "how will i know",
        "when should i worry",
        "when should i call",
        "when should i contact",
        "when do i call",
        "when to call",
        "when to worry",
        "what does",
        "could i get",
        "can i get",
        "is it possible to get",
        "chance of",
        "chances of",
        "what happens if",
        "what should i do if",
        "what do i do if",
        "what to do if",
        "in case",
        "look out for",
        "watch out for",
        "should i worry about",
        "warning signs",
        "look like",
        "looks like if",
        "asked if",
        "asked me if",
        "worried itd",
        "worried it would",
        "worried it might",
        "worried it will",
        "will it give",
        "give me",
        "will it cause",
        "can it cause",
        "does it cause",
        "could it cause",
        "just so i know",
        "recognise",
        "recognize",
        "how do i spot",
        "how to spot",
        "how would i tell",
    )
)
# "a few days" and "a couple of days" are read as the days they most likely mean.
_NUMBERS = {**NUMBER_WORDS, "couple": 2, "few": 3, "several": 3}
_NUMBER = r"(\d{1,3}|" + "|".join(_NUMBERS) + r")"
_SPAN = re.compile(
    r"\b"
    + _NUMBER
    + r"\s+(?:of\s+)?(?:full\s+|whole\s+|good\s+|entire\s+)?"
    + r"(days?|weeks?|wks?|hours?|hrs?|nights?|mornings?)\b"
)
_DAY_N = re.compile(r"\bday\s+" + _NUMBER + r"\b")
_UNIT_DAYS = {"day": 1, "night": 1, "morning": 1, "week": 7, "wk": 7, "hour": 1 / 24, "hr": 1 / 24}
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday"
# "last thursday" is at least a couple of days ago; 3 keeps lasting-redness checks conservative.
_PHRASE_DAYS = {
    "yesterday": 1,
    "next day": 1,
    "next morning": 1,
    "next evening": 1,
    "last night": 1,
    "the day after": 1,
    "last week": 7,
    **{f"last {day}": 3 for day in _WEEKDAYS.split()},
}


@dataclass(frozen=True)
class Finding:
    """A warning sign found in a message, and the phrase that matched."""

    sign: WarningSign
    phrase: str


@dataclass(frozen=True)
class _Phrase:
    sign: WarningSign
    text: str
    stems: tuple[str, ...]


def _canonical(word: str) -> str:
    """A word's stem, with every negation folded to 'not' ("hasn't gone down" = "not gone down")."""
    return "not" if word in NEGATORS else stem(word)


def _positions(clause: Sequence[str]) -> dict[str, list[int]]:
    """Where each word stands in a clause."""
    at: dict[str, list[int]] = {}
    for index, word in enumerate(clause):
        at.setdefault(word, []).append(index)
    return at


def days_mentioned(words: Sequence[str]) -> float | None:
    """The longest time since treatment the message speaks of, in days, if any."""
    flat = " ".join(words)
    found: list[float] = []
    for amount, unit in _SPAN.findall(flat):
        count = int(amount) if amount.isdigit() else _NUMBERS[amount]
        found.append(count * _UNIT_DAYS[unit.rstrip("s")])
    for amount in _DAY_N.findall(flat):
        found.append(int(amount) if amount.isdigit() else _NUMBERS[amount])
    for phrase, days in _PHRASE_DAYS.items():
        if re.search(rf"\b{phrase}\b", flat):
            found.append(days)
    return max(found) if found else None


def is_hypothetical(words: Sequence[str]) -> bool:
    """Whether the message asks about signs in general rather than reporting one."""
    for start in range(len(words)):
        for marker in _HYPOTHETICAL:
            if tuple(words[start : start + len(marker)]) == marker:
                return True
    return False


class Triage:
    """The warning signs of a knowledge base, compiled for fast checks."""

    def __init__(self, signs: Sequence[WarningSign], normalizer: Normalizer) -> None:
        rank = {level: i for i, level in enumerate(LEVELS)}
        ordered = sorted(signs, key=lambda s: rank.get(s.level, len(LEVELS)))
        self._phrases = tuple(
            _Phrase(sign, phrase, tuple(_canonical(w) for w in normalizer.words(phrase)))
            for sign in ordered
            for phrase in sign.phrases
        )
        self._symptoms = frozenset(s for p in self._phrases for s in p.stems) - {"not"}
        self._filler = frozenset(_canonical(w) for w in _FILLER)
        # Each phrase under its least common word: a message only checks the phrases whose
        # rarest word it contains, instead of every phrase of every sign.
        counts: dict[str, int] = {}
        for phrase in self._phrases:
            for s in set(phrase.stems):
                counts[s] = counts.get(s, 0) + 1
        self._by_rarest: dict[str, list[int]] = {}
        for index, phrase in enumerate(self._phrases):
            rarest = min(phrase.stems, key=lambda s: (counts[s], s))
            self._by_rarest.setdefault(rarest, []).append(index)

    def assess(
        self, clauses: Sequence[Sequence[str]], days_since_session: float | None = None
    ) -> Finding | None:
        """The most urgent warning sign in the message, or None."""
        mentioned = days_mentioned([w for clause in clauses for w in clause])
        known = [d for d in (mentioned, days_since_session) if d is not None]
        days = max(known) if known else None
        stemmed = [[_canonical(w) for w in clause] for clause in clauses]
        where = [_positions(clause) for clause in stemmed]
        present = {s for clause in where for s in clause}
        candidates = sorted(i for s in present for i in self._by_rarest.get(s, ()))
        for index in candidates:  # in order of urgency, as the phrases are
            phrase = self._phrases[index]
            after = phrase.sign.after_days
            if after is not None and (days is None or days < after):
                continue
            if any(
                self._present(phrase.stems, clause, at)
                for clause, at in zip(stemmed, where, strict=True)
            ):
                return Finding(phrase.sign, phrase.text)
        return None

    def _present(self, stems: tuple[str, ...], clause: list[str], at: dict[str, list[int]]) -> bool:
        positions = []
        for s in stems:
            found = at.get(s)
            if not found:
                return False
            positions.append(found)
        if len(positions) > 1 and sum(len(p) for p in positions) > 40:
            positions = [p[:10] for p in positions]
        for combo in product(*positions):
            start, end = min(combo), max(combo)
            if end - start > len(stems) + 3:
                continue
            if not self._negated(clause, start, set(combo)):
                return True
        return False

    def _negated(self, clause: list[str], start: int, own: set[int]) -> bool:
        """Whether a negation before `start` reaches the phrase (own words excluded)."""
        for n in range(start - 1, max(-1, start - 1 - _MAX_NEGATION_REACH), -1):
            if clause[n] == "not" and n not in own:
                return self._reaches(clause[n + 1 : start])
        return False

    def _reaches(self, between: list[str]) -> bool:
        in_list = False
        for word in between:
            if word in self._symptoms:
                in_list = True
            elif word in _LIST_JOINERS or (not in_list and word in self._filler):
                continue
            else:
                return False
        return True
