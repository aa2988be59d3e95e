"""Migrations: numbered .sql files applied once each, and databases the old code made."""

from __future__ import annotations

import contextlib
import sqlite3
import tomllib
from datetime import timedelta
from fnmatch import fnmatch
from pathlib import Path

import pytest

import bot.store
from bot.store import MIGRATIONS, Migration, Store, StoreError
from bot.store.migrations import load_migrations
from tests.clocks import FakeClock
from tests.conftest import START
from tests.store.conftest import raw, tables

ROOT = Path(__file__).resolve().parents[2]
PACKAGED = Path(bot.store.__file__).parent / "migrations"
FIXTURES = Path(__file__).parent / "fixtures"  # made by the store at 70f5474


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


# -- the files --------------------------------------------------------------------


def test_migration_files_load_in_number_order_named_by_their_first_line(tmp_path: Path) -> None:
    (tmp_path / "0002_notes.sql").write_text("-- notes\nCREATE TABLE notes (x INTEGER);\n")
    (tmp_path / "0001_start.sql").write_text("-- the start\nCREATE TABLE start (x INTEGER);\n")
    (tmp_path / "README.md").write_text("not a migration")
    assert load_migrations(tmp_path) == (
        Migration(1, "the start", "-- the start\nCREATE TABLE start (x INTEGER);\n"),
        Migration(2, "notes", "-- notes\nCREATE TABLE notes (x INTEGER);\n"),
    )


@pytest.mark.parametrize(
    ("file_name", "text", "problem"),
    [
        ("1_start.sql", "-- the start\nSELECT 1;", "named NNNN_short_name.sql"),
        ("0001_start.sql", "SELECT 1;", "first line must say what it does"),
    ],
)
def test_a_misnamed_or_unexplained_migration_file_is_refused(
    tmp_path: Path, file_name: str, text: str, problem: str
) -> None:
    (tmp_path / file_name).write_text(text)
    with pytest.raises(StoreError, match=problem) as raised:
        load_migrations(tmp_path)
    assert file_name in str(raised.value)


def test_the_packaged_migrations_are_numbered_one_by_one() -> None:
    assert [m.version for m in MIGRATIONS] == list(range(1, len(MIGRATIONS) + 1))


def test_every_migration_file_is_in_the_package_data() -> None:
    """A non-editable install (`pip install .`, the Docker image) ships only what is listed."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = pyproject["tool"]["setuptools"]["package-data"]["bot.store"]
    files = sorted(path.relative_to(PACKAGED.parent) for path in PACKAGED.glob("*.sql"))
    assert len(files) == len(MIGRATIONS)
    unlisted = [str(f) for f in files if not any(fnmatch(str(f), p) for p in patterns)]
    assert unlisted == []


# -- databases made by the code before the migrations were files ------------------


def load_fixture(name: str, path: Path) -> None:
    """Rebuild a database the old code wrote (an `iterdump()` of it) at `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.closing(sqlite3.connect(path)) as conn:
        conn.executescript((FIXTURES / name).read_text(encoding="utf-8"))


def columns(path: Path) -> dict[str, list[str]]:
    """Each table's columns, by table name."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        found = conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
        names = [row[0] for row in found]
        return {
            name: [row[1] for row in conn.execute(f'PRAGMA table_info("{name}")')] for name in names
        }


def rows(path: Path, wanted: dict[str, list[str]]) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the `wanted` tables (only the `wanted` columns), in a stable order."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return {
            table: conn.execute(
                f'SELECT {", ".join(names)} FROM "{table}" ORDER BY {", ".join(names)}'
            ).fetchall()
            for table, names in wanted.items()
        }


def schema(path: Path) -> list[tuple[str, str, str | None]]:
    """sqlite_master, each line of its SQL unindented: the old code's SQL was indented as
    Python strings, the .sql files are not; everything else must match to the character."""
    with contextlib.closing(sqlite3.connect(path)) as conn:
        entries = conn.execute("SELECT type, name, sql FROM sqlite_master ORDER BY type, name")
        return [
            (kind, name, sql and "\n".join(line.lstrip() for line in sql.splitlines()))
            for kind, name, sql in entries
        ]


def migrations_applied(path: Path) -> list[tuple[int, str, int]]:
    with contextlib.closing(sqlite3.connect(path)) as conn:
        return conn.execute("SELECT * FROM schema_migrations ORDER BY version").fetchall()


async def test_new_database_has_the_old_codes_schema(tmp_path: Path, clock: FakeClock) -> None:
    old, new = tmp_path / "old.db", tmp_path / "new.db"
    load_fixture("schema_v5.sql", old)
    async with Store.open_context(new, clock, migrations=MIGRATIONS[:5]):
        pass
    assert schema(new) == schema(old)
    assert [row[:2] for row in migrations_applied(new)] == [
        row[:2] for row in migrations_applied(old)
    ]


async def test_database_made_by_the_old_code_opens_with_every_row_intact(
    db_path: Path, clock: FakeClock
) -> None:
    load_fixture("schema_v5.sql", db_path)
    every_column = columns(db_path)
    before = rows(db_path, every_column)
    assert [table for table, found in before.items() if not found] == []  # a row in each
    async with Store.open_context(db_path, clock) as store:
        assert await store.schema_version() == MIGRATIONS[-1].version
        maren = await store.clients.get(101)
        assert (maren.first_name, maren.timezone, maren.photo_consent) == (
            "Maren",
            "Europe/Berlin",
            True,
        )
        assert [b.text for b in await store.broadcasts.unfinished()] == ["We open on Saturday too."]
    after = rows(db_path, every_column)  # later migrations add, never change
    assert after.pop("schema_migrations")[:5] == before.pop("schema_migrations")
    assert after == before
    async with Store.open_context(db_path, clock) as store:  # what a crash left is resumed
        assert await store.checkins.release_claims() == 1
        assert await store.broadcasts.release_claims() == 1


async def test_a_v3_database_gets_only_the_later_migrations(
    db_path: Path, clock: FakeClock, tmp_path: Path
) -> None:
    load_fixture("schema_v3.sql", db_path)
    v3_columns = columns(db_path)
    before, applied = rows(db_path, v3_columns), migrations_applied(db_path)
    assert [version for version, *_ in applied] == [1, 2, 3]
    clock.advance(timedelta(days=30))
    async with Store.open_context(db_path, clock) as store:
        assert await store.schema_version() == MIGRATIONS[-1].version
        stored = await store.clients.get(102)
        assert (stored.awaiting, stored.photo_consent, stored.inbox_open_until) == (
            "session-date",
            None,
            None,
        )
    later = [(m.version, m.name, int(clock.now().timestamp())) for m in MIGRATIONS[3:]]
    assert migrations_applied(db_path) == applied + later
    v3_columns.pop("schema_migrations")
    before.pop("schema_migrations")
    assert rows(db_path, v3_columns) == before
    async with Store.open_context(tmp_path / "new.db", clock):
        pass
    assert schema(db_path) == schema(tmp_path / "new.db")
