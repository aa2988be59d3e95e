"""The one outbox end to end, on fake pace time: /stop wins over a batch, quiet hours hold per
message, replies keep the overall limit during a broadcast, no chat holds up the others."""

from __future__ import annotations

import asyncio
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta

import pytest

from bot.core.assistant import Assistant
from bot.jobs.outbox import Outbox
from bot.jobs.pacing import PER_CHAT_INTERVAL, Priority
from bot.settings import Settings
from bot.store import Store
from tests.clocks import FakeClock, FakeTicker, TickingClock
from tests.conftest import STAFF_CHAT, STAFF_USER, RunningBot, running_bot
from tests.fake_telegram import FakeTelegram
from tests.pace import PaceDriver

ANNA = 501
OTHERS = range(601, 611)
STAFF = STAFF_USER  # staff in the `desk` bot


async def due_checkins(store: Store, chat_id: int, checkin_ids: Iterable[str], since: datetime):
    """A consenting client whose check-ins fell due while the bot was down, a minute apart."""
    await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
    await store.clients.set_consent(chat_id, checkins=True)
    session = await store.clients.add_session(chat_id, since - timedelta(days=3))
    due = [(c, since + timedelta(minutes=n)) for n, c in enumerate(checkin_ids)]
    await store.checkins.replace(chat_id, session.id, due)


def outbox_of(bot: RunningBot) -> Outbox:
    outbox = bot.services.outbox
    assert outbox is not None
    return outbox


def pace_of(bot: RunningBot) -> PaceDriver:
    assert bot.pace is not None
    return bot.pace


async def test_two_checkins_due_for_one_chat_do_not_hold_up_the_others(
    bot: RunningBot, clock: FakeClock
) -> None:
    store, telegram = bot.services.store, bot.telegram
    since = clock.now() - timedelta(hours=2)
    await due_checkins(store, ANNA, ["day-1", "day-2-makeup"], since)  # due first, both
    for chat_id in OTHERS:
        await due_checkins(store, chat_id, ["day-3"], since + timedelta(minutes=30))
    result = await bot.services.dispatcher.dispatch_due()
    assert result.sent == 12
    first, second = telegram.messages_to(ANNA)
    others = [m.at for m in telegram.sent if m.chat_id in OTHERS]
    assert len(others) == 10
    assert second.at - first.at == pytest.approx(PER_CHAT_INTERVAL)  # one a second to a chat...
    assert max(others) < second.at  # ...while the others went meanwhile
    assert max(others) - first.at < 0.5  # ten slots at 29 a second, no one-second wait


async def test_stop_in_the_middle_of_a_batch_stops_the_rest_of_that_clients_queue(
    bot: RunningBot, clock: FakeClock
) -> None:
    store, telegram, outbox = bot.services.store, bot.telegram, outbox_of(bot)
    since = clock.now() - timedelta(days=1)
    await due_checkins(store, ANNA, ["day-1", "day-2-makeup", "day-3"], since)
    for chat_id in OTHERS:
        await due_checkins(store, chat_id, ["day-3"], since + timedelta(hours=1))
    with pace_of(bot).hold():  # time stands still: only the first slot is free
        batch = asyncio.create_task(bot.services.dispatcher.dispatch_due())
        [first] = await telegram.await_for(chat_id=ANNA)
        assert "One day after your treatment" in first.text
        telegram.send_text(ANNA, "/stop")  # the rest of the batch is found, not yet sent
        await pace_of(bot).until(lambda: outbox.waiting(Priority.INTERACTIVE) == 1)
    result = await batch
    [_, paused] = await telegram.await_for(chat_id=ANNA, count=2)
    assert paused.text.startswith("Check-ins and clinic news are paused")
    await bot.settled()
    assert len(telegram.messages_to(ANNA)) == 2
    assert (result.sent, result.cancelled) == (11, 2)
    assert [c.state for c in await store.checkins.of_client(ANNA)] == ["sent"]  # 2 cancelled
    assert all(len(telegram.messages_to(chat_id)) == 1 for chat_id in OTHERS)


@pytest.fixture
def evening() -> datetime:
    return datetime(2026, 11, 20, 20, 59, 59, 500_000, tzinfo=UTC)  # in London too


async def test_a_batch_crossing_the_start_of_quiet_hours_stops_there_and_resumes_in_the_morning(
    settings: Settings, assistant: Assistant, telegram: FakeTelegram, evening: datetime
) -> None:
    ticker = FakeTicker()
    clock = TickingClock(evening, ticker)  # the wall clock moves with the pace
    async with running_bot(settings, assistant, clock, telegram, ticker) as bot:
        store = bot.services.store
        chats = range(700, 760)
        for chat_id in chats:
            await due_checkins(store, chat_id, ["day-3"], evening - timedelta(hours=1))
        result = await bot.services.dispatcher.dispatch_due()
        quiet = datetime(2026, 11, 20, 21, 0, tzinfo=UTC)
        sent_at = [clock.now() - timedelta(seconds=ticker.time() - m.at) for m in telegram.sent]
        assert 10 <= result.sent <= 16  # half a second at 29 a second
        assert result.postponed == len(chats) - result.sent
        assert max(sent_at) < quiet
        morning = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
        waiting = [c for chat_id in chats for c in await store.checkins.of_client(chat_id)]
        assert {c.due_at for c in waiting if c.state == "pending"} == {morning}
        clock.set(morning)
        assert (await bot.services.dispatcher.dispatch_due()).sent == result.postponed
        assert sorted(m.chat_id for m in telegram.sent) == list(chats)


async def test_replies_during_a_broadcast_keep_the_overall_limit(desk: RunningBot) -> None:
    store, telegram, outbox = desk.services.store, desk.telegram, outbox_of(desk)
    recipients = range(101, 161)
    for chat_id in recipients:
        await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
        await store.clients.set_consent(chat_id, announcements=True)
    telegram.enforce_limits(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    [_, question] = await desk.say(STAFF, "/broadcast all Open on Saturday", 2, user_id=STAFF)
    await desk.tap(STAFF, question, "Send to 60 clients")

    def delivered() -> list[float]:
        return [m.at for m in telegram.sent if m.text == "Open on Saturday" and m.chat_id != STAFF]

    await pace_of(desk).until(lambda: len(delivered()) >= 20)
    writers = range(101, 111)
    with pace_of(desk).hold():  # ten clients write at the same moment, mid-broadcast
        for chat_id in writers:
            telegram.send_text(chat_id, "how long will my skin stay red?")
        await pace_of(desk).until(lambda: outbox.waiting(Priority.INTERACTIVE) >= 10)
    summary = "✅ Broadcast #1 finished: 60 sent"
    await pace_of(desk).until(
        lambda: any((m.text or "").startswith(summary) for m in telegram.messages_to(STAFF))
    )
    await desk.settled()
    assert telegram.too_many_requests == 0  # the server refused nothing: no limit broken
    assert sorted(m.chat_id for m in telegram.sent if m.text == "Open on Saturday") == [
        *recipients,
        STAFF,  # the preview
    ]
    replies = [m.at for m in telegram.sent if m.chat_id in writers and m.text != "Open on Saturday"]
    assert len(replies) >= 10
    assert min(replies) < max(delivered())  # they went out while the broadcast did
    times = sorted(m.at for m in telegram.sent if m.method != "editMessageText")
    assert all(sum(t <= u < t + 1.0 for u in times) <= 30 for t in times)


async def test_staff_alerts_go_through_the_same_pace(desk: RunningBot) -> None:
    telegram = desk.telegram
    telegram.enforce_limits(per_second=30, per_chat_per_second=1, per_group_per_minute=20)
    for chat_id in range(200, 225):  # 25 warning signs at once: 25 alerts to one group
        telegram.send_text(chat_id, "there is pus on my cheek and I have a fever")
    await pace_of(desk).until(lambda: len(telegram.messages_to(STAFF_CHAT)) >= 25, timeout=20)
    assert telegram.too_many_requests == 0
    alerts = sorted(m.at for m in telegram.messages_to(STAFF_CHAT))
    assert alerts[20] - alerts[0] >= 60  # at most 20 a minute to the group
