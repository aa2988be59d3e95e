"""Who a message is about, and whether it reports something or asks in general.

Triage acts on reports: the client's own skin ("my cheek is weeping"), a specific other
person's ("her face is swollen since her session") or bare symptoms ("pus and fever").
A general question ("can microneedling cause scarring?", "how to avoid
hyperpigmentation", "how to calm a rash fast"), a hypothetical ("what if I get a fever?"),
a story about people in general ("you may break out") or what someone said of them ("the
nurse said some people get an infection") is answered instead. An impersonal question about a
symptom ("is it normal to weep after microneedling?") is in between: the bot asks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.grams import Grams, occurrences
from bot.core.subject_words import (
    ASKING_YOU,
    CONDITIONAL,
    GENERIC,
    HEARSAY,
    HOW_TO,
    HYPOTHETICAL,
    INDIRECT,
    INSTRUCTIONS,
    LEAD_IN,
    LOOK_LIKE,
    PEOPLE,
    PERSONAL,
    PREVENTION,
    QUESTION_START,
    REMEDIAL,
    SAID_TO,
    SUBJECTS,
    TREATMENT,
    WATCHING,
    WH,
    YOU_DID,
    YOUR_CLINIC,
)

REPORTED, ASKED, GENERAL = "reported", "asked", "general"


def _generic(words: Sequence[str]) -> bool:
    """Whether the clause speaks of people in general."""
    for i, word in enumerate(words):
        if word in GENERIC:
            return True
        after = words[i + 1] if i + 1 < len(words) else ""
        if word == "you" and after not in YOU_DID and (i == 0 or words[i - 1] not in ASKING_YOU):
            return True
        if word == "your" and after not in YOUR_CLINIC:
            return True
    return False


def opens_question(words: Sequence[str], marked: bool) -> bool:
    """Whether the clause opens as a question; `marked`: the message has a question mark."""
    start = 1 if len(words) > 1 and words[0] in LEAD_IN else 0
    if start >= len(words):
        return False
    first = words[start]
    if first in WH:
        return True
    subject = words[start + 1] if start + 1 < len(words) else ""
    return first in QUESTION_START and (marked or subject in SUBJECTS)


def _found(words: Sequence[str], markers: Grams) -> list[tuple[str, ...]]:
    """The markers in the clause, with what follows each (the word after it, or "")."""
    return [marker for _, marker in _placed(words, markers)]


def _placed(words: Sequence[str], markers: Grams) -> list[tuple[int, tuple[str, ...]]]:
    """Where each marker stands in the clause, and the marker with the word after it."""
    found = []
    for start, gram in occurrences(words, markers):
        after = words[start + len(gram)] if start + len(gram) < len(words) else ""
        indirect = gram[0] == "if" and start > 0 and words[start - 1] in INDIRECT
        if indirect and after not in CONDITIONAL:
            continue  # "is it normal if my skin is leaking?": the client's own skin
        if gram == LOOK_LIKE and not WH.intersection(words[:start]):
            continue  # "it doesn't look like healing" says how it looks
        found.append((start, (*gram, after)))
    return found


def _has(words: Sequence[str], markers: Grams) -> bool:
    return bool(_found(words, markers))


def _instructions(words: Sequence[str]) -> bool:
    """Whether the clause opens as "how to" ("how to calm a rash fast")."""
    start = 1 if len(words) > 1 and words[0] in LEAD_IN else 0
    return any(at == start for at, _ in occurrences(words, INSTRUCTIONS))


def _hearsay(words: Sequence[str]) -> bool:
    """Whether the clause passes on what was said or read about people in general."""
    for i, word in enumerate(words):
        if word not in HEARSAY:
            continue
        told = list(words[i + 1 :])
        while told and told[0] in SAID_TO:
            told.pop(0)
        if told and (told[0] in GENERIC or told[0] == "you"):
            return True  # "she told me some people get an infection"
        if len(told) > 1 and told[0] == "to" and told[1] in WATCHING:
            return True  # "the sheet says to look for pus"
    return False


_GOING_ON = frozenset("and so".split())  # "... and now I have", "... so my cheek is"
# Hypotheticals that open a new thought ("what if", "if it", "whether to", "or not to",
# "in case"), unlike those that qualify what came before ("a rash last year").
_OPENING = frozenset("what if whether".split())
_OPENING_PAIRS = frozenset({("or", "not"), ("in", "case")})


def _reported_before(words: Sequence[str]) -> int | None:
    """Where a hypothetical starts after the client has reported something in the same
    clause ("i have a fever what if it gets worse": from "what if"), or None."""
    placed = [
        at
        for at, marker in _placed(words, HYPOTHETICAL)
        if marker[0] in _OPENING or marker[:2] in _OPENING_PAIRS
    ]
    if not placed:
        return None
    first = min(placed)
    return first if not PERSONAL.isdisjoint(words[:first]) else None


def _reported_after(words: Sequence[str]) -> int | None:
    """Where the client goes on to report, after a hypothetical in the same clause ("the
    needle can leave marks and now I have a dark mark": from "now"), or None."""
    placed = [at for at, _ in _placed(words, HYPOTHETICAL)]
    if not placed:
        return None
    for at in range(min(placed) + 1, len(words) - 1):
        if words[at] in _GOING_ON and (words[at + 1] in PERSONAL or words[at + 1] == "now"):
            rest = words[at + 1 :]
            if not PERSONAL.isdisjoint(rest) and not _placed(rest, HYPOTHETICAL):
                return at + 1
    return None


def _conditional_report(words: Sequence[str]) -> bool:
    """Whether the clause is hypothetical only by an "if" that tells when something
    happens to the client's skin ("if I press on it there is pus"), not what may come
    ("if I get a fever") or what people should do ("if you see pus")."""
    found = _found(words, HYPOTHETICAL)
    return bool(found) and all(
        marker[0] == "if" and marker[1] not in PEOPLE and marker[-1] not in CONDITIONAL
        for marker in found
    )


@dataclass(frozen=True)
class Frame:
    """For each clause of a message: is it a condition, about the client, about people?"""

    hypothetical: tuple[bool, ...]
    # A hypothetical clause that may well report ("if I press on it there is pus"): asked.
    conditional: tuple[bool, ...]
    hearsay: tuple[bool, ...]  # what was said about people in general: general
    personal: tuple[bool, ...]
    generic: tuple[bool, ...]
    questions: tuple[bool, ...]  # the clause opens as a question
    remedial: bool  # asks how to treat something, so has it
    prevention: bool  # asks how not to get something
    timed: bool  # gives the days since the session: the asker's own course
    # Where a hypothetical clause turns hypothetical after a report ("i have a fever what
    # if it gets worse"): what stands before it is still reported.
    reported_before: tuple[int | None, ...]
    # ...and where the client goes on to report after one ("can leave marks and now I have").
    reported_after: tuple[int | None, ...]

    @classmethod
    def of(
        cls, clauses: Sequence[Sequence[str]], *, marked: bool = False, timed: bool = False
    ) -> Frame:
        """`marked`: the message has a question mark; `timed`: it says how long ago the
        session was ("on day 3"), so it speaks of the asker's own course."""
        prevention = any(w in PREVENTION for clause in clauses for w in clause)
        flat = [w for c in clauses for w in c]
        personal = tuple(any(w in PERSONAL for w in c) for c in clauses)
        # "How to" is the client's own when it speaks of them or of the treatment.
        own = any(personal) or not TREATMENT.isdisjoint(flat)
        return cls(
            hypothetical=tuple(_has(c, HYPOTHETICAL) for c in clauses),
            conditional=tuple(not marked and _conditional_report(c) for c in clauses),
            hearsay=tuple(_hearsay(c) for c in clauses),
            personal=personal,
            generic=tuple(
                prevention or _generic(c) or (not own and _instructions(c)) for c in clauses
            ),
            questions=tuple(opens_question(c, marked) for c in clauses),
            remedial=_has(flat, REMEDIAL) or (own and _has(flat, HOW_TO)),
            prevention=prevention,
            timed=timed,
            reported_before=tuple(_reported_before(c) for c in clauses),
            reported_after=tuple(_reported_after(c) for c in clauses),
        )

    def clause(self, index: int, start: int | None = None) -> str:
        """How the clause at `index` speaks: REPORTED, ASKED or GENERAL; `start`: where in
        it the finding stands (before a hypothetical the client's report still counts)."""
        if self.hypothetical[index]:
            before, after = self.reported_before[index], self.reported_after[index]
            if start is not None and before is not None and start < before:
                return REPORTED
            if start is not None and after is not None and start >= after:
                return REPORTED
            return ASKED if self.conditional[index] else GENERAL
        if self.hearsay[index]:
            return GENERAL
        if self.personal[index] or self.remedial:
            return REPORTED
        if self.generic[index]:
            return GENERAL
        if any(p and not h for p, h in zip(self.personal, self.hypothetical, strict=True)):
            return REPORTED
        if any(self.generic):
            return GENERAL
        return ASKED if self.questions[index] and not self.timed else REPORTED
