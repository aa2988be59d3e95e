"""Check-in rows: scheduled, found due, looked at again and taken right before sending, sent,
answered; nothing lost across a crash."""

from __future__ import annotations

import contextlib
from datetime import datetime, timedelta
from pathlib import Path

from bot.store import (
    CANCELLED,
    DROPPED,
    GONE,
    POSTPONED,
    SEND,
    ClaimedCheckin,
    Drop,
    Postpone,
    Send,
    Store,
    Verdict,
)
from tests.conftest import START
from tests.store.conftest import raw


async def client(store: Store, chat_id: int, *, consent: bool = True) -> int:
    await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
    await store.clients.set_consent(chat_id, checkins=consent)
    session = await store.clients.add_session(chat_id, START)
    await store.checkins.replace(
        chat_id,
        session.id,
        [("evening", START + timedelta(hours=4)), ("day-1", START + timedelta(days=1))],
    )
    return session.id


def go(_: ClaimedCheckin) -> Verdict:
    return Send()


async def take_due(store: Store, now: datetime, limit: int = 10) -> list[ClaimedCheckin]:
    """What a dispatcher pass would send at `now`: found, then each taken."""
    taken = []
    for queued in await store.checkins.due(now, limit):
        result = await store.checkins.take(queued.id, now, go)
        if result.checkin is not None:
            taken.append(result.checkin)
    return taken


def states(db_path: Path, chat_id: int) -> list[tuple[str, str, str | None]]:
    """(check-in, state, note) of every row of a client, cancelled ones included."""
    with contextlib.closing(raw(db_path)) as conn:
        return conn.execute(
            "SELECT checkin_id, state, note FROM checkins WHERE chat_id = ? ORDER BY due_at",
            (chat_id,),
        ).fetchall()


async def test_only_due_checkins_are_found_oldest_first(store: Store) -> None:
    await client(store, 1)
    due = await store.checkins.due(START + timedelta(hours=5), limit=10)
    assert [(c.chat_id, c.checkin_id) for c in due] == [(1, "evening")]
    [taken] = await take_due(store, START + timedelta(hours=5))
    assert (taken.checkin_id, taken.attempts, taken.timezone) == ("evening", 0, None)


async def test_a_taken_checkin_is_in_flight_and_not_found_or_taken_again(store: Store) -> None:
    await client(store, 1)
    later = START + timedelta(days=2)
    first, second = await store.checkins.due(later, limit=10)
    assert (await store.checkins.take(first.id, later, go)).outcome == SEND
    assert (await store.checkins.take(first.id, later, go)).outcome == GONE
    assert [c.id for c in await store.checkins.due(later, limit=10)] == [second.id]


async def test_released_claims_come_back_after_a_crash(store: Store) -> None:
    await client(store, 1)
    later = START + timedelta(days=2)
    first, second = await take_due(store, later)
    await store.checkins.mark_sent(first.id, message_id=7)
    assert await store.checkins.release_claims() == 1
    again = await take_due(store, later)
    assert [c.id for c in again] == [second.id]


async def test_new_session_replaces_waiting_checkins(store: Store) -> None:
    await client(store, 1)
    session = await store.clients.add_session(1, START + timedelta(days=30))
    await store.checkins.replace(1, session.id, [("evening", START + timedelta(days=30, hours=4))])
    waiting = [c for c in await store.checkins.of_client(1) if c.state == "pending"]
    assert [(c.checkin_id, c.due_at) for c in waiting] == [
        ("evening", START + timedelta(days=30, hours=4))
    ]


async def test_no_consent_paused_or_blocked_clients_get_nothing(store: Store) -> None:
    await client(store, 1, consent=False)
    await client(store, 2)
    await client(store, 3)
    await client(store, 4)
    await store.clients.set_paused(2, True)
    await store.clients.mark_blocked(3)
    due = await store.checkins.due(START + timedelta(days=2), limit=10)
    assert {c.chat_id for c in due} == {4}


async def test_pausing_cancels_waiting_checkins(store: Store) -> None:
    await client(store, 1)
    assert await store.clients.set_paused(1, True) == 2
    assert (await store.clients.get(1)).paused is True
    await store.clients.set_paused(1, False)
    assert await take_due(store, START + timedelta(days=2)) == []


async def test_what_a_pass_found_is_looked_at_again_right_before_sending(
    store: Store, db_path: Path
) -> None:
    later = START + timedelta(days=2)
    for chat_id in (1, 2, 3, 4):
        await client(store, chat_id)
    found = {}
    for queued in await store.checkins.due(later, limit=10):
        found.setdefault(queued.chat_id, queued)
    # After the pass found them, and before their turn came:
    await store.clients.set_paused(1, True)  # /stop
    await store.clients.set_consent(2, checkins=False)
    await store.clients.mark_blocked(3)
    await store.clients.forget(4)
    outcomes = [(await store.checkins.take(found[c].id, later, go)).outcome for c in (1, 2, 3, 4)]
    assert outcomes == [GONE, CANCELLED, GONE, GONE]
    assert states(db_path, 1) == [
        ("evening", "cancelled", "paused by the client"),
        ("day-1", "cancelled", "paused by the client"),
    ]
    assert (states(db_path, 2))[0] == ("evening", "cancelled", "no consent to check-ins")
    assert (states(db_path, 3))[0] == ("evening", "dropped", "the client blocked the bot")


async def test_stop_spares_only_the_checkin_in_flight_and_sent_never_overwrites_cancelled(
    store: Store, db_path: Path
) -> None:
    await client(store, 1)
    later = START + timedelta(days=2)
    first, second = await store.checkins.due(later, limit=10)
    assert (await store.checkins.take(first.id, later, go)).outcome == SEND
    assert await store.clients.set_paused(1, True) == 1  # the one on its way cannot be recalled
    await store.checkins.mark_sent(first.id, message_id=5)
    assert (await store.checkins.take(second.id, later, go)).outcome == GONE
    await store.checkins.mark_sent(second.id, message_id=6)  # a stale sender: no effect
    assert states(db_path, 1) == [
        ("evening", "sent", None),
        ("day-1", "cancelled", "paused by the client"),
    ]


async def test_the_decision_at_sending_can_put_off_or_drop_a_checkin(
    store: Store, db_path: Path
) -> None:
    await client(store, 1)
    later = START + timedelta(days=2)
    evening, day1 = await store.checkins.due(later, limit=10)
    morning = later + timedelta(hours=9)
    taken = await store.checkins.take(evening.id, later, lambda _: Postpone(morning))
    assert taken.outcome == POSTPONED
    assert await store.checkins.due(later, limit=10) == [day1]
    assert (await store.checkins.take(evening.id, later, go)).outcome == GONE  # not due yet
    dropped = await store.checkins.take(day1.id, later, lambda _: Drop("no longer in the plan"))
    assert dropped.outcome == DROPPED
    [again] = await take_due(store, morning)
    assert again.id == evening.id
    assert states(db_path, 1) == [
        ("day-1", "dropped", "no longer in the plan"),
        ("evening", "pending", None),  # taken, in flight: due in the morning now
    ]


async def test_postponed_checkin_waits_until_its_new_time(store: Store) -> None:
    await client(store, 1)
    [evening] = await take_due(store, START + timedelta(hours=5))
    await store.checkins.postpone(evening.id, START + timedelta(hours=12), "network down")
    assert await take_due(store, START + timedelta(hours=11)) == []
    [again] = await take_due(store, START + timedelta(hours=12))
    assert (again.id, again.attempts) == (evening.id, 1)


async def test_answer_is_recorded_only_for_the_clients_own_sent_checkin(store: Store) -> None:
    await client(store, 1)
    await client(store, 2)
    [evening] = await take_due(store, START + timedelta(hours=5), limit=1)
    assert await store.checkins.answer(evening.id, evening.chat_id, "better") is None  # not sent
    await store.checkins.mark_sent(evening.id, message_id=3)
    other = 2 if evening.chat_id == 1 else 1
    assert await store.checkins.answer(evening.id, other, "better") is None
    assert await store.checkins.answer(evening.id, evening.chat_id, "better") == "evening"
    [answered] = [c for c in await store.checkins.of_client(evening.chat_id) if c.id == evening.id]
    assert (answered.state, answered.answer) == ("answered", "better")
    assert await store.checkins.answer(evening.id, evening.chat_id, "worried") is None  # once


async def test_client_time_zone_and_consents_are_kept(store: Store) -> None:
    await store.clients.upsert(1, 1, "Ana")
    await store.clients.set_timezone(1, "Asia/Tokyo")
    await store.clients.set_consent(1, checkins=True, announcements=False)
    stored = await store.clients.get(1)
    assert (stored.timezone, stored.checkins_consent, stored.announcements_consent) == (
        "Asia/Tokyo",
        True,
        False,
    )
