"""A broadcast picked up again: after a restart, an unanswered send, a store error, a tap midway."""

from __future__ import annotations

import sqlite3
from datetime import timedelta

import pytest

from bot.core.assistant import Assistant
from bot.settings import Settings
from bot.store import Audience, Send, Store
from bot.telegram.handlers import broadcasts
from tests.clocks import FakeClock
from tests.conftest import RunningBot, running_bot
from tests.fake_telegram import FakeTelegram
from tests.telegram.broadcasts.conftest import STAFF, add_client, preview, received, summary


async def test_an_interrupted_broadcast_resumes_at_start_where_it_stopped(
    staff_settings: Settings, assistant: Assistant, clock: FakeClock, telegram: FakeTelegram
) -> None:
    async with Store.open_context(staff_settings.db_path, clock) as store:
        for chat_id in range(101, 106):
            await add_client(store, chat_id)
        draft = await store.broadcasts.create(STAFF, STAFF, "Hello again", "all")
        await store.broadcasts.confirm(draft.id, Audience())
        for chat_id in (101, 102, 103):  # 101 and 102 were sent before the stop, 103 in flight
            await store.broadcasts.take(draft.id, chat_id, clock.now(), lambda _: Send())
        for chat_id in (101, 102):
            await store.broadcasts.finish_delivery(draft.id, chat_id, "sent")
    async with running_bot(staff_settings, assistant, clock, telegram) as bot:
        assert await summary(bot) == (
            "✅ Broadcast #1 finished: 5 sent, 0 blocked the bot, 0 failed."
        )
        assert [received(bot, c, "Hello again") for c in range(101, 106)] == [0, 0, 1, 1, 1]
        [resuming, *_] = telegram.messages_to(STAFF)
        assert resuming.text == "Broadcast #1 was interrupted by a restart; sending the rest now."


async def test_a_recipient_telegram_does_not_answer_gets_it_once_it_does(
    staff_bot: RunningBot, clock: FakeClock
) -> None:
    store, telegram = staff_bot.services.store, staff_bot.telegram
    for chat_id in (101, 102, 103):
        await add_client(store, chat_id)
    telegram.fail_chat(102, 502)  # Bad Gateway: no answer from Telegram for that message
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 3 clients")
    await telegram.await_for(lambda ms: any("1 wait" in (m.text or "") for m in ms), chat_id=STAFF)
    states = {d.chat_id: d.state for d in await store.broadcasts.deliveries(1)}
    assert states == {101: "sent", 102: "pending", 103: "sent"}  # not failed: waiting
    telegram.clear_failures()
    clock.advance(timedelta(seconds=5))
    services = staff_bot.services
    await broadcasts.pick_up_broadcasts(staff_bot.app.bot, services, staff_bot.app.bot_data.tasks)
    assert await summary(staff_bot) == (
        "✅ Broadcast #1 finished: 3 sent, 0 blocked the bot, 0 failed."
    )
    assert [received(staff_bot, c, "Hello") for c in (101, 102, 103)] == [1, 1, 1]


async def test_a_store_error_for_one_recipient_stops_nobody_else_and_is_tried_again(
    staff_bot: RunningBot, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    store = staff_bot.services.store
    for chat_id in (101, 102, 103):
        await add_client(store, chat_id)
    finish_delivery = store.broadcasts.finish_delivery
    failed: list[int] = []

    async def locked_once_for_102(broadcast_id: int, chat_id: int, *args: object) -> None:
        if chat_id == 102 and not failed:
            failed.append(chat_id)
            raise sqlite3.OperationalError("database is locked")
        await finish_delivery(broadcast_id, chat_id, *args)

    monkeypatch.setattr(store.broadcasts, "finish_delivery", locked_once_for_102)
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 3 clients")
    await staff_bot.telegram.await_for(
        lambda ms: any("1 wait" in (m.text or "") for m in ms), chat_id=STAFF
    )
    assert {d.chat_id: d.state for d in await store.broadcasts.deliveries(1)} == {
        101: "sent",
        102: "pending",
        103: "sent",
    }
    clock.advance(timedelta(minutes=5))
    services = staff_bot.services
    await broadcasts.pick_up_broadcasts(staff_bot.app.bot, services, staff_bot.app.bot_data.tasks)
    assert await summary(staff_bot) == (
        "✅ Broadcast #1 finished: 3 sent, 0 blocked the bot, 0 failed."
    )


async def test_a_pick_up_while_send_is_answered_leaves_the_broadcast_to_staffs_progress(
    staff_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(broadcasts, "PROGRESS_SECONDS", 0.0)
    for chat_id in (101, 102, 103):
        await add_client(staff_bot.services.store, chat_id)
    acknowledge = broadcasts.acknowledge
    app = staff_bot.app

    async def pick_up_meanwhile(query: object, note: str | None = None) -> None:
        # The sending loop looks for confirmed broadcasts while the tap is being answered.
        await broadcasts.pick_up_broadcasts(app.bot, staff_bot.services, app.bot_data.tasks)
        await acknowledge(query, note)  # type: ignore[arg-type]

    monkeypatch.setattr(broadcasts, "acknowledge", pick_up_meanwhile)
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 3 clients")
    await summary(staff_bot)
    await staff_bot.settled()
    edits = [
        m.text
        for m in staff_bot.telegram.messages_to(STAFF)
        if m.method == "editMessageText" and m.message_id == question.message_id
    ]
    assert edits[-1] == "Broadcast #1: 3 of 3 sent."
    assert [received(staff_bot, c, "Hello") for c in (101, 102, 103)] == [1, 1, 1]
