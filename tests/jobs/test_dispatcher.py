"""The check-in dispatcher on a real database and a clock moved by hand."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram.error import NetworkError

from bot.core.knowledge import KnowledgeBase
from bot.core.schedule import plan_checkins
from bot.jobs.dispatcher import Button, CheckinDispatcher, RecipientBlocked
from bot.jobs.pacing import Priority
from bot.kb.loader import load_knowledge
from bot.store import Send, Store
from tests.clocks import FakeClock

ROOT = Path(__file__).resolve().parents[2]
# 10:00 in London in November: the same-evening check-in falls at 14:00, outside quiet hours.


class Outbox:
    """Stands in for the outbox and Telegram: every turn at once; records what was sent, can
    refuse chats."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, list[str]]] = []
        self.blocked: set[int] = set()
        self.failing: set[int] = set()
        self.unreachable: set[int] = set()  # Telegram gives no answer (an outage, a 5xx)

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int, priority: Priority = Priority.BULK) -> AsyncIterator[None]:
        yield None

    async def send(self, chat_id: int, text: str, buttons: Sequence[Button], turn: object) -> int:
        if chat_id in self.blocked:
            raise RecipientBlocked
        if chat_id in self.failing:
            raise ConnectionError("network down")
        if chat_id in self.unreachable:
            raise NetworkError("Bad Gateway")
        self.sent.append((chat_id, text, [b.label for b in buttons]))
        return len(self.sent)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(ROOT / "knowledge")


async def onboard(store: Store, kb: KnowledgeBase, chat_id: int, clock: FakeClock) -> None:
    await store.clients.upsert(chat_id, chat_id, "Ana")
    await store.clients.set_consent(chat_id, checkins=True)
    session = await store.clients.add_session(chat_id, clock.now())
    due = plan_checkins(
        session.at,
        kb.checkins,
        now=clock.now(),
        zone=ZoneInfo(kb.clinic.timezone),
        quiet=kb.clinic.quiet_hours,
    )
    await store.checkins.replace(chat_id, session.id, [(d.checkin_id, d.due_at) for d in due])


def dispatcher(store: Store, clock: FakeClock, kb: KnowledgeBase, outbox: Outbox, at_once=64):
    return CheckinDispatcher(store, clock, lambda: kb, outbox, outbox.send, chats_at_once=at_once)


async def test_evening_checkin_goes_out_when_due_with_its_buttons(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    assert (await run.dispatch_due()).sent == 0
    clock.advance(timedelta(hours=4))
    result = await run.dispatch_due()
    assert result.sent == 1
    [(chat, text, labels)] = outbox.sent
    assert chat == 1
    assert "How is your skin" in text  # its words follow the hour when sent (bot.telegram)
    assert labels == ["Getting better", "Still red or swollen", "Something worries me"]
    assert (await run.dispatch_due()).sent == 0  # not twice


async def test_the_words_follow_the_hour_in_the_clients_own_zone(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    await onboard(store, kb, 2, clock)
    await store.clients.set_timezone(2, "America/New_York")
    clock.advance(timedelta(hours=5))  # 15:00 in London, 10:00 in New York
    assert (await dispatcher(store, clock, kb, outbox).dispatch_due()).sent == 2
    words = {chat: text for chat, text, _ in outbox.sent}
    assert "How is your skin this afternoon?" in words[1]
    assert "How is your skin this morning?" in words[2]


async def test_whole_plan_goes_out_once_each_in_order(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    for _ in range(24 * 50):
        clock.advance(timedelta(hours=1))
        await run.dispatch_due()
    assert len(outbox.sent) == len(kb.checkins)
    assert [c.state for c in await store.checkins.of_client(1)] == ["sent"] * len(kb.checkins)


async def test_checkin_due_during_quiet_hours_waits_for_the_morning(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    clock.set(datetime(2026, 11, 20, 22, 30, tzinfo=UTC))  # the bot was down until 22:30
    result = await run.dispatch_due()
    assert (result.sent, result.postponed) == (0, 1)
    clock.set(datetime(2026, 11, 21, 9, 0, tzinfo=UTC))
    assert (await run.dispatch_due()).sent == 1
    assert "How is your skin" in outbox.sent[0][1]


async def test_blocked_client_is_marked_and_skipped(store, clock, kb) -> None:
    outbox = Outbox()
    outbox.blocked.add(1)
    await onboard(store, kb, 1, clock)
    await onboard(store, kb, 2, clock)
    run = dispatcher(store, clock, kb, outbox)
    clock.advance(timedelta(hours=4))
    result = await run.dispatch_due()
    assert (result.sent, result.blocked) == (1, 1)
    assert (await store.clients.get(1)).blocked_at is not None
    clock.advance(timedelta(days=60))
    await run.dispatch_due()
    assert {chat for chat, _, _ in outbox.sent} == {2}


async def test_failed_send_is_retried_later(store, clock, kb) -> None:
    outbox = Outbox()
    outbox.failing.add(1)
    await onboard(store, kb, 1, clock)
    run = dispatcher(store, clock, kb, outbox)
    clock.advance(timedelta(hours=4))
    assert (await run.dispatch_due()).postponed == 1
    outbox.failing.clear()
    clock.advance(timedelta(minutes=5))
    assert (await run.dispatch_due()).sent == 1


def evening_row(tmp_path: Path, chat_id: int) -> tuple[str, int, str | None, int]:
    """(state, attempts, note, due_at) of a client's same-evening check-in, read directly."""
    with contextlib.closing(sqlite3.connect(tmp_path / "state" / "aftercare.db")) as db:
        return db.execute(
            "SELECT state, attempts, note, due_at FROM checkins "
            "WHERE chat_id = ? AND checkin_id = 'same-evening'",
            (chat_id,),
        ).fetchone()


async def unreachable_evening(store, clock, kb) -> tuple[Outbox, CheckinDispatcher]:
    """Client 1's same-evening check-in is due, and Telegram gives no answer for it."""
    outbox = Outbox()
    outbox.unreachable.add(1)
    await onboard(store, kb, 1, clock)
    clock.advance(timedelta(hours=4))
    return outbox, dispatcher(store, clock, kb, outbox)


async def test_an_outage_is_waited_out_without_counting_as_attempts(
    store, clock, kb, tmp_path
) -> None:
    outbox, run = await unreachable_evening(store, clock, kb)
    for _ in range(12):  # half an hour without Telegram: more tries than MAX_ATTEMPTS
        assert (await run.dispatch_due()).postponed == 1
        state, attempts, _, due_at = evening_row(tmp_path, 1)
        assert (state, attempts) == ("pending", 0)
        clock.set(datetime.fromtimestamp(due_at, UTC))
    outbox.unreachable.clear()
    assert (await run.dispatch_due()).sent == 1
    assert [chat for chat, _, _ in outbox.sent] == [1]


async def test_a_checkin_telegram_never_answers_is_given_up_after_a_day(
    store, clock, kb, tmp_path
) -> None:
    _, run = await unreachable_evening(store, clock, kb)
    assert (await run.dispatch_due()).postponed == 1
    clock.advance(timedelta(days=1))
    assert (await run.dispatch_due()).dropped >= 1
    state, _, note, _ = evening_row(tmp_path, 1)
    assert state == "dropped"
    assert note.startswith("Telegram did not answer for a day")


async def test_a_store_error_in_one_chat_stops_no_other_chat_and_blocks_nothing(
    store, clock, kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox()
    for chat in range(1, 6):
        await onboard(store, kb, chat, clock)
    mark_sent = store.checkins.mark_sent
    failed_once: list[int] = []

    async def locked_for_chat_3(row_id: int, message_id: int) -> None:
        if message_id == 3 and not failed_once:  # the third message sent (fake ids count up)
            failed_once.append(row_id)
            raise sqlite3.OperationalError("database is locked")
        await mark_sent(row_id, message_id)

    monkeypatch.setattr(store.checkins, "mark_sent", locked_for_chat_3)
    run = dispatcher(store, clock, kb, outbox, at_once=1)  # one chat after another
    clock.advance(timedelta(hours=4))
    result = await run.dispatch_due()
    assert (result.sent, result.failed) == (4, 1)
    assert sorted(chat for chat, _, _ in outbox.sent) == [1, 2, 3, 4, 5]
    clock.advance(timedelta(minutes=5))
    assert (await run.dispatch_due()).sent == 1  # given back: not blocked until a restart
    assert sorted(chat for chat, _, _ in outbox.sent) == [1, 2, 3, 3, 4, 5]


async def test_a_checkin_that_keeps_failing_after_sending_is_given_up(
    store, clock, kb, monkeypatch: pytest.MonkeyPatch
) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)

    async def broken(row_id: int, message_id: int) -> None:
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(store.checkins, "mark_sent", broken)
    run = dispatcher(store, clock, kb, outbox)
    clock.advance(timedelta(hours=4))
    for _ in range(10):
        await run.dispatch_due()
        clock.advance(timedelta(minutes=5))
    evening = [chat for chat, text, _ in outbox.sent if "How is your skin" in text]
    assert len(evening) == 5  # MAX_ATTEMPTS, then dropped: never a message every pass


async def test_at_most_chats_at_once_checkins_are_in_flight_together(
    store, clock, kb, tmp_path
) -> None:
    """The bound README gives on what a crash can send twice: taken and not yet recorded."""
    outbox = Outbox()
    for chat in range(1, 21):
        await onboard(store, kb, chat, clock)
    in_flight: list[int] = []
    send = outbox.send

    async def counting(chat_id: int, text: str, buttons, turn) -> int:
        with contextlib.closing(sqlite3.connect(tmp_path / "state" / "aftercare.db")) as db:
            in_flight.append(db.execute("SELECT COUNT(*) FROM checkin_claims").fetchone()[0])
        await asyncio.sleep(0)  # the other chats go on meanwhile
        return await send(chat_id, text, buttons, turn)

    outbox.send = counting
    clock.advance(timedelta(hours=4))
    result = await dispatcher(store, clock, kb, outbox, at_once=4).dispatch_due()
    assert result.sent == 20
    assert 1 < max(in_flight) <= 4


async def test_crash_mid_batch_resends_nothing_and_skips_nothing(store, clock, kb) -> None:
    outbox = Outbox()
    for chat in range(1, 21):
        await onboard(store, kb, chat, clock)
    clock.advance(timedelta(hours=4))
    # A crash: half the batch sent, the next ten taken (in flight), then the process died.
    due = await store.checkins.due(clock.now(), limit=100)
    for row in due[:20]:
        await store.checkins.take(row.id, clock.now(), lambda _: Send())
    for row in due[:10]:
        await outbox.send(row.chat_id, "evening", [], None)
        await store.checkins.mark_sent(row.id, message_id=1)
    run = dispatcher(store, clock, kb, outbox)
    assert await store.checkins.release_claims() == 10  # when the send lease is taken again
    await run.dispatch_due()
    assert sorted(chat for chat, _, _ in outbox.sent) == list(range(1, 21))


async def test_stop_during_a_pass_stops_the_rest_of_that_clients_checkins(store, clock, kb) -> None:
    outbox = Outbox()
    await onboard(store, kb, 1, clock)
    await onboard(store, kb, 2, clock)
    clock.advance(timedelta(days=2, hours=1))  # evening, day 1 and day 2 are all due
    sent_to_1 = 0
    send = outbox.send

    async def stop_after_the_first(chat_id: int, text: str, buttons, turn) -> int:
        nonlocal sent_to_1
        message_id = await send(chat_id, text, buttons, turn)
        if chat_id == 1:
            sent_to_1 += 1
            await store.clients.set_paused(1, True)  # the client sends /stop meanwhile
        return message_id

    outbox.send = stop_after_the_first
    result = await dispatcher(store, clock, kb, outbox, at_once=1).dispatch_due()
    assert [chat for chat, _, _ in outbox.sent].count(1) == 1
    assert [chat for chat, _, _ in outbox.sent].count(2) == 3
    assert (result.sent, result.cancelled) == (4, 2)  # found by the pass, stopped before their turn
    states = [c.state for c in await store.checkins.of_client(1)]
    assert states == ["sent"]  # of_client leaves out the cancelled ones


async def test_a_pass_that_runs_into_quiet_hours_stops_sending_at_them(store, clock, kb) -> None:
    outbox = Outbox()
    for chat in range(1, 11):
        await onboard(store, kb, chat, clock)
    clock.set(datetime(2026, 11, 20, 20, 56, tzinfo=UTC))  # 20:56 in London: due since 14:00
    send = outbox.send

    async def a_minute_each(chat_id: int, text: str, buttons, turn) -> int:
        clock.advance(timedelta(minutes=1))  # a slow pass: 21:00 comes in the middle of it
        return await send(chat_id, text, buttons, turn)

    outbox.send = a_minute_each
    run = dispatcher(store, clock, kb, outbox, at_once=1)  # one after another, as paced
    result = await run.dispatch_due()
    assert (result.sent, result.postponed) == (4, 6)  # 20:56, 20:57, 20:58, 20:59
    morning = datetime(2026, 11, 21, 9, 0, tzinfo=UTC)
    waiting = [c for chat in range(5, 11) for c in await store.checkins.of_client(chat)]
    assert {c.due_at for c in waiting if c.checkin_id == "same-evening"} == {morning}
    clock.set(morning)
    assert (await run.dispatch_due()).sent == 6
    assert sorted(chat for chat, _, _ in outbox.sent) == list(range(1, 11))
