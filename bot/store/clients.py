"""Clients and their treatment sessions: who they are, what they agreed to, and forgetting them.

A client is a private chat with the bot. Besides their treatments this holds their time
zone, consents, `/stop` pause, whether they blocked the bot and what the bot waits for
from them; `forget` deletes them from every table at once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import aiosqlite

from bot.store.database import Database, StoreError, from_unix, to_unix
from bot.store.records import Client, ClientVisit, TreatmentSession, record

# A check-in still waiting: pending and not in flight (`bot.store.checkins` takes it to send).
CHECKIN_WAITING = "state = 'pending' AND id NOT IN (SELECT checkin_row FROM checkin_claims)"
_UPSERT = (
    "INSERT INTO clients (chat_id, user_id, first_name, created_at, last_seen_at) "
    "VALUES (?, ?, ?, ?, ?) ON CONFLICT (chat_id) DO UPDATE SET "
    "user_id = excluded.user_id, first_name = excluded.first_name, "
    "last_seen_at = excluded.last_seen_at"
)


async def require_client(db: aiosqlite.Connection, chat_id: int) -> None:
    """Inside a transaction: refuse to write about a client who is not stored."""
    if not await db.execute_fetchall("SELECT 1 FROM clients WHERE chat_id = ?", (chat_id,)):
        raise StoreError(f"no client with chat_id {chat_id}")


async def replace_waiting_checkins(
    db: aiosqlite.Connection,
    chat_id: int,
    session_id: int | None,
    due: Sequence[tuple[str, datetime]],
) -> None:
    """Inside a transaction: cancel the client's waiting check-ins, schedule `due` (id, time)."""
    await db.execute(
        "UPDATE checkins SET state = 'cancelled', note = 'replaced by a newer session' "
        f"WHERE chat_id = ? AND {CHECKIN_WAITING}",
        (chat_id,),
    )
    await db.executemany(
        "INSERT INTO checkins (chat_id, session_id, checkin_id, due_at) VALUES (?, ?, ?, ?)",
        [(chat_id, session_id, checkin_id, to_unix(at)) for checkin_id, at in due],
    )


async def update_client(
    database: Database, chat_id: int, assignment: str, params: Sequence[Any]
) -> None:
    """Set columns of one stored client (`assignment` is ours, never user input)."""
    async with database.transaction() as db:
        await require_client(db, chat_id)
        await db.execute(f"UPDATE clients SET {assignment} WHERE chat_id = ?", (*params, chat_id))


class Clients:
    """The clients table and what belongs to one client only: sessions, consents, pause."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def upsert(self, chat_id: int, user_id: int | None, first_name: str | None) -> Client:
        """Create the client or refresh their name; either way they were seen now."""
        now = self._database.now()
        async with self._database.transaction() as db:
            await db.execute(_UPSERT, (chat_id, user_id, first_name, now, now))
            rows = await db.execute_fetchall("SELECT * FROM clients WHERE chat_id = ?", (chat_id,))
        return record(Client, rows[0])

    async def visit(self, chat_id: int, user_id: int | None, first_name: str | None) -> ClientVisit:
        """`upsert` and the latest treatment date in one statement: once per message."""
        now = self._database.now()
        rows = await self._database.fetch(
            f"{_UPSERT} RETURNING *, (SELECT MAX(s.at) FROM treatment_sessions AS s "
            "WHERE s.chat_id = clients.chat_id) AS last_session_at",
            (chat_id, user_id, first_name, now, now),
        )
        last = rows[0]["last_session_at"]
        return ClientVisit(record(Client, rows[0]), from_unix(last) if last is not None else None)

    async def get(self, chat_id: int) -> Client | None:
        rows = await self._database.fetch("SELECT * FROM clients WHERE chat_id = ?", (chat_id,))
        return record(Client, rows[0]) if rows else None

    async def set_awaiting(self, chat_id: int, awaiting: str | None) -> None:
        """Remember what the bot asked this client and waits for (None: nothing)."""
        await update_client(self._database, chat_id, "awaiting = ?", (awaiting,))

    # -- treatment sessions ------------------------------------------------------

    async def add_session(self, chat_id: int, at: datetime) -> TreatmentSession:
        """Record a treatment at `at` (aware); the client must already exist."""
        at_unix, now = to_unix(at), self._database.now()
        async with self._database.transaction() as db:
            await require_client(db, chat_id)
            cursor = await db.execute(
                "INSERT INTO treatment_sessions (chat_id, at, recorded_at) VALUES (?, ?, ?)",
                (chat_id, at_unix, now),
            )
        return TreatmentSession(cursor.lastrowid or 0, chat_id, from_unix(at_unix), from_unix(now))

    async def record_session(
        self,
        chat_id: int,
        at: datetime,
        plan: Sequence[tuple[str, datetime]] | None,
        *,
        moving: int | None = None,
    ) -> TreatmentSession:
        """Record a treatment at `at` (or move the recorded session `moving` there: the
        client gave its date wrongly), stop waiting for a date and, unless `plan` is None,
        schedule the check-ins `plan` (id, due time) in place of those still waiting.

        One transaction: a crash never leaves a session without the check-ins planned for it.
        """
        at_unix, now = to_unix(at), self._database.now()
        async with self._database.transaction() as db:
            await require_client(db, chat_id)
            if moving is None:
                cursor = await db.execute(
                    "INSERT INTO treatment_sessions (chat_id, at, recorded_at) VALUES (?, ?, ?)",
                    (chat_id, at_unix, now),
                )
                session_id = cursor.lastrowid or 0
            else:
                cursor = await db.execute(
                    "UPDATE treatment_sessions SET at = ?, recorded_at = ? "
                    "WHERE id = ? AND chat_id = ?",
                    (at_unix, now, moving, chat_id),
                )
                if cursor.rowcount != 1:
                    raise StoreError(f"no session {moving} of chat_id {chat_id}")
                session_id = moving
            await db.execute("UPDATE clients SET awaiting = NULL WHERE chat_id = ?", (chat_id,))
            if plan is not None:
                await replace_waiting_checkins(db, chat_id, session_id, plan)
        return TreatmentSession(session_id, chat_id, from_unix(at_unix), from_unix(now))

    async def last_session(self, chat_id: int) -> TreatmentSession | None:
        """The session with the latest treatment date (not the latest recorded)."""
        rows = await self._database.fetch(
            "SELECT * FROM treatment_sessions WHERE chat_id = ? ORDER BY at DESC, id DESC LIMIT 1",
            (chat_id,),
        )
        return record(TreatmentSession, rows[0]) if rows else None

    async def sessions(self, chat_id: int) -> list[TreatmentSession]:
        """All of a client's sessions, oldest treatment first."""
        rows = await self._database.fetch(
            "SELECT * FROM treatment_sessions WHERE chat_id = ? ORDER BY at, id", (chat_id,)
        )
        return [record(TreatmentSession, row) for row in rows]

    # -- preferences -------------------------------------------------------------

    async def set_timezone(self, chat_id: int, timezone: str | None) -> None:
        """The client's own time zone (None: the clinic's)."""
        await update_client(self._database, chat_id, "timezone = ?", (timezone,))

    async def set_consent(
        self, chat_id: int, *, checkins: bool | None = None, announcements: bool | None = None
    ) -> None:
        """Record the client's answer to either consent question (None: leave as it is)."""
        if checkins is not None:
            await update_client(self._database, chat_id, "checkins_consent = ?", (int(checkins),))
        if announcements is not None:
            await update_client(
                self._database, chat_id, "announcements_consent = ?", (int(announcements),)
            )

    async def set_paused(self, chat_id: int, paused: bool) -> int:
        """`/stop` (True) or `/resume` (False); stopping cancels what waits. Returns how many.

        A check-in already in flight is not cancelled (it is on its way); every other one is,
        including those a dispatcher pass found but had not sent yet.
        """
        async with self._database.transaction() as db:
            await require_client(db, chat_id)
            await db.execute(
                "UPDATE clients SET paused = ? WHERE chat_id = ?", (int(paused), chat_id)
            )
            if not paused:
                return 0
            cursor = await db.execute(
                "UPDATE checkins SET state = 'cancelled', note = 'paused by the client' "
                f"WHERE chat_id = ? AND {CHECKIN_WAITING}",
                (chat_id,),
            )
            return max(cursor.rowcount, 0)

    async def mark_blocked(self, chat_id: int) -> None:
        """Telegram said the client blocked the bot: skip them until they write again."""
        now = self._database.now()
        async with self._database.transaction() as db:
            await db.execute("UPDATE clients SET blocked_at = ? WHERE chat_id = ?", (now, chat_id))
            await db.execute(
                "UPDATE checkins SET state = 'dropped', note = 'the client blocked the bot' "
                f"WHERE chat_id = ? AND {CHECKIN_WAITING}",
                (chat_id,),
            )

    # -- privacy -----------------------------------------------------------------

    async def forget(self, chat_id: int) -> bool:
        """Delete every row about this client, in every table; True if anything was there.

        Tables are found by their `chat_id` column, so later migrations are covered too.
        One transaction; `secure_delete` overwrites the deleted data in the file.
        """
        async with self._database.transaction() as db:
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
        await self._database.checkpoint()  # the overwritten pages leave the WAL too
        return deleted > 0
