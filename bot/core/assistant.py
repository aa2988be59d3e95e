"""The answering core: a client's text in, the reply to give out. Pure and deterministic.

Order matters for safety: both tiers of triage come first (listed warning signs, then
concerns in the client's own words), then small talk, then topics; below the confidence
threshold the client is told honestly we are not sure. An optional semantic ranker
(`bot.core.ranking`) helps rank topics; it comes after triage and never decides an
escalation or a concern.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core.captions import is_question
from bot.core.elapsed import days_mentioned, session_days
from bot.core.knowledge import KnowledgeBase, WarningSign
from bot.core.limits import MAX_MESSAGE_LENGTH
from bot.core.matcher import NOT_COVERED, STOPWORDS, WEAK_WORDS, Match, TopicMatcher
from bot.core.normalize import Normalizer
from bot.core.phrases import NEGATORS, Message
from bot.core.ranking import SemanticRanker, confident, join
from bot.core.relevance import may_answer
from bot.core.replies import (
    CONCERN_CHOICES,
    concern_choices,
    concern_question,
    render_answer,
    render_caption_note,
    render_concern,
    render_concern_cleared,
    render_concern_escalation,
    render_escalation,
    render_fallback,
    render_no_words,
    with_caption_lead,
)
from bot.core.reply import ANSWER, CHECK, CONCERN, ESCALATE, FALLBACK, SMALLTALK, Choice, Reply
from bot.core.screening import (
    ASK,
    RISKS_ANSWER,
    SIGN,
    SIGNS_ANSWER,
    UNSURE,
    WARNING_SIGNS_TOPIC,
    Screened,
    Screening,
)
from bot.core.smalltalk import SmallTalkMatcher
from bot.core.subject import Frame

YES, NO, NOT_SURE = (choice for choice, _ in CONCERN_CHOICES)
SUITABILITY_TOPIC = "who-should-avoid"  # and its children: contraindications
THANKS = "thanks"  # the small talk a message may open with and still be only that
DEFAULT_THRESHOLD = 32.0  # tuned on tests/eval and bench/holdout: core_latency.py prints both


class Assistant:
    """A knowledge base compiled for answering; build once, then call `respond` freely.

    `ranker` (None: lexical matching only) is bound to this knowledge base's topics here.
    """

    def __init__(
        self,
        kb: KnowledgeBase,
        threshold: float = DEFAULT_THRESHOLD,
        ranker: SemanticRanker | None = None,
    ) -> None:
        self.kb = kb
        self.threshold = threshold
        self._contraindications = {SUITABILITY_TOPIC} | {
            t.id for t in kb.topics if t.parent == SUITABILITY_TOPIC
        }
        vocabulary = [
            *(q for t in kb.topics for q in (*t.questions, t.title, *t.keywords)),
            *(p for s in kb.warning_signs for p in s.phrases),
            *(p for c in kb.concerns.concerns for p in c.phrases),
            *(p for s in kb.smalltalk for p in s.phrases),
            *(not_covered := [n.text for n in kb.not_covered]),
        ]
        self.normalizer = Normalizer(
            kb.replacements, vocabulary, STOPWORDS | WEAK_WORDS | NEGATORS, kb.dictionary
        )
        self.screening = Screening(kb, self.normalizer)
        self.matcher = TopicMatcher(kb.topics, self.normalizer, not_covered)
        self.smalltalk = SmallTalkMatcher(kb.smalltalk, self.normalizer)
        # The ranker also reads the not-covered questions, as the matcher's stand-in topic.
        self.ranker = ranker.for_topics(self.matcher.topics) if ranker is not None else None

    def respond(
        self, text: str, *, days_since_session: float | None = None, caption: bool = False
    ) -> Reply:
        """The reply to one client message, or (`caption`) to the words sent with a photo:
        triaged the same way, but answered only if they ask something, and never in words
        that could read as a judgement of the photo."""
        text = text[:MAX_MESSAGE_LENGTH]
        message = Message.read(self.normalizer, text)
        words = message.flat
        if not words:
            return Reply(FALLBACK, render_no_words(self.kb.messages))
        days = session_days(words, message.words, days_since_session)
        timed = days_mentioned(words, message.words, since=True) is not None
        frame = Frame.of(message.words, marked="?" in text, timed=timed)
        triaged = self._triage(text, message, days, frame, days_since_session)
        if triaged is not None:
            return triaged
        if not caption:
            return self._reply(text, message)
        if not is_question(text, message.words):
            return Reply(SMALLTALK, render_caption_note(self.kb.messages), score=100.0)
        reply = self._reply(text, message)
        lead = with_caption_lead(reply.text, reply.kind == ANSWER, self.kb.messages)
        return replace(reply, text=lead)

    def _reply(self, text: str, message: Message) -> Reply:
        """After triage: small talk, the topic that answers, or an honest "not sure"."""
        words = message.flat
        asks = is_question(text, message.words)
        talk = self.smalltalk.match(words)
        if talk is None and not asks:
            talk = self.smalltalk.opening(words, THANKS, about_reply=True)  # "thanks, that..."
        if talk is not None:
            return Reply(SMALLTALK, talk.reply, score=100.0)
        matches, sure = self._rank(text, words)
        best = matches[0] if matches else None
        if (
            best is not None
            and sure
            and best.topic.id != NOT_COVERED.id
            and may_answer(self.matcher, best.topic, words)
        ):
            return self.answer(best.topic.id, score=best.score)
        talk = None if asks else self.smalltalk.opening(words, THANKS)
        if talk is not None:
            return Reply(SMALLTALK, talk.reply, score=100.0)  # "thanks, that's reassuring"
        return self._not_sure(text, matches)

    def _not_sure(self, text: str, matches: list[Match]) -> Reply:
        """The honest "not sure": the closest topics, the clinic's contact, and the question
        recorded so staff can answer it next time."""
        suggestions = tuple(m.topic for m in matches if m.topic.id != NOT_COVERED.id)[:3]
        return Reply(
            FALLBACK,
            render_fallback(suggestions, self.kb.messages),
            score=matches[0].score if matches else 0.0,
            suggestions=suggestions,
            unanswered=text,
        )

    def _triage(
        self,
        text: str,
        message: Message,
        days: float | None,
        frame: Frame,
        recorded: float | None,
    ) -> Reply | None:
        """Both tiers, before any answer (`bot.core.screening`): an escalation, a concern,
        the warning-signs answer to a general question about what can go wrong, or None.
        `recorded`: the days since the session on the client's record."""
        found = self.screening.screen(message, days, frame, recorded=recorded)
        if found is None:
            return None
        if found.action == SIGN and found.sign is not None:
            return self.escalation(found.sign, cue=found.cue)
        if found.action == ASK:
            return self._concern(text, message, found)
        if found.action == UNSURE:  # not microneedling's sign to judge
            return self._not_sure(text, self._rank(text, message.flat)[0])
        topic: str | None = None
        if found.action == SIGNS_ANSWER:
            topic = WARNING_SIGNS_TOPIC
        elif found.action == RISKS_ANSWER:
            topic = self.screening.risk_topic(self.matcher, message.flat)
        if topic is None or self.kb.topic(topic) is None:
            return None
        return self.answer(topic, score=100.0)

    def _concern(self, text: str, message: Message, found: Screened) -> Reply:
        """Ask before escalating; the best topic, if sure, is the answer for "no"."""
        matches, sure = self._rank(text, message.flat)
        best = matches[0] if matches and sure else None
        if best is not None and (
            best.topic.id == NOT_COVERED.id
            or not may_answer(self.matcher, best.topic, message.flat)
        ):
            best = None
        return Reply(
            CONCERN,
            render_concern(found.what, self.kb.messages),
            topic=best.topic.id if best else None,
            score=best.score if best else 0.0,
            sign=found.sign,
            level=CHECK,
            concern=found.concern,
            cue=found.cue,
            question=concern_question(self.kb.messages),
            choices=tuple(Choice(c, label) for c, label in concern_choices(self.kb.messages)),
        )

    def _rank(self, text: str, words: list[str]) -> tuple[list[Match], bool]:
        """The topics, best first, and whether the first is sure enough to answer."""
        if self.ranker is None:
            lexical = self.matcher.rank(words, limit=4)
            return lexical, bool(lexical) and lexical[0].score >= self.threshold
        lexical = self.matcher.rank(words, limit=len(self.matcher.topics))
        similarities = self.ranker.topic_similarities(text)
        ranked = join(lexical, similarities, self.matcher.topics)
        first = lexical[0] if lexical else None
        if first is not None and (
            first.topic.id == WARNING_SIGNS_TOPIC
            or (first.topic.id in self._contraindications and first.score >= self.threshold)
        ):
            # Safety first: the ranker never moves a message off the warning-signs answer
            # (it reads "not normal" much like "normal"), nor off who should not have the
            # treatment when the words clearly say so ("just found out I'm expecting").
            ranked = [first, *(m for m in ranked if m.topic.id != first.topic.id)]
        sure = bool(ranked) and confident(
            ranked[0], lexical, similarities, self.threshold, NOT_COVERED.id
        )
        return ranked, sure

    def concern_response(
        self, choice: str, topic_id: str | None = None, sign_id: str | None = None
    ) -> Reply:
        """What a concern's button does: "yes" or "not sure" escalate, "no" answers.

        `topic_id` and `sign_id` are the concern reply's own `topic` and `sign`. "No" gives
        that topic's answer (or the warning-signs one) and asks to hear if anything changes;
        with neither topic in the knowledge base (since removed), only that. Raises KeyError
        only for an unknown `choice`.
        """
        if choice in (YES, NOT_SURE):
            sign = self.kb.warning_sign(sign_id or self.kb.concerns.escalate_to)
            if sign is not None:
                return self.escalation(sign)
            return Reply(
                ESCALATE, render_concern_escalation(self.kb.messages), score=100.0, level="same-day"
            )
        if choice != NO:
            raise KeyError(choice)
        topic = self.kb.topic(topic_id or WARNING_SIGNS_TOPIC)
        if topic is None:
            topic = self.kb.topic(WARNING_SIGNS_TOPIC)
        if topic is None:
            text = render_concern_cleared("", self.kb.messages)
            return Reply(FALLBACK, text, score=100.0)
        answer = render_answer(topic, self.kb.sources, self.kb.messages)
        text = render_concern_cleared(answer, self.kb.messages)
        return Reply(ANSWER, text, topic=topic.id, score=100.0)

    def escalation(self, sign: WarningSign, cue: str | None = None) -> Reply:
        """The escalation reply for a warning sign."""
        return Reply(
            ESCALATE,
            render_escalation(sign, self.kb.messages),
            score=100.0,
            sign=sign,
            level=sign.level,
            cue=cue,
        )

    def checkin_response(self, response_id: str, days_since_session: float | None) -> Reply:
        """The reply to a tapped check-in button: a kind note, a topic, or an escalation.

        "Still red" is a normal side effect at first and a warning sign once past the
        days the documents give (`escalate_after_days`).
        """
        response = self.kb.response(response_id)
        if response is None:
            raise KeyError(response_id)
        sign = self.kb.warning_sign(response.sign) if response.sign else None
        past = response.escalate_after_days
        late = past is not None and days_since_session is not None and days_since_session >= past
        if sign is not None and (not response.answer or late):
            return self.escalation(sign)
        if response.answer:
            return self.answer(response.answer)
        return Reply(SMALLTALK, response.reply.strip(), score=100.0)

    def answer(self, topic_id: str, score: float = 100.0) -> Reply:
        """A topic's answer, as when a client taps a suggested topic."""
        topic = self.kb.topic(topic_id)
        if topic is None:
            raise KeyError(topic_id)
        return Reply(
            ANSWER,
            render_answer(topic, self.kb.sources, self.kb.messages),
            topic=topic.id,
            score=score,
        )
