"""Broadcast rows on a real SQLite file: segments, confirmation, claims, resuming, forgetting."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.jobs.broadcasts import Segment, parse_segment
from bot.store import (
    CANCELLED,
    GONE,
    POSTPONED,
    SEND,
    Audience,
    BroadcastTally,
    Postpone,
    Send,
    Store,
    Verdict,
)
from tests.clocks import FakeClock

START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
async def store(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    async with Store.open_context(tmp_path / "bot.db", clock) as opened:
        yield opened


async def client(
    store: Store,
    chat_id: int,
    *,
    news: bool | None = True,
    days_ago: tuple[float, ...] = (),
    paused: bool = False,
    blocked: bool = False,
) -> None:
    await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
    if news is not None:
        await store.clients.set_consent(chat_id, announcements=news)
    for days in days_ago:
        await store.clients.add_session(chat_id, START - timedelta(days=days))
    if paused:
        await store.clients.set_paused(chat_id, True)
    if blocked:
        await store.clients.mark_blocked(chat_id)


async def members(store: Store, segment: str, clock: FakeClock) -> set[int]:
    """Who a broadcast to `segment` confirmed now reaches."""
    parsed = parse_segment(segment)
    assert parsed is not None
    draft = await store.broadcasts.create(1, None, "News", segment)
    count = await store.broadcasts.count_audience(parsed.audience(clock.now()))
    assert await store.broadcasts.confirm(draft.id, parsed.audience(clock.now())) == count
    return {d.chat_id for d in await store.broadcasts.deliveries(draft.id)}


async def test_every_segment_holds_only_consenting_active_clients(
    store: Store, clock: FakeClock
) -> None:
    await client(store, 1, days_ago=(40,))
    await client(store, 2, news=False, days_ago=(40,))
    await client(store, 3, news=None, days_ago=(40,))  # never asked
    await client(store, 4, days_ago=(40,), paused=True)  # /stop
    await client(store, 5, days_ago=(40,), blocked=True)
    await client(store, 6, days_ago=(40,))
    await store.clients.forget(6)  # /forget
    for segment in ("all", "due", "recent:30"):
        assert await members(store, segment, clock) <= {1}
    assert await members(store, "all", clock) == {1}


async def test_recent_is_a_last_session_within_the_days(store: Store, clock: FakeClock) -> None:
    await client(store, 1, days_ago=(30,))  # exactly 30 days: within
    await client(store, 2, days_ago=(60, 2))  # the last one counts
    await client(store, 3, days_ago=(30.01,))
    await client(store, 4)  # no session recorded
    assert await members(store, "recent:30", clock) == {1, 2}


async def test_due_is_over_four_weeks_since_the_last_session_and_under_six_sessions(
    store: Store, clock: FakeClock
) -> None:
    await client(store, 1, days_ago=(29,))
    await client(store, 2, days_ago=(28,))  # exactly four weeks: not yet
    await client(store, 3, days_ago=(100, 29))  # two sessions, the last 29 days ago
    await client(store, 4, days_ago=(200, 170, 140, 110, 80, 50))  # six: course finished
    await client(store, 5, days_ago=(170, 140, 110, 80, 50))  # five
    await client(store, 6, days_ago=(60, 10))  # booked again recently
    await client(store, 7)  # no session recorded
    assert await members(store, "due", clock) == {1, 3, 5}


async def test_the_segment_is_taken_when_staff_confirm(store: Store, clock: FakeClock) -> None:
    await client(store, 1, days_ago=(20,))
    draft = await store.broadcasts.create(9, 9, "Hello", "due")
    clock.advance(timedelta(days=10))  # confirmed later: client 1 is due by now
    due = Segment("due").audience(clock.now())
    assert await store.broadcasts.confirm(draft.id, due) == 1
    broadcast = await store.broadcasts.get(draft.id)
    assert broadcast is not None
    assert (broadcast.state, broadcast.created_at, broadcast.confirmed_at) == (
        "sending",
        START,
        clock.now(),
    )


async def test_a_draft_is_confirmed_or_cancelled_once(store: Store) -> None:
    await client(store, 1)
    first = await store.broadcasts.create(9, 9, "Hello", "all")
    assert await store.broadcasts.confirm(first.id, Audience()) == 1
    assert await store.broadcasts.confirm(first.id, Audience()) is None  # a second tap
    assert await store.broadcasts.cancel(first.id) is False
    second = await store.broadcasts.create(9, 9, "Bye", "all")
    assert await store.broadcasts.cancel(second.id) is True
    assert await store.broadcasts.confirm(second.id, Audience()) is None
    assert await store.broadcasts.deliveries(second.id) == []
    assert [b.id for b in await store.broadcasts.unfinished()] == [first.id]


def go(_: str | None) -> Verdict:
    return Send()


async def take_next(store: Store, broadcast_id: int) -> tuple[int, str] | None:
    """The next recipient to send to now, and what `take` made of them (as the sender does)."""
    page = await store.broadcasts.pending(broadcast_id, START, None, 1)
    if not page:
        return None
    return page[0], await store.broadcasts.take(broadcast_id, page[0], START, go)


async def test_each_recipient_is_taken_right_before_sending_and_its_outcome_recorded(
    store: Store,
) -> None:
    for chat_id in (1, 2, 3, 4):
        await client(store, chat_id)
    draft = await store.broadcasts.create(9, 9, "Hello", "all")
    await store.broadcasts.confirm(draft.id, Audience())
    assert await take_next(store, draft.id) == (1, SEND)
    assert await take_next(store, draft.id) == (2, SEND)  # 1 in flight
    assert await store.broadcasts.take(draft.id, 1, START, go) == GONE  # not twice
    await store.broadcasts.finish_delivery(draft.id, 1, "sent")
    await store.broadcasts.finish_delivery(draft.id, 2, "failed", "Bad Request: chat not found")
    assert await store.broadcasts.tally(draft.id) == BroadcastTally(
        total=4, pending=2, sent=1, failed=1
    )
    assert await store.broadcasts.finish(draft.id) is False  # 3 and 4 still pending
    assert await store.broadcasts.pending(draft.id, START, None, 10) == [3, 4]
    await store.clients.set_paused(4, True)  # /stop after the broadcast was confirmed
    assert await take_next(store, draft.id) == (3, SEND)
    assert await take_next(store, draft.id) == (4, CANCELLED)
    assert await take_next(store, draft.id) is None
    await store.broadcasts.finish_delivery(
        draft.id, 3, "blocked", "Forbidden: bot was blocked by the user"
    )
    await store.broadcasts.finish_delivery(draft.id, 1, "failed", "late")  # never overwrites
    assert await store.broadcasts.finish(draft.id) is True
    assert await store.broadcasts.finish(draft.id) is False  # only one finisher
    deliveries = {
        d.chat_id: (d.state, d.error, d.sent_at)
        for d in await store.broadcasts.deliveries(draft.id)
    }
    assert deliveries == {
        1: ("sent", None, START),
        2: ("failed", "Bad Request: chat not found", None),
        3: ("blocked", "Forbidden: bot was blocked by the user", None),
        4: ("skipped", "no longer wants clinic news", None),
    }
    assert await store.broadcasts.unfinished() == []


async def test_a_recipient_in_their_quiet_hours_waits_until_they_end(store: Store) -> None:
    for chat_id in (1, 2):
        await client(store, chat_id)
    draft = await store.broadcasts.create(9, 9, "Hello", "all")
    await store.broadcasts.confirm(draft.id, Audience())
    await store.clients.set_timezone(2, "Asia/Tokyo")
    morning = START + timedelta(hours=12)

    def quiet_in_tokyo(zone: str | None) -> Verdict:
        return Postpone(morning) if zone == "Asia/Tokyo" else Send()

    assert await store.broadcasts.take(draft.id, 1, START, quiet_in_tokyo) == SEND
    assert await store.broadcasts.take(draft.id, 2, START, quiet_in_tokyo) == POSTPONED
    await store.broadcasts.finish_delivery(draft.id, 1, "sent")
    assert await store.broadcasts.pending(draft.id, START, None, 10) == []
    assert await store.broadcasts.take(draft.id, 2, START, go) == GONE  # not before the morning
    tally = await store.broadcasts.tally(draft.id)
    assert (tally.pending, tally.waiting) == (1, 1)
    assert await store.broadcasts.finish(draft.id) is False
    assert await store.broadcasts.pending(draft.id, morning, None, 10) == [2]
    assert await store.broadcasts.take(draft.id, 2, morning, go) == SEND


async def test_a_delivery_given_back_is_pending_again_from_its_time(store: Store) -> None:
    await client(store, 1)
    draft = await store.broadcasts.create(9, 9, "Hello", "all")
    await store.broadcasts.confirm(draft.id, Audience())
    assert await store.broadcasts.take(draft.id, 1, START, go) == SEND
    later = START + timedelta(seconds=5)
    await store.broadcasts.give_back(draft.id, 1, later)  # Telegram did not answer
    assert await store.broadcasts.pending(draft.id, START, None, 10) == []
    assert await store.broadcasts.pending(draft.id, later, None, 10) == [1]
    assert await store.broadcasts.take(draft.id, 1, later, go) == SEND
    assert (await store.broadcasts.tally(draft.id)).pending == 1


async def test_a_restart_releases_what_was_in_flight_and_resumes_where_it_stopped(
    tmp_path: Path, clock: FakeClock
) -> None:
    path = tmp_path / "bot.db"
    async with Store.open_context(path, clock) as store:
        for chat_id in (1, 2, 3):
            await client(store, chat_id)
        draft = await store.broadcasts.create(9, 9, "Hello", "all")
        await store.broadcasts.confirm(draft.id, Audience())
        await take_next(store, draft.id)
        await store.broadcasts.finish_delivery(draft.id, 1, "sent")
        await take_next(store, draft.id)  # chat 2 in flight when the process dies
    async with Store.open_context(path, clock) as store:
        assert [b.id for b in await store.broadcasts.unfinished()] == [draft.id]
        assert await store.broadcasts.pending(draft.id, START, None, 10) == [3]
        assert await store.broadcasts.release_claims() == 1
        assert await store.broadcasts.pending(draft.id, START, None, 10) == [2, 3]
        assert await store.broadcasts.pending(draft.id, START, 2, 10) == [3]


async def test_forget_removes_a_client_from_broadcasts_in_progress(store: Store) -> None:
    await client(store, 1)
    await client(store, 2)
    draft = await store.broadcasts.create(9, 9, "Hello", "all")
    await store.broadcasts.confirm(draft.id, Audience())
    assert await store.broadcasts.pending(draft.id, START, None, 10) == [1, 2]
    await store.clients.forget(1)
    assert [d.chat_id for d in await store.broadcasts.deliveries(draft.id)] == [2]
    assert await store.broadcasts.take(draft.id, 1, START, go) == GONE
    assert await take_next(store, draft.id) == (2, SEND)
    broadcast = await store.broadcasts.get(draft.id)
    assert broadcast is not None
    assert broadcast.text == "Hello"  # the clinic's message itself stays
