"""The heartbeat file: what the running bot writes every few seconds and `health` reads."""

from __future__ import annotations

import os
from datetime import timedelta
from pathlib import Path

import pytest

from bot.jobs.heartbeat import HeartbeatUnreadable, HeartbeatWriter, read_heartbeat
from bot.jobs.reloader import KnowledgeHolder
from bot.store import Store
from tests.clocks import FakeClock
from tests.conftest import KNOWLEDGE, START


def writer(path: Path, clock: FakeClock, store: Store, polled: list) -> HeartbeatWriter:
    holder = KnowledgeHolder.open(KNOWLEDGE)
    return HeartbeatWriter(
        path, clock, store, holder, lambda: polled[-1] if polled else None, lambda: None
    )


async def test_a_beat_says_when_telegram_was_polled_and_that_all_answers(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    path, polled = tmp_path / "heartbeat.json", []
    heart = writer(path, clock, store, polled)
    clock.advance(timedelta(seconds=5))
    polled.append(clock.now())
    clock.advance(timedelta(seconds=2))
    beat = await heart.beat()
    assert read_heartbeat(path) == beat
    assert (beat.pid, beat.started_at, beat.written_at) == (
        os.getpid(),
        START,
        START + timedelta(seconds=7),
    )
    assert beat.last_poll_at == START + timedelta(seconds=5)
    assert beat.database_error is None
    assert beat.knowledge_version is not None
    assert len(beat.knowledge_version) == 8
    assert path.stat().st_mode & 0o777 == 0o600


async def test_a_database_that_does_not_answer_is_in_the_beat(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    heart = writer(tmp_path / "heartbeat.json", clock, store, [])
    await store.close()
    beat = await heart.beat()
    assert beat.database_error


async def test_a_clean_stop_removes_the_heartbeat(
    store: Store, tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "heartbeat.json"
    heart = writer(path, clock, store, [])
    await heart.beat()
    heart.remove()
    assert read_heartbeat(path) is None


def test_a_garbled_heartbeat_is_unreadable_not_healthy(tmp_path: Path) -> None:
    path = tmp_path / "heartbeat.json"
    path.write_text('{"pid": 1')
    with pytest.raises(HeartbeatUnreadable):
        read_heartbeat(path)
