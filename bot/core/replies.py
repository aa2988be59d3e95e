"""The wording of every reply the core gives: plain text, escaped by the edge that sends it.

The words come from the knowledge base's `Messages` (knowledge/messages.yaml); this module
decides which message fits and fills it in.
"""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge import Source, Topic, WarningSign
from bot.core.messages import Messages

ESCALATION_MESSAGES = {
    "emergency": "escalation_emergency",
    "same-day": "escalation_same_day",
    "contact": "escalation_contact",
}


def cite(source_ids: Sequence[str], sources: Sequence[Source], messages: Messages) -> str:
    """One 'Source:' line naming each document by its short name (its title if none)."""
    names = {s.id: s.name for s in sources}
    listed = "; ".join(names.get(sid, sid) for sid in source_ids)
    return messages.render("source_line" if len(source_ids) == 1 else "sources_line", titles=listed)


def render_answer(topic: Topic, sources: Sequence[Source], messages: Messages) -> str:
    """A topic's answer followed by the documents it comes from."""
    return f"{topic.answer.strip()}\n\n{cite(topic.sources, sources, messages)}"


def render_escalation(sign: WarningSign, messages: Messages) -> str:
    """What to do now: the emergency number first when it is one, then the clinic."""
    key = ESCALATION_MESSAGES.get(sign.level, "escalation_contact")
    return messages.render(key, sign=sign.title.lower(), advice=sign.advice.strip())


def render_fallback(suggestions: Sequence[Topic], messages: Messages) -> str:
    """Honest 'not sure', the closest topics, and the way to a person."""
    listed = ""
    if suggestions:
        lines = [messages.render("fallback_suggestions"), *(f"• {t.title}" for t in suggestions)]
        listed = "\n".join(lines)
    return messages.render("fallback", suggestions=listed)


def render_no_words(messages: Messages) -> str:
    """For a message with no words in it (only emoji or symbols)."""
    return messages.render("no_words")


# A concern's buttons: what each sends back, and the message that labels it.
CONCERN_CHOICES = (
    ("yes", "button_concern_yes"),
    ("no", "button_concern_no"),
    ("not-sure", "button_concern_not_sure"),
)


def concern_question(messages: Messages) -> str:
    """The concern's question, asked above its buttons."""
    return messages.render("concern_question")


def concern_choices(messages: Messages) -> tuple[tuple[str, str], ...]:
    """The concern's buttons: (what it sends back, its label)."""
    return tuple((choice, messages.render(key)) for choice, key in CONCERN_CHOICES)


def render_concern(what: str, messages: Messages) -> str:
    """A calm note that this is not the usual course, the question, and the clinic."""
    return messages.render("concern", noticed=what.lower(), question=concern_question(messages))


def render_concern_cleared(answer: str, messages: Messages) -> str:
    """After "no" to the concern's question: the answer, and to say if anything changes."""
    return messages.render("concern_cleared", topic_answer=answer)


def render_concern_escalation(messages: Messages) -> str:
    """After "yes" or "not sure" when no warning sign names what the client sees."""
    return messages.render("concern_escalation")


def render_caption_note(messages: Messages) -> str:
    """For a photo whose caption asks nothing: an acknowledgement that judges nothing."""
    return messages.render("caption_note")


def with_caption_lead(text: str, answered: bool, messages: Messages) -> str:
    """A reply to a question asked with a photo: general information, not about the photo."""
    lead = messages.render("caption_lead_answer" if answered else "caption_lead_unsure")
    return f"{lead}\n\n{text}" if answered else f"{lead}\n{text}"
