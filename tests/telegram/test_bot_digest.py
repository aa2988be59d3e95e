"""A calmer staff chat: unanswered questions arrive as a digest (at clinic.yaml's times or once
enough wait), none lost on a restart; warning signs still arrive at once."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.assistant import Assistant
from bot.core.knowledge import Digest
from bot.settings import Settings
from bot.telegram.handlers.digest import digest_if_due
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram
from tests.staff_chat import tap_in_staff_chat

ANNA, BEN = 91, 92
QUESTIONS = ("how much does parking cost", "do you sell gift vouchers", "is there a lift")


@pytest.fixture
def assistant(shipped_assistant: Assistant) -> Assistant:
    """The shipped knowledge, with the digest at 12:00 and 17:00 or once 3 questions wait."""
    kb = shipped_assistant.kb
    clinic = dataclasses.replace(kb.clinic, digest=Digest((_time(12), _time(17)), 3))
    return Assistant(dataclasses.replace(kb, clinic=clinic), shipped_assistant.threshold)


def _time(hour: int) -> datetime.time:
    return datetime(2026, 1, 1, hour).time()


async def ask(bot: RunningBot, chat_id: int, text: str) -> None:
    [reply] = await bot.say(chat_id, text, first_name="Anna" if chat_id == ANNA else "Ben")
    assert reply.text.startswith("I'm not sure I understood")
    await bot.settled()


async def test_questions_wait_for_the_digest_time_then_arrive_together(
    desk: RunningBot, clock: FakeClock
) -> None:
    await ask(desk, ANNA, QUESTIONS[0])
    await ask(desk, BEN, QUESTIONS[1])
    assert desk.telegram.messages_to(STAFF_CHAT) == []
    assert not await digest_if_due(desk.app.bot, desk.services)  # 10:00: not yet
    clock.set(datetime(2026, 11, 20, 12, 0, tzinfo=UTC))  # 12:00 in London
    assert await digest_if_due(desk.app.bot, desk.services)
    [digest] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    assert digest.text == (
        "❓ 2 questions the bot could not answer:\n"
        "1. Anna, Fri 20 Nov 10:00: “how much does parking cost”\n"
        "2. Ben, Fri 20 Nov 10:00: “do you sell gift vouchers”\n"
        "Tap a number to answer that question: your reply goes to the client, and you can "
        "teach me the answer."
    )
    assert [b["text"] for b in digest.buttons] == ["1", "2"]
    assert not await digest_if_due(desk.app.bot, desk.services)  # each question once
    [card] = await tap_in_staff_chat(desk, digest, "2")
    assert card.text.startswith("❓ A question the bot could not answer\nClient: Ben (chat 92)")


async def test_enough_waiting_questions_arrive_at_once(desk: RunningBot) -> None:
    for number, question in enumerate(QUESTIONS):
        await ask(desk, ANNA + number * 10, question)
    [digest] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    assert digest.text.startswith("❓ 3 questions the bot could not answer:")


async def test_warning_signs_still_reach_the_staff_chat_at_once(desk: RunningBot) -> None:
    await ask(desk, ANNA, QUESTIONS[0])
    await desk.say(ANNA, "there is pus on my cheek", count=2)
    [alert] = await desk.telegram.await_for(chat_id=STAFF_CHAT)
    assert alert.text.startswith("⚠️ Warning sign reported")


async def test_no_waiting_question_is_lost_when_the_bot_stops_before_its_digest(
    settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> None:
    async with running_bot(settings, assistant, clock, telegram) as first:
        await ask(first, ANNA, QUESTIONS[0])
        await ask(first, BEN, QUESTIONS[1])
        assert await first.services.store.digests.take() is not None  # taken, never sent
    async with running_bot(settings, assistant, clock, telegram) as second:
        assert (await second.services.store.digests.waiting())[0] == 2  # given back at start
        clock.advance(timedelta(hours=2))
        assert await digest_if_due(second.app.bot, second.services)
        [digest] = await telegram.await_for(chat_id=STAFF_CHAT)
        assert digest.text.startswith("❓ 2 questions the bot could not answer:")
