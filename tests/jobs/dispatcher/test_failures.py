"""Blocked clients, failed sends, outages, store errors, crashes: no check-in lost or repeated."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.jobs.dispatcher import CheckinDispatcher
from bot.store import Send
from tests.jobs.dispatcher.conftest import Outbox, dispatcher, onboard


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
