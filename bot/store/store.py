"""Everything the bot remembers, in one SQLite file: the only module that speaks SQL.

Health-adjacent data, so the minimum is kept: a client's chat, Telegram user id and
first name, their treatment dates, the warning signs they reported, and questions the
bot could not answer. `forget` removes all of it for one client.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import math
import os
import sqlite3
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, fields
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import aiosqlite

from bot.clock import Clock


class StoreError(Exception):
    """The database could not do what was asked; the message says why."""


@dataclass(frozen=True)
class Migration:
    """One schema step, applied once in a single transaction together with its record.

    Append new ones with the next version; never edit one that has shipped. Inside a
    transaction SQLite ignores `PRAGMA foreign_keys`, so table rebuilds must not rely on it.
    """

    version: int
    name: str
    sql: str


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "clients, treatment sessions, escalations, unanswered questions",
        """
        CREATE TABLE clients (
            chat_id INTEGER PRIMARY KEY,
            user_id INTEGER,
            first_name TEXT,
            created_at INTEGER NOT NULL,
            last_seen_at INTEGER NOT NULL
        );
        CREATE TABLE treatment_sessions (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            at INTEGER NOT NULL,
            recorded_at INTEGER NOT NULL
        );
        CREATE INDEX treatment_sessions_by_chat ON treatment_sessions (chat_id, at);
        CREATE TABLE escalations (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            sign_id TEXT NOT NULL,
            text TEXT NOT NULL,
            at INTEGER NOT NULL
        );
        CREATE INDEX escalations_by_chat ON escalations (chat_id);
        CREATE INDEX escalations_by_time ON escalations (at);
        CREATE TABLE unanswered (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            text TEXT NOT NULL,
            closest TEXT NOT NULL DEFAULT '[]',  -- JSON array of topic ids
            at INTEGER NOT NULL
        );
        CREATE INDEX unanswered_by_chat ON unanswered (chat_id);
        CREATE INDEX unanswered_by_time ON unanswered (at);
        """,
    ),
    Migration(
        2,
        "clients.awaiting: what the bot asked a client and waits for",
        "ALTER TABLE clients ADD COLUMN awaiting TEXT",
    ),
    Migration(
        3,
        "time zones, consents, pauses and scheduled check-ins",
        """
        ALTER TABLE clients ADD COLUMN timezone TEXT;  -- NULL: the clinic's
        ALTER TABLE clients ADD COLUMN checkins_consent INTEGER;  -- NULL: not asked yet
        ALTER TABLE clients ADD COLUMN announcements_consent INTEGER;
        ALTER TABLE clients ADD COLUMN paused INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE clients ADD COLUMN blocked_at INTEGER;  -- Telegram said 403
        CREATE TABLE checkins (
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            session_id INTEGER REFERENCES treatment_sessions (id) ON DELETE CASCADE,
            checkin_id TEXT NOT NULL,
            due_at INTEGER NOT NULL,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (
                state IN ('pending', 'sent', 'answered', 'cancelled', 'dropped')
            ),
            attempts INTEGER NOT NULL DEFAULT 0,  -- failed sends so far
            sent_at INTEGER,
            message_id INTEGER,
            answer TEXT,
            answered_at INTEGER,
            note TEXT
        );
        CREATE INDEX checkins_due ON checkins (due_at) WHERE state = 'pending';
        CREATE INDEX checkins_by_chat ON checkins (chat_id);
        -- Pending check-ins a dispatcher pass has taken: a small table of its own, so a
        -- claim writes a few pages instead of touching a thousand rows all over the file.
        CREATE TABLE checkin_claims (
            checkin_row INTEGER PRIMARY KEY REFERENCES checkins (id) ON DELETE CASCADE,
            claimed_at INTEGER NOT NULL
        );
        """,
    ),
    Migration(
        4,
        "broadcasts to clients who want clinic news, one delivery row per recipient",
        """
        CREATE TABLE broadcasts (
            id INTEGER PRIMARY KEY,
            created_by INTEGER,  -- staff Telegram user id; NULL: the command line
            report_chat INTEGER,  -- where progress goes; NULL: the staff chat
            text TEXT NOT NULL,  -- exactly what clients get
            segment TEXT NOT NULL,  -- all, recent:N or due
            created_at INTEGER NOT NULL,
            confirmed_at INTEGER,
            finished_at INTEGER,
            state TEXT NOT NULL DEFAULT 'draft' CHECK (
                state IN ('draft', 'sending', 'finished', 'cancelled')
            )
        );
        CREATE INDEX broadcasts_sending ON broadcasts (id) WHERE state = 'sending';
        -- Recipients, written when staff confirm; each row says what became of its message.
        CREATE TABLE broadcast_deliveries (
            broadcast_id INTEGER NOT NULL REFERENCES broadcasts (id) ON DELETE CASCADE,
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            state TEXT NOT NULL DEFAULT 'pending' CHECK (
                state IN ('pending', 'sent', 'blocked', 'failed', 'skipped')
            ),
            error TEXT,
            sent_at INTEGER,
            PRIMARY KEY (broadcast_id, chat_id)
        ) WITHOUT ROWID;
        CREATE INDEX broadcast_deliveries_pending
            ON broadcast_deliveries (broadcast_id, chat_id) WHERE state = 'pending';
        CREATE INDEX broadcast_deliveries_by_chat ON broadcast_deliveries (chat_id);
        -- The delivery a sender has in flight: taken before the send, gone once marked.
        CREATE TABLE broadcast_claims (
            broadcast_id INTEGER NOT NULL,
            chat_id INTEGER NOT NULL,
            claimed_at INTEGER NOT NULL,
            PRIMARY KEY (broadcast_id, chat_id),
            FOREIGN KEY (broadcast_id, chat_id)
                REFERENCES broadcast_deliveries (broadcast_id, chat_id) ON DELETE CASCADE
        ) WITHOUT ROWID;
        """,
    ),
    Migration(
        5,
        "front desk: start links, the staff inbox, photo consent, the staff audit log",
        """
        CREATE TABLE invites (
            code_hash TEXT PRIMARY KEY,  -- sha256 of the code: the code itself is not kept
            first_name TEXT NOT NULL,
            session_at INTEGER,
            created_by INTEGER,  -- staff user id; NULL: the command line
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            used_at INTEGER,
            chat_id INTEGER REFERENCES clients (chat_id) ON DELETE CASCADE
        );
        CREATE TABLE conversation (  -- every message between a client and the clinic team
            id INTEGER PRIMARY KEY,
            chat_id INTEGER NOT NULL REFERENCES clients (chat_id) ON DELETE CASCADE,
            direction TEXT NOT NULL CHECK (direction IN ('client', 'staff')),
            kind TEXT NOT NULL,  -- escalation, photo, unanswered, message, reply
            text TEXT NOT NULL DEFAULT '',
            file_id TEXT,  -- a photo: only Telegram's file id, never the picture
            staff_user_id INTEGER,
            staff_message_id INTEGER,  -- where it stands in the staff chat
            at INTEGER NOT NULL
        );
        CREATE INDEX conversation_by_chat ON conversation (chat_id, at);
        CREATE INDEX conversation_by_staff_message ON conversation (staff_message_id);
        ALTER TABLE clients ADD COLUMN photo_consent INTEGER;  -- NULL: not asked yet
        ALTER TABLE clients ADD COLUMN inbox_open_until INTEGER;  -- a staff conversation
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            actor INTEGER,  -- staff Telegram user id; NULL: the command line
            action TEXT NOT NULL,
            detail TEXT NOT NULL DEFAULT '',
            client_chat INTEGER,  -- unlinked (set NULL) when that client uses /forget
            at INTEGER NOT NULL
        );
        CREATE INDEX audit_by_time ON audit (at);
        """,
    ),
)

# What the bot can be waiting for from a client (clients.awaiting).
AWAITING_SESSION_DATE = "session-date"


R = TypeVar("R")


@dataclass(frozen=True)
class Client:
    """Someone who talks to the bot; `first_name` is all we keep of who they are."""

    chat_id: int
    user_id: int | None
    first_name: str | None
    created_at: datetime
    last_seen_at: datetime
    awaiting: str | None = None  # e.g. AWAITING_SESSION_DATE: kept across restarts
    timezone: str | None = None  # None: the clinic's
    checkins_consent: bool | None = None  # None: not asked yet
    announcements_consent: bool | None = None
    paused: bool = False
    blocked_at: datetime | None = None
    photo_consent: bool | None = None  # None: not asked yet
    inbox_open_until: datetime | None = None  # a staff conversation is open until then


@dataclass(frozen=True)
class ClaimedCheckin:
    """A due check-in taken by the dispatcher, with what is needed to send it."""

    id: int
    chat_id: int
    checkin_id: str
    due_at: datetime
    timezone: str | None
    attempts: int  # failed sends before this one


@dataclass(frozen=True)
class ScheduledCheckin:
    """A check-in row as a client's history shows it."""

    id: int
    chat_id: int
    checkin_id: str
    due_at: datetime
    state: str
    sent_at: datetime | None
    answer: str | None


@dataclass(frozen=True)
class Audience:
    """Which clients a broadcast reaches, besides wanting clinic news (see bot.broadcast)."""

    session_since: datetime | None = None  # last session at or after this
    session_before: datetime | None = None  # last session strictly before this
    fewer_sessions_than: int | None = None


@dataclass(frozen=True)
class Broadcast:
    """A message from the clinic to a segment of clients: draft, sending, finished, cancelled."""

    id: int
    created_by: int | None  # staff Telegram user id; None: the command line
    report_chat: int | None  # where progress goes; None: the staff chat
    text: str
    segment: str
    created_at: datetime
    confirmed_at: datetime | None
    finished_at: datetime | None
    state: str


@dataclass(frozen=True)
class BroadcastTally:
    """What became of a broadcast's deliveries so far."""

    total: int = 0
    pending: int = 0
    sent: int = 0
    blocked: int = 0
    failed: int = 0
    skipped: int = 0  # stopped wanting clinic news between confirmation and their turn

    @property
    def done(self) -> int:
        return self.total - self.pending


@dataclass(frozen=True)
class Delivery:
    """One recipient of a broadcast: pending, sent, blocked, failed (with the error) or skipped."""

    broadcast_id: int
    chat_id: int
    state: str
    error: str | None
    sent_at: datetime | None


@dataclass(frozen=True)
class ClaimedDelivery:
    """The recipient a sender took next, and whether they still want clinic news."""

    chat_id: int
    wanted: bool


@dataclass(frozen=True)
class Invite:
    """A start link made at the front desk: who it is for and their treatment."""

    first_name: str
    session_at: datetime | None
    expires_at: datetime
    used_at: datetime | None


@dataclass(frozen=True)
class InviteClaim:
    """What opening a start link found: `status` is ok, used, expired or unknown."""

    status: str
    invite: Invite | None = None


@dataclass(frozen=True)
class ConversationMessage:
    """One message between a client and the clinic team, either way."""

    id: int
    chat_id: int
    direction: str
    kind: str
    text: str
    file_id: str | None
    staff_user_id: int | None
    staff_message_id: int | None
    at: datetime


@dataclass(frozen=True)
class AuditEntry:
    """A staff action: who, what, when."""

    id: int
    actor: int | None
    action: str
    detail: str
    client_chat: int | None
    at: datetime


@dataclass(frozen=True)
class Stats:
    """How the bot is used: what staff see in /stats."""

    clients: int
    active_7_days: int
    active_30_days: int
    sessions: int
    checkins_sent: int
    checkins_answered: int
    escalations_7_days: int
    unanswered: int
    broadcasts: int = 0  # confirmed by staff
    broadcast_messages: int = 0  # delivered


@dataclass(frozen=True)
class ClientVisit:
    """A client as their new message finds them: stored or refreshed, and their last treatment."""

    client: Client
    last_session_at: datetime | None


@dataclass(frozen=True)
class TreatmentSession:
    """A microneedling treatment: `at` is when it happened, `recorded_at` when told."""

    id: int
    chat_id: int
    at: datetime
    recorded_at: datetime


@dataclass(frozen=True)
class Escalation:
    """A warning sign a client reported, for the clinic to follow up."""

    id: int
    chat_id: int
    sign_id: str
    text: str
    at: datetime
    first_name: str | None


@dataclass(frozen=True)
class UnansweredQuestion:
    """A question the bot could not answer, with the nearest topic ids it had."""

    id: int
    chat_id: int
    text: str
    closest: tuple[str, ...]
    at: datetime


def _to_unix(moment: datetime) -> int:
    """Aware datetime -> whole unix seconds; naive ones are refused, never guessed."""
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError(f"timezone-aware datetime required, got {moment!r}")
    return math.floor(moment.timestamp())


def _from_unix(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


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


def _create_owner_only(path: Path) -> None:
    """Make sure the file exists and only its owner can read or write it."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.close(os.open(path, os.O_CREAT | os.O_WRONLY, 0o600))
    if path.stat().st_mode & 0o077:
        path.chmod(0o600)


class Store:
    """One aiosqlite connection; every operation goes through it one at a time."""

    def __init__(self, db: aiosqlite.Connection, clock: Clock, name: str) -> None:
        self._db = db
        self._clock = clock
        self._name = name
        self._lock = asyncio.Lock()

    @classmethod
    async def open(
        cls,
        path: str | Path,
        clock: Clock,
        migrations: Sequence[Migration] = MIGRATIONS,
    ) -> Store:
        """Open (creating if needed) the database and bring its schema up to date."""
        name = str(path)
        if name != ":memory:":
            await asyncio.to_thread(_create_owner_only, Path(path))
        db = await aiosqlite.connect(name, isolation_level=None)
        store = cls(db, clock, name)
        try:
            db.row_factory = aiosqlite.Row
            for pragma in (
                "busy_timeout=5000",
                "journal_mode=WAL",
                "synchronous=NORMAL",
                "foreign_keys=ON",
                "secure_delete=ON",  # forgotten data is overwritten, not just unlinked
            ):
                await db.execute(f"PRAGMA {pragma}")
            await store._migrate(migrations)
        except BaseException as exc:
            await db.close()
            if isinstance(exc, sqlite3.Error):
                raise StoreError(f"{name}: {exc}") from exc
            raise
        return store

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
        await self._db.close()

    # -- the one read path and the one write path --------------------------------

    async def _fetch(self, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
        async with self._lock:
            try:
                return list(await self._db.execute_fetchall(sql, params))
            except sqlite3.Error as exc:
                raise StoreError(f"{self._name}: {exc}") from exc

    @contextlib.asynccontextmanager
    async def _transaction(self) -> AsyncIterator[aiosqlite.Connection]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK of everything on any error."""
        async with self._lock:
            try:
                await self._db.execute("BEGIN IMMEDIATE")
                yield self._db
                await self._db.execute("COMMIT")
            except BaseException as exc:
                with contextlib.suppress(sqlite3.Error):  # SQLite may have rolled back already
                    await self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error):
                    raise StoreError(f"{self._name}: {exc}") from exc
                raise

    # -- migrations --------------------------------------------------------------

    async def _migrate(self, migrations: Sequence[Migration]) -> None:
        versions = [m.version for m in migrations]
        if versions != sorted(set(versions)):
            raise StoreError(f"migration versions must be unique and ascending: {versions}")
        await self._db.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations "
            "(version INTEGER PRIMARY KEY, name TEXT, applied_at INTEGER)"
        )
        applied = {row[0] for row in await self._fetch("SELECT version FROM schema_migrations")}
        unknown = sorted(applied - set(versions))
        if unknown:
            raise StoreError(
                f"{self._name} was written by a newer version of the bot "
                f"(schema migration {unknown[-1]}; this code knows up to "
                f"{max(versions, default=0)}). Upgrade the bot instead of using this file."
            )
        for migration in migrations:
            if migration.version in applied:
                continue
            try:
                await self._apply(migration)
            except StoreError as exc:
                raise StoreError(
                    f"{self._name}: migration {migration.version} ({migration.name}) failed "
                    f"and was rolled back: {exc.__cause__ or exc}"
                ) from exc

    async def _apply(self, migration: Migration) -> None:
        async with self._transaction() as db:
            done = await db.execute_fetchall(
                "SELECT 1 FROM schema_migrations WHERE version = ?", (migration.version,)
            )
            if done:  # another process got there first
                return
            for statement in _statements(migration.sql):
                await db.execute(statement)
            await db.execute(
                "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, _to_unix(self._clock.now())),
            )

    async def schema_version(self) -> int:
        rows = await self._fetch("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")
        return int(rows[0][0])

    # -- clients -----------------------------------------------------------------

    async def upsert_client(
        self, chat_id: int, user_id: int | None, first_name: str | None
    ) -> Client:
        """Create the client or refresh their name; either way they were seen now."""
        now = _to_unix(self._clock.now())
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO clients (chat_id, user_id, first_name, created_at, last_seen_at) "
                "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
                "user_id = excluded.user_id, first_name = excluded.first_name, "
                "last_seen_at = excluded.last_seen_at",
                (chat_id, user_id, first_name, now, now),
            )
            rows = await db.execute_fetchall("SELECT * FROM clients WHERE chat_id = ?", (chat_id,))
        return _record(Client, rows[0])

    async def visit(self, chat_id: int, user_id: int | None, first_name: str | None) -> ClientVisit:
        """`upsert_client` and the latest treatment date in one statement: once per message."""
        now = _to_unix(self._clock.now())
        rows = await self._fetch(
            "INSERT INTO clients (chat_id, user_id, first_name, created_at, last_seen_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
            "user_id = excluded.user_id, first_name = excluded.first_name, "
            "last_seen_at = excluded.last_seen_at "
            "RETURNING *, (SELECT MAX(s.at) FROM treatment_sessions AS s "
            "WHERE s.chat_id = clients.chat_id) AS last_session_at",
            (chat_id, user_id, first_name, now, now),
        )
        last = rows[0]["last_session_at"]
        return ClientVisit(_record(Client, rows[0]), _from_unix(last) if last is not None else None)

    async def get_client(self, chat_id: int) -> Client | None:
        rows = await self._fetch("SELECT * FROM clients WHERE chat_id = ?", (chat_id,))
        return _record(Client, rows[0]) if rows else None

    async def set_awaiting(self, chat_id: int, awaiting: str | None) -> None:
        """Remember what the bot asked this client and waits for (None: nothing)."""
        async with self._transaction() as db:
            await self._require_client(db, chat_id)
            await db.execute(
                "UPDATE clients SET awaiting = ? WHERE chat_id = ?", (awaiting, chat_id)
            )

    async def _require_client(self, db: aiosqlite.Connection, chat_id: int) -> None:
        if not await db.execute_fetchall("SELECT 1 FROM clients WHERE chat_id = ?", (chat_id,)):
            raise StoreError(f"no client with chat_id {chat_id}")

    # -- treatment sessions ------------------------------------------------------

    async def add_session(self, chat_id: int, at: datetime) -> TreatmentSession:
        """Record a treatment at `at` (aware); the client must already exist."""
        at_unix, now = _to_unix(at), _to_unix(self._clock.now())
        async with self._transaction() as db:
            await self._require_client(db, chat_id)
            cursor = await db.execute(
                "INSERT INTO treatment_sessions (chat_id, at, recorded_at) VALUES (?, ?, ?)",
                (chat_id, at_unix, now),
            )
        return TreatmentSession(
            cursor.lastrowid or 0, chat_id, _from_unix(at_unix), _from_unix(now)
        )

    async def last_session(self, chat_id: int) -> TreatmentSession | None:
        """The session with the latest treatment date (not the latest recorded)."""
        rows = await self._fetch(
            "SELECT * FROM treatment_sessions WHERE chat_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            (chat_id,),
        )
        return _record(TreatmentSession, rows[0]) if rows else None

    async def sessions(self, chat_id: int) -> list[TreatmentSession]:
        """All of a client's sessions, oldest treatment first."""
        rows = await self._fetch(
            "SELECT * FROM treatment_sessions WHERE chat_id = ? ORDER BY at, id", (chat_id,)
        )
        return [_record(TreatmentSession, row) for row in rows]

    # -- escalations -------------------------------------------------------------

    async def record_escalation(self, chat_id: int, sign_id: str, text: str) -> Escalation:
        """Remember that a client reported a warning sign; the client must exist."""
        now = _to_unix(self._clock.now())
        # One statement (atomic on its own), as it runs while a client waits for a reply.
        rows = await self._fetch(
            "INSERT INTO escalations (chat_id, sign_id, text, at) SELECT ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM clients WHERE chat_id = ?) RETURNING *, "
            "(SELECT c.first_name FROM clients AS c WHERE c.chat_id = escalations.chat_id) "
            "AS first_name",
            (chat_id, sign_id, text, now, chat_id),
        )
        if not rows:
            raise StoreError(f"no client with chat_id {chat_id}")
        return _record(Escalation, rows[0])

    async def escalations(
        self, since: datetime | None = None, limit: int = 50, chat_id: int | None = None
    ) -> list[Escalation]:
        """Escalations at or after `since` (of one client, if given), newest first, with name."""
        since_unix = _to_unix(since) if since is not None else None
        rows = await self._fetch(
            f"{_ESCALATIONS} WHERE (? IS NULL OR e.at >= ?) AND (? IS NULL OR e.chat_id = ?) "
            "ORDER BY e.at DESC, e.id DESC LIMIT ?",
            (since_unix, since_unix, chat_id, chat_id, limit),
        )
        return [_record(Escalation, row) for row in rows]

    # -- unanswered questions ----------------------------------------------------

    async def record_unanswered(
        self, chat_id: int, text: str, closest: Sequence[str]
    ) -> UnansweredQuestion:
        """Keep a question the bot could not answer, with the nearest topic ids."""
        now = _to_unix(self._clock.now())
        topics = tuple(closest)
        # One statement (atomic on its own): it is written for many messages, so kept cheap.
        rows = await self._fetch(
            "INSERT INTO unanswered (chat_id, text, closest, at) SELECT ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM clients WHERE chat_id = ?) RETURNING id",
            (chat_id, text, json.dumps(topics), now, chat_id),
        )
        if not rows:
            raise StoreError(f"no client with chat_id {chat_id}")
        return UnansweredQuestion(rows[0]["id"], chat_id, text, topics, _from_unix(now))

    async def unanswered(self, limit: int = 1000) -> list[UnansweredQuestion]:
        """Unanswered questions, newest first."""
        rows = await self._fetch(
            "SELECT * FROM unanswered ORDER BY at DESC, id DESC LIMIT ?", (limit,)
        )
        return [_record(UnansweredQuestion, row) for row in rows]

    # -- privacy and stats -------------------------------------------------------

    async def forget(self, chat_id: int) -> bool:
        """Delete every row about this client, in every table; True if anything was there.

        Tables are found by their `chat_id` column, so later migrations are covered too.
        """
        async with self._transaction() as db:
            tables = [
                row[0]
                for row in await db.execute_fetchall(
                    "SELECT m.name FROM sqlite_master AS m, pragma_table_info(m.name) AS c "
                    "WHERE m.type = 'table' AND c.name = 'chat_id' AND m.name != 'clients'"
                )
            ]
            deleted = 0
            # The audit keeps what staff did, but no longer says to whom.
            await db.execute(
                "UPDATE audit SET client_chat = NULL WHERE client_chat = ?", (chat_id,)
            )
            for table in [*tables, "clients"]:
                cursor = await db.execute(f'DELETE FROM "{table}" WHERE chat_id = ?', (chat_id,))
                deleted += max(cursor.rowcount, 0)
        async with self._lock:  # best effort: move the overwritten pages out of the WAL too
            with contextlib.suppress(sqlite3.Error):
                await self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return deleted > 0

    # -- preferences -------------------------------------------------------------

    async def set_timezone(self, chat_id: int, timezone: str | None) -> None:
        """The client's own time zone (None: the clinic's)."""
        await self._update_client(chat_id, "timezone = ?", (timezone,))

    async def set_consent(
        self, chat_id: int, *, checkins: bool | None = None, announcements: bool | None = None
    ) -> None:
        """Record the client's answer to either consent question (None: leave as it is)."""
        if checkins is not None:
            await self._update_client(chat_id, "checkins_consent = ?", (int(checkins),))
        if announcements is not None:
            await self._update_client(chat_id, "announcements_consent = ?", (int(announcements),))

    async def set_paused(self, chat_id: int, paused: bool) -> int:
        """`/stop` (True) or `/resume` (False); stopping cancels what waits. Returns how many."""
        async with self._transaction() as db:
            await self._require_client(db, chat_id)
            await db.execute(
                "UPDATE clients SET paused = ? WHERE chat_id = ?", (int(paused), chat_id)
            )
            if not paused:
                return 0
            cursor = await db.execute(
                "UPDATE checkins SET state = 'cancelled', note = 'paused by the client' "
                "WHERE chat_id = ? AND state = 'pending'",
                (chat_id,),
            )
            return max(cursor.rowcount, 0)

    async def mark_blocked(self, chat_id: int) -> None:
        """Telegram said the client blocked the bot: skip them until they write again."""
        now = _to_unix(self._clock.now())
        async with self._transaction() as db:
            await db.execute("UPDATE clients SET blocked_at = ? WHERE chat_id = ?", (now, chat_id))
            await db.execute(
                "UPDATE checkins SET state = 'dropped', note = 'the client blocked the bot' "
                "WHERE chat_id = ? AND state = 'pending'",
                (chat_id,),
            )

    async def _update_client(self, chat_id: int, assignment: str, params: Sequence[Any]) -> None:
        async with self._transaction() as db:
            await self._require_client(db, chat_id)
            await db.execute(
                f"UPDATE clients SET {assignment} WHERE chat_id = ?", (*params, chat_id)
            )

    # -- check-ins ---------------------------------------------------------------

    async def replace_checkins(
        self, chat_id: int, session_id: int | None, due: Sequence[tuple[str, datetime]]
    ) -> int:
        """Cancel the client's waiting check-ins and schedule `due` (id, time) instead."""
        async with self._transaction() as db:
            await self._require_client(db, chat_id)
            await db.execute(
                "UPDATE checkins SET state = 'cancelled', note = 'replaced by a newer session' "
                "WHERE chat_id = ? AND state = 'pending'",
                (chat_id,),
            )
            await db.executemany(
                "INSERT INTO checkins (chat_id, session_id, checkin_id, due_at) "
                "VALUES (?, ?, ?, ?)",
                [(chat_id, session_id, checkin_id, _to_unix(at)) for checkin_id, at in due],
            )
        return len(due)

    async def claim_due_checkins(self, now: datetime, limit: int) -> list[ClaimedCheckin]:
        """Take up to `limit` check-ins due by `now`, oldest first, for clients who want them."""
        now_unix = _to_unix(now)
        async with self._transaction() as db:
            claimed = await db.execute_fetchall(
                "INSERT INTO checkin_claims (checkin_row, claimed_at) "
                "SELECT k.id, ? FROM checkins AS k JOIN clients AS c USING (chat_id) "
                "WHERE k.state = 'pending' AND k.due_at <= ? AND c.checkins_consent = 1 "
                "AND c.paused = 0 AND c.blocked_at IS NULL AND NOT EXISTS "
                "(SELECT 1 FROM checkin_claims AS x WHERE x.checkin_row = k.id) "
                "ORDER BY k.due_at LIMIT ? RETURNING checkin_row",
                (now_unix, now_unix, limit),
            )
            if not claimed:
                return []
            rows = await db.execute_fetchall(
                "SELECT k.id, k.chat_id, k.checkin_id, k.due_at, k.attempts, c.timezone "
                "FROM checkins AS k JOIN clients AS c USING (chat_id) WHERE k.id IN "
                "(SELECT value FROM json_each(?)) ORDER BY k.due_at, k.id",
                (json.dumps([row[0] for row in claimed]),),
            )
        return [_record(ClaimedCheckin, row) for row in rows]

    async def release_claimed_checkins(self) -> int:
        """After a crash: claimed but unsent check-ins go back to waiting."""
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM checkin_claims")
            return max(cursor.rowcount, 0)

    async def mark_checkin_sent(self, row_id: int, message_id: int) -> None:
        now = _to_unix(self._clock.now())
        async with self._transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET state = 'sent', sent_at = ?, message_id = ? WHERE id = ?",
                (now, message_id, row_id),
            )

    async def postpone_checkin(self, row_id: int, due_at: datetime, error: str | None) -> None:
        """Put a claimed check-in back, due later: quiet hours, or (`error`) a failed send."""
        async with self._transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET due_at = ?, note = ?, attempts = attempts + ? WHERE id = ?",
                (_to_unix(due_at), error, int(error is not None), row_id),
            )

    async def drop_checkin(self, row_id: int, reason: str) -> None:
        async with self._transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET state = 'dropped', note = ? WHERE id = ?", (reason, row_id)
            )

    async def answer_checkin(self, row_id: int, chat_id: int, response_id: str) -> str | None:
        """Record the button a client tapped; returns the check-in's id, or None if not theirs."""
        now = _to_unix(self._clock.now())
        rows = await self._fetch(
            "UPDATE checkins SET state = 'answered', answer = ?, answered_at = ? "
            "WHERE id = ? AND chat_id = ? AND state IN ('sent', 'answered') RETURNING checkin_id",
            (response_id, now, row_id, chat_id),
        )
        return rows[0]["checkin_id"] if rows else None

    async def checkins(self, chat_id: int) -> list[ScheduledCheckin]:
        """A client's check-ins, by due time (for their history)."""
        rows = await self._fetch(
            "SELECT * FROM checkins WHERE chat_id = ? AND state != 'cancelled' ORDER BY due_at",
            (chat_id,),
        )
        return [_record(ScheduledCheckin, row) for row in rows]

    async def counts(self) -> dict[str, int]:
        """How many rows of each kind: clients, sessions, escalations, unanswered."""
        rows = await self._fetch(
            "SELECT (SELECT COUNT(*) FROM clients), (SELECT COUNT(*) FROM treatment_sessions), "
            "(SELECT COUNT(*) FROM escalations), (SELECT COUNT(*) FROM unanswered)"
        )
        return dict(zip(("clients", "sessions", "escalations", "unanswered"), rows[0], strict=True))

    # -- broadcasts --------------------------------------------------------------

    async def count_audience(self, audience: Audience) -> int:
        """How many clients a broadcast to `audience` would reach now."""
        sql, params = _audience_query(audience)
        rows = await self._fetch(f"SELECT COUNT(*) FROM ({sql})", params)
        return int(rows[0][0])

    async def create_broadcast(
        self, created_by: int | None, report_chat: int | None, text: str, segment: str
    ) -> Broadcast:
        """A draft: nothing is sent before `confirm_broadcast`."""
        rows = await self._fetch(
            "INSERT INTO broadcasts (created_by, report_chat, text, segment, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING *",
            (created_by, report_chat, text, segment, _to_unix(self._clock.now())),
        )
        return _record(Broadcast, rows[0])

    async def get_broadcast(self, broadcast_id: int) -> Broadcast | None:
        rows = await self._fetch("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return _record(Broadcast, rows[0]) if rows else None

    async def confirm_broadcast(self, broadcast_id: int, audience: Audience) -> int | None:
        """Draft to sending, its recipients written as pending deliveries; returns how many.

        None if it is not a draft any more (sent, being sent or cancelled): a second tap.
        """
        now = _to_unix(self._clock.now())
        async with self._transaction() as db:
            confirmed = await db.execute_fetchall(
                "UPDATE broadcasts SET state = 'sending', confirmed_at = ? "
                "WHERE id = ? AND state = 'draft' RETURNING id",
                (now, broadcast_id),
            )
            if not confirmed:
                return None
            sql, params = _audience_query(audience)
            cursor = await db.execute(
                f"INSERT INTO broadcast_deliveries (broadcast_id, chat_id) SELECT ?, chat_id "
                f"FROM ({sql}) ORDER BY chat_id",
                (broadcast_id, *params),
            )
            return max(cursor.rowcount, 0)

    async def cancel_broadcast(self, broadcast_id: int) -> bool:
        """A draft is dropped; False if it was not a draft any more."""
        rows = await self._fetch(
            "UPDATE broadcasts SET state = 'cancelled', finished_at = ? "
            "WHERE id = ? AND state = 'draft' RETURNING id",
            (_to_unix(self._clock.now()), broadcast_id),
        )
        return bool(rows)

    async def unfinished_broadcasts(self) -> list[Broadcast]:
        """Confirmed broadcasts still sending (after a restart: to resume), oldest first."""
        rows = await self._fetch("SELECT * FROM broadcasts WHERE state = 'sending' ORDER BY id")
        return [_record(Broadcast, row) for row in rows]

    async def release_broadcast_claims(self) -> int:
        """After a crash: the deliveries that were in flight go back to waiting."""
        async with self._transaction() as db:
            cursor = await db.execute("DELETE FROM broadcast_claims")
            return max(cursor.rowcount, 0)

    async def claim_delivery(self, broadcast_id: int) -> ClaimedDelivery | None:
        """Take the next pending recipient nobody has in flight; None when none is left."""
        rows = await self._fetch(
            "INSERT INTO broadcast_claims (broadcast_id, chat_id, claimed_at) "
            "SELECT d.broadcast_id, d.chat_id, ? FROM broadcast_deliveries AS d "
            "INDEXED BY broadcast_deliveries_pending "  # else SQLite walks the sent rows too
            "WHERE d.broadcast_id = ? AND d.state = 'pending' AND NOT EXISTS "
            "(SELECT 1 FROM broadcast_claims AS x "
            "WHERE x.broadcast_id = d.broadcast_id AND x.chat_id = d.chat_id) "
            "ORDER BY d.chat_id LIMIT 1 RETURNING chat_id, "
            "(SELECT c.announcements_consent = 1 AND c.paused = 0 AND c.blocked_at IS NULL "
            "FROM clients AS c WHERE c.chat_id = broadcast_claims.chat_id) AS wanted",
            (_to_unix(self._clock.now()), broadcast_id),
        )
        if not rows:
            return None
        return ClaimedDelivery(rows[0]["chat_id"], bool(rows[0]["wanted"]))

    async def finish_delivery(
        self, broadcast_id: int, chat_id: int, state: str, error: str | None = None
    ) -> None:
        """Record what became of a claimed delivery (sent, blocked, failed, skipped)."""
        now = _to_unix(self._clock.now())
        async with self._transaction() as db:
            await db.execute(
                "DELETE FROM broadcast_claims WHERE broadcast_id = ? AND chat_id = ?",
                (broadcast_id, chat_id),
            )
            await db.execute(
                "UPDATE broadcast_deliveries SET state = ?, error = ?, sent_at = ? "
                "WHERE broadcast_id = ? AND chat_id = ?",
                (state, error, now if state == "sent" else None, broadcast_id, chat_id),
            )

    async def broadcast_tally(self, broadcast_id: int) -> BroadcastTally:
        rows = await self._fetch(
            "SELECT COUNT(*) AS total, "
            "COALESCE(SUM(state = 'pending'), 0) AS pending, "
            "COALESCE(SUM(state = 'sent'), 0) AS sent, "
            "COALESCE(SUM(state = 'blocked'), 0) AS blocked, "
            "COALESCE(SUM(state = 'failed'), 0) AS failed, "
            "COALESCE(SUM(state = 'skipped'), 0) AS skipped "
            "FROM broadcast_deliveries WHERE broadcast_id = ?",
            (broadcast_id,),
        )
        return _record(BroadcastTally, rows[0])

    async def finish_broadcast(self, broadcast_id: int) -> bool:
        """Sending to finished once no delivery is pending; True only for the one who did it."""
        rows = await self._fetch(
            "UPDATE broadcasts SET state = 'finished', finished_at = ? "
            "WHERE id = ? AND state = 'sending' AND NOT EXISTS (SELECT 1 FROM "
            "broadcast_deliveries WHERE broadcast_id = ? AND state = 'pending') RETURNING id",
            (_to_unix(self._clock.now()), broadcast_id, broadcast_id),
        )
        return bool(rows)

    async def deliveries(self, broadcast_id: int) -> list[Delivery]:
        """Every recipient of a broadcast and what became of their message, by chat."""
        rows = await self._fetch(
            "SELECT * FROM broadcast_deliveries WHERE broadcast_id = ? ORDER BY chat_id",
            (broadcast_id,),
        )
        return [_record(Delivery, row) for row in rows]

    # -- the front desk ----------------------------------------------------------

    async def create_invite(
        self,
        code_hash: str,
        first_name: str,
        session_at: datetime | None,
        created_by: int | None,
        expires_at: datetime,
    ) -> None:
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO invites (code_hash, first_name, session_at, created_by, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    code_hash,
                    first_name,
                    _to_unix(session_at) if session_at else None,
                    created_by,
                    _to_unix(self._clock.now()),
                    _to_unix(expires_at),
                ),
            )

    async def claim_invite(self, code_hash: str, chat_id: int) -> InviteClaim:
        """Use a start link once: ok the first time before it expires, else why not."""
        now = _to_unix(self._clock.now())
        async with self._transaction() as db:
            rows = await db.execute_fetchall(
                "UPDATE invites SET used_at = ?, chat_id = ? WHERE code_hash = ? "
                "AND used_at IS NULL AND expires_at > ? RETURNING *",
                (now, chat_id, code_hash, now),
            )
            if rows:
                return InviteClaim("ok", _record(Invite, rows[0]))
            rows = await db.execute_fetchall(
                "SELECT used_at FROM invites WHERE code_hash = ?", (code_hash,)
            )
        if not rows:
            return InviteClaim("unknown")
        return InviteClaim("used" if rows[0]["used_at"] is not None else "expired")

    async def record_conversation(
        self,
        chat_id: int,
        direction: str,
        kind: str,
        text: str = "",
        *,
        file_id: str | None = None,
        staff_user_id: int | None = None,
        staff_message_id: int | None = None,
    ) -> None:
        """Keep one message of the client's conversation with the clinic team."""
        async with self._transaction() as db:
            await self._require_client(db, chat_id)
            await db.execute(
                "INSERT INTO conversation (chat_id, direction, kind, text, file_id, "
                "staff_user_id, staff_message_id, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    chat_id,
                    direction,
                    kind,
                    text,
                    file_id,
                    staff_user_id,
                    staff_message_id,
                    _to_unix(self._clock.now()),
                ),
            )

    async def client_of_staff_message(self, staff_message_id: int) -> int | None:
        """The client a message in the staff chat is about (for replies and /history)."""
        rows = await self._fetch(
            "SELECT chat_id FROM conversation WHERE staff_message_id = ? ORDER BY id DESC LIMIT 1",
            (staff_message_id,),
        )
        return rows[0]["chat_id"] if rows else None

    async def conversation(self, chat_id: int, limit: int = 50) -> list[ConversationMessage]:
        rows = await self._fetch(
            "SELECT * FROM (SELECT * FROM conversation WHERE chat_id = ? "
            "ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id",
            (chat_id, limit),
        )
        return [_record(ConversationMessage, row) for row in rows]

    async def open_inbox(self, chat_id: int, until: datetime) -> None:
        """A staff member wrote to the client: their answers go to the staff chat until then."""
        await self._update_client(chat_id, "inbox_open_until = ?", (_to_unix(until),))

    async def set_photo_consent(self, chat_id: int, given: bool) -> None:
        await self._update_client(chat_id, "photo_consent = ?", (int(given),))

    async def audit(
        self, actor: int | None, action: str, detail: str = "", client_chat: int | None = None
    ) -> None:
        """Record a staff action (broadcast, reply, reload, invite, report)."""
        async with self._transaction() as db:
            await db.execute(
                "INSERT INTO audit (actor, action, detail, client_chat, at) VALUES (?, ?, ?, ?, ?)",
                (actor, action, detail, client_chat, _to_unix(self._clock.now())),
            )

    async def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        """Staff actions, newest first."""
        rows = await self._fetch("SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT ?", (limit,))
        return [_record(AuditEntry, row) for row in rows]

    # -- reports -----------------------------------------------------------------

    async def stats(self, now: datetime) -> Stats:
        """The figures staff see in /stats, as of `now`."""
        week, month = _to_unix(now - timedelta(days=7)), _to_unix(now - timedelta(days=30))
        rows = await self._fetch(
            "SELECT (SELECT COUNT(*) FROM clients) AS clients, "
            "(SELECT COUNT(*) FROM clients WHERE last_seen_at >= ?) AS active_7_days, "
            "(SELECT COUNT(*) FROM clients WHERE last_seen_at >= ?) AS active_30_days, "
            "(SELECT COUNT(*) FROM treatment_sessions) AS sessions, "
            "(SELECT COUNT(*) FROM checkins WHERE state IN ('sent', 'answered')) "
            "AS checkins_sent, "
            "(SELECT COUNT(*) FROM checkins WHERE state = 'answered') AS checkins_answered, "
            "(SELECT COUNT(*) FROM escalations WHERE at >= ?) AS escalations_7_days, "
            "(SELECT COUNT(*) FROM unanswered) AS unanswered, "
            "(SELECT COUNT(*) FROM broadcasts WHERE confirmed_at IS NOT NULL) AS broadcasts, "
            "(SELECT COUNT(*) FROM broadcast_deliveries WHERE state = 'sent') "
            "AS broadcast_messages",
            (week, month, week),
        )
        return _record(Stats, rows[0])


# Clients who want clinic news, with their last session and how many they had.
_AUDIENCE = (
    "SELECT c.chat_id FROM clients AS c LEFT JOIN (SELECT chat_id, MAX(at) AS last_at, "
    "COUNT(*) AS sessions FROM treatment_sessions GROUP BY chat_id) AS s USING (chat_id) "
    "WHERE c.announcements_consent = 1 AND c.paused = 0 AND c.blocked_at IS NULL "
    "AND (? IS NULL OR s.last_at >= ?) AND (? IS NULL OR s.last_at < ?) "
    "AND (? IS NULL OR COALESCE(s.sessions, 0) < ?)"
)


def _audience_query(audience: Audience) -> tuple[str, tuple[int | None, ...]]:
    since, before = audience.session_since, audience.session_before
    since_unix = _to_unix(since) if since is not None else None
    before_unix = _to_unix(before) if before is not None else None
    fewer = audience.fewer_sessions_than
    return _AUDIENCE, (since_unix, since_unix, before_unix, before_unix, fewer, fewer)


_ESCALATIONS = (
    "SELECT e.*, c.first_name FROM escalations AS e JOIN clients AS c ON c.chat_id = e.chat_id"
)
_TIME_COLUMNS = frozenset(
    {
        "at",
        "created_at",
        "last_seen_at",
        "recorded_at",
        "due_at",
        "sent_at",
        "blocked_at",
        "session_at",
        "expires_at",
        "used_at",
        "inbox_open_until",
        "confirmed_at",
        "finished_at",
    }
)
_FLAG_COLUMNS = frozenset({"checkins_consent", "announcements_consent", "paused", "photo_consent"})


def _record(cls: type[R], row: sqlite3.Row) -> R:
    """Build a domain record from a row whose column names match the record's fields."""
    keys = row.keys()
    values = {field.name: row[field.name] for field in fields(cls) if field.name in keys}
    for name in _TIME_COLUMNS & values.keys():
        if values[name] is not None:
            values[name] = _from_unix(values[name])
    for name in _FLAG_COLUMNS & values.keys():
        if values[name] is not None:
            values[name] = bool(values[name])
    if "closest" in values:
        values["closest"] = tuple(json.loads(values["closest"]))
    return cls(**values)
