"""The schema, as numbered .sql files in `bot/store/migrations/`, each applied exactly once.

A file is `NNNN_short_name.sql` and starts with a `-- what it does` line, kept as the
migration's name in `schema_migrations`. Each is applied in one transaction together with
its version record, so a failing one leaves nothing behind. Add new ones with the next
number; never edit one that has shipped. Inside a transaction SQLite ignores
`PRAGMA foreign_keys`, so table rebuilds must not rely on it. Before the first pending
migration runs on a database that has data, a copy of it is kept in `backups/` beside it.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from bot.store.backup import backup_path, copy_database
from bot.store.database import Database, StoreError, from_unix

_FILE_NAME = re.compile(r"(\d{4})_[a-z0-9_]+\.sql")


@dataclass(frozen=True)
class Migration:
    """One schema step: its number, what it does, and its SQL."""

    version: int
    name: str
    sql: str


def load_migrations(folder: Traversable) -> tuple[Migration, ...]:
    """Every `NNNN_name.sql` file in `folder`, by number; a misnamed or unnamed one is refused."""
    migrations = []
    for entry in folder.iterdir():
        if not entry.name.endswith(".sql"):
            continue
        match = _FILE_NAME.fullmatch(entry.name)
        if match is None:
            raise StoreError(f"{entry}: a migration file is named NNNN_short_name.sql")
        sql = entry.read_text(encoding="utf-8")
        header = sql.partition("\n")[0]
        if not header.startswith("-- ") or not header[3:].strip():
            raise StoreError(f"{entry}: the first line must say what it does: -- ...")
        migrations.append(Migration(int(match[1]), header[3:].strip(), sql))
    if not migrations:
        raise StoreError(f"{folder}: no migration files (NNNN_name.sql)")
    return tuple(sorted(migrations, key=lambda migration: migration.version))


MIGRATIONS: tuple[Migration, ...] = load_migrations(files("bot.store") / "migrations")


async def migrate(database: Database, migrations: Sequence[Migration]) -> None:
    """Apply, in order, each migration the file has not had yet."""
    versions = [m.version for m in migrations]
    if versions != sorted(set(versions)):
        raise StoreError(f"migration versions must be unique and ascending: {versions}")
    await database.fetch(
        "CREATE TABLE IF NOT EXISTS schema_migrations "
        "(version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER)"
    )
    applied = {row[0] for row in await database.fetch("SELECT version FROM schema_migrations")}
    unknown = sorted(applied - set(versions))
    if unknown:
        raise StoreError(
            f"{database.name} was written by a newer version of the bot "
            f"(schema migration {unknown[-1]}; this code knows up to "
            f"{max(versions, default=0)}). Upgrade the bot instead of using this file."
        )
    pending = [migration for migration in migrations if migration.version not in applied]
    if pending and applied and database.name != ":memory:":
        await _keep_a_copy(database, pending[0].version)
    for migration in pending:
        try:
            await _apply(database, migration)
        except StoreError as exc:
            raise StoreError(
                f"{database.name}: migration {migration.version} ({migration.name}) failed "
                f"and was rolled back: {exc.__cause__ or exc}"
            ) from exc


async def _keep_a_copy(database: Database, version: int) -> None:
    """A backup of the database as it is, before migration `version` changes it."""
    source = Path(database.name)
    target = backup_path(source, from_unix(database.now()), f"before-migration-{version:04d}")
    await asyncio.to_thread(copy_database, source, target)


async def _apply(database: Database, migration: Migration) -> None:
    async with database.transaction() as db:
        done = await db.execute_fetchall(
            "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
        )
        if done:  # another process got there first
            return
        for statement in _statements(migration.sql):
            await db.execute(statement)
        await db.execute(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
            (migration.version, migration.name, database.now()),
        )


async def schema_version(database: Database) -> int:
    rows = await database.fetch("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
    return int(rows[0][0])


def _statements(script: str) -> list[str]:
    """Split SQL into statements (executescript would commit behind our back)."""
    statements: list[str] = []
    buffer = ""
    for piece in script.split(";"):
        buffer += piece + ";"
        if sqlite3.complete_statement(buffer):  # False while inside a string or trigger body
            statements.append(buffer)
            buffer = ""
    statements.append(buffer)  # an unfinished tail is kept so that SQLite reports it
    return [statement for statement in statements if statement.strip(" \t\r\n;")]
