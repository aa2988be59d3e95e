"""Finds staff-written phrases in a message, the way both tiers of triage read them.

A phrase counts when all its words stand close together in one clause, in any order
("swelling is getting worse" holds "swelling getting worse"), nothing negates them
("no pus", "I don't think I have a fever") and none of the phrase's `unless` words
stands right next to it, in the same clause ("getting worse" does not count in "my acne is
getting worse", but does in "my swelling is getting worse and I have some acne").
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import pairwise, product
from typing import Generic, TypeVar

from bot.core.comparison import level
from bot.core.normalize import Normalizer, stem

T = TypeVar("T")

NEGATORS = frozenset(
    "no not dont doesnt didnt isnt arent wasnt werent havent hasnt hadnt without never "
    "none nor neither nothing nothings zero".split()
)
# Words a negation reaches over before the symptom it negates ("I don't think I have a fever").
_FILLER = frozenset(
    "i im ive have has had having got any a an the some think feel feeling it its is are was "
    "there theres sign signs of really real more much bad too also see seen notice "
    "noticed yet so far anymore longer be been getting get cause causing to".split()
)
_LIST_JOINERS = frozenset({"or", "and", "nor", "any"})
_MAX_NEGATION_REACH = 8
_EXTRA_WORDS = 3  # other words that may stand between a phrase's own words
# How far from a phrase's own words an `unless` word still speaks of the same thing.
_UNLESS_REACH = 3


def canonical(word: str) -> str:
    """A word's stem, with every negation folded to 'not' ("hasn't gone down" = "not gone down")."""
    return "not" if word in NEGATORS else stem(word)


@dataclass(frozen=True)
class Message:
    """A message as clauses of stems, built once and read by every tier."""

    words: tuple[tuple[str, ...], ...]
    stems: tuple[tuple[str, ...], ...]
    positions: tuple[dict[str, list[int]], ...]
    present: frozenset[str]
    numbers: tuple[int, ...] = ()  # for each clause, the number of its sentence
    # For each clause, whether only a comma sets it apart from the one before.
    continues: tuple[bool, ...] = ()

    @classmethod
    def read(cls, normalizer: Normalizer, text: str) -> Message:
        """The message as the normalizer reads it, sentence by sentence; a comparison with
        another side, session or person reads as the plain word (`bot.core.comparison`)."""
        clauses: list[list[str]] = []
        numbers: list[int] = []
        continues: list[bool] = []
        for number, sentence in enumerate(normalizer.sentences(text)):
            clauses.extend(level(clause) for _, clause in sentence)
            numbers.extend(number for _ in sentence)
            continues.extend(comma for comma, _ in sentence)
        return cls.of(clauses, numbers, continues)

    @classmethod
    def of(
        cls,
        clauses: Sequence[Sequence[str]],
        sentences: Sequence[int] = (),
        continues: Sequence[bool] = (),
    ) -> Message:
        """`sentences`: the sentence number of each clause, by default one sentence each;
        `continues`: whether only a comma sets each apart from the one before (no clause)."""
        stems = tuple(tuple(canonical(w) for w in clause) for clause in clauses)
        numbers = list(sentences) or list(range(len(stems)))
        positions = []
        for clause in stems:
            at: dict[str, list[int]] = {}
            for index, s in enumerate(clause):
                at.setdefault(s, []).append(index)
            positions.append(at)
        return cls(
            words=tuple(tuple(c) for c in clauses),
            stems=stems,
            positions=tuple(positions),
            present=frozenset(s for clause in stems for s in clause),
            numbers=tuple(numbers),
            continues=tuple(continues) or (False,) * len(stems),
        )

    @property
    def flat(self) -> list[str]:
        """Every word of the message, in order."""
        return [w for clause in self.words for w in clause]

    def sentence_words(self, clause: int) -> list[str]:
        """Every word of the sentence the clause at `clause` belongs to."""
        number = self.numbers[clause]
        return [w for n, c in zip(self.numbers, self.words, strict=True) if n == number for w in c]


@dataclass(frozen=True)
class Hit(Generic[T]):
    """A phrase found in a message: what it stands for, its text, the clause it is in and
    where in the clause it starts."""

    item: T
    phrase: str
    clause: int
    start: int = 0


@dataclass(frozen=True)
class _Phrase(Generic[T]):
    item: T
    text: str
    stems: tuple[str, ...]
    unless: frozenset[str]


def phrase_stems(normalizer: Normalizer, phrases: Iterable[str]) -> frozenset[str]:
    """Every stem the phrases use: the words a negated list may run through."""
    return frozenset(canonical(w) for p in phrases for w in normalizer.words(p)) - {"not"}


class PhraseIndex(Generic[T]):
    """Phrases compiled for fast checks; `hits` yields them in the order they were given.

    `entries` are (item, phrase, unless-words). `listed` are the words a negation may run
    through as a list ("no fever, pus or swelling"); by default the phrases' own words.
    `ordered`: a phrase's words must also stand in the order written ("skin looks worse"
    is not "worse for my skin").
    """

    def __init__(
        self,
        entries: Iterable[tuple[T, str, Sequence[str]]],
        normalizer: Normalizer,
        listed: frozenset[str] | None = None,
        *,
        ordered: bool = False,
    ) -> None:
        self._ordered = ordered
        self._phrases: tuple[_Phrase[T], ...] = tuple(
            _Phrase(
                item,
                text,
                tuple(canonical(w) for w in normalizer.words(text)),
                frozenset(canonical(w) for u in unless for w in normalizer.words(u)),
            )
            for item, text, unless in entries
        )
        self._phrases = tuple(p for p in self._phrases if p.stems)
        own = frozenset(s for p in self._phrases for s in p.stems) - {"not"}
        self._listed = own if listed is None else listed
        self._filler = frozenset(canonical(w) for w in _FILLER)
        # Each phrase under its least common word: a message only checks the phrases whose
        # rarest word it contains, instead of every phrase.
        counts: dict[str, int] = {}
        for phrase in self._phrases:
            for s in set(phrase.stems):
                counts[s] = counts.get(s, 0) + 1
        self._by_rarest: dict[str, list[int]] = {}
        for index, phrase in enumerate(self._phrases):
            rarest = min(phrase.stems, key=lambda s: (counts[s], s))
            self._by_rarest.setdefault(rarest, []).append(index)

    def hits(self, message: Message) -> Iterator[Hit[T]]:
        """Each phrase present in the message, in order, with every clause it stands in."""
        candidates = sorted({i for s in message.present for i in self._by_rarest.get(s, ())})
        carried = self._carried(message) if candidates else frozenset()
        for index in candidates:
            phrase = self._phrases[index]
            for number, (clause, at) in enumerate(
                zip(message.stems, message.positions, strict=True)
            ):
                if number in carried:
                    continue
                start = self._start(phrase, clause, at)
                if start is not None:
                    yield Hit(phrase.item, phrase.text, number, start)

    def _start(
        self, phrase: _Phrase[T], clause: Sequence[str], at: dict[str, list[int]]
    ) -> int | None:
        """Where the phrase starts in the clause, if it stands there un-negated and with
        none of its `unless` words next to it."""
        stems = phrase.stems
        positions = []
        for s in stems:
            found = at.get(s)
            if not found:
                return None
            positions.append(found)
        if len(positions) > 1 and sum(len(p) for p in positions) > 40:
            positions = [p[:10] for p in positions]
        repeats = len(set(stems)) < len(stems)  # "more and more" needs two "more"
        for combo in product(*positions):
            if repeats and len(set(combo)) < len(combo):
                continue
            if self._ordered and any(a >= b for a, b in pairwise(combo)):
                continue
            start, end = min(combo), max(combo)
            if end - start > len(stems) + _EXTRA_WORDS:
                continue
            if self._negated(clause, start, set(combo)):
                continue
            near = clause[max(0, start - _UNLESS_REACH) : end + 1 + _UNLESS_REACH]
            if phrase.unless.isdisjoint(near):
                return start
        return None

    def _negated(self, clause: Sequence[str], start: int, own: set[int]) -> bool:
        """Whether a negation reaches the phrase: one between its own words ("it's not
        getting worse" for "its worse"), or one before it with only filler or a list of
        symptoms in between."""
        if any(clause[n] == "not" and n not in own for n in range(start, max(own))):
            return True
        for n in range(start - 1, max(-1, start - 1 - _MAX_NEGATION_REACH), -1):
            if clause[n] == "not" and n not in own:
                return self._reaches(clause[n + 1 : start])
        return False

    def _carried(self, message: Message) -> frozenset[int]:
        """The clauses a negation runs into from the clause before, as a list goes on after
        a comma ("no fever, pus or swelling"): single listed words, up to one with "or"."""
        carried: set[int] = set()
        group: list[int] = []  # clauses of a list run on, not yet closed by an "or"
        for number, clause in enumerate(message.stems):
            if not message.continues[number] or not self._items(clause):
                group = []
                continue
            before = number - 1
            if group or before in carried or self._ends_negated(message.stems[before]):
                group.append(number)
                if "or" in clause:
                    carried.update(group)
                    group = []
        return frozenset(carried)

    def _items(self, clause: Sequence[str]) -> bool:
        """Whether the clause is only single listed words and joiners ("pus or swelling")."""
        previous_item = False
        for word in clause:
            if word in _LIST_JOINERS:
                previous_item = False
            elif word in self._listed and not previous_item:
                previous_item = True
            else:
                return False
        return True

    def _ends_negated(self, clause: Sequence[str]) -> bool:
        """Whether a negation in the clause runs on to its end ("theres no pus")."""
        for n in range(len(clause) - 1, max(-1, len(clause) - 1 - _MAX_NEGATION_REACH), -1):
            if clause[n] == "not":
                return self._reaches(clause[n + 1 :])
        return False

    def _reaches(self, between: Sequence[str]) -> bool:
        """Whether a negation reaches over these words: filler ("I never got an"), then
        perhaps a list of symptoms ("no fever, pus or")."""
        in_list = False
        for word in between:
            if not in_list and word in self._filler:
                continue  # filler first: "got" is also a word of "got worse"
            if word in self._listed:
                in_list = True
            elif word not in _LIST_JOINERS:
                return False
        return True
