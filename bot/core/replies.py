"""The wording of every reply the core gives: plain text, escaped by the edge that sends it."""

from __future__ import annotations

from collections.abc import Sequence

from bot.core.knowledge import Clinic, Source, Topic, WarningSign


def cite(source_ids: Sequence[str], sources: Sequence[Source]) -> str:
    """The 'Source:' line naming each document by its title."""
    titles = {s.id: s.title for s in sources}
    names = [f"“{titles.get(sid, sid)}”" for sid in source_ids]
    label = "Source" if len(names) == 1 else "Sources"
    return f"{label}: {'; '.join(names)}"


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


# The concern tier's question and its buttons: (choice id, label).
CONCERN_QUESTION = "Is it getting worse, or is there pus, fever, blisters or swelling that spreads?"
CONCERN_CHOICES = (("yes", "Yes"), ("no", "No"), ("not-sure", "Not sure"))


def render_concern(what: str, clinic: Clinic) -> str:
    """A calm note that this is not the usual course, the clinic, and the question."""
    return (
        f"Thank you for telling me. What you describe ({what.lower()}) is not the usual "
        f"course of healing after microneedling, so I'd like to check one thing.\n\n"
        f"{CONCERN_QUESTION}\n\n"
        f"You can always call the clinic: {clinic_contact(clinic)}."
    )


def render_concern_cleared(answer: str, clinic: Clinic) -> str:
    """After "no" to the concern's question: the answer, and to say if anything changes."""
    return (
        f"Thank you. {answer}\n\n"
        f"Please tell me if anything changes, or call the clinic if you are worried: "
        f"{clinic_contact(clinic)}."
    )


def render_concern_escalation(clinic: Clinic) -> str:
    """After "yes" or "not sure" when no warning sign names what the client sees."""
    return (
        f"⚠️ Please contact the clinic today so a professional can look at your skin: "
        f"{clinic_contact(clinic)}.\n"
        f"If it gets worse quickly or you feel very unwell while the clinic is closed, "
        f"call {clinic.emergency_number}."
    )
