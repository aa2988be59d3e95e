"""Whether a topic may answer a message, beyond how closely the words match.

A question can share most of its words with a topic and still be about something else:
"when does Botox start working?" reads like the results timeline, but it is about Botox,
a subject of the questions staff marked as not covered. Clients write to the clinic's bot
about their own treatment ("can I have Botox next week?"), so a message that shows no sign
of that is held to a stricter test. Another procedure's own aftercare ("chemical peel
aftercare") and a roundup of skin care in general ("the 12 best serums") are never ours, and
a general question naming a warning sign gets the warning signs only when it is ours to
judge (`judged_here`).
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.grams import grams, has
from bot.core.knowledge import Topic
from bot.core.matcher import TopicMatcher
from bot.core.phrases import NEGATORS
from bot.core.treatment import own_course
from bot.core.treatment_words import MICRONEEDLING

# The client speaking of themselves, the treatment, or the time since it.
CONTEXT_WORDS = MICRONEEDLING | frozenset(
    """i im ive id me my mine myself we our us
    treatment treatments treated session sessions procedure appointment aftercare
    after afterwards since tomorrow tonight yesterday today day days week weeks hours""".split()
)


# Words of the treatment's own world: a message with none of them, nor the client or the
# days since, may be about skin care in general ("the best serums of the year").
DOMAIN_WORDS = frozenset(
    """needle needles needling numbing collagen downtime healing heal practitioner clinic
    clinician result results prp""".split()
)


def anchored(words: Sequence[str]) -> bool:
    """Whether the message shows any sign of the treatment, the client or its aftermath."""
    return about_treatment(words) or not DOMAIN_WORDS.isdisjoint(words)


def about_treatment(words: Sequence[str]) -> bool:
    """Whether the message speaks of the client, the treatment or the days since it."""
    return not CONTEXT_WORDS.isdisjoint(words)


# A roundup or directory heading ("the 12 best vitamin C serums", "7 ways to calm eczema",
# "skin conditions A to Z", "find a dermatologist near you"): with no sign of the treatment,
# an article about skin care in general, not a question our topics answer.
_LISTED = "best ways tips things products picks".split()
_ROUNDUP = grams(
    *(f"{number} {kind}" for number in ("top", *map(str, range(3, 31))) for kind in _LISTED),
    "the best",
    "best rated",
    "a to z",
    "near you",
    "near me",
    "tested by",
    "editors pick",
    "buying guide",
)


def roundup(words: Sequence[str]) -> bool:
    """Whether the message reads as a roundup or directory heading."""
    return has(words, _ROUNDUP)


def may_answer(matcher: TopicMatcher, topic: Topic, words: Sequence[str]) -> bool:
    """Whether `topic` may answer: the message is not mainly about something not covered,
    nor about another procedure's own aftercare ("chemical peel aftercare": its own sheet)."""
    if own_course(words) or (roundup(words) and not anchored(words)):
        return False
    # What the message says is not so ("it doesn't hurt") is not what it is about.
    said = [w for at, w in enumerate(words) if NEGATORS.isdisjoint(words[max(0, at - 2) : at])]
    return not matcher.strays(topic, said, in_context=about_treatment(words))


# Asking whether something is normal or a worry, or how to tell a sign: the warning-signs
# answer is the one to give.
_JUDGING = frozenset(
    """normal normally ok okay alright expected expect usual common worry worried worrying
    concerned concern serious dangerous safe fine bad sign signs symptom symptoms warning
    tell recognise spot""".split()
)


def judged_here(words: Sequence[str]) -> bool:
    """Whether a general question about a warning sign is ours to answer with the warning
    signs: it speaks of the client or the treatment, or asks if the sign is normal or a
    worry or how to tell it ("is pus normal?", "what are the signs of infection?"). "How to
    get rid of a cold sore overnight" is none of these."""
    return about_treatment(words) or not _JUDGING.isdisjoint(words)
