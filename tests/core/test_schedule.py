"""Check-in times: offsets from the session, quiet hours in the client's zone, nothing stale."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.core.assistant import Assistant
from bot.core.knowledge import Checkin, Digest, QuietHours
from bot.core.schedule import (
    checkin_due,
    checkin_text,
    digest_due,
    outside_quiet_hours,
    part_of_day,
    plan_checkins,
    time_words,
)
from bot.kb import parse_offset

LONDON = ZoneInfo("Europe/London")
QUIET = QuietHours(time(21), time(9))
PLAN = (
    Checkin("evening", timedelta(hours=4), "how is it?"),
    Checkin("day-1", timedelta(days=1), "day one"),
    Checkin("day-3", timedelta(days=3), "day three"),
)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def test_offsets_read_every_unit() -> None:
    assert parse_offset("4h") == timedelta(hours=4)
    assert parse_offset("3d") == timedelta(days=3)
    assert parse_offset("4w") == timedelta(weeks=4)
    assert parse_offset("30 s") == timedelta(seconds=30)
    assert parse_offset("90m") == timedelta(minutes=90)
    assert parse_offset("soon") is None


def test_checkins_follow_the_session_by_their_offsets() -> None:
    session = utc(2026, 11, 20, 10, 0)
    due = plan_checkins(session, PLAN, now=session, zone=LONDON, quiet=QUIET)
    assert [(d.checkin_id, d.due_at) for d in due] == [
        ("evening", utc(2026, 11, 20, 14, 0)),
        ("day-1", utc(2026, 11, 21, 10, 0)),
        ("day-3", utc(2026, 11, 23, 10, 0)),
    ]


def test_checkin_due_in_quiet_hours_waits_for_the_morning() -> None:
    session = utc(2026, 11, 20, 18, 30)  # evening check-in would be 22:30 London time
    due = plan_checkins(session, PLAN, now=session, zone=LONDON, quiet=QUIET)
    assert due[0].checkin_id == "evening"
    assert due[0].due_at == utc(2026, 11, 21, 9, 0)


def test_quiet_hours_are_in_the_clients_own_zone() -> None:
    tokyo = ZoneInfo("Asia/Tokyo")  # 13:00 UTC is 22:00 in Tokyo
    assert outside_quiet_hours(utc(2026, 11, 20, 13, 0), tokyo, QUIET) == utc(2026, 11, 21, 0, 0)
    assert outside_quiet_hours(utc(2026, 11, 20, 13, 0), LONDON, QUIET) == utc(2026, 11, 20, 13, 0)


def test_early_morning_waits_until_the_same_morning() -> None:
    assert outside_quiet_hours(utc(2026, 11, 21, 6, 0), LONDON, QUIET) == utc(2026, 11, 21, 9, 0)


def test_session_recorded_late_schedules_only_what_is_ahead() -> None:
    session = utc(2026, 11, 18, 10, 0)
    now = utc(2026, 11, 20, 12, 0)
    due = plan_checkins(session, PLAN, now=now, zone=LONDON, quiet=QUIET)
    assert [d.checkin_id for d in due] == ["day-3"]


def test_morning_after_a_clock_change_is_local_nine() -> None:
    # 2027-03-28: London moves to summer time at 01:00 UTC.
    moved = outside_quiet_hours(utc(2027, 3, 27, 23, 0), LONDON, QUIET)
    assert moved.astimezone(LONDON).time() == time(9, 0)


# -- when in the day, and words that follow the hour ------------------------------


def test_a_checkin_with_a_time_goes_at_that_local_time_the_first_day_it_can() -> None:
    evening = Checkin("evening", timedelta(hours=1), "m", at=time(19))
    morning_after = Checkin("day-1", timedelta(hours=12), "m", at=time(10))
    # 13:34 London (UTC in November): the same evening, and the next morning.
    session = utc(2026, 11, 20, 13, 34)
    assert checkin_due(session, evening, LONDON) == utc(2026, 11, 20, 19, 0)
    assert checkin_due(session, morning_after, LONDON) == utc(2026, 11, 21, 10, 0)
    # 18:30: too late for 19:00 with an hour's gap, so the next day's 19:00.
    assert checkin_due(utc(2026, 11, 20, 18, 30), evening, LONDON) == utc(2026, 11, 21, 19, 0)
    # In summer London is UTC+1: 19:00 local is 18:00 UTC.
    assert checkin_due(utc(2026, 7, 1, 9, 0), evening, LONDON) == utc(2026, 7, 1, 18, 0)


def test_the_plan_uses_the_checkins_time() -> None:
    plan = (Checkin("evening", timedelta(hours=1), "m", at=time(19)),)
    [due] = plan_checkins(utc(2026, 11, 20, 13, 34), plan, now=utc(2026, 11, 20, 13, 34),
                          zone=LONDON, quiet=QUIET)  # fmt: skip
    assert due.due_at == utc(2026, 11, 20, 19, 0)


@pytest.mark.parametrize(
    ("hour", "part"),
    [(4, "night"), (5, "morning"), (11, "morning"), (12, "afternoon"), (13, "afternoon"),
     (17, "evening"), (21, "evening"), (22, "night"), (0, "night")],
)  # fmt: skip
def test_parts_of_the_day(hour: int, part: str) -> None:
    assert part_of_day(time(hour, 30 if hour == 13 else 0)) == part


def test_checkin_words_follow_the_hour_the_client_reads_them(shipped_assistant: Assistant) -> None:
    words = shipped_assistant.kb.messages
    message = "{greeting}! How is your skin {this_part_of_day}?"
    at_1334 = datetime(2026, 11, 20, 13, 34, tzinfo=LONDON)
    assert (
        checkin_text(message, at_1334, words) == "Good afternoon! How is your skin this afternoon?"
    )
    at_0900 = datetime(2026, 11, 21, 9, 0, tzinfo=LONDON)
    assert checkin_text(message, at_0900, words) == "Good morning! How is your skin this morning?"
    at_2000 = datetime(2026, 11, 20, 20, 0, tzinfo=LONDON)
    assert checkin_text(message, at_2000, words) == "Good evening! How is your skin this evening?"
    assert checkin_text("Other {braces} stay", at_2000, words) == "Other {braces} stay"


def test_the_shipped_plan_never_says_a_fixed_time_of_day(shipped_assistant: Assistant) -> None:
    assert [c.id for c in shipped_assistant.kb.checkins if time_words(c.message)] == []
    assert time_words("Good Morning! How was tonight?") == ["good morning", "tonight"]


# -- the staff chat's digest --------------------------------------------------------

DIGEST = Digest(times=(time(12), time(17)), count=5)


def test_a_digest_goes_once_a_waiting_question_is_older_than_a_digest_time() -> None:
    asked = utc(2026, 11, 20, 12, 30)
    assert not digest_due(1, asked, utc(2026, 11, 20, 16, 59), LONDON, DIGEST)
    assert digest_due(1, asked, utc(2026, 11, 20, 17, 0), LONDON, DIGEST)
    assert digest_due(1, asked, utc(2026, 11, 21, 8, 0), LONDON, DIGEST)  # a day later
    assert not digest_due(0, None, utc(2026, 11, 21, 8, 0), LONDON, DIGEST)


def test_a_digest_goes_at_once_when_enough_questions_wait() -> None:
    asked = utc(2026, 11, 20, 12, 30)
    assert not digest_due(4, asked, utc(2026, 11, 20, 12, 40), LONDON, DIGEST)
    assert digest_due(5, asked, utc(2026, 11, 20, 12, 40), LONDON, DIGEST)
