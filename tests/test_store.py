"""The store: real SQLite files in tmp_path, time from a FakeClock."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.store import (
    MIGRATIONS,
    Audience,
    Client,
    Escalation,
    Migration,
    Store,
    StoreError,
    TreatmentSession,
)
from tests.clocks import FakeClock

START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(START)


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "state" / "aftercare.db"


@pytest.fixture
async def store(db_path: Path, clock: FakeClock) -> AsyncIterator[Store]:
    async with Store.open_context(db_path, clock) as opened:
        yield opened


def raw(path: Path) -> sqlite3.Connection:
    """A second, plain connection that looks at the file behind the store's back."""
    return sqlite3.connect(path)


def tables(path: Path) -> set[str]:
    with raw(path) as conn:
        rows = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
    return {name for (name,) in rows}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def prepare(path: Path, content: bytes, permissions: int) -> None:
    """Put a file where the database will be, before the store opens it."""
    path.parent.mkdir(parents=True)
    path.write_bytes(content)
    path.chmod(permissions)


# -- opening the file -------------------------------------------------------------


async def test_database_file_is_owner_only(store: Store, db_path: Path) -> None:
    await store.clients.upsert(1, 11, "Ana")
    assert db_path.parent.is_dir()
    assert mode(db_path) == 0o600
    for sidecar in (Path(f"{db_path}-wal"), Path(f"{db_path}-shm")):
        assert mode(sidecar) == 0o600, sidecar


async def test_existing_readable_file_is_made_owner_only(db_path: Path, clock: FakeClock) -> None:
    prepare(db_path, b"", 0o644)
    async with Store.open_context(db_path, clock):
        assert mode(db_path) == 0o600


async def test_wal_and_foreign_keys_are_on(store: Store, db_path: Path) -> None:
    with raw(db_path) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    pragmas = {
        name: (await store._database.fetch(f"PRAGMA {name}"))[0][0]
        for name in ("foreign_keys", "busy_timeout", "synchronous", "secure_delete")
    }
    assert pragmas == {
        "foreign_keys": 1,
        "busy_timeout": 5000,
        "synchronous": 1,
        "secure_delete": 1,
    }


async def test_memory_database_works_for_quick_tests(clock: FakeClock) -> None:
    async with Store.open_context(":memory:", clock) as store:
        await store.clients.upsert(1, 11, "Ana")
        assert await store.schema_version() == MIGRATIONS[-1].version
        assert (await store.reports.counts())["clients"] == 1


async def test_file_that_is_not_a_database_is_refused_with_file_name(
    db_path: Path, clock: FakeClock
) -> None:
    prepare(db_path, b"this is not sqlite, just some text that is long enough" * 20, 0o600)
    with pytest.raises(StoreError, match=str(db_path)):
        await Store.open(db_path, clock)


# -- migrations -------------------------------------------------------------------


async def test_migrations_recorded_once_and_reopen_is_idempotent(
    db_path: Path, clock: FakeClock
) -> None:
    async with Store.open_context(db_path, clock) as store:
        assert await store.schema_version() == MIGRATIONS[-1].version
    clock.advance(timedelta(days=1))
    async with Store.open_context(db_path, clock) as store:
        assert await store.schema_version() == MIGRATIONS[-1].version
    with raw(db_path) as conn:
        rows = conn.execute("SELECT version, name, applied_at FROM schema_migrations").fetchall()
    assert rows == [(m.version, m.name, int(START.timestamp())) for m in MIGRATIONS]
    assert {"clients", "treatment_sessions", "escalations", "unanswered"} <= tables(db_path)


async def test_failing_migration_rolls_back_and_leaves_nothing(
    db_path: Path, clock: FakeClock
) -> None:
    broken = Migration(
        2, "half good", "CREATE TABLE good (x INTEGER); INSERT INTO nowhere VALUES (1);"
    )
    with pytest.raises(StoreError, match=r"migration 2 \(half good\)") as raised:
        await Store.open(db_path, clock, migrations=(MIGRATIONS[0], broken))
    assert str(db_path) in str(raised.value)
    assert "good" not in tables(db_path)
    with raw(db_path) as conn:
        assert conn.execute("SELECT MAX(version) FROM schema_migrations").fetchone() == (1,)
    async with Store.open_context(db_path, clock, migrations=MIGRATIONS[:1]) as store:
        assert await store.schema_version() == 1


async def test_later_migrations_apply_on_top_of_existing_data(
    db_path: Path, clock: FakeClock
) -> None:
    async with Store.open_context(db_path, clock) as store:
        await store.clients.upsert(1, 11, "Ana")
    extra = Migration(
        MIGRATIONS[-1].version + 1,
        "notes",
        """
        CREATE TABLE notes (
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            body TEXT DEFAULT 'a; b'  -- a comment; with a semicolon
        );
        CREATE TRIGGER notes_trim AFTER INSERT ON notes BEGIN
            UPDATE notes SET body = trim(body) WHERE rowid = new.rowid;
        END;
        INSERT INTO notes (chat_id, body) VALUES (1, '  x; y  ')
        """,
    )
    async with Store.open_context(db_path, clock, migrations=(*MIGRATIONS, extra)) as store:
        assert await store.schema_version() == extra.version
        assert await store.clients.get(1) is not None
    with raw(db_path) as conn:
        assert conn.execute("SELECT chat_id, body FROM notes").fetchall() == [(1, "x; y")]


async def test_newer_database_is_refused_with_file_name(db_path: Path, clock: FakeClock) -> None:
    async with Store.open_context(db_path, clock):
        pass
    with raw(db_path) as conn:
        conn.execute("INSERT INTO schema_migrations VALUES (99, 'from the future', 0)")
    with pytest.raises(StoreError, match="newer version") as raised:
        await Store.open(db_path, clock)
    assert str(db_path) in str(raised.value)
    assert "99" in str(raised.value)


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


async def test_add_session_for_unknown_client_raises(store: Store) -> None:
    with pytest.raises(StoreError, match="no client with chat_id 404"):
        await store.clients.add_session(404, START)
    with pytest.raises(StoreError, match="no client"):
        await store.reports.record_escalation(404, "fever", "I have a fever")
    with pytest.raises(StoreError, match="no client"):
        await store.reports.record_unanswered(404, "can I swim?", ["swimming"])
    assert await store.reports.counts() == {
        "clients": 0,
        "sessions": 0,
        "escalations": 0,
        "unanswered": 0,
    }


# -- escalations and unanswered questions -----------------------------------------


async def test_escalations_list_newest_first_with_name(store: Store, clock: FakeClock) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.upsert(2, 22, "Bo")
    oldest = await store.reports.record_escalation(1, "pus", "yellow crust on cheek")
    clock.advance(timedelta(hours=1))
    middle = await store.reports.record_escalation(2, "fever", "38.5 since morning")
    clock.advance(timedelta(hours=1))
    newest = await store.reports.record_escalation(1, "swelling", "eyes swollen shut")
    assert newest == Escalation(newest.id, 1, "swelling", "eyes swollen shut", clock.now(), "Ana")
    assert await store.reports.escalations() == [newest, middle, oldest]
    assert middle.first_name == "Bo"
    assert await store.reports.escalations(since=START + timedelta(minutes=30)) == [newest, middle]
    assert await store.reports.escalations(limit=1) == [newest]


async def test_unanswered_keeps_text_and_closest_topics_in_order(
    store: Store, clock: FakeClock
) -> None:
    await store.clients.upsert(1, 11, "Ana")
    first = await store.reports.record_unanswered(1, "can I fly?", ["travel", "sun, heat", "sport"])
    clock.advance(timedelta(minutes=1))
    second = await store.reports.record_unanswered(1, "wine tonight?", [])
    assert first.closest == ("travel", "sun, heat", "sport")
    assert await store.reports.unanswered() == [second, first]
    assert await store.reports.unanswered(limit=1) == [second]


async def test_counts_reports_rows_of_each_kind(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.add_session(1, START)
    await store.clients.add_session(1, START - timedelta(days=1))
    await store.reports.record_escalation(1, "fever", "hot")
    assert await store.reports.counts() == {
        "clients": 1,
        "sessions": 2,
        "escalations": 1,
        "unanswered": 0,
    }


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


async def test_forget_deletes_everything_about_one_client_only(store: Store, db_path: Path) -> None:
    await _fill(store, 1, "Ana")
    await _fill(store, 2, "Bo")
    await store.checkins.claim_due(START + timedelta(days=2), limit=10)  # both claimed
    while (
        await store.broadcasts.claim_delivery(2) is not None
    ):  # broadcast 2 reached both: both in flight
        pass
    assert await store.clients.forget(1) is True
    with raw(db_path) as conn:
        claimed = conn.execute(
            "SELECT k.chat_id FROM checkin_claims JOIN checkins AS k ON k.id = checkin_row"
        ).fetchall()
        assert claimed == [(2,)]
        skip = {"schema_migrations", "checkin_claims", "audit", "broadcasts"}
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


# -- durability and concurrency ---------------------------------------------------


async def test_data_survives_reopen(db_path: Path, clock: FakeClock) -> None:
    async with Store.open_context(db_path, clock) as store:
        client = await store.clients.upsert(1, 11, "Ana")
        session = await store.clients.add_session(1, START - timedelta(days=1))
        escalation = await store.reports.record_escalation(1, "fever", "hot")
        question = await store.reports.record_unanswered(1, "sauna?", ["heat"])
    async with Store.open_context(db_path, clock) as store:
        assert await store.clients.get(1) == client
        assert await store.clients.sessions(1) == [session]
        assert await store.reports.escalations() == [escalation]
        assert await store.reports.unanswered() == [question]


async def test_failed_write_rolls_back_its_whole_transaction(store: Store) -> None:
    async def delete_everyone_then_fail() -> None:
        async with store._database.transaction() as db:
            await db.execute("DELETE FROM clients")
            raise RuntimeError("boom")

    await store.clients.upsert(1, 11, "Ana")
    with pytest.raises(RuntimeError, match="boom"):
        await delete_everyone_then_fail()
    assert await store.clients.get(1) is not None
    await store.clients.upsert(2, 22, "Bo")  # the connection is usable again
    assert (await store.reports.counts())["clients"] == 2


async def test_concurrent_writes_are_serialized(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await asyncio.gather(
        *(store.reports.record_escalation(1, "fever", f"report {n}") for n in range(20)),
        *(store.clients.add_session(1, START - timedelta(days=n)) for n in range(20)),
        *(store.clients.upsert(100 + n, None, None) for n in range(20)),
    )
    assert await store.reports.counts() == {
        "clients": 21,
        "sessions": 20,
        "escalations": 20,
        "unanswered": 0,
    }
