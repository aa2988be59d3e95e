"""Everything the bot must remember across a restart, in SQLite: the only package with SQL.

`Store` is a small facade over one shared connection (`database.py`): one attribute per
kind of record, each its own module (`store.clients`, `store.checkins`, `store.broadcasts`,
`store.invites`, `store.inbox`, `store.reports`, `store.buttons`, `store.digests`,
`store.concerns`, and `store.lease`: which process sends). The schema is the numbered .sql
files in `migrations/`, applied by `migrations.py`; the records are frozen dataclasses
(`records.py`; the outbox's verdicts in `verdicts.py`, the send lease's in `lease.py`).
Copies of the file (`backup.py`) and the running bot's lock on its folder (`lock.py`) live
here too.

May import: `bot.clock` and aiosqlite. Never the core, Telegram or the jobs.
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

from bot.clock import Clock
from bot.store.backup import (
    BackupFile,
    backup_folder,
    backup_path,
    copy_database,
    delete_backup,
    keep_before_restore,
    list_backups,
    read_schema,
    restore_database,
)
from bot.store.broadcasts import Broadcasts
from bot.store.buttons import Buttons
from bot.store.checkins import Checkins
from bot.store.clients import Clients
from bot.store.concerns import Concerns
from bot.store.database import Database, StoreError
from bot.store.digests import Digests
from bot.store.frontdesk import Inbox, Invites
from bot.store.lease import Lease, LeaseRow
from bot.store.lock import LockHeld, RunLock
from bot.store.migrations import MIGRATIONS, Migration, migrate, schema_version
from bot.store.records import (
    AWAITING_SESSION_DATE,
    Audience,
    AuditEntry,
    Broadcast,
    BroadcastTally,
    ClaimedCheckin,
    Client,
    ClientVisit,
    ConversationMessage,
    Delivery,
    Escalation,
    Invite,
    InviteClaim,
    QueuedCheckin,
    RaisedConcern,
    ScheduledCheckin,
    Stats,
    TreatmentSession,
    UnansweredQuestion,
)
from bot.store.reports import Reports
from bot.store.verdicts import (
    CANCELLED,
    DROPPED,
    GONE,
    POSTPONED,
    SEND,
    Drop,
    Postpone,
    Send,
    Taken,
    Verdict,
)

__all__ = [
    "AWAITING_SESSION_DATE",
    "CANCELLED",
    "DROPPED",
    "GONE",
    "MIGRATIONS",
    "POSTPONED",
    "SEND",
    "Audience",
    "AuditEntry",
    "BackupFile",
    "Broadcast",
    "BroadcastTally",
    "ClaimedCheckin",
    "Client",
    "ClientVisit",
    "ConversationMessage",
    "Delivery",
    "Drop",
    "Escalation",
    "Invite",
    "InviteClaim",
    "Lease",
    "LeaseRow",
    "LockHeld",
    "Migration",
    "Postpone",
    "QueuedCheckin",
    "RaisedConcern",
    "RunLock",
    "ScheduledCheckin",
    "Send",
    "Stats",
    "Store",
    "StoreError",
    "Taken",
    "TreatmentSession",
    "UnansweredQuestion",
    "Verdict",
    "backup_folder",
    "backup_path",
    "copy_database",
    "delete_backup",
    "keep_before_restore",
    "list_backups",
    "read_schema",
    "restore_database",
]


class Store:
    """The bot's database: one connection, one attribute per kind of record.

    Each operation is one statement or one transaction; `clients.forget` deletes a client
    from every table in one.
    """

    def __init__(self, database: Database) -> None:
        self._database = database
        self.clients = Clients(database)
        self.checkins = Checkins(database)
        self.broadcasts = Broadcasts(database)
        self.invites = Invites(database)
        self.inbox = Inbox(database)
        self.reports = Reports(database)
        self.buttons = Buttons(database)
        self.digests = Digests(database)
        self.concerns = Concerns(database)
        self.lease = LeaseRow(database)

    @classmethod
    async def open(
        cls, path: str | Path, clock: Clock, migrations: Sequence[Migration] = MIGRATIONS
    ) -> Store:
        """Open (creating if needed) the database and bring its schema up to date."""
        database = await Database.open(path, clock)
        try:
            await migrate(database, migrations)
        except BaseException:
            await database.close()
            raise
        return cls(database)

    @classmethod
    @contextlib.asynccontextmanager
    async def open_context(
        cls, path: str | Path, clock: Clock, migrations: Sequence[Migration] = MIGRATIONS
    ) -> AsyncIterator[Store]:
        """`async with Store.open_context(path, clock) as store:` closes it afterwards."""
        store = await cls.open(path, clock, migrations)
        try:
            yield store
        finally:
            await store.close()

    async def close(self) -> None:
        await self._database.close()

    async def ping(self) -> None:
        """A read from the file: raises StoreError if the database does not answer."""
        await self._database.fetch("SELECT COUNT(*) FROM schema_migrations")

    async def schema_version(self) -> int:
        """The newest migration this file has had."""
        return await schema_version(self._database)
