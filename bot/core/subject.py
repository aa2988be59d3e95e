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

from bot.core.grams import Grams, grams, occurrences
from bot.core.treatment import MICRONEEDLING

REPORTED, ASKED, GENERAL = "reported", "asked", "general"

# The client, or a specific person the client speaks of.
_PERSONAL = frozenset(
    "i im ive id me my mine myself this these she shes her hers herself he hes his him "
    "himself daughter son wife husband mum mom mother dad father sister brother friend "
    "girlfriend boyfriend partner roommate flatmate".split()
)
# People in general, the reader of an article, or what causes what in general.
_GENERIC = frozenset(
    "youre youve yours yourself people someone somebody anyone anybody everyone "
    "everybody those patients clients others women men kids children we our "
    "cause causes trigger triggers risk risks chance chances likely common rare possible "
    "occur occurs guide tips explained understanding symptoms".split()
)
# "You" is the clinic when it did something or is asked for something ("where you
# treated", "can you help"); otherwise people in general ("can you get an infection").
_YOU_DID = frozenset(
    "treated did used put said told gave recommended applied mentioned done needled "
    "help tell check look see advise explain confirm call ring send let".split()
)
_ASKING_YOU = frozenset("thank call ring ask tell message text email".split())
_YOUR_CLINIC = frozenset("clinic nurse practitioner team staff advice instructions sheet".split())
# Ways of asking how not to get something: general, and best answered by the matched topic.
_PREVENTION = frozenset("avoid avoiding prevent preventing prevention minimise minimize".split())
_QUESTION_START = frozenset(
    "how what whats why when where which who can could is are am do does did should will would "
    "was were has have may might shall isnt arent".split()
)
# Question words that open a question even without a question mark ("how to ...").
_WH = frozenset("how what whats why which who".split())
# After "did", "is", "could"...: a subject makes it a question ("did something go wrong"),
# anything else a statement ("did the roller at home and now...").
SUBJECTS = frozenset(
    "i it its this that these those something anything she he you u there my we they".split()
)
# Words a question may follow at the start of a clause ("or is she doing something wrong").
_LEAD_IN = frozenset("or and so but also then ok okay oh hi hey".split())


# Conditions, worries about the future and questions about how to tell: nothing reported.
_HYPOTHETICAL = grams(
    "what if",
    "thought maybe",
    "give me",
    "look like",
    "signs of",
    "sign of",
    "symptoms of",
    "symptom of",
    "risk of",
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
    "when should i seek",
    "when should i see",
    "when should i go",
    "when do i need",
    "when would i need",
    "when to seek",
    "when to see",
    "could i get",
    "can i get",
    "will i get",
    "might i get",
    "is it possible to get",
    "what happens if",
    "what should i do if",
    "what do i do if",
    "what to do if",
    "in case",
    "look out for",
    "watch out for",
    "should i worry",
    "call if",
    "call you if",
    "contact you if",
    "warning signs",
    "looks like if",
    "asked if",
    "asked me if",
    "worried itd",
    "worried it would",
    "worried it might",
    "worried it will",
    "worried ill get",
    "worried i will",
    "worried i might",
    "worried about getting",
    "before it gets better",
    "prone to",
    "will react",
    "might react",
    "could react",
    "would react",
    "history of",
    "before they get better",
    "worried ill",
    "scared ill",
    "afraid ill",
    "warned me",
    "told me it might",
    "told me it could",
    "said it might",
    "said it could",
    "scared of getting",
    "afraid of getting",
    "will it give",
    "can it give",
    "could it give",
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
    "if i",
    "if my",
    "if it",
    "if its",
    "if the",
    "if there",
    "if theres",
    "if she",
    "if he",
    "if her",
    "if his",
    "if your",
    "if you get",
    "if you have",
    "if you notice",
    "if you see",
    "if you develop",
    "if you experience",
    # the client's history, not this treatment's course
    "last year",
    "years ago",
    "a year ago",
    "in the past",
    "as a kid",
    "as a child",
    "as a teenager",
    "used to get",
    "used to have",
)
# "I don't know if it's infected", "is it normal if it's weeping": about the client's own
# skin, not a condition.
_INDIRECT = frozenset(
    "know sure wonder wondering tell check mean normal bad ok okay fine worried concerned".split()
)
# ...unless what follows is still to come: "is it bad if I get a fever?"
_CONDITIONAL = frozenset("get gets develop develops start starts notice become becomes".split())
# "If you ...": advice to anyone, not the client's own skin.
_PEOPLE = frozenset("you your".split())
# What someone said or wrote: a report only if it is about the client ("the nurse said it
# looks infected"), not about people in general ("she said some people get an infection")
# nor what to watch for ("the sheet says to look for pus").
_HEARSAY = frozenset(
    "said say says saying told tells read reads heard hear hears mentioned warned explained "
    "according saw seen googled".split()
)
_WATCHING = frozenset("watch look check monitor expect keep".split())
# Words between what was said and who it was about: "told me that some people ...".
_SAID_TO = frozenset("me us that online on in the a it its some many most lots of".split())
# Asking how to treat something means having it...
_REMEDIAL = grams(
    "how do i fix",
    "how can i fix",
    "how do i treat",
    "how can i treat",
    "how should i treat",
    "how do i get rid",
    "how can i get rid",
    "how do i heal",
    "how do i calm",
    "how do i soothe",
    "what can i put on",
    "what should i put on",
    "what do i put on",
)
# ...and so does "how to" treat it, when the message speaks of the client or ties it to the
# treatment ("how to get rid of my cold sore", "how to treat a reaction to the numbing
# cream"); without them it is a general question, a heading ("How to calm a rash fast").
_HOW_TO = grams(
    "how to fix",
    "how to treat",
    "how to get rid",
    "how to heal",
    "how to cure",
    "how to calm",
    "how to soothe",
)
_INSTRUCTIONS = grams("how to", "ways to", "tips to", "tips for", "tips on")
_TREATMENT = MICRONEEDLING | frozenset(
    "session sessions treatment treatments treated procedure numbing aftercare".split()
)


_LOOK_LIKE = ("look", "like")


def _generic(words: Sequence[str]) -> bool:
    """Whether the clause speaks of people in general."""
    for i, word in enumerate(words):
        if word in _GENERIC:
            return True
        after = words[i + 1] if i + 1 < len(words) else ""
        if word == "you" and after not in _YOU_DID and (i == 0 or words[i - 1] not in _ASKING_YOU):
            return True
        if word == "your" and after not in _YOUR_CLINIC:
            return True
    return False


def opens_question(words: Sequence[str], marked: bool) -> bool:
    """Whether the clause opens as a question; `marked`: the message has a question mark."""
    start = 1 if len(words) > 1 and words[0] in _LEAD_IN else 0
    if start >= len(words):
        return False
    first = words[start]
    if first in _WH:
        return True
    subject = words[start + 1] if start + 1 < len(words) else ""
    return first in _QUESTION_START and (marked or subject in SUBJECTS)


def _found(words: Sequence[str], markers: Grams) -> list[tuple[str, ...]]:
    """The markers in the clause, with what follows each (the word after it, or "")."""
    found = []
    for start, gram in occurrences(words, markers):
        after = words[start + len(gram)] if start + len(gram) < len(words) else ""
        indirect = gram[0] == "if" and start > 0 and words[start - 1] in _INDIRECT
        if indirect and after not in _CONDITIONAL:
            continue  # "is it normal if my skin is leaking?": the client's own skin
        if gram == _LOOK_LIKE and not _WH.intersection(words[:start]):
            continue  # "it doesn't look like healing" says how it looks
        found.append((*gram, after))
    return found


def _has(words: Sequence[str], markers: Grams) -> bool:
    return bool(_found(words, markers))


def _instructions(words: Sequence[str]) -> bool:
    """Whether the clause opens as "how to" ("how to calm a rash fast")."""
    start = 1 if len(words) > 1 and words[0] in _LEAD_IN else 0
    return any(at == start for at, _ in occurrences(words, _INSTRUCTIONS))


def _hearsay(words: Sequence[str]) -> bool:
    """Whether the clause passes on what was said or read about people in general."""
    for i, word in enumerate(words):
        if word not in _HEARSAY:
            continue
        told = list(words[i + 1 :])
        while told and told[0] in _SAID_TO:
            told.pop(0)
        if told and (told[0] in _GENERIC or told[0] == "you"):
            return True  # "she told me some people get an infection"
        if len(told) > 1 and told[0] == "to" and told[1] in _WATCHING:
            return True  # "the sheet says to look for pus"
    return False


def _conditional_report(words: Sequence[str]) -> bool:
    """Whether the clause is hypothetical only by an "if" that tells when something
    happens to the client's skin ("if I press on it there is pus"), not what may come
    ("if I get a fever") or what people should do ("if you see pus")."""
    found = _found(words, _HYPOTHETICAL)
    return bool(found) and all(
        marker[0] == "if" and marker[1] not in _PEOPLE and marker[-1] not in _CONDITIONAL
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

    @classmethod
    def of(
        cls, clauses: Sequence[Sequence[str]], *, marked: bool = False, timed: bool = False
    ) -> Frame:
        """`marked`: the message has a question mark; `timed`: it says how long ago the
        session was ("on day 3"), so it speaks of the asker's own course."""
        prevention = any(w in _PREVENTION for clause in clauses for w in clause)
        flat = [w for c in clauses for w in c]
        personal = tuple(any(w in _PERSONAL for w in c) for c in clauses)
        # "How to" is the client's own when it speaks of them or of the treatment.
        own = any(personal) or not _TREATMENT.isdisjoint(flat)
        return cls(
            hypothetical=tuple(_has(c, _HYPOTHETICAL) for c in clauses),
            conditional=tuple(not marked and _conditional_report(c) for c in clauses),
            hearsay=tuple(_hearsay(c) for c in clauses),
            personal=personal,
            generic=tuple(
                prevention or _generic(c) or (not own and _instructions(c)) for c in clauses
            ),
            questions=tuple(opens_question(c, marked) for c in clauses),
            remedial=_has(flat, _REMEDIAL) or (own and _has(flat, _HOW_TO)),
            prevention=prevention,
            timed=timed,
        )

    def clause(self, index: int) -> str:
        """How the clause at `index` speaks: REPORTED, ASKED or GENERAL."""
        if self.hypothetical[index]:
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
