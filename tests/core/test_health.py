"""Is the running bot healthy, judged from its heartbeat; durations as staff read them."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.health import Heartbeat, Limits, describe_duration, health_problems

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
LIMITS = Limits(beat=timedelta(seconds=30), poll=timedelta(minutes=2))
WELL = Heartbeat(
    pid=1,
    started_at=NOW - timedelta(hours=3),
    written_at=NOW - timedelta(seconds=4),
    last_poll_at=NOW - timedelta(seconds=8),
    telegram_error=None,
    database_error=None,
    knowledge_version="a52b5d2d",
)


def test_a_bot_that_polled_recently_with_a_database_and_knowledge_is_healthy() -> None:
    assert health_problems(WELL, NOW, LIMITS, running=True) == []


def test_no_heartbeat_means_not_running() -> None:
    [problem] = health_problems(None, NOW, LIMITS, running=False)
    assert problem.startswith("no heartbeat")


def test_a_heartbeat_left_by_a_process_that_is_gone_is_not_health() -> None:
    [problem] = health_problems(WELL, NOW, LIMITS, running=False)
    assert problem == "the bot (pid 1) is not running; its last heartbeat was 4 s ago"


def test_a_bot_cut_off_from_telegram_says_since_when_and_why() -> None:
    beat = replace(
        WELL,
        last_poll_at=NOW - timedelta(minutes=12),
        telegram_error="httpx.ConnectError: All connection attempts failed",
    )
    assert health_problems(beat, NOW, LIMITS, running=True) == [
        "the bot last polled Telegram 12 min ago "
        "(httpx.ConnectError: All connection attempts failed)"
    ]


def test_a_stuck_bot_a_silent_database_and_no_knowledge_are_each_named() -> None:
    beat = replace(
        WELL,
        written_at=NOW - timedelta(minutes=5),
        last_poll_at=None,
        database_error="database is locked",
        knowledge_version=None,
    )
    problems = health_problems(beat, NOW, LIMITS, running=True)
    assert problems == [
        "the bot's last heartbeat was 5 min ago: it is stuck",
        "the bot has not reached Telegram since it started 3 h ago",
        "the bot's database does not answer: database is locked",
        "the bot has no knowledge loaded",
    ]


@pytest.mark.parametrize(
    ("seconds", "said"),
    [
        (0, "0 s"),
        (59, "59 s"),
        (60, "1 min"),
        (3599, "59 min"),
        (3600, "1 h"),
        (3900, "1 h 5 min"),
        (86400, "1 d"),
        (90000, "1 d 1 h"),
        (-5, "0 s"),
    ],
)
def test_durations_read_at_a_glance(seconds: int, said: str) -> None:
    assert describe_duration(timedelta(seconds=seconds)) == said
