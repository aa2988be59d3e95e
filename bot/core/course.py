"""Swelling, redness or warmth that comes back or lingers, told as a story over clauses.

"The first two days were fine, red then pink; today I woke up with my cheek puffy and
warm." No clause alone says anything wrong, but swelling, redness or warmth that returns
after settling is a sign of infection in the clinical reference ("redness that comes
back"). So is one that newly appears once the first days are over ("woke up on day 5 with
a swollen cheek"), one said to be back ("it had gone, but it's back"), and one still there
past the documents' few days ("day 5 and my cheeks are swollen"). Each raises the
`came-back` concern: the bot asks first.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from bot.core.elapsed import days_mentioned
from bot.core.grams import grams, has, occurrences
from bot.core.normalize import Normalizer, stem
from bot.core.phrases import Message, PhraseIndex

CAME_BACK = "came-back"  # the concern (concerns.yaml) the story raises
# The first days: swelling or warmth appearing then is the usual course.
_USUAL_DAYS = 3
# Side effects of the first days that should not come back ("hot" only of the skin: not
# "the hot tub again").
_SYMPTOMS = (
    *"swollen swelling puffy puffiness red redness inflamed tender throbbing warmth".split(),
    *"flushed sunburn slapped lobster beetroot".split(),  # redness in clients' words
    *("feels warm", "feels hot", "skin warm", "skin hot", "face warm", "face hot"),
    *("warm to touch", "hot to touch"),
)
# The skin had settled (un-negated: "not getting better" is no such story).
_SETTLED = (
    *"better settled settling calmed calming calmer faded fading improved improving".split(),
    *"textbook pink disappeared".split(),
    *("healing well", "gone down", "went down", "had gone", "went away", "no drama"),
    *("was fine", "were fine", "been fine", "was good", "was great"),
)
# The side effect is there again: counts whatever the clause before it says.
_RETURN = grams(
    "its back",
    "is back",
    "back again",
    "came back",
    "come back",
    "comes back",
    "coming back",
    "returned",
)
# The symptom is new: it appeared, or is there again.
_ONSET = grams(
    "woke up",
    "woken up",
    "woke with",
    "when i woke",
    "this morning",
    "today",
    "tonight",
    "now",
    "suddenly",
    "overnight",
    "started",
    "appeared",
    "again",
    "came back",
    "come back",
    "flared",
    "flare up",
    "then",
)
# Past the documents' "a few days", swelling or redness still there is not the usual course.
_LINGERING_DAYS = 4
# Words of a side effect that is over ("I was red for two days and now just flaky").
_OVER = frozenset("for lasted until till faded gone went settled".split())
# ...or that was, not one that is ("my cheeks were swollen on day 5").
_PAST = _OVER - {"for"} | frozenset("was were had by".split())
# A mild amount is the tail of the usual course, not a relapse.
_MILD = frozenset("bit little slight slightly mild mildly tiny faint barely".split())


# After a return: someone coming back somewhere, or the skin back to how it was.
_NOT_A_RETURN = frozenset("from to home in for normal".split())
# What comes back is the side effect: "it", or a symptom's own word ("the swelling is back",
# "the redness on my chin came back"), not "my energy is back".
_IT = frozenset("it its they theyre this that".split())
_SYMPTOM_STEMS = frozenset(stem(w) for w in (*_SYMPTOMS, "warm", "hot", "heat") if " " not in w)
_SUBJECT_REACH = 4  # words back from "came back" to what came back
_NEW_SUBJECT = frozenset("and but so then or".split())


def _subject_returns(words: Sequence[str], at: int) -> bool:
    """Whether what comes back at `at` is it or a symptom, within a few words before."""
    for word in reversed(words[max(0, at - _SUBJECT_REACH) : at]):
        if word in _NEW_SUBJECT:
            return False
        if word in _IT or stem(word) in _SYMPTOM_STEMS:
            return True
    return False


def _returns(words: Sequence[str]) -> bool:
    """Whether the clause says the side effect came back ("it's back", "the swelling came
    back"; not "came back from work", nor "my energy is back")."""
    for at, gram in occurrences(words, _RETURN):
        after = words[at + len(gram)] if at + len(gram) < len(words) else ""
        if after not in _NOT_A_RETURN and (gram[0] in _IT or _subject_returns(words, at)):
            return True
    return False


class Course:
    """The relapse story, compiled with a knowledge base's normalizer."""

    def __init__(self, normalizer: Normalizer, listed: frozenset[str] | None = None) -> None:
        """`listed`: the words a negation runs through ("no spreading redness")."""
        self._symptoms = PhraseIndex(((p, p, ()) for p in _SYMPTOMS), normalizer, listed)
        self._settled = PhraseIndex(((p, p, ()) for p in _SETTLED), normalizer)

    @staticmethod
    def _lingering(message: Message, clause: int, days: float | None, timed: bool) -> bool:
        """Whether the clause is past the usual days: by the days its own sentence gives
        ("day 5 and my cheeks are swollen"), or else (`timed` False) the client's record."""
        if timed:
            days = days_mentioned(message.sentence_words(clause))
        return days is not None and days >= _LINGERING_DAYS

    def relapses(
        self, message: Message, days: float | None, *, timed: bool = False
    ) -> Iterator[tuple[int, str]]:
        """Each clause where a side effect newly appears after it settled, after the usual
        days, comes back, or is still there past them: (the clause, the symptom's word).
        `timed`: the message itself gives the days since the session."""
        settled = {hit.clause for hit in self._settled.hits(message)}
        symptoms: dict[int, str] = {}
        for hit in self._symptoms.hits(message):
            symptoms.setdefault(hit.clause, hit.phrase)
        late = days is not None and days >= _USUAL_DAYS
        named: str | None = None  # the last symptom named so far
        for clause, words in enumerate(message.words):
            symptom = symptoms.get(clause)
            named = symptom or named
            if named is not None and _returns(words):
                yield clause, named  # "the swelling had gone, but it's back this morning"
            elif symptom is None or clause in settled or not _MILD.isdisjoint(words):
                continue
            elif not has(words, _ONSET) or not _OVER.isdisjoint(words):
                if _PAST.isdisjoint(words) and self._lingering(message, clause, days, timed):
                    yield clause, symptom  # "day 5 and my cheeks are swollen"
            elif late or any(c < clause for c in settled):
                yield clause, symptom  # "today I woke up puffy"
