"""Restart safety with the real process: a SIGKILL in the middle of a batch of check-ins."""

from __future__ import annotations

import asyncio
import signal
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.store import Store
from tests.conftest import copy_knowledge
from tests.fake_telegram import FakeTelegram
from tests.test_runner import bot_environ, start_bot

CLIENTS = 40


def quiet_free_knowledge(tmp_path: Path) -> Path:
    """The shipped knowledge without quiet hours, so the test runs at any time of day."""
    folder = copy_knowledge(tmp_path / "knowledge")
    clinic = folder / "clinic.yaml"
    text = clinic.read_text(encoding="utf-8")
    start = text.index("quiet_hours:")
    end = text.index("\n", start)
    clinic.write_text(
        text[:start] + 'quiet_hours: {start: "00:00", end: "00:00"}' + text[end:], encoding="utf-8"
    )
    return folder


async def seed(db_path: Path) -> None:
    """CLIENTS consenting clients, each with one check-in already due."""
    clock = SystemClock()
    async with Store.open_context(db_path, clock) as store:
        for chat_id in range(1000, 1000 + CLIENTS):
            await store.upsert_client(chat_id, chat_id, f"client {chat_id}")
            await store.set_consent(chat_id, checkins=True)
            session = await store.add_session(chat_id, clock.now() - timedelta(days=3))
            await store.replace_checkins(
                chat_id, session.id, [("day-3", clock.now() - timedelta(minutes=1))]
            )


def test_sigkill_mid_batch_then_restart_delivers_every_checkin_once(tmp_path: Path) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    asyncio.run(seed(db_path))
    with FakeTelegram() as server:
        environ = bot_environ(
            tmp_path,
            TELEGRAM_BOT_TOKEN=server.token,
            TELEGRAM_API_URL=server.base_url,
            AFTERCARE_KNOWLEDGE_DIR=str(quiet_free_knowledge(tmp_path)),
            AFTERCARE_DISPATCH_SECONDS="0.2",
        )

        def checkins_sent() -> Counter[int]:
            return Counter(m.chat_id for m in server.sent if m.text.startswith("Day 3"))

        first = start_bot(environ)
        try:
            # The pacer sends about 29 a second: kill once a quarter of the batch is out.
            server.wait_for(lambda _: sum(checkins_sent().values()) >= CLIENTS // 4, timeout=30)
            first.send_signal(signal.SIGKILL)
            first.communicate(timeout=10)
        finally:
            if first.poll() is None:
                first.kill()
        before_restart = sum(checkins_sent().values())
        assert before_restart < CLIENTS, "the kill came too late to test anything"

        second = start_bot(environ)
        try:
            server.wait_for(lambda _: len(checkins_sent()) == CLIENTS, timeout=30)
            second.send_signal(signal.SIGTERM)
            second.communicate(timeout=10)
        finally:
            if second.poll() is None:
                second.kill()

    counts = checkins_sent()
    assert set(counts) == set(range(1000, 1000 + CLIENTS))  # nobody skipped
    twice = [chat for chat, n in counts.items() if n > 1]
    assert len(twice) <= 1, twice  # at most the one in flight at the kill
    assert max(counts.values()) <= 2
