"""The shared connection: an owner-only file, its pragmas, transactions that roll back whole."""

from __future__ import annotations

import asyncio
import sqlite3
import stat
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import MIGRATIONS, Store, StoreError
from tests.clocks import FakeClock
from tests.conftest import START
from tests.store.conftest import raw


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
        assert (await store.reports.stats(START)).clients == 1


async def test_file_that_is_not_a_database_is_refused_with_file_name(
    db_path: Path, clock: FakeClock
) -> None:
    prepare(db_path, b"this is not sqlite, just some text that is long enough" * 20, 0o600)
    with pytest.raises(StoreError, match=str(db_path)):
        await Store.open(db_path, clock)


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
    assert (await store.reports.stats(START)).clients == 2


async def test_concurrent_writes_are_serialized(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await asyncio.gather(
        *(store.reports.record_escalation(1, "fever", f"report {n}") for n in range(20)),
        *(store.clients.add_session(1, START - timedelta(days=n)) for n in range(20)),
        *(store.clients.upsert(100 + n, None, None) for n in range(20)),
    )
    stats = await store.reports.stats(START)
    assert (stats.clients, stats.sessions, stats.escalations_7_days, stats.unanswered) == (
        21,
        20,
        20,
        0,
    )


def test_an_sqlite_older_than_the_sql_the_store_uses_is_one_line_naming_it(
    db_path: Path, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(sqlite3, "sqlite_version", "3.31.1")
    with pytest.raises(StoreError) as refused:
        asyncio.run(Store.open(db_path, clock))
    assert str(refused.value) == (
        "this Python's SQLite is 3.31.1; the bot needs 3.35 or newer: run it with a newer "
        "Python (e.g. the python:3.11-slim image)"
    )
    assert not db_path.exists()


@pytest.mark.parametrize(
    "damage",
    [lambda data: b"these are notes, not a database\n" * 200, lambda data: data[: len(data) // 2]],
    ids=["not a database", "cut short"],
)
def test_a_damaged_database_is_named_so_with_the_way_to_restore_it(
    db_path: Path, clock: FakeClock, damage: Callable[[bytes], bytes]
) -> None:
    asyncio.run(_with_a_client(db_path, clock))
    db_path.write_bytes(damage(db_path.read_bytes()))
    with pytest.raises(StoreError) as refused:
        asyncio.run(_with_a_client(db_path, clock))
    message = str(refused.value)
    assert message.startswith(f"{db_path} is damaged or is not a database (")
    assert "python -m bot restore FILE" in message
    assert "write" not in message


async def _with_a_client(db_path: Path, clock: FakeClock) -> None:
    async with Store.open_context(db_path, clock) as store:
        await store.clients.upsert(1, 1, "Ana")
        await store.reports.stats(START)
