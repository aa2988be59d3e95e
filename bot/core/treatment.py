"""Which treatment a message is about, and whether it is before or after one.

Triage judges skin by the usual course of microneedling. Most clients never name the
treatment, so a message is about it unless it clearly speaks of another one ("my lips are
swollen the day after filler"): then only the signs that are red flags after any procedure
count (`any_treatment` in the knowledge base). After an everyday cause that is no procedure
("my flu jab", "a splinter in his finger") only emergencies count. A message about
before the treatment ("I get cold sores, what should I do before my appointment?", "will
microneedling fade my dark patches?", "my first session is in a fortnight") reports no
complication of it either.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.elapsed import ahead
from bot.core.grams import Grams, has, occurrences
from bot.core.speech import likened
from bot.core.treatment_words import (
    AFTER,
    BEFOREHAND,
    BOOKING,
    BOOKING_REACH,
    CONTRACTED,
    EVERYDAY_GRAMS,
    EVERYDAY_WORDS,
    JOINERS,
    LOOKING_BACK,
    NOT_A_CAUSE,
    PAST,
    PROCEDURE_GRAMS,
    PROCEDURES,
    SESSION,
    THIS,
    UNTREATED,
)


def _named(words: Sequence[str], single: frozenset[str], grouped: Grams) -> bool:
    """Whether one of the words or word groups is named as something that happened, not
    what a sensation or a look is likened to ("stings like I've been waxed", "like a bite"),
    nor part of something else ("a cold sore")."""
    found = [(at, 1) for at, word in enumerate(words) if word in single]
    found += [(at, len(gram)) for at, gram in occurrences(words, grouped)]
    return any(
        not likened(words, at) and NOT_A_CAUSE.isdisjoint(words[at + size : at + size + 1])
        for at, size in found
    )


def _everyday_cause(words: Sequence[str]) -> bool:
    return _named(words, EVERYDAY_WORDS, EVERYDAY_GRAMS)


def _procedure(words: Sequence[str]) -> bool:
    return _named(words, PROCEDURES, PROCEDURE_GRAMS)


def elsewhere(words: Sequence[str]) -> bool:
    """Whether the words name another treatment or cause and not microneedling."""
    return THIS.isdisjoint(words) and (
        _procedure(words) or not UNTREATED.isdisjoint(words) or everyday(words)
    )


# A procedure's own course ("chemical peel aftercare", "downtime for botox", "makeup after
# a chemical peel"): what to do after it is that treatment's own sheet, not ours.
_COURSE = frozenset("aftercare downtime healing heal heals".split())
_COURSE_REACH = 3  # "laser hair removal aftercare", "the downtime for laser"
_OURS = THIS | (SESSION - {"aftercare"})


def own_course(words: Sequence[str]) -> bool:
    """Whether the words ask about another procedure's own aftercare or healing, and name
    neither microneedling nor a session of it."""
    if not _OURS.isdisjoint(words):
        return False
    found = [(at, 1) for at, word in enumerate(words) if word in PROCEDURES]
    found += [(at, len(gram)) for at, gram in occurrences(words, PROCEDURE_GRAMS)]
    for at, size in found:
        near = {*words[at + size : at + size + _COURSE_REACH], *words[max(0, at - 3) : at]}
        if not _COURSE.isdisjoint(near) or "after" in words[max(0, at - 2) : at]:
            return True
    return False


def everyday(words: Sequence[str]) -> bool:
    """Whether the words name an everyday cause ("a new washing powder", "my flu jab", "a
    bee sting") and neither microneedling, another procedure nor a session."""
    return (
        THIS.isdisjoint(words)
        and SESSION.isdisjoint(words)
        and not _procedure(words)
        and _everyday_cause(words)
    )


def _compares_with_before(words: Sequence[str]) -> bool:
    """Whether "before" looks back from after a session ("worse than before the treatment",
    "before my session I was fine")."""
    return any(
        word == "before" and not LOOKING_BACK.isdisjoint(words[max(0, i - 4) : i + 6])
        for i, word in enumerate(words)
    )


def _upcoming(words: Sequence[str]) -> bool:
    """Whether the words tell of a session still to come ("appointment in two weeks",
    "booked in for next thursday", "my microneedling's on friday")."""
    for at, word in enumerate(words):
        if word not in BOOKING:
            continue
        after = list(words[at + 1 : at + 1 + BOOKING_REACH])
        after = after[: next((i for i, w in enumerate(after) if w in JOINERS), len(after))]
        if not PAST.isdisjoint(words[max(0, at - 2) : at]) or not PAST.isdisjoint(after):
            continue
        if ahead(after) or (word in CONTRACTED and after[:1] == ["on"] and ahead(["is", *after])):
            return True
    return False


def beforehand(words: Sequence[str], *, timed: bool = False) -> bool:
    """Whether the message asks about having the treatment or the time before it, or tells
    of a session still to come, with no sign of one already had (`timed`: it gives the days
    since one)."""
    return (
        not timed
        and (has(words, BEFOREHAND) or _upcoming(words))
        and not has(words, AFTER)
        and not _compares_with_before(words)
    )
