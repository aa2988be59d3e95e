"""`python -m bot health`: is the running bot polling, its database answering, its knowledge
loaded? Read from its heartbeat, plus a look at the database from this process.

Light on purpose (the container runs it every minute): no Telegram, no asyncio.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from bot.clock import Clock
from bot.core.health import Heartbeat, Limits, describe_duration, health_problems
from bot.jobs.heartbeat import HeartbeatUnreadable, heartbeat_path, read_heartbeat
from bot.jobs.lease import process_alive
from bot.settings import Settings
from bot.store import StoreError, read_schema

MIN_BEAT_AGE = timedelta(seconds=30)  # a heartbeat may be this old, or 3 intervals if longer


@dataclass(frozen=True)
class HealthReport:
    problems: list[str]
    summary: str  # one line when healthy


def check_health(settings: Settings, clock: Clock) -> HealthReport:
    """What is wrong with the running bot, if anything."""
    now = clock.now()
    limits = Limits(
        beat=max(MIN_BEAT_AGE, timedelta(seconds=3 * settings.heartbeat_seconds)),
        poll=timedelta(seconds=settings.health_poll_seconds),
    )
    try:
        beat = read_heartbeat(heartbeat_path(settings.db_path))
    except HeartbeatUnreadable as error:
        return HealthReport([str(error)], "")
    running = beat is not None and process_alive(beat.pid)
    problems = health_problems(beat, now, limits, running=running)
    database = database_problem(settings.db_path)
    if database is not None:
        problems.append(database)
    if problems or beat is None:
        return HealthReport(problems, "")
    return HealthReport([], _summary(beat, now))


def database_problem(path: Path) -> str | None:
    """Why the database does not answer a read from here, if it does not."""
    if not path.is_file():
        return f"no database at {path} (set AFTERCARE_DB)"
    try:
        read_schema(path)
    except StoreError as error:
        return f"the database does not answer a read: {error}"
    return None


def _summary(beat: Heartbeat, now: datetime) -> str:
    polled = describe_duration(now - beat.last_poll_at) if beat.last_poll_at else "?"
    note = f" ({beat.knowledge_note})" if beat.knowledge_note else ""
    return (
        f"OK: polled Telegram {polled} ago, database answers, knowledge "
        f"{beat.knowledge_version}{note}, running for {describe_duration(now - beat.started_at)} "
        f"(pid {beat.pid})"
    )
