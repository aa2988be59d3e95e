"""Typed treatment dates: what clients write, read in the clinic's time zone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.dates import (
    days_between,
    describe_day,
    is_future,
    noon_days_ago,
    parse_session_date,
    parse_session_moment,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
NOW = datetime(2026, 11, 20, 15, 30, tzinfo=UTC)  # Friday 20 November 2026, 15:30 in London


def noon(year: int, month: int, day: int, tz: ZoneInfo = LONDON) -> datetime:
    return datetime(year, month, day, 12, tzinfo=tz)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20 Nov", noon(2026, 11, 20)),
        ("18 Nov", noon(2026, 11, 18)),
        ("18 november", noon(2026, 11, 18)),
        ("18th November", noon(2026, 11, 18)),
        ("the 18th of November", noon(2026, 11, 18)),
        ("Nov 18", noon(2026, 11, 18)),
        ("November 18th, 2026", noon(2026, 11, 18)),
        ("18 Nov 2025", noon(2025, 11, 18)),
        ("18 Nov '25", noon(2025, 11, 18)),
        ("18/11", noon(2026, 11, 18)),
        ("18.11.2026", noon(2026, 11, 18)),
        ("18-11-26", noon(2026, 11, 18)),
        ("11/18", noon(2026, 11, 18)),  # no 18th month: read month first
        ("5/11", noon(2026, 11, 5)),  # day first, as written outside the US
        ("2026-11-18", noon(2026, 11, 18)),
        ("2026/11/18", noon(2026, 11, 18)),
        ("yesterday", noon(2026, 11, 19)),
        ("Yesterday!", noon(2026, 11, 19)),
        ("last night", noon(2026, 11, 19)),
        ("the day before yesterday", noon(2026, 11, 18)),
        ("3 days ago", noon(2026, 11, 17)),
        ("three days ago", noon(2026, 11, 17)),
        ("a couple of days ago", noon(2026, 11, 18)),
        ("a week ago", noon(2026, 11, 13)),
        ("2 weeks ago", noon(2026, 11, 6)),
        ("a month ago", noon(2026, 10, 20)),
        ("Wednesday", noon(2026, 11, 18)),
        ("last friday", noon(2026, 11, 13)),
        ("it was on the 18th of Nov", noon(2026, 11, 18)),
        ("my last treatment was 18/11 I think", noon(2026, 11, 18)),
        ("  about   3 days ago. ", noon(2026, 11, 17)),
    ],
)
def test_a_typed_day_means_noon_that_day_in_the_clinics_time_zone(
    text: str, expected: datetime
) -> None:
    assert parse_session_date(text, NOW, LONDON) == expected


@pytest.mark.parametrize("text", ["today", "Today.", "this morning", "now", "just now", "friday"])
def test_today_is_never_later_than_now(text: str) -> None:
    morning = datetime(2026, 11, 20, 9, 0, tzinfo=UTC)
    assert parse_session_date(text, morning, LONDON) == morning


def test_today_in_the_afternoon_is_noon() -> None:
    assert parse_session_date("today", NOW, LONDON) == noon(2026, 11, 20)


def test_hours_ago_is_that_many_hours_before_now() -> None:
    assert parse_session_date("5 hours ago", NOW, LONDON) == NOW - timedelta(hours=5)


def test_the_day_is_the_clinics_day_not_utcs() -> None:
    late_evening_in_new_york = datetime(2026, 11, 21, 2, 0, tzinfo=UTC)  # 20 Nov, 21:00 there
    assert parse_session_date("yesterday", late_evening_in_new_york, NEW_YORK) == noon(
        2026, 11, 19, NEW_YORK
    )


def test_a_day_without_a_year_takes_the_year_nearest_today() -> None:
    january = datetime(2027, 1, 3, 10, tzinfo=UTC)
    assert parse_session_date("28 Dec", january, LONDON) == noon(2026, 12, 28)
    assert parse_session_date("2 Jan", january, LONDON) == noon(2027, 1, 2)


@pytest.mark.parametrize("text", ["25 Nov", "25/11", "21st November", "2027-01-01", "Dec 1"])
def test_future_days_are_returned_for_the_caller_to_refuse(text: str) -> None:
    moment = parse_session_date(text, NOW, LONDON)
    assert moment is not None
    assert is_future(moment, NOW)


def test_a_future_day_is_noon_that_day_and_counts_as_future() -> None:
    moment = parse_session_date("25 Nov", NOW, LONDON)
    assert moment == noon(2026, 11, 25)
    assert is_future(noon(2026, 11, 25), NOW)
    assert not is_future(NOW, NOW)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "hello",
        "can I wear makeup?",
        "sun",  # a question about the sun, not Sunday
        "3 days",
        "last week",
        "31 Feb",
        "31/02",
        "13/13",
        "2026-02-30",
        "20",
        "I had it 3 days ago and my face is still red",
        "my face is red since yesterday",
        "20 Smarch",
    ],
)
def test_anything_that_is_not_only_a_date_is_none(text: str) -> None:
    assert parse_session_date(text, NOW, LONDON) is None


def test_noon_days_ago_is_the_yesterday_button() -> None:
    assert noon_days_ago(1, NOW, LONDON) == noon(2026, 11, 19)
    assert noon_days_ago(0, datetime(2026, 11, 20, 8, tzinfo=UTC), LONDON) == datetime(
        2026, 11, 20, 8, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (NOW, "Friday 20 November 2026 (today)"),
        (noon(2026, 11, 19), "Thursday 19 November 2026 (yesterday)"),
        (noon(2026, 11, 17), "Tuesday 17 November 2026 (3 days ago)"),
        (noon(2026, 11, 25), "Wednesday 25 November 2026"),
    ],
)
def test_describe_day_names_the_day_and_how_long_ago(moment: datetime, expected: str) -> None:
    assert describe_day(moment, NOW, LONDON) == expected


def test_describe_day_uses_the_clinics_calendar() -> None:
    just_after_midnight_utc = datetime(2026, 11, 20, 0, 30, tzinfo=UTC)  # 19 Nov in New York
    assert describe_day(just_after_midnight_utc, NOW, NEW_YORK).startswith("Thursday 19 November")


def test_days_between_is_fractional_days() -> None:
    assert days_between(NOW - timedelta(hours=36), NOW) == 1.5


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("18.11", noon(2026, 11, 18)),
        ("02.09", noon(2026, 9, 2)),
        ("18.11.26", noon(2026, 11, 18)),
        ("18/11", noon(2026, 11, 18)),
    ],
)
def test_a_dotted_date_is_a_day_not_a_time_of_day(text: str, expected: datetime) -> None:
    assert parse_session_moment(text, NOW, LONDON) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("9:15", datetime(2026, 11, 20, 9, 15, tzinfo=LONDON)),
        ("today 9.15", datetime(2026, 11, 20, 9, 15, tzinfo=LONDON)),
        ("18.11 14:30", datetime(2026, 11, 18, 14, 30, tzinfo=LONDON)),
        ("2026-11-18 at 14.30", datetime(2026, 11, 18, 14, 30, tzinfo=LONDON)),
    ],
)
def test_a_time_after_a_day_is_read_as_the_time(text: str, expected: datetime) -> None:
    assert parse_session_moment(text, NOW, LONDON) == expected


def test_a_day_of_the_month_goes_back_to_the_last_month_that_has_it() -> None:
    march = datetime(2027, 3, 10, 12, tzinfo=UTC)
    assert parse_session_date("the 31st", march, LONDON) == noon(2027, 1, 31)
    assert parse_session_date("the 30th", march, LONDON) == noon(2027, 1, 30)
    assert parse_session_date("the 5th", march, LONDON) == noon(2027, 3, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a couple days ago", noon(2026, 11, 18)),
        ("a fortnight ago", noon(2026, 11, 6)),
        ("3 nights ago", noon(2026, 11, 17)),
        ("a few days ago", noon(2026, 11, 17)),
    ],
)
def test_time_ago_reads_like_time_since_in_a_message(text: str, expected: datetime) -> None:
    assert parse_session_date(text, NOW, LONDON) == expected
