"""Scheduled check-ins: rows due at a time, claimed by the dispatcher, sent, answered.

A claim is a row in `checkin_claims`, so a crash between claiming and marking sent leaves
evidence: `release_claimed` puts those back in the queue at the next start.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.store.clients import require_client
from bot.store.database import Database, to_unix
from bot.store.records import ClaimedCheckin, ScheduledCheckin, record


class Checkins:
    """The check-in rows of every client, and the dispatcher's claims on them."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def replace(
        self, chat_id: int, session_id: int | None, due: Sequence[tuple[str, datetime]]
    ) -> int:
        """Cancel the client's waiting check-ins and schedule `due` (id, time) instead."""
        async with self._database.transaction() as db:
            await require_client(db, chat_id)
            await db.execute(
                "UPDATE checkins SET state = 'cancelled', note = 'replaced by a newer session' "
                "WHERE chat_id = ? AND state = 'pending'",
                (chat_id,),
            )
            await db.executemany(
                "INSERT INTO checkins (chat_id, session_id, checkin_id, due_at) "
                "VALUES (?, ?, ?, ?)",
                [(chat_id, session_id, checkin_id, to_unix(at)) for checkin_id, at in due],
            )
        return len(due)

    async def claim_due(self, now: datetime, limit: int) -> list[ClaimedCheckin]:
        """Take up to `limit` check-ins due by `now`, oldest first, for clients who want them."""
        now_unix = to_unix(now)
        async with self._database.transaction() as db:
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
        return [record(ClaimedCheckin, row) for row in rows]

    async def release_claimed(self) -> int:
        """After a crash: claimed but unsent check-ins go back to waiting."""
        async with self._database.transaction() as db:
            cursor = await db.execute("DELETE FROM checkin_claims")
            return max(cursor.rowcount, 0)

    async def mark_sent(self, row_id: int, message_id: int) -> None:
        now = self._database.now()
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET state = 'sent', sent_at = ?, message_id = ? WHERE id = ?",
                (now, message_id, row_id),
            )

    async def postpone(self, row_id: int, due_at: datetime, error: str | None) -> None:
        """Put a claimed check-in back, due later: quiet hours, or (`error`) a failed send."""
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET due_at = ?, note = ?, attempts = attempts + ? WHERE id = ?",
                (to_unix(due_at), error, int(error is not None), row_id),
            )

    async def drop(self, row_id: int, reason: str) -> None:
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET state = 'dropped', note = ? WHERE id = ?", (reason, row_id)
            )

    async def answer(self, row_id: int, chat_id: int, response_id: str) -> str | None:
        """Record the button a client tapped; returns the check-in's id, or None if it is not
        theirs, not sent, or already answered (a check-in is answered once)."""
        rows = await self._database.fetch(
            "UPDATE checkins SET state = 'answered', answer = ?, answered_at = ? "
            "WHERE id = ? AND chat_id = ? AND state = 'sent' RETURNING checkin_id",
            (response_id, self._database.now(), row_id, chat_id),
        )
        return rows[0]["checkin_id"] if rows else None

    async def of_client(self, chat_id: int) -> list[ScheduledCheckin]:
        """A client's check-ins, by due time (for their history)."""
        rows = await self._database.fetch(
            "SELECT * FROM checkins WHERE chat_id = ? AND state != 'cancelled' ORDER BY due_at",
            (chat_id,),
        )
        return [record(ScheduledCheckin, row) for row in rows]

    async def pending_counts(self, now: datetime) -> tuple[int, int]:
        """(due by `now` and not sent yet, waiting for a later time): for /health."""
        rows = await self._database.fetch(
            "SELECT COALESCE(SUM(due_at <= ?), 0), COALESCE(SUM(due_at > ?), 0) "
            "FROM checkins WHERE state = 'pending'",
            (to_unix(now), to_unix(now)),
        )
        return int(rows[0][0]), int(rows[0][1])
