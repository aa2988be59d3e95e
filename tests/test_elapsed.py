"""Days since the session, as a client's message gives them."""

from __future__ import annotations

from bot.core.elapsed import days_mentioned


def test_days_mentioned_reads_numbers_words_and_weeks() -> None:
    assert days_mentioned("its been 5 days".split()) == 5
    assert days_mentioned("a week later".split()) == 7
    assert days_mentioned("day three and".split()) == 3
    assert days_mentioned("a couple of days".split()) == 2
    assert days_mentioned("nothing here".split()) is None


def test_next_evening_counts_as_a_day() -> None:
    assert days_mentioned("next evening and its hot".split()) == 1


def test_months_and_weeks_later_count_as_long_ago() -> None:
    assert days_mentioned("two months after".split()) == 60
    assert days_mentioned("lumps came up weeks later".split()) == 14


def test_numbing_wearing_off_is_the_day_of_the_session() -> None:
    assert days_mentioned("on fire once the numbing wore off".split()) == 0
