"""Broadcasts end to end: /broadcast, the preview and its buttons, delivery within the limits."""

from __future__ import annotations

import dataclasses
import sqlite3
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.core.assistant import Assistant
from bot.settings import Settings
from bot.store import Audience, Send, Store
from bot.telegram.handlers import broadcasts
from tests.clocks import FakeClock
from tests.conftest import STAFF_CHAT, START, RunningBot, running_bot
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
