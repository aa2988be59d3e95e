"""Triage: warning signs win, negation and reassurance do not fool it."""

from __future__ import annotations

import pytest

from bot.core.elapsed import days_mentioned
from bot.core.knowledge import WarningSign
from bot.core.normalize import Normalizer
from bot.core.phrases import Message
from bot.core.triage import Finding, Triage


def sign(
    sign_id: str,
    level: str,
    phrases: tuple[str, ...],
    after: int | None = None,
    unless: tuple[str, ...] = (),
):
    return WarningSign(sign_id, sign_id, level, phrases, "advice", ("doc",), after, unless)


SIGNS = (
    sign("infection", "same-day", ("pus", "yellow stuff", "yellow crust", "hot skin", "oozing")),
    sign("fever", "same-day", ("fever", "temperature")),
    sign("breathing", "emergency", ("cant breathe", "difficulty breathing")),
    sign("lasting-redness", "contact", ("still red", "still swollen"), after=3),
)


@pytest.fixture
def triage() -> tuple[Triage, Normalizer]:
    normalizer = Normalizer([], [p for s in SIGNS for p in s.phrases])
    return Triage(SIGNS, normalizer), normalizer


def assess(triage: Triage, message: Message, days: float | None = None) -> Finding | None:
    """The most urgent warning sign in the message, or None."""
    return next(triage.findings(message, days), None)


def found(pair: tuple[Triage, Normalizer], text: str, days: float | None = None) -> str | None:
    triage, normalizer = pair
    message = Message.read(normalizer, text)
    known = [d for d in (days_mentioned(message.flat), days) if d is not None]
    finding = assess(triage, message, max(known) if known else None)
    return finding.sign.id if finding else None


def test_pus_escalates(triage) -> None:
    assert found(triage, "there is pus on my cheek") == "infection"


def test_negated_sign_does_not_escalate(triage) -> None:
    assert found(triage, "no pus, just a bit red") is None
    assert found(triage, "I don't think I have a fever") is None
    assert found(triage, "no pus or fever, all good") is None


def test_negation_does_not_reach_past_the_list(triage) -> None:
    assert found(triage, "no fever but there is pus") == "infection"
    assert found(triage, "no fever i have pus though") == "infection"


def test_misspelt_rambling_message_escalates(triage) -> None:
    text = "its been 5 days and its still really red and hot and theres yellow stuff"
    assert found(triage, text) == "infection"


def test_emergency_outranks_other_signs(triage) -> None:
    assert found(triage, "fever and i cant breathe properly") == "breathing"


def test_lasting_redness_needs_the_days(triage) -> None:
    assert found(triage, "still red, is that normal?") is None
    assert found(triage, "still red the day after") is None
    assert found(triage, "still red after 5 days") == "lasting-redness"
    assert found(triage, "still red, is that normal?", days=4) == "lasting-redness"


def test_words_far_apart_are_not_a_phrase(triage) -> None:
    assert found(triage, "still waiting to hear about my appointment my face is red") is None


def test_negation_reaches_over_having() -> None:
    signs = (sign("allergic", "same-day", ("allergic reaction",)),)
    normalizer = Normalizer([], ["allergic reaction"])
    triage = Triage(signs, normalizer)
    message = Message.read(normalizer, "im not having an allergic reaction or anything lol")
    assert assess(triage, message) is None


def test_negation_reaches_over_a_filler_word_that_is_also_listed() -> None:
    signs = (
        sign("infection", "same-day", ("infected",)),
        sign("worse", "same-day", ("got worse",)),
    )
    normalizer = Normalizer([], ["infected", "got worse"])
    triage = Triage(signs, normalizer)
    message = Message.read(normalizer, "amazingly i never got an infection")
    assert assess(triage, message) is None
    assert assess(triage, Message.read(normalizer, "it got infected")) is not None


def test_unless_word_in_the_same_sentence_cancels_a_phrase() -> None:
    signs = (sign("getting-worse", "same-day", ("getting worse",), unless=("acne",)),)
    normalizer = Normalizer([], ["getting worse", "acne"])
    triage = Triage(signs, normalizer)
    assert assess(triage, Message.read(normalizer, "my acne gets worse for a while")) is None
    assert assess(triage, Message.read(normalizer, "it is getting worse")) is not None
    message = Message.read(normalizer, "I had acne. Now the redness is getting worse")
    assert assess(triage, message) is not None


def test_finding_names_the_clause_it_is_in(triage) -> None:
    pair_triage, normalizer = triage
    finding = assess(pair_triage, Message.read(normalizer, "all fine, no worries, but theres pus"))
    assert (finding.sign.id, finding.clause) == ("infection", 2)
