"""The wording of every reply the core gives: plain text, escaped by the edge that sends it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge import Clinic, Source, Topic, WarningSign


def cite(source_ids: Sequence[str], sources: Sequence[Source]) -> str:
    """One 'Source:' line naming each document by its short name (its title if none)."""
    names = {s.id: s.name for s in sources}
    listed = [names.get(sid, sid) for sid in source_ids]
    label = "Source" if len(listed) == 1 else "Sources"
    return f"{label}: {'; '.join(listed)}"


def render_answer(topic: Topic, sources: Sequence[Source]) -> str:
    """A topic's answer followed by the documents it comes from."""
    return f"{topic.answer.strip()}\n\n{cite(topic.sources, sources)}"


def clinic_contact(clinic: Clinic) -> str:
    """One line with everything needed to reach the clinic."""
    return f"{clinic.name}: {clinic.phone} (open {clinic.hours})"


def render_escalation(sign: WarningSign, clinic: Clinic) -> str:
    """What to do now: the emergency number first when it is one, then the clinic."""
    advice = sign.advice.strip()
    if sign.level == "emergency":
        return (
            f"🚨 This may be an emergency. Call {clinic.emergency_number} now.\n\n"
            f"{advice}\n\nWhen you are safe, let the clinic know: {clinic_contact(clinic)}."
        )
    when = "today" if sign.level == "same-day" else "soon"
    return (
        f"⚠️ Please contact the clinic {when}: what you describe ({sign.title.lower()}) "
        f"needs a professional to look at it.\n\n{advice}\n\n{clinic_contact(clinic)}.\n"
        f"If it gets worse quickly or you feel very unwell while the clinic is closed, "
        f"call {clinic.emergency_number}."
    )


def render_fallback(suggestions: Sequence[Topic], clinic: Clinic) -> str:
    """Honest 'not sure', the closest topics, and the way to a person."""
    lines = [
        "I'm not sure I understood, and I only answer from the clinic's aftercare information."
    ]
    if suggestions:
        lines.append("Did you mean one of these?")
        lines.extend(f"• {topic.title}" for topic in suggestions)
    lines.append(f"For anything else, please ask the clinic team: {clinic_contact(clinic)}.")
    return "\n".join(lines)


def render_no_words(clinic: Clinic) -> str:
    """For a message with no words in it (only emoji or symbols)."""
    return (
        "I can only read words, so I couldn't understand that message. "
        "Please type your question, for example: “when can I wear makeup again?”\n"
        f"If something worries you, contact the clinic: {clinic_contact(clinic)}."
    )


def render_caption_note() -> str:
    """For a photo whose caption asks nothing: an acknowledgement that judges nothing."""
    return (
        "Thanks for the note with your photo. I can't look at photos, so I can't say anything "
        "about it. If you have a question about your aftercare, type it and I'll answer from "
        "the clinic's information."
    )


def with_caption_lead(text: str, answered: bool) -> str:
    """A reply to a question asked with a photo: general information, not about the photo."""
    if answered:
        return f"I can't look at photos, so this is the clinic's general information:\n\n{text}"
    return f"I can't look at photos, so I can't judge what yours shows.\n{text}"
