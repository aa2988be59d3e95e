"""Noting a treatment date: within two weeks of the last session it corrects it, else adds one."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.core.sessions import corrects_last

LAST = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


def test_a_date_close_to_the_last_session_corrects_it() -> None:
    assert corrects_last(LAST, LAST - timedelta(days=2)) is True
    assert corrects_last(LAST, LAST + timedelta(days=13)) is True


def test_a_date_weeks_away_or_a_first_date_is_a_new_session() -> None:
    assert corrects_last(LAST, LAST + timedelta(weeks=4)) is False
    assert corrects_last(LAST, LAST - timedelta(weeks=3)) is False
    assert corrects_last(None, LAST) is False
