"""The answering core: a client's text in, the reply to give out. Pure and deterministic.

Order matters for safety: warning signs are checked first, then small talk, then
topics; below the confidence threshold the client is told honestly we are not sure.
An optional semantic ranker (`bot.core.ranking`) helps rank topics; it comes after
triage and never decides an escalation.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core.captions import is_question
from bot.core.knowledge import KnowledgeBase, Topic, WarningSign
from bot.core.matcher import NOT_COVERED, STOPWORDS, WEAK_WORDS, Match, TopicMatcher
from bot.core.normalize import Normalizer
from bot.core.ranking import SemanticRanker, confident, join
from bot.core.relevance import may_answer
from bot.core.replies import (
    render_answer,
    render_caption_note,
    render_escalation,
    render_fallback,
    render_no_words,
    with_caption_lead,
)
from bot.core.smalltalk import SmallTalkMatcher
from bot.core.triage import NEGATORS, Triage, is_hypothetical

ANSWER, ESCALATE, FALLBACK, SMALLTALK = "answer", "escalate", "fallback", "smalltalk"
DEFAULT_THRESHOLD = 32.0  # tuned on tests/eval and bench/holdout: core_latency.py prints both
# Answers a hypothetical question about warning signs ("what does an infection look like?").
WARNING_SIGNS_TOPIC = "warning-signs"
MAX_MESSAGE_CHARS = 4096


@dataclass(frozen=True)
class Reply:
    """What the core decided, and everything an edge needs to act on it."""

    kind: str
    text: str
    topic: str | None = None
    score: float = 0.0
    sign: WarningSign | None = None
    suggestions: tuple[Topic, ...] = ()
    unanswered: str | None = None  # a question to record so staff can add it

    def as_dict(self) -> dict[str, object]:
        """The `ask` command's JSON shape."""
        return {
            "kind": self.kind,
            "topic": self.topic,
            "score": self.score,
            "reply": self.text,
            "sign": self.sign.id if self.sign else None,
            "suggestions": [t.id for t in self.suggestions],
        }


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
        vocabulary = [
            *(q for t in kb.topics for q in (*t.questions, t.title, *t.keywords)),
            *(p for s in kb.warning_signs for p in s.phrases),
            *(p for s in kb.smalltalk for p in s.phrases),
            *(not_covered := [n.text for n in kb.not_covered]),
        ]
        self.normalizer = Normalizer(kb.replacements, vocabulary, STOPWORDS | WEAK_WORDS | NEGATORS)
        self.triage = Triage(kb.warning_signs, self.normalizer)
        self.matcher = TopicMatcher(kb.topics, self.normalizer, not_covered)
        self.smalltalk = SmallTalkMatcher(kb.smalltalk, self.normalizer)
        # The ranker also reads the not-covered questions, as the matcher's stand-in topic.
        self.ranker = ranker.for_topics(self.matcher.topics) if ranker is not None else None

    def respond(
        self, text: str, *, days_since_session: float | None = None, caption: bool = False
    ) -> Reply:
        """The reply to one client message, or (`caption`) to the words sent with a photo:
        checked for warning signs the same way, but answered only if they ask something,
        and never in words that could read as a judgement of the photo."""
        clauses = self.normalizer.clauses(text[:MAX_MESSAGE_CHARS])
        words = [w for clause in clauses for w in clause]
        if not words:
            return Reply(FALLBACK, render_no_words(self.kb.messages))
        finding = self.triage.assess(clauses, days_since_session)
        if finding is not None:
            hypothetical = finding.sign.level != "emergency" and is_hypothetical(words)
            general = self.kb.topic(WARNING_SIGNS_TOPIC)
            if hypothetical and general is not None:
                return self.answer(general.id, score=100.0)
            return Reply(
                ESCALATE,
                render_escalation(finding.sign, self.kb.messages),
                score=100.0,
                sign=finding.sign,
            )
        if caption:
            if not is_question(text, clauses):
                return Reply(SMALLTALK, render_caption_note(self.kb.messages), score=100.0)
            reply = self.respond(text, days_since_session=days_since_session)
            return replace(
                reply, text=with_caption_lead(reply.text, reply.kind == ANSWER, self.kb.messages)
            )
        talk = self.smalltalk.match(words)
        if talk is not None:
            return Reply(SMALLTALK, talk.reply, score=100.0)
        matches, sure = self._rank(text[:MAX_MESSAGE_CHARS], words)
        best = matches[0] if matches else None
        if (
            best is not None
            and sure
            and best.topic.id != NOT_COVERED.id
            and may_answer(self.matcher, best.topic, words)
        ):
            return self.answer(best.topic.id, score=best.score)
        suggestions = tuple(m.topic for m in matches if m.topic.id != NOT_COVERED.id)[:3]
        return Reply(
            FALLBACK,
            render_fallback(suggestions, self.kb.messages),
            score=matches[0].score if matches else 0.0,
            suggestions=suggestions,
            unanswered=text[:MAX_MESSAGE_CHARS],
        )

    def _rank(self, text: str, words: list[str]) -> tuple[list[Match], bool]:
        """The topics, best first, and whether the first is sure enough to answer."""
        if self.ranker is None:
            lexical = self.matcher.rank(words, limit=4)
            return lexical, bool(lexical) and lexical[0].score >= self.threshold
        lexical = self.matcher.rank(words, limit=len(self.matcher.topics))
        similarities = self.ranker.topic_similarities(text)
        ranked = join(lexical, similarities, self.matcher.topics)
        if lexical and lexical[0].topic.id == WARNING_SIGNS_TOPIC:
            # Safety first: the ranker never moves a message off the warning-signs answer
            # (it reads "not normal" much like "normal").
            ranked = [lexical[0], *(m for m in ranked if m.topic.id != WARNING_SIGNS_TOPIC)]
        sure = bool(ranked) and confident(ranked[0], lexical, similarities, self.threshold)
        return ranked, sure

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
            return Reply(
                ESCALATE, render_escalation(sign, self.kb.messages), score=100.0, sign=sign
            )
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
