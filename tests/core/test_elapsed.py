"""Days since the session, as a client's message gives them."""

from __future__ import annotations

from bot.core.elapsed import ahead, dates_session, days_mentioned


def test_days_mentioned_reads_numbers_words_and_weeks() -> None:
    assert days_mentioned("its been 5 days".split()) == 5
    assert days_mentioned("a week later".split()) == 7
    assert days_mentioned("day three and".split()) == 3
    assert days_mentioned("a couple of days".split()) == 2
    assert days_mentioned("nothing here".split()) is None


def test_next_evening_counts_as_a_day() -> None:
    assert days_mentioned("next evening and its hot".split()) == 1
    assert days_mentioned("puffy the morning after".split()) == 1


def test_months_and_weeks_later_count_as_long_ago() -> None:
    assert days_mentioned("two months after".split()) == 60
    assert days_mentioned("lumps came up weeks later".split()) == 14


def test_numbing_wearing_off_is_the_day_of_the_session() -> None:
    assert days_mentioned("on fire once the numbing wore off".split()) == 0


def test_a_weekday_counts_against_the_messages_own_today() -> None:
    assert days_mentioned("my session was on tuesday and its saturday now".split()) == 4
    assert days_mentioned("today is wednesday had it done thursday".split()) == 6


def test_a_session_weekday_without_today_is_at_least_a_day_ago() -> None:
    assert days_mentioned("had it done on friday and it feels hot".split()) == 1
    assert days_mentioned("sore since tues".split()) == 1


def test_a_weekday_still_to_come_says_nothing() -> None:
    assert days_mentioned("my appointment is on friday".split()) is None


def test_time_to_come_is_not_time_since_the_session() -> None:
    assert days_mentioned("my next session is in 3 weeks".split()) is None
    assert days_mentioned("can i stop retinol 5 days before my appointment".split()) is None
    assert days_mentioned("two days in and it still looks raw".split()) == 2
    assert days_mentioned("two sessions six weeks apart".split()) is None


def test_right_after_is_the_day_of_the_session() -> None:
    assert days_mentioned("face was tight right after".split()) == 0


def test_a_clause_saying_the_session_was_today_makes_it_day_0() -> None:
    clauses = [["got", "microneedled", "this", "morning"], "felt like a day at the beach".split()]
    assert days_mentioned([w for c in clauses for w in c], clauses) == 0


def test_today_in_the_next_sentence_is_not_the_sessions_day() -> None:
    clauses = [["had", "it", "done", "monday"], "today my face is swollen".split()]
    assert days_mentioned([w for c in clauses for w in c], clauses) == 1


def clauses(text: str) -> list[list[str]]:
    return [part.split() for part in text.split(",")]


def test_a_message_saying_when_the_session_was_dates_it() -> None:
    assert dates_session(clauses("got microneedled this morning, face is tight"))
    assert dates_session(clauses("had my second session today, still numb"))
    assert dates_session(clauses("had it done 2 days ago and it stings"))
    assert dates_session(clauses("my last treatment was yesterday"))


def test_days_of_a_symptom_do_not_date_the_session() -> None:
    assert not dates_session(clauses("my cheeks are still red, 2 days of it now"))
    assert not dates_session(clauses("sore for a week after a day in the garden"))


def test_an_article_or_a_duration_gives_days_but_does_not_date_the_session() -> None:
    assert days_mentioned("blisters after a day at the beach".split()) == 1
    assert days_mentioned("blisters after a day at the beach".split(), since=True) is None
    assert days_mentioned("do blisters last for a week".split(), since=True) is None
    assert days_mentioned("red for 3 days".split(), since=True) is None


def test_time_since_the_session_dates_it() -> None:
    assert days_mentioned("still blistered a week later".split(), since=True) == 7
    assert days_mentioned("its been a week".split(), since=True) == 7
    assert days_mentioned("3 days after and red".split(), since=True) == 3
    assert days_mentioned("on day 4 now".split(), since=True) == 4


def test_a_span_still_to_come_is_not_time_since() -> None:
    assert days_mentioned("my appointment is in a couple of weeks".split()) is None
    assert days_mentioned("booked for the next few days".split()) is None
    assert days_mentioned("a couple of weeks later it flared".split()) == 14


def test_a_weekday_still_to_come_does_not_count_against_today() -> None:
    assert days_mentioned("its tuesday today and my session is next friday".split()) is None
    assert days_mentioned("its tuesday today and my session is on friday".split()) is None
    assert days_mentioned("its tuesday today and my session was on friday".split()) == 4


def test_ahead_reads_time_to_come() -> None:
    assert ahead("is in a fortnight".split())
    assert ahead("for next wednesday".split())
    assert ahead("is on saturday".split())
    assert ahead("three weeks away".split())
    assert not ahead("was on saturday".split())
    assert not ahead("the next day it was red".split())
    assert not ahead("a week later".split())


def test_an_ordinal_day_is_a_day_of_the_course() -> None:
    assert days_mentioned("on the fourth day it is still swollen".split()) == 4
    assert days_mentioned("my 6th day and the cheeks are puffy".split()) == 6


def test_hours_after_a_product_went_on_do_not_date_the_session() -> None:
    assert days_mentioned("applied the new cream and three hours later it burns".split()) is None
    assert days_mentioned("three hours later it burns".split()) == 3 / 24
