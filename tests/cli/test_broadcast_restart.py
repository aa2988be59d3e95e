"""Restart safety of broadcasts with the real process: SIGKILL mid-way, restart, all delivered."""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

from bot.clock import SystemClock
from bot.store import Audience, Store
from tests.cli.test_runner import bot_environ
from tests.conftest import STAFF_CHAT, quiet_free_knowledge
from tests.crash import assert_each_once_but_those_in_flight, kill_midway_then_finish
from tests.fake_telegram import FakeTelegram

RECIPIENTS = 60
FIRST = 2000
TEXT = "The clinic is closed on Monday."


async def seed(db_path: Path) -> None:
    """RECIPIENTS clients who want clinic news, and a broadcast to them already confirmed."""
    async with Store.open_context(db_path, SystemClock()) as store:
        for chat_id in range(FIRST, FIRST + RECIPIENTS):
            await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
            await store.clients.set_consent(chat_id, announcements=True)
        draft = await store.broadcasts.create(None, None, TEXT, "all")
        assert await store.broadcasts.confirm(draft.id, Audience()) == RECIPIENTS


async def outcomes(db_path: Path) -> tuple[str, Counter[str]]:
    async with Store.open_context(db_path, SystemClock()) as store:
        broadcast = await store.broadcasts.get(1)
        assert broadcast is not None
        return broadcast.state, Counter(d.state for d in await store.broadcasts.deliveries(1))


def test_sigkill_mid_broadcast_then_restart_delivers_to_everyone_once(tmp_path: Path) -> None:
    db_path = tmp_path / "state" / "aftercare.db"
    asyncio.run(seed(db_path))
    with FakeTelegram() as server:
        environ = bot_environ(
            tmp_path,
            TELEGRAM_BOT_TOKEN=server.token,
            TELEGRAM_API_URL=server.base_url,
            AFTERCARE_STAFF_CHAT_ID=str(STAFF_CHAT),  # told when it resumes and when it is done
            AFTERCARE_KNOWLEDGE_DIR=str(quiet_free_knowledge(tmp_path)),  # sends at any hour
        )

        def delivered() -> Counter[int]:
            return Counter(m.chat_id for m in server.sent if m.text == TEXT)

        in_flight = kill_midway_then_finish(
            environ,
            server,
            delivered,
            RECIPIENTS,
            finished=lambda _: any("finished" in m.text for m in server.messages_to(STAFF_CHAT)),
        )

    assert_each_once_but_those_in_flight(delivered(), range(FIRST, FIRST + RECIPIENTS), in_flight)
    assert asyncio.run(outcomes(db_path)) == ("finished", Counter(sent=RECIPIENTS))
    [summary] = [m.text for m in server.messages_to(STAFF_CHAT) if "finished" in m.text]
    assert summary == f"✅ Broadcast #1 finished: {RECIPIENTS} sent, 0 blocked the bot, 0 failed."
