"""Health in Telegram: /health for staff, and the staff chat told when sending has failed for
minutes and when it works again (the real Application against the local Bot API server)."""

from __future__ import annotations

import dataclasses
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.assistant import Assistant
from bot.settings import Settings
from bot.telegram.handlers.health import staff_alerts
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram

STAFF_USER = 900
CLIENT = 41
GRACE = timedelta(minutes=5)


@pytest.fixture
async def staff_bot(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> AsyncIterator[RunningBot]:
    """The bot with one staff member; its own alert loop looks once (tests drive the rest)."""
    settings = dataclasses.replace(
        settings, staff_user_ids=frozenset({STAFF_USER}), heartbeat_seconds=3600
    )
    async with running_bot(settings, assistant, clock, telegram) as running:
        yield running


async def test_health_shows_uptime_last_poll_queues_backup_and_knowledge(
    staff_bot: RunningBot, clock: FakeClock
) -> None:
    await staff_bot.say(CLIENT, "hello")  # a poll that brought an update
    clock.advance(timedelta(hours=2, minutes=5))
    [health] = await staff_bot.say(STAFF_USER, "/health", user_id=STAFF_USER)
    lines = health.text.splitlines()
    assert lines[0] == "🩺 Bot health"
    assert lines[1].startswith("Running for 2 h 5 min (since 20 Nov 10:00)")
    assert lines[2] == "Last poll of Telegram: 0 s ago"  # /health came in a poll
    assert lines[3] == "Check-ins: 0 due now, 0 waiting"
    assert lines[4] == "Broadcasts in progress: 0"
    assert lines[5] == "Last backup: none yet"  # the first look is a few minutes after start
    version = staff_bot.services.knowledge.version
    topics = len(staff_bot.services.assistant.kb.topics)
    assert lines[6] == f"Knowledge: version {version}, {topics} topics"


async def test_health_is_for_staff_only(staff_bot: RunningBot) -> None:
    [refusal] = await staff_bot.say(CLIENT, "/health")
    assert refusal.text == "This command is for clinic staff."


async def test_staff_hear_when_sends_fail_for_minutes_and_when_they_work_again(
    staff_bot: RunningBot, clock: FakeClock, telegram: FakeTelegram
) -> None:
    alerts = staff_alerts(staff_bot.app.bot, staff_bot.services, GRACE)
    telegram.fail_chat(CLIENT, 500)
    telegram.send_text(CLIENT, "hello")
    await staff_bot.settled()
    clock.advance(timedelta(minutes=6))
    telegram.send_text(CLIENT, "are you there?")
    await staff_bot.settled()
    before = len(telegram.messages_to(STAFF_CHAT))
    await alerts.check()
    [alert] = telegram.messages_to(STAFF_CHAT)[before:]
    assert alert.text.startswith("⚠️ Messages from the bot have been failing since 20 Nov 10:00")
    assert "500" in alert.text

    telegram.clear_failures()
    await staff_bot.say(CLIENT, "hello")
    await staff_bot.settled()
    await alerts.check()
    [recovered] = telegram.messages_to(STAFF_CHAT)[before + 1 :]
    assert recovered.text.startswith("✅ Messages from the bot go out again")
    await alerts.check()
    assert len(telegram.messages_to(STAFF_CHAT)) == before + 2  # said once


async def test_an_outage_no_message_could_report_is_told_when_it_ends(
    staff_bot: RunningBot, clock: FakeClock, telegram: FakeTelegram
) -> None:
    alerts = staff_alerts(staff_bot.app.bot, staff_bot.services, GRACE)
    for chat in (CLIENT, STAFF_CHAT):  # nothing gets through, to clients or staff
        telegram.fail_chat(chat, 502)
    telegram.send_text(CLIENT, "hello")
    await staff_bot.settled()
    clock.advance(timedelta(minutes=20))
    telegram.send_text(CLIENT, "hello?")
    await staff_bot.settled()
    await alerts.check()  # tries to tell, cannot
    telegram.clear_failures()
    before = len(telegram.messages_to(STAFF_CHAT))
    await staff_bot.say(CLIENT, "hello")
    await staff_bot.settled()  # the bot has heard Telegram's answer, not only the server
    await alerts.check()
    [recovered] = telegram.messages_to(STAFF_CHAT)[before:]
    assert recovered.text == (
        "✅ Messages from the bot go out again (they failed from 20 Nov 10:00 for 20 min)."
    )
