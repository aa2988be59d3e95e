"""/broadcast: the preview and its buttons, the segment it reaches, and who may send it."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, RunningBot
from tests.telegram.broadcasts.conftest import (
    NEWS,
    OTHER,
    STAFF,
    add_client,
    preview,
    received,
    summary,
)


async def test_staff_preview_then_confirm_delivers_to_exactly_the_segment(
    staff_bot: RunningBot,
) -> None:
    store = staff_bot.services.store
    for chat_id in (101, 102, 103):
        await add_client(store, chat_id)
    await add_client(store, 104, news=False)
    await add_client(store, 105)
    await staff_bot.say(105, "/stop")
    await add_client(store, 106)
    await store.clients.mark_blocked(106)
    await add_client(store, 107)
    [question] = await staff_bot.say(107, "/forget")
    await staff_bot.tap(107, question, "Yes, delete everything")

    text, question = await preview(staff_bot, f"/broadcast all {NEWS}")
    assert question.text == (
        "Broadcast #1: the message above goes to 3 clients (everyone who wants clinic news). "
        "Send it?"
    )
    assert [b["text"] for b in question.buttons] == ["Send to 3 clients", "Cancel"]
    assert [m.chat_id for m in staff_bot.telegram.sent if m.text == text.text] == [STAFF]

    await staff_bot.tap(STAFF, question, "Send to 3 clients")
    assert await summary(staff_bot) == (
        "✅ Broadcast #1 finished: 3 sent, 0 blocked the bot, 0 failed."
    )
    for chat_id in (101, 102, 103):
        assert received(staff_bot, chat_id, text.text) == 1
    for chat_id in (104, 105, 106, 107):
        assert received(staff_bot, chat_id, text.text) == 0
    progress = staff_bot.telegram.message(STAFF, question.message_id)
    assert progress["text"] == "Broadcast #1: 3 of 3 sent."
    assert "reply_markup" not in progress  # the buttons are gone
    [entry] = [e for e in await store.reports.audit_log() if e.action == "broadcast"]
    assert (entry.actor, entry.detail) == (STAFF, "#1 to all: 3")


async def test_the_preview_shows_exactly_what_clients_get(staff_bot: RunningBot) -> None:
    await add_client(staff_bot.services.store, 101)
    text, question = await preview(staff_bot, f"/broadcast\nall {NEWS}\n\nSee you!")
    assert text.text == "We are open on Saturday &lt;10-16h&gt; &amp; have a new serum!\n\nSee you!"
    await staff_bot.tap(STAFF, question, "Send to 1 client")
    await summary(staff_bot)
    [delivered] = [m for m in staff_bot.telegram.messages_to(101)]
    assert (delivered.text, delivered.parse_mode) == (text.text, text.parse_mode)


async def test_recent_and_due_reach_their_segments(staff_bot: RunningBot) -> None:
    store = staff_bot.services.store
    await add_client(store, 101, days_ago=3)
    await add_client(store, 102, days_ago=40)
    await add_client(store, 103)  # no session recorded
    text, question = await preview(staff_bot, "/broadcast recent 30 How is your skin?")
    assert "1 client (clients whose last session was within 30 days)" in question.text
    await staff_bot.tap(STAFF, question, "Send to 1 client")
    await summary(staff_bot)
    text, question = await preview(staff_bot, "/broadcast due Time to book your next session")
    assert "1 client (clients due to book their next session)" in question.text
    await staff_bot.tap(STAFF, question, "Send to 1 client")
    await staff_bot.telegram.await_for(lambda _: received(staff_bot, 102, text.text) == 1)
    assert [m.text for m in staff_bot.telegram.messages_to(101)] == ["How is your skin?"]
    assert staff_bot.telegram.messages_to(103) == []


async def test_broadcast_is_refused_to_non_staff_and_nothing_is_stored(
    staff_bot: RunningBot,
) -> None:
    await add_client(staff_bot.services.store, 101)
    [refused] = await staff_bot.say(101, "/broadcast all Free facials for everyone!")
    assert refused.text == "This command is for clinic staff."
    [refused] = await staff_bot.say(
        STAFF_CHAT, "/broadcast all Hello", user_id=OTHER, chat_type="supergroup"
    )
    assert refused.text == "This command is for clinic staff."
    assert await staff_bot.services.store.broadcasts.get(1) is None


@pytest.mark.parametrize("command", ["/broadcast", "/broadcast all", "/broadcast soon Hello"])
async def test_ill_formed_broadcasts_get_the_usage(staff_bot: RunningBot, command: str) -> None:
    [usage] = await staff_bot.say(STAFF, command, user_id=STAFF)
    assert usage.text.startswith("Send a message to clients who want clinic news:")
    assert "/broadcast recent 30 &lt;text&gt;" in usage.text
    assert await staff_bot.services.store.broadcasts.get(1) is None


async def test_an_empty_segment_says_so_and_stores_nothing(staff_bot: RunningBot) -> None:
    [reply] = await staff_bot.say(STAFF, "/broadcast due Book now", user_id=STAFF)
    assert reply.text.startswith("Nobody is in that group right now")
    assert await staff_bot.services.store.broadcasts.get(1) is None


async def test_a_second_tap_cancel_and_an_old_preview_send_nothing_more(
    staff_bot: RunningBot, clock: FakeClock
) -> None:
    store, telegram = staff_bot.services.store, staff_bot.telegram
    await add_client(store, 101)
    _, question = await preview(staff_bot, "/broadcast all First")
    await staff_bot.tap(STAFF, question, "Send to 1 client")
    await summary(staff_bot)
    send = question.buttons[0]["callback_data"]
    update = telegram.tap(STAFF, question.message_id, send, require_button=False)
    answer = await staff_bot.answered_query(update["callback_query"]["id"])
    assert answer["text"] == "This broadcast was already sent or cancelled."

    _, cancelled = await preview(staff_bot, "/broadcast all Second")
    await staff_bot.tap(STAFF, cancelled, "Cancel")
    await staff_bot.settled()
    assert telegram.message(STAFF, cancelled.message_id)["text"] == (
        "Broadcast #2 cancelled: nothing was sent."
    )

    _, old = await preview(staff_bot, "/broadcast all Third")
    clock.advance(timedelta(hours=2))
    await staff_bot.tap(STAFF, old, "Send to 1 client")
    await staff_bot.settled()
    assert telegram.message(STAFF, old.message_id)["text"].startswith(
        "Broadcast #3 was not sent: its preview is more than an hour old."
    )
    assert [m.text for m in telegram.messages_to(101)] == ["First"]
    assert [(await store.broadcasts.get(n)).state for n in (1, 2, 3)] == [
        "finished",
        "cancelled",
        "cancelled",
    ]


async def test_in_the_staff_chat_only_staff_can_confirm(staff_bot: RunningBot) -> None:
    await add_client(staff_bot.services.store, 101)
    [_, question] = await staff_bot.say(
        STAFF_CHAT, "/broadcast all Hello", count=2, user_id=STAFF, chat_type="supergroup"
    )
    send = question.buttons[0]["callback_data"]
    update = staff_bot.telegram.tap(STAFF_CHAT, question.message_id, send, user_id=OTHER)
    answer = await staff_bot.answered_query(update["callback_query"]["id"])
    assert answer["text"] == "This command is for clinic staff."
    assert (await staff_bot.services.store.broadcasts.get(1)).state == "draft"
    staff_bot.telegram.tap(STAFF_CHAT, question.message_id, send, user_id=STAFF)
    assert await summary(staff_bot, STAFF_CHAT) == (
        "✅ Broadcast #1 finished: 1 sent, 0 blocked the bot, 0 failed."
    )


async def test_an_edited_broadcast_command_makes_no_second_draft(staff_bot: RunningBot) -> None:
    await add_client(staff_bot.services.store, 101)
    update = staff_bot.telegram.send_text(STAFF, "/broadcast all Hello", user_id=STAFF)
    await staff_bot.telegram.await_for(chat_id=STAFF, count=2)
    message_id = update["message"]["message_id"]
    [note] = await staff_bot.after(
        STAFF, lambda: staff_bot.telegram.edit_text(STAFF, message_id, "/broadcast all Hi")
    )
    assert note.text.startswith("✎ Editing changes nothing")
    await staff_bot.settled()
    assert await staff_bot.services.store.broadcasts.get(2) is None
