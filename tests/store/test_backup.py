"""Backups through SQLite's backup API: consistent while the store writes, owner-only, and a
round trip (back up, change, restore) gives back every row; a copy before each migration;
the running bot's lock."""

from __future__ import annotations

import contextlib
import sqlite3
from datetime import timedelta
from pathlib import Path

import pytest

from bot.store import (
    MIGRATIONS,
    Audience,
    LockHeld,
    RunLock,
    Store,
    StoreError,
    backup_path,
    copy_database,
    keep_before_restore,
    list_backups,
    restore_database,
)
from tests.clocks import FakeClock
from tests.conftest import START
from tests.store.test_migrations import load_fixture


def every_row(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of every table, in a stable order."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        names = [
            name
            for (name,) in conn.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
            )
        ]
        return {
            name: conn.execute(f'SELECT * FROM "{name}" ORDER BY 1, 2').fetchall() for name in names
        }


async def fill(store: Store) -> None:
    """A few clients with sessions, check-ins, an escalation and a broadcast."""
    for chat in (1, 2, 3):
        await store.clients.upsert(chat, chat * 10, f"Client {chat}")
        session = await store.clients.add_session(chat, START - timedelta(days=chat))
        await store.checkins.replace(chat, session.id, [("day-1", START + timedelta(days=1))])
    await store.reports.record_escalation(2, "infection", "it has pus")
    draft = await store.broadcasts.create(None, None, "We open on Saturday.", "all")
    await store.broadcasts.confirm(draft.id, Audience())


async def test_back_up_change_restore_gives_back_every_row(
    store: Store, db_path: Path, clock: FakeClock
) -> None:
    await fill(store)
    backup = backup_path(db_path, clock.now())
    copy_database(db_path, backup)  # while the store is open
    before = every_row(db_path)
    assert every_row(backup) == before

    await store.clients.forget(2)
    await store.clients.upsert(4, 40, "Someone new")
    await store.checkins.replace(1, None, [])
    assert every_row(db_path) != before
    await store.close()

    restore_database(backup, db_path, MIGRATIONS[-1].version)
    assert every_row(db_path) == before
    async with Store.open_context(db_path, clock) as reopened:  # and the store reads it
        assert (await reopened.clients.get(2)).first_name == "Client 2"
        assert await reopened.clients.get(4) is None


async def test_a_backup_is_one_owner_only_file_named_by_its_time(
    store: Store, db_path: Path, clock: FakeClock
) -> None:
    await fill(store)
    backup = backup_path(db_path, clock.now())
    copy_database(db_path, backup)
    assert backup.name == "aftercare-20261120-100000.db"
    assert backup.stat().st_mode & 0o777 == 0o600
    assert backup.parent.stat().st_mode & 0o777 == 0o700
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name]  # no -wal beside it
    [listed] = list_backups(db_path)
    assert (listed.path, listed.taken_at, listed.reason) == (backup, START, None)


def test_backing_up_a_database_that_is_not_there_fails_and_leaves_nothing(tmp_path: Path) -> None:
    target = tmp_path / "backups" / "x.db"
    with pytest.raises(StoreError, match="no such file"):
        copy_database(tmp_path / "missing.db", target)
    assert list((tmp_path / "backups").iterdir()) == []


@pytest.mark.parametrize("content", [b"", b"not a database at all" * 100])
def test_restoring_a_file_that_is_not_a_database_of_the_bot_is_refused(
    tmp_path: Path, content: bytes
) -> None:
    bogus = tmp_path / "bogus.db"
    bogus.write_bytes(content)
    with pytest.raises(StoreError, match="not"):
        restore_database(bogus, tmp_path / "state" / "aftercare.db", MIGRATIONS[-1].version)


async def test_restoring_a_backup_from_a_newer_bot_is_refused(
    store: Store, db_path: Path, clock: FakeClock
) -> None:
    backup = backup_path(db_path, clock.now())
    copy_database(db_path, backup)
    with pytest.raises(StoreError, match="newer version of the bot"):
        restore_database(backup, db_path, MIGRATIONS[-1].version - 1)


async def test_a_copy_is_kept_before_a_migration_changes_a_database(
    db_path: Path, clock: FakeClock
) -> None:
    load_fixture("schema_v3.sql", db_path)
    before = every_row(db_path)
    async with Store.open_context(db_path, clock):
        pass
    [copy] = list_backups(db_path)
    assert copy.reason == "before-migration-0004"
    assert every_row(copy.path) == before
    async with Store.open_context(db_path, clock):  # up to date: no further copy
        pass
    assert len(list_backups(db_path)) == 1


async def test_a_new_database_needs_no_copy(db_path: Path, clock: FakeClock) -> None:
    async with Store.open_context(db_path, clock):
        pass
    assert list_backups(db_path) == []


def test_only_one_holder_of_the_run_lock(db_path: Path) -> None:
    with RunLock.acquire(db_path):
        with pytest.raises(LockHeld) as held:
            RunLock.acquire(db_path)
        assert held.value.pid is not None
    RunLock.acquire(db_path).release()  # free again once released


def test_a_database_that_cannot_be_copied_is_moved_aside_with_its_wal(tmp_path: Path) -> None:
    """As a crash leaves it: the last transaction only in the -wal. A copy that fails before
    reading it (here: its partial file cannot be made) leaves the file and its -wal moved
    together, so nothing written is lost."""
    live = tmp_path / "live.db"
    with contextlib.closing(sqlite3.connect(live)) as conn:
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA wal_autocheckpoint=0")
        with conn:
            conn.execute("CREATE TABLE t (x)")
            conn.execute("INSERT INTO t VALUES ('only in the wal')")
        db = tmp_path / "state" / "aftercare.db"
        db.parent.mkdir()
        for suffix in ("", "-wal"):
            Path(f"{db}{suffix}").write_bytes(Path(f"{live}{suffix}").read_bytes())
    kept = backup_path(db, START, "before-restore")
    Path(f"{kept}.partial").mkdir(parents=True)
    assert keep_before_restore(db, kept) is False
    assert not db.exists()
    assert not Path(f"{db}-wal").exists()
    with contextlib.closing(sqlite3.connect(kept)) as conn:
        assert conn.execute("SELECT x FROM t").fetchall() == [("only in the wal",)]
