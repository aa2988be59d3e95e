"""Broadcasts end to end: the bot with a staff member, clients to send to, and what staff see."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.assistant import Assistant
from bot.settings import Settings
from bot.store import Store
from tests.clocks import FakeClock
from tests.conftest import START, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram, SentMessage

STAFF = 900
OTHER = 555  # not staff: in neither AFTERCARE_STAFF_IDS nor the staff chat (they left it)
NEWS = "We are open on Saturday <10-16h> & have a new serum!"


@pytest.fixture
def staff_settings(settings: Settings) -> Settings:
    return dataclasses.replace(settings, staff_user_ids=frozenset({STAFF}))


@pytest.fixture
async def staff_bot(
    staff_settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    async with running_bot(staff_settings, assistant, clock, telegram) as running:
        yield running


async def add_client(
    store: Store, chat_id: int, *, news: bool = True, days_ago: float | None = None
) -> None:
    await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
    await store.clients.set_consent(chat_id, announcements=news)
    if days_ago is not None:
        await store.clients.add_session(chat_id, START - timedelta(days=days_ago))


async def preview(bot: RunningBot, command: str) -> tuple[SentMessage, SentMessage]:
    """A staff member sends `command` in a private chat: the preview and the question."""
    [text, question] = await bot.say(STAFF, command, count=2, user_id=STAFF)
    return text, question


async def summary(bot: RunningBot, chat_id: int = STAFF, number: int = 1) -> str:
    """Wait for the closing summary of broadcast #`number` in `chat_id`."""
    start = f"✅ Broadcast #{number} finished"
    sent = await bot.telegram.await_for(
        lambda ms: any((m.text or "").startswith(start) for m in ms), chat_id=chat_id
    )
    return next(m.text for m in sent if (m.text or "").startswith(start))


def received(bot: RunningBot, chat_id: int, text: str) -> int:
    """How many times `chat_id` got a message reading `text`."""
    return sum(
        m.text == text for m in bot.telegram.messages_to(chat_id) if m.method == "sendMessage"
    )
