"""The staff chat's rows: buttons answered once, digests of unanswered questions, taught gaps."""

from __future__ import annotations

import asyncio
from datetime import timedelta

from bot.store import Store
from tests.clocks import FakeClock
from tests.conftest import START


async def test_the_first_tap_on_a_message_wins_even_when_two_arrive_at_once(store: Store) -> None:
    results = await asyncio.gather(
        store.buttons.claim(7, 3, "consent:yes"), store.buttons.claim(7, 3, "consent:no")
    )
    assert sorted(results) == [False, True]
    assert await store.buttons.claim(7, 3, "consent:yes") is False  # answered already
    assert await store.buttons.claim(7, 4, "consent:no") is True  # another message
    assert await store.buttons.claim(8, 3, "consent:no") is True  # another chat


async def test_forget_deletes_the_clients_taps(store: Store) -> None:
    await store.clients.upsert(7, 7, "Anna")
    await store.buttons.claim(7, 3, "day:today")
    await store.clients.forget(7)
    assert await store.buttons.claim(7, 3, "day:today") is True  # no answer left to find


async def test_a_digest_takes_the_oldest_waiting_questions_once(
    store: Store, clock: FakeClock
) -> None:
    await store.clients.upsert(1, 1, "Anna")
    await store.reports.record_unanswered(1, "parking?", ["about"])
    clock.advance(timedelta(minutes=5))
    await store.reports.record_unanswered(1, "vouchers?", [])
    assert await store.digests.waiting() == (2, START)
    taken = await store.digests.take()
    assert taken is not None
    digest_id, questions = taken
    assert [(q.text, q.first_name, q.closest) for q in questions] == [
        ("parking?", "Anna", ("about",)),
        ("vouchers?", "Anna", ()),
    ]
    await store.digests.mark_sent(digest_id, staff_message_id=12)
    assert await store.digests.waiting() == (0, None)
    assert await store.digests.take() is None
    await store.reports.record_unanswered(1, "a", [])
    await store.reports.record_unanswered(1, "b", [])
    taken = await store.digests.take(limit=1)
    assert [q.text for q in taken[1]] == ["a"]
    assert (await store.digests.waiting())[0] == 1


async def test_a_digest_never_sent_gives_its_questions_back(store: Store) -> None:
    await store.clients.upsert(1, 1, "Anna")
    await store.reports.record_unanswered(1, "parking?", [])
    assert await store.digests.take() is not None  # then the bot stopped before sending it
    assert await store.digests.give_back() == 1
    assert (await store.digests.waiting())[0] == 1
    taken = await store.digests.take()
    assert taken is not None
    assert [q.text for q in taken[1]] == ["parking?"]


async def test_taught_questions_leave_the_gaps_and_the_digest(store: Store) -> None:
    await store.clients.upsert(1, 1, "Anna")
    first = await store.reports.record_unanswered(1, "parking?", [])
    await store.reports.record_unanswered(1, "vouchers?", [])
    await store.digests.mark_taught([first.id])
    assert [q.text for q in await store.reports.unanswered()] == ["vouchers?"]
    assert (await store.digests.waiting())[0] == 1
    assert await store.digests.question(first.id) is None
    assert (await store.digests.question(first.id + 1)).first_name == "Anna"


async def test_a_conversation_closes_once(store: Store) -> None:
    await store.clients.upsert(1, 1, "Anna")
    await store.inbox.open(1, START + timedelta(hours=2))
    await store.inbox.record(1, "client", "unanswered", "parking?", staff_message_id=40)
    found = await store.inbox.about_staff_message(40)
    assert found is not None
    assert (found.kind, found.text) == ("unanswered", "parking?")
    assert await store.inbox.close(1) is True
    assert await store.inbox.close(1) is False
    client = await store.clients.get(1)
    assert client is not None
    assert client.inbox_open_until is None
