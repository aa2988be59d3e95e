"""Triage: warning signs win, negation and reassurance do not fool it."""

from __future__ import annotations

import pytest

from bot.core.knowledge import WarningSign
from bot.core.normalize import Normalizer
from bot.core.triage import Triage, days_mentioned, is_hypothetical


def sign(sign_id: str, level: str, phrases: tuple[str, ...], after: int | None = None):
    return WarningSign(sign_id, sign_id, level, phrases, "advice", ("doc",), after)


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


def found(pair: tuple[Triage, Normalizer], text: str, days: float | None = None) -> str | None:
    triage, normalizer = pair
    finding = triage.assess(normalizer.clauses(text), days)
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


def test_days_mentioned_reads_numbers_words_and_weeks() -> None:
    assert days_mentioned("its been 5 days".split()) == 5
    assert days_mentioned("a week later".split()) == 7
    assert days_mentioned("day three and".split()) == 3
    assert days_mentioned("a couple of days".split()) == 2
    assert days_mentioned("nothing here".split()) is None


def test_hypothetical_questions_are_recognised() -> None:
    assert is_hypothetical("what are the signs of infection".split())
    assert is_hypothetical("what if i get a fever".split())
    assert not is_hypothetical("i have a fever".split())


def test_negation_reaches_over_having() -> None:
    signs = (sign("allergic", "same-day", ("allergic reaction",)),)
    normalizer = Normalizer([], ["allergic reaction"])
    triage = Triage(signs, normalizer)
    clauses = normalizer.clauses("im not having an allergic reaction or anything lol")
    assert triage.assess(clauses) is None


def test_next_evening_counts_as_a_day() -> None:
    assert days_mentioned("next evening and its hot".split()) == 1
