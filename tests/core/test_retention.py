"""Which backups are kept: the newest of each of the last days and of each of the last weeks."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.retention import backups_to_keep

# A Friday at 03:00; ISO week 47 of 2026.
LAST = datetime(2026, 11, 20, 3, 0, tzinfo=UTC)


def daily(days: int) -> list[datetime]:
    """One backup a day at 03:00, for `days` days up to LAST."""
    return [LAST - timedelta(days=n) for n in range(days)]


def test_a_daily_backup_for_sixty_days_keeps_seven_days_and_four_weeks() -> None:
    kept = backups_to_keep(daily(60), daily=7, weekly=4)
    last_seven = set(daily(7))
    # The newest of each ISO week: this week's is today's, then the Sundays before it
    # (the 15th is also one of the last seven days).
    sundays = {datetime(2026, 11, d, 3, 0, tzinfo=UTC) for d in (15, 8, 1)}
    assert kept == last_seven | sundays
    assert len(kept) == 9


def test_several_backups_in_a_day_keep_only_the_newest_of_it() -> None:
    taken = [LAST, LAST - timedelta(hours=1), LAST - timedelta(hours=20), LAST - timedelta(days=1)]
    kept = backups_to_keep(taken, daily=7, weekly=0)
    assert kept == {LAST, LAST - timedelta(hours=20)}  # 07:00 the day before is another day


def test_a_bot_that_was_off_for_months_keeps_its_last_backups() -> None:
    old = [LAST - timedelta(days=200 + n) for n in range(10)]
    assert backups_to_keep(old, daily=7, weekly=4) >= set(old[:7])


def test_nothing_to_keep_from_nothing() -> None:
    assert backups_to_keep([], daily=7, weekly=4) == set()
