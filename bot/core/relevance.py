"""Whether a topic may answer a message, beyond how closely the words match.

A question can share most of its words with a topic and still be about something else:
"when does Botox start working?" reads like the results timeline, but it is about Botox,
a subject of the questions staff marked as not covered. Clients write to the clinic's bot
about their own treatment ("can I have Botox next week?"), so a message that shows no sign
of that is held to a stricter test.
"""

from __future__ import annotations

from collections.abc import Sequence

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


def about_treatment(words: Sequence[str]) -> bool:
    """Whether the message speaks of the client, the treatment or the days since it."""
    return not CONTEXT_WORDS.isdisjoint(words)


def may_answer(matcher: TopicMatcher, topic: Topic, words: Sequence[str]) -> bool:
    """Whether `topic` may answer: the message is not mainly about something not covered,
    nor about another procedure's own aftercare ("chemical peel aftercare": its own sheet)."""
    if own_course(words):
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
