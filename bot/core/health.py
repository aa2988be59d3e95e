"""Is the running bot well? Judged from its heartbeat: what it last wrote about itself.

The bot writes a `Heartbeat` every few seconds (bot/jobs/heartbeat.py); `python -m bot
health` reads it and asks `health_problems`. Pure: the caller reads the file and the time.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class Heartbeat:
    """What the running bot says about itself."""

    pid: int
    started_at: datetime
    written_at: datetime
    last_poll_at: datetime | None  # the last getUpdates Telegram answered
    telegram_error: str | None  # why Telegram cannot be reached now, if it cannot
    database_error: str | None  # why the database did not answer the last probe, if it did not
    knowledge_version: str | None  # short hash of the knowledge files in use
    knowledge_note: str | None = None  # e.g. running on the saved copy of the knowledge


@dataclass(frozen=True)
class Limits:
    """How old a heartbeat, and the last poll, may be for the bot to count as healthy."""

    beat: timedelta
    poll: timedelta


def health_problems(
    beat: Heartbeat | None, now: datetime, limits: Limits, *, running: bool
) -> list[str]:
    """Why the bot is not healthy, one line each; empty when it is.

    `running`: whether the process that wrote the heartbeat is still alive.
    """
    if beat is None:
        return [
            "no heartbeat: the bot is not running, or has not reached Telegram since it started"
        ]
    if not running:
        return [
            f"the bot (pid {beat.pid}) is not running; its last heartbeat was "
            f"{describe_duration(now - beat.written_at)} ago"
        ]
    problems = []
    if now - beat.written_at > limits.beat:
        problems.append(
            f"the bot's last heartbeat was {describe_duration(now - beat.written_at)} ago: "
            "it is stuck"
        )
    why = f" ({beat.telegram_error})" if beat.telegram_error else ""
    if beat.last_poll_at is None:
        problems.append(
            "the bot has not reached Telegram since it started "
            f"{describe_duration(now - beat.started_at)} ago{why}"
        )
    elif now - beat.last_poll_at > limits.poll:
        problems.append(
            f"the bot last polled Telegram {describe_duration(now - beat.last_poll_at)} ago{why}"
        )
    if beat.database_error:
        problems.append(f"the bot's database does not answer: {beat.database_error}")
    if not beat.knowledge_version:
        problems.append("the bot has no knowledge loaded")
    return problems


def describe_duration(span: timedelta) -> str:
    """A span as people read it at a glance: 45 s, 12 min, 3 h 5 min, 2 d 4 h."""
    seconds = max(0, int(span.total_seconds()))
    if seconds < 60:
        return f"{seconds} s"
    minutes, hours, days = seconds // 60, seconds // 3600, seconds // 86400
    if minutes < 60:
        return f"{minutes} min"
    if hours < 24:
        rest = minutes % 60
        return f"{hours} h {rest} min" if rest else f"{hours} h"
    rest = hours % 24
    return f"{days} d {rest} h" if rest else f"{days} d"
