"""Both tiers of triage read together, before any answer: what a message calls for.

The hard tier (`bot.core.triage`, listed warning signs) and the concern tier
(`bot.core.concern`, the client's own words) are weighed with who the message is about
(`bot.core.subject`): a reported sign escalates, an emergency always does, a sign asked
about impersonally or a concern raises a clarifying question, a general question about
what can go wrong gets the warning-signs answer, and a sign after another treatment or cause
that is not microneedling's to judge gets the honest "not sure", not a topic's answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.core.concern import ConcernCheck, Noticed
from bot.core.course import CAME_BACK, Course
from bot.core.knowledge import Concern, KnowledgeBase, WarningSign
from bot.core.matcher import TopicMatcher
from bot.core.normalize import Normalizer
from bot.core.phrases import Message, PhraseIndex, phrase_stems
from bot.core.relevance import judged_here
from bot.core.speech import simile_before, worry_about_results
from bot.core.subject import ASKED, GENERAL, REPORTED, Frame
from bot.core.treatment import beforehand, elsewhere, everyday
from bot.core.triage import Finding, Triage

# What a message calls for.
SIGN = "sign"  # a warning sign reported: escalate at once
ASK = "ask"  # a concern, or a sign asked about: ask before escalating
SIGNS_ANSWER = "signs-answer"  # a general question naming a listed sign: the warning signs
RISKS_ANSWER = "risks-answer"  # a general question about what can go wrong: that family
# A sign after another treatment or cause, or named in a general heading that is not ours
# to judge ("how to get rid of a cold sore overnight"): the honest "not sure".
UNSURE = "unsure"
# Answers a general question about warning signs ("what does an infection look like?").
WARNING_SIGNS_TOPIC = "warning-signs"
EMERGENCY = "emergency"  # the level of a sign that always escalates
# A session this many days ago or fewer may still cause what a client reports before
# the next one, so a question about before a session is then triaged as usual.
RECENT_DAYS = 14


@dataclass(frozen=True)
class Screened:
    """What screening decided, and what showed it (for the reply and the staff alert)."""

    action: str
    sign: WarningSign | None = None
    concern: Concern | None = None
    cue: str | None = None

    @property
    def what(self) -> str:
        """What was noticed, in words for the client and staff."""
        if self.concern is not None:
            return self.concern.title
        return self.sign.title if self.sign is not None else ""


@dataclass(frozen=True)
class _Cause:
    """Whether microneedling's usual course judges what a message reports."""

    message: Message
    before: bool  # about before a session: nothing after it yet
    other: bool  # names another treatment or cause, and no session is recent on record
    everyday: bool  # ...a cause that is no procedure at all ("my flu jab", "a bee sting")

    @classmethod
    def of(
        cls, message: Message, days: float | None, frame: Frame, recorded: float | None
    ) -> _Cause:
        """`days`: since the session, by the message or the record; `recorded`: by the
        record. A session known to be recent may still be the cause: then signs count."""
        # "I get cold sores, what should I do before my appointment?"
        before = beforehand(message.flat, timed=frame.timed) and (
            days is None or days > RECENT_DAYS
        )
        # "my lips are swollen after filler", unless a session was days ago
        recent = recorded is not None and recorded <= RECENT_DAYS
        other = not recent and elsewhere(message.flat)
        return cls(message, before, other, other and everyday(message.flat))

    def excused(self, clause: int, any_treatment: bool) -> bool:
        """Whether a finding in `clause` is not microneedling's to judge: the message is
        about before a session, or its sentence about another treatment (unless the finding
        is a red flag after `any_treatment`) or an everyday cause (whatever the finding:
        emergencies are never excused)."""
        if self.before:
            return True
        if not self.other:
            return False
        words = self.message.sentence_words(clause)
        if self.everyday and everyday(words):
            return True
        return not any_treatment and elsewhere(words)

    def asked(self, any_treatment: bool) -> bool:
        """Whether a finding reported outside the sentence naming the other treatment or
        cause is asked about: one microneedling's course judges, or any after an everyday
        cause ("i got my ears pierced. now there's pus")."""
        return self.other and (not any_treatment or self.everyday)


class Screening:
    """The two tiers of a knowledge base, compiled once."""

    def __init__(self, kb: KnowledgeBase, normalizer: Normalizer) -> None:
        self.kb = kb
        concerns = kb.concerns.concerns
        # A negation runs through a list of symptoms of either tier ("no pus or weeping",
        # "no fever, pus or swelling").
        listed = phrase_stems(
            normalizer,
            [
                *(p for s in kb.warning_signs for p in s.phrases),
                *(p for c in concerns for p in c.phrases),
            ],
        )
        self.triage = Triage(kb.warning_signs, normalizer, listed)
        self.concerns = ConcernCheck(concerns, normalizer, listed)
        self._risk = PhraseIndex(((w, w, ()) for w in kb.concerns.risk_words), normalizer)
        self.course = Course(normalizer, listed)
        self._came_back = next((c for c in concerns if c.id == CAME_BACK), None)

    def screen(
        self,
        message: Message,
        days: float | None,
        frame: Frame,
        *,
        recorded: float | None = None,
    ) -> Screened | None:
        """Both tiers, most urgent first; None: nothing for triage, answer as usual.

        `days`: since the session, by the message or the record; `recorded`: by the record.
        """
        cause = _Cause.of(message, days, frame, recorded)
        asked: Finding | None = None
        about_signs = False  # a listed sign spoken of in general ("what if I get a fever?")
        about_risks = False  # what can go wrong, in general ("can it cause nerve damage?")
        unsure = False  # a sign after another treatment or cause, not microneedling's to judge
        for finding in self.triage.findings(message, days):
            sign = finding.sign
            if sign.level != EMERGENCY and cause.excused(finding.clause, sign.any_treatment):
                unsure = unsure or frame.clause(finding.clause, finding.start) != GENERAL
                continue
            where = frame.clause(finding.clause, finding.start)
            if where == REPORTED and simile_before(message.words[finding.clause], finding.start):
                where = ASKED  # "I look like I've had an allergic reaction": ask
            if where == REPORTED and cause.asked(sign.any_treatment):
                where = ASKED  # "my lips are swollen. I had filler yesterday": ask
            if sign.level == EMERGENCY or where == REPORTED:
                return Screened(SIGN, sign, cue=finding.phrase)
            if where == ASKED and asked is None:
                asked = finding  # "is it normal to get blisters?": ask
            about_signs = True
        noticed: Noticed | None = None
        for hit in self.concerns.noticed(message, days):
            if cause.excused(hit.clause, hit.concern.any_treatment):
                unsure = unsure or frame.clause(hit.clause, hit.start) != GENERAL
                continue  # "I react to everything, can I still have it?"
            if not hit.concern.when_asked and frame.questions[hit.clause]:
                continue  # "did something go wrong?": the symptoms named decide
            if worry_about_results(message.words[hit.clause], hit.start):
                continue  # "worried I've ruined it": the question decides
            if frame.clause(hit.clause, hit.start) != GENERAL:
                noticed = noticed or hit
            elif any(frame.questions) and not hit.concern.normal_for_days:
                about_risks = True  # "can it cause nerve damage?", not "puffy eyes: why?"
        if noticed is None and self._came_back is not None:
            for clause, symptom in self.course.relapses(message, days, timed=frame.timed):
                if cause.excused(clause, any_treatment=False):
                    continue
                if frame.clause(clause) != GENERAL:  # not "what if it comes back?"
                    noticed = Noticed(self._came_back, symptom, clause)
                    break
        if asked is not None:
            return Screened(ASK, asked.sign, cue=asked.phrase)
        if noticed is not None:
            return Screened(ASK, concern=noticed.concern, cue=noticed.phrase)
        if cause.before:
            return None  # the topic that answers it
        if cause.other:
            return Screened(UNSURE) if unsure else None  # "swollen lips after filler"
        if any(frame.clause(hit.clause) != REPORTED for hit in self._risk.hits(message)):
            about_risks = True  # "are there risks?", "what can go wrong?"
        if frame.prevention:
            return None  # "how to avoid dark patches": the topic that answers it
        if about_signs and self.kb.topic(WARNING_SIGNS_TOPIC) is not None:
            # "sunburn blisters: should you pop them?" names a sign, not our treatment
            return Screened(SIGNS_ANSWER if judged_here(message.flat) else UNSURE)
        return Screened(RISKS_ANSWER) if about_risks else None

    def risk_topic(self, matcher: TopicMatcher, words: Sequence[str]) -> str | None:
        """The topic for a general question about what can go wrong: warning-signs or the
        one of its children that fits best ("are there risks?" -> risks and complications)."""
        family = {WARNING_SIGNS_TOPIC}
        family |= {t.id for t in self.kb.topics if t.parent == WARNING_SIGNS_TOPIC}
        for match in matcher.rank(list(words), limit=len(matcher.topics)):
            if match.topic.id in family:
                return match.topic.id
        return WARNING_SIGNS_TOPIC if self.kb.topic(WARNING_SIGNS_TOPIC) is not None else None
