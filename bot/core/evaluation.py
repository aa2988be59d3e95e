"""Scores the answering core against a labelled set of client messages.

Shared by the test that guards quality and the benchmark that prints it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from bot.core.assistant import Assistant

# Labels of a warning sign: `escalate` (a listed red flag) or `concern` (the client's own
from bot.core.reply import ANSWER, CONCERN, ESCALATE

# Labels of a warning sign: `escalate` (a listed red flag) or `concern` (the client's own
# words for something going wrong). Either tier catches either: the concern asks first.
WARNING_KINDS = (ESCALATE, CONCERN)
# A harmless message whose answer is not judged, only that it raises no alarm.
CALM = "calm"


@dataclass(frozen=True)
class Example:
    """One labelled message: what a careful clinic nurse would do with it."""

    text: str
    kind: str
    topic: str | None = None
    sign: str | None = None
    days_since_session: float | None = None


@dataclass(frozen=True)
class Evaluation:
    """How the core did on a labelled set."""

    answered: int
    answered_right: int
    warnings: int
    warnings_missed: tuple[Example, ...]
    harmless: int
    harmless_escalated: tuple[Example, ...]
    mistakes: tuple[tuple[Example, str], ...] = field(default=())
    harmless_concerned: tuple[Example, ...] = ()  # soft alarms: a concern on a harmless one
    caught_hard: int = 0  # warning signs caught as escalations
    softened: tuple[Example, ...] = ()  # listed red flags (`escalate`) that only raised a concern

    @property
    def topic_accuracy(self) -> float:
        return self.answered_right / self.answered if self.answered else 1.0

    @property
    def false_escalation_rate(self) -> float:
        return len(self.harmless_escalated) / self.harmless if self.harmless else 0.0

    @property
    def soft_alarm_rate(self) -> float:
        return len(self.harmless_concerned) / self.harmless if self.harmless else 0.0


def evaluate(assistant: Assistant, examples: Sequence[Example]) -> Evaluation:
    """Top-1 topic accuracy on answerable messages, missed warnings, false and soft alarms.

    A concern carrying the right topic answers it (its "no" gives that answer).
    """
    answered = answered_right = caught_hard = 0
    missed: list[Example] = []
    false_alarms: list[Example] = []
    soft_alarms: list[Example] = []
    softened: list[Example] = []
    mistakes: list[tuple[Example, str]] = []
    for example in examples:
        reply = assistant.respond(example.text, days_since_session=example.days_since_session)
        got = f"{reply.kind}:{reply.topic or (reply.sign.id if reply.sign else '')}"
        if example.kind in WARNING_KINDS:
            if reply.kind not in WARNING_KINDS:
                missed.append(example)
                mistakes.append((example, got))
            caught_hard += reply.kind == ESCALATE
            if example.kind == ESCALATE and reply.kind == CONCERN:
                softened.append(example)
            continue
        if reply.kind == ESCALATE:
            false_alarms.append(example)
        if reply.kind == CONCERN:
            soft_alarms.append(example)
        if example.kind == ANSWER:
            answered += 1
            if reply.kind in (ANSWER, CONCERN) and reply.topic == example.topic:
                answered_right += 1
                continue
            mistakes.append((example, got))
        elif example.kind != CALM and reply.kind != example.kind:
            mistakes.append((example, got))
    warnings = sum(1 for e in examples if e.kind in WARNING_KINDS)
    return Evaluation(
        answered=answered,
        answered_right=answered_right,
        warnings=warnings,
        warnings_missed=tuple(missed),
        harmless=len(examples) - warnings,
        harmless_escalated=tuple(false_alarms),
        mistakes=tuple(mistakes),
        harmless_concerned=tuple(soft_alarms),
        caught_hard=caught_hard,
        softened=tuple(softened),
    )
