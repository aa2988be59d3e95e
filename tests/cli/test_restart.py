"""Restart safety with the real process: a SIGKILL in the middle of a batch of check-ins."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import timedelta
from pathlib import Path

from bot.clock import SystemClock
from bot.store import Store
from tests.cli.test_runner import bot_environ
from tests.conftest import quiet_free_knowledge
from tests.crash import assert_each_once_but_those_in_flight, kill_midway_then_finish
from tests.fake_telegram import FakeTelegram

CLIENTS = 40


async def seed(db_path: Path) -> None:
    """CLIENTS consenting clients, each with one check-in already due."""
    clock = SystemClock()
    async with Store.open_context(db_path, clock) as store:
        for chat_id in range(1000, 1000 + CLIENTS):
            await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
            await store.clients.set_consent(chat_id, checkins=True)
            session = await store.clients.add_session(chat_id, clock.now() - timedelta(days=3))
            await store.checkins.replace(
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

        in_flight = kill_midway_then_finish(environ, server, checkins_sent, CLIENTS)

    assert_each_once_but_those_in_flight(checkins_sent(), range(1000, 1000 + CLIENTS), in_flight)
