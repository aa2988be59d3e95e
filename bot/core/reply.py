"""What the answering core decides for one message: its kind, its words, and what an edge
needs to act on it (buttons, the staff alert, the question to record)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.knowledge import Concern, Topic, WarningSign

ANSWER, ESCALATE, FALLBACK, SMALLTALK = "answer", "escalate", "fallback", "smalltalk"
CONCERN = "concern"
CHECK = "check"  # the level of a concern: ask before escalating


@dataclass(frozen=True)
class Choice:
    """A button an edge shows under a reply: what it sends back, and its label."""

    id: str
    label: str


@dataclass(frozen=True)
class Reply:
    """What the core decided, and everything an edge needs to act on it.

    kind `escalate`: `level` is the sign's (emergency, same-day, contact); alert staff.
    kind `concern`: `level` is "check"; show `choices` as buttons (or numbered choices)
    and pass the one picked to `Assistant.concern_response` with this reply's `topic`
    (for "no") and `sign` (for "yes" and "not sure"); tell staff quietly (`cue` says
    what was noticed).
    """

    kind: str
    text: str
    topic: str | None = None
    score: float = 0.0
    sign: WarningSign | None = None
    suggestions: tuple[Topic, ...] = ()
    unanswered: str | None = None  # a question to record so staff can add it
    level: str | None = None
    concern: Concern | None = None  # what the concern tier noticed
    cue: str | None = None  # the client's words that raised the sign or the concern
    question: str | None = None  # the concern's clarifying question (also in `text`)
    choices: tuple[Choice, ...] = ()

    def as_dict(self) -> dict[str, object]:
        """The `ask` command's JSON shape."""
        return {
            "kind": self.kind,
            "level": self.level,
            "topic": self.topic,
            "score": self.score,
            "reply": self.text,
            "sign": self.sign.id if self.sign else None,
            "concern": self.concern.id if self.concern else None,
            "cue": self.cue,
            "question": self.question,
            "choices": [{"id": c.id, "label": c.label} for c in self.choices],
            "suggestions": [t.id for t in self.suggestions],
        }
