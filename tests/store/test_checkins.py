"""Check-in rows: scheduled, claimed once, sent, answered; nothing lost across a crash."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from tests.conftest import START


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


async def test_only_due_checkins_are_claimed_oldest_first(store: Store) -> None:
    await client(store, 1)
    claimed = await store.checkins.claim_due(START + timedelta(hours=5), limit=10)
    assert [(c.chat_id, c.checkin_id, c.attempts) for c in claimed] == [(1, "evening", 0)]


async def test_a_claimed_checkin_is_not_claimed_again(store: Store) -> None:
    await client(store, 1)
    later = START + timedelta(days=2)
    assert len(await store.checkins.claim_due(later, limit=10)) == 2
    assert await store.checkins.claim_due(later, limit=10) == []


async def test_released_claims_come_back_after_a_crash(store: Store) -> None:
    await client(store, 1)
    later = START + timedelta(days=2)
    first, second = await store.checkins.claim_due(later, limit=10)
    await store.checkins.mark_sent(first.id, message_id=7)
    assert await store.checkins.release_claimed() == 1
    again = await store.checkins.claim_due(later, limit=10)
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
    claimed = await store.checkins.claim_due(START + timedelta(days=2), limit=10)
    assert {c.chat_id for c in claimed} == {4}


async def test_pausing_cancels_waiting_checkins(store: Store) -> None:
    await client(store, 1)
    assert await store.clients.set_paused(1, True) == 2
    assert (await store.clients.get(1)).paused is True
    await store.clients.set_paused(1, False)
    assert await store.checkins.claim_due(START + timedelta(days=2), limit=10) == []


async def test_postponed_checkin_waits_until_its_new_time(store: Store) -> None:
    await client(store, 1)
    [evening] = await store.checkins.claim_due(START + timedelta(hours=5), limit=10)
    await store.checkins.postpone(evening.id, START + timedelta(hours=12), "network down")
    assert await store.checkins.claim_due(START + timedelta(hours=11), limit=10) == []
    [again] = await store.checkins.claim_due(START + timedelta(hours=12), limit=10)
    assert (again.id, again.attempts) == (evening.id, 1)


async def test_answer_is_recorded_only_for_the_clients_own_sent_checkin(store: Store) -> None:
    await client(store, 1)
    await client(store, 2)
    [evening] = await store.checkins.claim_due(START + timedelta(hours=5), limit=1)
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
