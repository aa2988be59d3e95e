"""A command-line broadcast beside the running bot: one sender at a time (the send lease), so
one pace; nothing sent twice, no limit broken."""

from __future__ import annotations

import asyncio
import dataclasses
import io
from collections import Counter
from pathlib import Path

import pytest

from bot.cli import broadcast as cli_broadcast
from bot.cli.main import main
from bot.clock import SystemClock
from bot.core.assistant import Assistant
from bot.kb.loader import load_knowledge
from bot.settings import Settings
from bot.store import Store
from bot.telegram import services as bot_services
from tests.conftest import quiet_free_knowledge, running_bot
from tests.fake_telegram import FakeTelegram

TEXT = "We open at 8 on Saturdays from next week."


@pytest.fixture
def knowledge(tmp_path: Path) -> Path:
    return quiet_free_knowledge(tmp_path)  # both run on the real clock: any hour will do


@pytest.fixture
def settings(settings: Settings, knowledge: Path) -> Settings:
    return dataclasses.replace(settings, knowledge_dir=knowledge)


@pytest.fixture
def assistant(knowledge: Path) -> Assistant:
    return Assistant(load_knowledge(knowledge))


@pytest.fixture(autouse=True)
def quick(monkeypatch: pytest.MonkeyPatch) -> None:
    """The bot looks for queued broadcasts, and the lease changes hands, within milliseconds."""
    monkeypatch.setattr(bot_services, "RENEW_SECONDS", 0.01)
    monkeypatch.setattr(bot_services, "HANDOVER_SECONDS", 0.01)
    monkeypatch.setattr(cli_broadcast, "HANDOVER_SECONDS", 0.01)
    monkeypatch.setattr(cli_broadcast, "PROGRESS_SECONDS", 0.01)


async def clients(settings: Settings, chat_ids: range) -> None:
    async with Store.open_context(settings.db_path, SystemClock()) as store:
        for chat_id in chat_ids:
            await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
            await store.clients.set_consent(chat_id, announcements=True)


def command_line(settings: Settings, telegram: FakeTelegram, knowledge: Path, out: io.StringIO):
    """`python -m bot broadcast --segment all --text TEXT --yes`, in a thread of its own."""
    environ = {
        "TELEGRAM_BOT_TOKEN": telegram.token,
        "TELEGRAM_API_URL": telegram.api_url,
        "AFTERCARE_DB": str(settings.db_path),
        "AFTERCARE_KNOWLEDGE_DIR": str(knowledge),
    }
    argv = ["broadcast", "--segment", "all", "--text", TEXT, "--yes"]
    return asyncio.to_thread(main, argv, environ, out, io.StringIO())


def delivered(telegram: FakeTelegram) -> Counter[int]:
    return Counter(m.chat_id for m in telegram.sent if m.text == TEXT)


async def test_a_cli_broadcast_while_the_bot_runs_is_sent_once_by_the_bots_pace(
    settings: Settings, assistant: Assistant, telegram: FakeTelegram, knowledge: Path
) -> None:
    recipients = range(301, 321)
    await clients(settings, recipients)
    telegram.enforce_limits(per_second=30, per_chat_per_second=1)
    out = io.StringIO()
    async with running_bot(settings, assistant, SystemClock(), telegram) as bot:
        outbox = bot.services.outbox
        assert outbox is not None
        before = outbox.sent
        assert await command_line(settings, telegram, knowledge, out) == 0
        assert outbox.sent - before >= len(recipients)  # the bot sent them, through its outbox
    lines = out.getvalue().splitlines()
    assert lines[5] == "Broadcast #1: sending to 20 client(s)."
    assert lines[6].startswith("The running bot (pid ")
    assert lines[6].endswith("Its progress follows; Ctrl-C stops watching, not the sending.")
    assert lines[-1] == "✅ Broadcast #1 finished: 20 sent, 0 blocked the bot, 0 failed."
    assert delivered(telegram) == Counter(recipients)
    assert telegram.too_many_requests == 0


async def test_a_bot_starting_during_a_cli_broadcast_takes_over_without_doubles(
    settings: Settings, assistant: Assistant, telegram: FakeTelegram, knowledge: Path
) -> None:
    recipients = range(401, 441)
    await clients(settings, recipients)
    telegram.enforce_limits(per_second=30, per_chat_per_second=1)
    out = io.StringIO()
    sending = asyncio.ensure_future(command_line(settings, telegram, knowledge, out))
    await telegram.await_for(lambda _: sum(delivered(telegram).values()) >= 5)
    async with running_bot(settings, assistant, SystemClock(), telegram, fake_pace=False) as bot:
        assert await sending == 0
        outbox = bot.services.outbox
        assert outbox is not None
        taken_over = outbox.sent
    assert "A bot has started: it sends the rest of broadcast #1" in out.getvalue()
    assert out.getvalue().splitlines()[-1] == (
        "✅ Broadcast #1 finished: 40 sent, 0 blocked the bot, 0 failed."
    )
    assert delivered(telegram) == Counter(recipients)  # each exactly once
    assert 0 < taken_over < len(recipients)
    assert telegram.too_many_requests == 0
