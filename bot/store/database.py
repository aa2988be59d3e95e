"""The one SQLite connection the whole store shares: opening it, and its read and write paths.

Every aggregate (clients, check-ins, broadcasts, ...) reads through `fetch` and writes
through `transaction`; a lock lets one operation at a time use the connection, so a
transaction never interleaves with another coroutine's statements. Times are stored as
whole unix seconds.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import aiosqlite

from bot.clock import Clock

PRAGMAS = (
    "busy_timeout=5000",
    "journal_mode=WAL",
    "synchronous=NORMAL",
    "foreign_keys=ON",
    "secure_delete=ON",  # forgotten data is overwritten, not just unlinked
)

# The oldest SQLite whose SQL the store uses throughout: RETURNING came in 3.35.
OLDEST_SQLITE = (3, 35)


# What to do when the file or its folder cannot be written (SQLite writes beside the file too).
WRITABLE = (
    "the bot's user must be able to write the database and its folder "
    "(or set AFTERCARE_DB to a file in a writable folder)"
)


class StoreError(Exception):
    """The database could not do what was asked; the message says why."""


def _damaged(name: str, exc: sqlite3.Error) -> str | None:
    """What to do about a file SQLite finds damaged or not a database at all; None for any
    other error (locked, read-only, ...)."""
    code = (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF  # the primary result code
    if code not in (sqlite3.SQLITE_NOTADB, sqlite3.SQLITE_CORRUPT):
        return None
    return (
        f"{name} is damaged or is not a database ({exc}): stop the bot and put a backup back "
        "with python -m bot restore FILE (the backups are in backups/ beside it)"
    )


def to_unix(moment: datetime) -> int:
    """Aware datetime -> whole unix seconds; naive ones are refused, never guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timezone-aware datetime required, got {moment!r}")
    return math.floor(moment.timestamp())


def from_unix(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def create_owner_only(path: Path) -> None:
    """Make sure the file exists and only its owner can read or write it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


class Database:
    """One aiosqlite connection; every operation goes through it one at a time."""

    def __init__(self, connection: aiosqlite.Connection, clock: Clock, name: str) -> None:
        self._connection = connection
        self._clock = clock
        self.name = name
        self._lock = asyncio.Lock()

    @classmethod
    async def open(cls, path: str | Path, clock: Clock) -> Database:
        """Open (creating it owner-only if needed) the file; the schema is the caller's."""
        if sqlite3.sqlite_version_info < OLDEST_SQLITE:
            raise StoreError(
                f"this Python's SQLite is {sqlite3.sqlite_version}; the bot needs "
                f"{'.'.join(map(str, OLDEST_SQLITE))} or newer: run it with a newer Python "
                "(e.g. the python:3.11-slim image)"
            )
        name = str(path)
        if name != ":memory:":
            try:
                await asyncio.to_thread(create_owner_only, Path(path))
            except OSError as exc:
                raise StoreError(f"cannot write {name} ({exc.strerror}): {WRITABLE}") from exc
        connection = await aiosqlite.connect(name, isolation_level=None)
        try:
            connection.row_factory = aiosqlite.Row
            for pragma in PRAGMAS:
                await connection.execute(f"PRAGMA {pragma}")
        except BaseException as exc:
            await connection.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(
                    _damaged(name, exc) or f"cannot use {name} ({exc}): {WRITABLE}"
                ) from exc
            raise
        return cls(connection, clock, name)

    async def close(self) -> None:
        await self._connection.close()

    def now(self) -> int:
        """The clock's current time, in unix seconds."""
        return to_unix(self._clock.now())

    # -- the one read path and the one write path --------------------------------

    async def fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        """One statement on its own (atomic by itself); its rows."""
        async with self._lock:
            try:
                return list(await self._connection.execute_fetchall(sql, params))
            except sqlite3.Error as exc:
                raise StoreError(_damaged(self.name, exc) or f"{self.name}: {exc}") from exc

    @contextlib.asynccontextmanager
    async def transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK of everything on any error."""
        async with self._lock:
            try:
                await self._connection.execute("BEGIN IMMEDIATE")
                yield self._connection
                await self._connection.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already
                    await self._connection.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(_damaged(self.name, exc) or f"{self.name}: {exc}") from exc
                raise

    async def checkpoint(self) -> None:
        """Best effort: move the pages written since the last checkpoint out of the WAL."""
        async with self._lock:
            with contextlib.suppress(sqlite3.Error):
                await self._connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
