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
from bot.core.grams import Grams, grams, has, occurrences
from bot.core.speech import likened

# Microneedling's own words, as the normalizer leaves them (dermapen, derma roller:
# "microneedling").
MICRONEEDLING = frozenset(
    "microneedling microneedle microneedled microneedles needling needled".split()
)
# ...and the kinds and brands of it.
_THIS = MICRONEEDLING | frozenset(
    "dermarolling dermarolled morpheus morpheus8 rf prp vampire collagen".split()
)
# Other procedures a clinic gives (a red flag after one is still the clinic's to hear of),
# and parts of the body that are not treated ("his knee is swollen after a fall").
_PROCEDURES = frozenset(
    """filler fillers botox laser lasers lasered ipl wax waxing waxed microblading
    microbladed hydrafacial chemicalpeel dermaplaning electrolysis profhilo surgery
    dentist dental""".split()
)
_PROCEDURE_GRAMS = grams("a facial", "my facial", "the facial", "facial yesterday")
_UNTREATED = frozenset(
    """knee knees finger fingers toe toes foot feet elbow elbows ankle ankles wrist
    wrists""".split()
)
# Everyday causes that are no procedure at all: a jab, a piercing or tattoo, lashes, hair
# dye, the washing, a bite or sting, food, a cold, a patch bought for spots ("skinpatch" in
# words.yaml). What they cause is not the clinic's complication.
_EVERYDAY_WORDS = frozenset(
    """vaccination vaccinations vaccine vaccines jab jabs booster tattoo tattoos tattooed
    piercing piercings pierced splinter splinters detergent bitten nettle nettles covid
    hayfever tonsillitis ate eaten conjunctivitis stye styes allergies skinpatch""".split()
)
_EVERYDAY_GRAMS = grams(
    "eyelash extensions",
    "lash extensions",
    "lash glue",
    "eyelash glue",
    "lash lift",
    "lashes done",
    "hair dye",
    "dyed my hair",
    "dyeing my hair",
    "dying my hair",
    "coloured my hair",
    "colored my hair",
    "hair colour",
    "hair color",
    "washing powder",
    "fabric softener",
    "fabric conditioner",
    "washing liquid",
    "bit me",
    "insect bite",
    "mosquito bite",
    "bug bite",
    "spider bite",
    "a bite",
    "stung by a",
    "bee sting",
    "wasp sting",
    "bee stung",
    "wasp stung",
    "something i ate",
    "after eating",
    "since eating",
    "i ate",
    "ive eaten",
    "food allergy",
    "food poisoning",
    "have a cold",
    "got a cold",
    "had a cold",
    "caught a cold",
    "with a cold",
    "over a cold",
    "the flu",
    "have flu",
    "got flu",
    "had flu",
    "chest infection",
    "sinus infection",
    "ear infection",
    "throat infection",
    "hay fever",
    "pink eye",
)
# Words after a cause that make it something else: "a cold sore", "a cold compress", "flu
# like symptoms". (What a feeling is likened to is no cause either: `speech.likened`.)
_NOT_A_CAUSE = frozenset("sore sores compress pack flannel water cloth towel like symptoms".split())
# A message naming the session or its treated skin is about the treatment, whatever else
# it names ("my flu jab was the day after my session").
_SESSION = frozenset("session sessions treatment treatments treated procedure aftercare".split())
# Asking whether to have the treatment, or about the time before it: nothing after it yet.
_BEFOREHAND = grams(
    "can i still have",
    "can i still get",
    "can i have it",
    "can i get it",
    "can i have microneedling",
    "can i get microneedling",
    "cancel my appointment",
    "cancel my session",
    "cancel my treatment",
    "postpone my appointment",
    "move my appointment",
    "reschedule my appointment",
    "my consultation",
    "before my first",
    "before my treatment",
    "before my session",
    "before my appointment",
    "before my microneedling",
    "before microneedling",
    "before the treatment",
    "before treatment",
    "before having",
    "before getting",
    "before i have",
    "before i get",
    "ahead of my",
    "my appointment is",
    "im booked",
    "am i suitable",
    "suitable for me",
    "safe for me",
    # what the treatment is for: the condition the client has is why they want it
    "microneedling for",
    "microneedling good for",
    "microneedling help",
    "microneedling fade",
    "microneedling improve",
    "microneedling reduce",
    "microneedling treat",
    "microneedling get rid",
    "microneedling work on",
    "microneedling work for",
)
# A session already had: what follows may be its complication.
_AFTER = grams(
    "had it",
    "had microneedling",
    "had my",
    "had the",
    "had her",
    "had his",
    "got it done",
    "after my",
    "after the",
    "after her",
    "after his",
    "after microneedling",
    "since my",
    "since the",
    "since her",
    "since his",
    "since it",
    "since microneedling",
    "my next",
    "next session",
    "next treatment",
    "next appointment",
    "next one",
    "my second",
    "the second",
    "second session",
    "another session",
    "another treatment",
    "another one",
    "my last",
    "last session",
    "last treatment",
    "last time",
    "previous",
    "again",
)

# A session still to come: one of these, then a time ahead within a few words ("my first
# session is in a fortnight", "booked in for next thursday", "my microneedling's on friday").
_BOOKING = MICRONEEDLING | frozenset(
    """session sessions appointment appointments treatment treatments procedure
    consultation booked microneedlings""".split()
)
# "Session's on friday": the normalizer reads the contraction as a plural.
_CONTRACTED = frozenset("sessions appointments treatments microneedlings".split())
_BOOKING_REACH = 5
_JOINERS = frozenset("and but so or then".split())  # what follows is another statement
# Words that put it in the past: "my session was in june", "had my appointment on friday".
_PAST = frozenset("had was were did got done ago since after last yesterday".split())

# Words that make "before" a look back: "than before", "it was like this before".
_LOOKING_BACK = frozenset("than was were wasnt werent did didnt had hadnt never".split())


def _named(words: Sequence[str], single: frozenset[str], grouped: Grams) -> bool:
    """Whether one of the words or word groups is named as something that happened, not
    what a sensation or a look is likened to ("stings like I've been waxed", "like a bite"),
    nor part of something else ("a cold sore")."""
    found = [(at, 1) for at, word in enumerate(words) if word in single]
    found += [(at, len(gram)) for at, gram in occurrences(words, grouped)]
    return any(
        not likened(words, at) and _NOT_A_CAUSE.isdisjoint(words[at + size : at + size + 1])
        for at, size in found
    )


def _everyday_cause(words: Sequence[str]) -> bool:
    return _named(words, _EVERYDAY_WORDS, _EVERYDAY_GRAMS)


def _procedure(words: Sequence[str]) -> bool:
    return _named(words, _PROCEDURES, _PROCEDURE_GRAMS)


def elsewhere(words: Sequence[str]) -> bool:
    """Whether the words name another treatment or cause and not microneedling."""
    return _THIS.isdisjoint(words) and (
        _procedure(words) or not _UNTREATED.isdisjoint(words) or everyday(words)
    )


# A procedure's own course ("chemical peel aftercare", "downtime for botox", "makeup after
# a chemical peel"): what to do after it is that treatment's own sheet, not ours.
_COURSE = frozenset("aftercare downtime healing heal heals".split())
_COURSE_REACH = 3  # "laser hair removal aftercare", "the downtime for laser"
_OURS = _THIS | (_SESSION - {"aftercare"})


def own_course(words: Sequence[str]) -> bool:
    """Whether the words ask about another procedure's own aftercare or healing, and name
    neither microneedling nor a session of it."""
    if not _OURS.isdisjoint(words):
        return False
    found = [(at, 1) for at, word in enumerate(words) if word in _PROCEDURES]
    found += [(at, len(gram)) for at, gram in occurrences(words, _PROCEDURE_GRAMS)]
    for at, size in found:
        near = {*words[at + size : at + size + _COURSE_REACH], *words[max(0, at - 3) : at]}
        if not _COURSE.isdisjoint(near) or "after" in words[max(0, at - 2) : at]:
            return True
    return False


def everyday(words: Sequence[str]) -> bool:
    """Whether the words name an everyday cause ("a new washing powder", "my flu jab", "a
    bee sting") and neither microneedling, another procedure nor a session."""
    return (
        _THIS.isdisjoint(words)
        and _SESSION.isdisjoint(words)
        and not _procedure(words)
        and _everyday_cause(words)
    )


def _compares_with_before(words: Sequence[str]) -> bool:
    """Whether "before" looks back from after a session ("worse than before the treatment",
    "before my session I was fine")."""
    return any(
        word == "before" and not _LOOKING_BACK.isdisjoint(words[max(0, i - 4) : i + 6])
        for i, word in enumerate(words)
    )


def _upcoming(words: Sequence[str]) -> bool:
    """Whether the words tell of a session still to come ("appointment in two weeks",
    "booked in for next thursday", "my microneedling's on friday")."""
    for at, word in enumerate(words):
        if word not in _BOOKING:
            continue
        after = list(words[at + 1 : at + 1 + _BOOKING_REACH])
        after = after[: next((i for i, w in enumerate(after) if w in _JOINERS), len(after))]
        if not _PAST.isdisjoint(words[max(0, at - 2) : at]) or not _PAST.isdisjoint(after):
            continue
        if ahead(after) or (word in _CONTRACTED and after[:1] == ["on"] and ahead(["is", *after])):
            return True
    return False


def beforehand(words: Sequence[str], *, timed: bool = False) -> bool:
    """Whether the message asks about having the treatment or the time before it, or tells
    of a session still to come, with no sign of one already had (`timed`: it gives the days
    since one)."""
    return (
        not timed
        and (has(words, _BEFOREHAND) or _upcoming(words))
        and not has(words, _AFTER)
        and not _compares_with_before(words)
    )
