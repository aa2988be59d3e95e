"""Check-in times: offsets from the session, quiet hours in the client's zone, nothing stale."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.core.knowledge import Checkin, QuietHours
from bot.core.schedule import outside_quiet_hours, plan_checkins
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
