"""Clients and their sessions: stored, refreshed, and forgotten everywhere at once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.store import (
    AWAITING_SESSION_DATE,
    Audience,
    Client,
    Send,
    Store,
    StoreError,
    TreatmentSession,
)
from tests.clocks import FakeClock
from tests.conftest import START
from tests.store.conftest import raw, tables

# -- clients and sessions ---------------------------------------------------------


async def test_upsert_client_refreshes_name_and_last_seen_but_keeps_created_at(
    store: Store, clock: FakeClock
) -> None:
    first = await store.clients.upsert(1, 11, "Ana")
    assert first == Client(1, 11, "Ana", START, START)
    clock.advance(timedelta(hours=3))
    second = await store.clients.upsert(1, 11, "Anna")
    assert second == Client(1, 11, "Anna", START, START + timedelta(hours=3))
    assert await store.clients.get(1) == second
    assert await store.clients.get(2) is None


async def test_times_are_aware_utc_and_stored_as_unix_seconds(store: Store, db_path: Path) -> None:
    await store.clients.upsert(1, 11, "Ana")
    kyiv = timezone(timedelta(hours=2))
    session = await store.clients.add_session(
        1, datetime(2026, 11, 18, 14, 30, 59, 900_000, tzinfo=kyiv)
    )
    assert session.at == datetime(2026, 11, 18, 12, 30, 59, tzinfo=UTC)
    assert session.at.tzinfo is UTC
    assert session.recorded_at == START
    with raw(db_path) as conn:
        assert conn.execute("SELECT typeof(at), at FROM treatment_sessions").fetchone() == (
            "integer",
            int(session.at.timestamp()),
        )


async def test_naive_datetime_is_refused(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.clients.add_session(1, datetime(2026, 11, 18, 14, 30))
    assert await store.clients.sessions(1) == []


async def test_last_session_is_latest_by_treatment_date(store: Store, clock: FakeClock) -> None:
    await store.clients.upsert(1, 11, "Ana")
    assert await store.clients.last_session(1) is None
    latest = await store.clients.add_session(1, START - timedelta(days=2))
    clock.advance(timedelta(minutes=5))
    await store.clients.add_session(1, START - timedelta(days=30))  # told later, happened earlier
    assert await store.clients.last_session(1) == latest


async def test_sessions_are_listed_oldest_treatment_first(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.upsert(2, 22, "Bo")
    days = (5, 40, 12)
    for day in days:
        await store.clients.add_session(1, START - timedelta(days=day))
    await store.clients.add_session(2, START)
    listed = await store.clients.sessions(1)
    assert [s.at for s in listed] == [START - timedelta(days=d) for d in sorted(days, reverse=True)]
    assert all(isinstance(s, TreatmentSession) and s.chat_id == 1 for s in listed)


async def test_recording_a_session_plans_its_checkins_in_the_same_transaction(
    store: Store, db_path: Path
) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.set_awaiting(1, AWAITING_SESSION_DATE)
    plan = [("day-1", START + timedelta(days=1)), ("week-1", START + timedelta(days=7))]
    session = await store.clients.record_session(1, START, plan)
    assert await store.clients.sessions(1) == [session]
    assert [(c.checkin_id, c.due_at) for c in await store.checkins.of_client(1)] == plan
    with raw(db_path) as conn:
        assert conn.execute("SELECT DISTINCT session_id FROM checkins").fetchall() == [
            (session.id,)
        ]
    assert (await store.clients.get(1)).awaiting is None  # type: ignore[union-attr]


async def test_a_session_whose_plan_cannot_be_written_is_not_recorded_either(
    store: Store,
) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.set_awaiting(1, AWAITING_SESSION_DATE)
    broken = [("day-1", START + timedelta(days=1)), ("week-1", datetime(2026, 11, 27, 10))]
    with pytest.raises(ValueError, match="timezone-aware"):
        await store.clients.record_session(1, START, broken)
    assert await store.clients.sessions(1) == []
    assert await store.checkins.of_client(1) == []
    assert (await store.clients.get(1)).awaiting == AWAITING_SESSION_DATE  # type: ignore[union-attr]


async def test_moving_a_session_replans_and_recording_without_a_plan_keeps_the_old_one(
    store: Store,
) -> None:
    await store.clients.upsert(1, 11, "Ana")
    first = await store.clients.record_session(1, START, [("day-1", START + timedelta(days=1))])
    moved = await store.clients.record_session(
        1, START - timedelta(hours=5), [("day-1", START + timedelta(hours=19))], moving=first.id
    )
    assert moved.id == first.id
    await store.clients.record_session(1, START - timedelta(days=30), None)  # an older one
    assert [s.at for s in await store.clients.sessions(1)] == [
        START - timedelta(days=30),
        START - timedelta(hours=5),
    ]
    waiting = [c for c in await store.checkins.of_client(1) if c.state == "pending"]
    assert [(c.checkin_id, c.due_at) for c in waiting] == [("day-1", START + timedelta(hours=19))]
    with pytest.raises(StoreError, match="no session 99"):
        await store.clients.record_session(1, START, None, moving=99)


async def test_add_session_for_unknown_client_raises(store: Store) -> None:
    with pytest.raises(StoreError, match="no client with chat_id 404"):
        await store.clients.add_session(404, START)
    with pytest.raises(StoreError, match="no client"):
        await store.reports.record_escalation(404, "fever", "I have a fever")
    with pytest.raises(StoreError, match="no client"):
        await store.reports.record_unanswered(404, "can I swim?", ["swimming"])
    stats = await store.reports.stats(START)
    assert (stats.clients, stats.sessions, stats.escalations_7_days, stats.unanswered) == (
        0,
        0,
        0,
        0,
    )


# -- forgetting -------------------------------------------------------------------


async def _fill(store: Store, chat_id: int, name: str) -> None:
    await store.clients.upsert(chat_id, chat_id * 10, name)
    await store.clients.set_consent(chat_id, checkins=True)
    await store.clients.add_session(chat_id, START - timedelta(days=3))
    await store.reports.record_escalation(chat_id, "fever", f"{name} feels feverish")
    await store.reports.record_unanswered(chat_id, f"{name} asks about sauna", ["heat"])
    session = await store.clients.last_session(chat_id)
    await store.checkins.replace(chat_id, session.id, [("day-3", START + timedelta(days=1))])
    await store.invites.create(f"hash-{chat_id}", name, START, None, START + timedelta(days=7))
    await store.invites.claim(f"hash-{chat_id}", chat_id)
    await store.inbox.record(chat_id, "client", "photo", file_id=f"file-{name}")
    await store.reports.audit(900, "reply", "replied in the staff chat", client_chat=chat_id)
    await store.clients.set_consent(chat_id, announcements=True)
    broadcast = await store.broadcasts.create(900, None, "Open on Saturday", "all")
    await store.broadcasts.confirm(broadcast.id, Audience())
    await store.buttons.claim(chat_id, 5, "consent:checkins:yes")
    await store.concerns.raise_(chat_id, "weeping", None, None, f"{name}'s cheek is weeping")


async def test_forget_deletes_everything_about_one_client_only(store: Store, db_path: Path) -> None:
    await _fill(store, 1, "Ana")
    await _fill(store, 2, "Bo")
    later = START + timedelta(days=2)
    for queued in await store.checkins.due(later, limit=10):  # both in flight
        await store.checkins.take(queued.id, later, lambda _: Send())
    for chat_id in await store.broadcasts.pending(2, START, None, 10):  # broadcast 2: both too
        await store.broadcasts.take(2, chat_id, START, lambda _: Send())
    assert await store.clients.forget(1) is True
    with raw(db_path) as conn:
        claimed = conn.execute(
            "SELECT k.chat_id FROM checkin_claims JOIN checkins AS k ON k.id = checkin_row"
        ).fetchall()
        assert claimed == [(2,)]
        skip = {
            *("schema_migrations", "checkin_claims", "audit", "broadcasts", "digests"),
            "send_lease",
        }
        names = [t for t in tables(db_path) if t not in skip]
        assert set(names) == {
            "clients",
            "treatment_sessions",
            "escalations",
            "unanswered",
            "checkins",
            "invites",
            "conversation",
            "broadcast_deliveries",
            "broadcast_claims",
            "button_answers",
            "concerns",
        }
        for table in names:
            ids = {row[0] for row in conn.execute(f"SELECT chat_id FROM {table}")}
            assert ids == {2}, table
    assert await store.clients.get(1) is None
    assert await store.clients.last_session(2) is not None
    assert await store.clients.forget(1) is False
    assert await store.clients.forget(404) is False


async def test_forgotten_words_do_not_linger_in_the_files(store: Store, db_path: Path) -> None:
    await _fill(store, 1, "Zenobia")
    await _fill(store, 2, "Bo")
    await store.clients.forget(1)
    leftovers = b"".join(
        p.read_bytes() for p in db_path.parent.iterdir() if p.name.startswith(db_path.name)
    )
    assert b"Zenobia" not in leftovers
    assert b"Bo feels feverish" in leftovers  # the check does see live data
