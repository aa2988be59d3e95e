"""Broadcast delivery in the limits: 429 pauses, blocked and failed recipients, progress edits."""

from __future__ import annotations

import pytest

from bot.telegram.handlers import broadcasts
from tests.conftest import RunningBot
from tests.telegram.broadcasts.conftest import STAFF, add_client, preview, received, summary


async def test_a_429_pauses_then_resends_that_message_once(staff_bot: RunningBot) -> None:
    telegram = staff_bot.telegram
    for chat_id in (101, 102, 103):
        await add_client(staff_bot.services.store, chat_id)
    telegram.fail_chat(102, 429, times=1, retry_after=1)
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 3 clients")
    assert await summary(staff_bot) == (
        "✅ Broadcast #1 finished: 3 sent, 0 blocked the bot, 0 failed."
    )
    calls = [c for c in telegram.calls_of("sendMessage") if c.params["chat_id"] in (102, 103)]
    assert [(c.params["chat_id"], c.status) for c in calls] == [(102, 429), (102, 200), (103, 200)]
    assert calls[1].at - calls[0].at >= 0.95  # waited for retry_after
    assert received(staff_bot, 102, "Hello") == 1


async def test_blocked_and_failed_recipients_are_recorded_and_the_rest_still_get_it(
    staff_bot: RunningBot,
) -> None:
    store, telegram = staff_bot.services.store, staff_bot.telegram
    for chat_id in (101, 102, 103, 104):
        await add_client(store, chat_id)
    telegram.fail_chat(102, 403)
    telegram.fail_chat(103, 400)
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 4 clients")
    assert await summary(staff_bot) == (
        "✅ Broadcast #1 finished: 2 sent, 1 blocked the bot, 1 failed."
    )
    outcomes = {d.chat_id: (d.state, d.error) for d in await store.broadcasts.deliveries(1)}
    assert outcomes == {
        101: ("sent", None),
        102: ("blocked", "Forbidden: bot was blocked by the user"),
        103: ("failed", "Chat not found"),
        104: ("sent", None),
    }
    assert (await store.clients.get(102)).blocked_at is not None
    assert [received(staff_bot, c, "Hello") for c in (101, 104)] == [1, 1]


async def test_staff_see_progress_as_edits_of_one_message(
    staff_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(broadcasts, "PROGRESS_SECONDS", 0.0)
    telegram = staff_bot.telegram
    for chat_id in range(101, 161):  # two seconds of sending: edits too wait a second apart
        await add_client(staff_bot.services.store, chat_id)
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 60 clients")
    await summary(staff_bot)
    edits = [m.text for m in telegram.messages_to(STAFF) if m.method == "editMessageText"]
    assert edits[0] == "Broadcast #1: 0 of 60 sent."
    assert edits[-1] == "Broadcast #1: 60 of 60 sent."
    assert len(edits) >= 3
    counts = [int(edit.split(": ")[1].split(" of ")[0]) for edit in edits]
    assert counts == sorted(counts)  # they only go up


async def test_a_refused_progress_edit_does_not_stop_the_broadcast(
    staff_bot: RunningBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(broadcasts, "PROGRESS_SECONDS", 0.0)
    for chat_id in range(101, 106):
        await add_client(staff_bot.services.store, chat_id)
    staff_bot.telegram.fail_chat(
        STAFF, 400, methods={"editMessageText"}, description="Bad Request: message is not modified"
    )
    _, question = await preview(staff_bot, "/broadcast all Hello")
    await staff_bot.tap(STAFF, question, "Send to 5 clients")
    assert await summary(staff_bot) == (
        "✅ Broadcast #1 finished: 5 sent, 0 blocked the bot, 0 failed."
    )
    assert [received(staff_bot, c, "Hello") for c in range(101, 106)] == [1] * 5
