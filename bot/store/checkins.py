"""Scheduled check-ins: rows due at a time, taken right before sending, sent, answered.

A dispatcher pass finds what is `due`; right before each message `take` looks at the row
and its client again and claims it (a row in `checkin_claims`) only if it may go now. A
crash between claiming and marking sent leaves that evidence: `release_claims` puts those
back in the queue at the next start. A claimed check-in is in flight: /stop, a newer session
or a block cancel what waits, never the one already on its way, and marking it sent never
overwrites a cancellation.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime

from bot.store.clients import replace_waiting_checkins, require_client
from bot.store.database import Database, to_unix
from bot.store.records import ClaimedCheckin, QueuedCheckin, ScheduledCheckin, record
from bot.store.verdicts import (
    CANCELLED,
    DROPPED,
    GONE,
    POSTPONED,
    SEND,
    Drop,
    Postpone,
    Taken,
    Verdict,
)


def _unwanted(row: sqlite3.Row) -> tuple[str, str] | None:
    """(state, note) for a check-in whose client no longer wants it; None if they do."""
    if row["blocked_at"] is not None:
        return "dropped", "the client blocked the bot"
    if row["paused"]:
        return "cancelled", "paused by the client"
    if row["checkins_consent"] != 1:
        return "cancelled", "no consent to check-ins"
    return None


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
            await replace_waiting_checkins(db, chat_id, session_id, due)
        return len(due)

    async def due(self, now: datetime, limit: int) -> list[QueuedCheckin]:
        """Up to `limit` check-ins due by `now`, oldest first, for clients who want them.

        Nothing is taken: each is decided on by `take` right before it is sent.
        """
        rows = await self._database.fetch(
            "SELECT k.id, k.chat_id, k.checkin_id, k.due_at "
            "FROM checkins AS k JOIN clients AS c USING (chat_id) "
            "WHERE k.state = 'pending' AND k.due_at <= ? AND c.checkins_consent = 1 "
            "AND c.paused = 0 AND c.blocked_at IS NULL AND NOT EXISTS "
            "(SELECT 1 FROM checkin_claims AS x WHERE x.checkin_row = k.id) "
            "ORDER BY k.due_at, k.id LIMIT ?",
            (to_unix(now), limit),
        )
        return [record(QueuedCheckin, row) for row in rows]

    async def take(
        self, row_id: int, now: datetime, decide: Callable[[ClaimedCheckin], Verdict]
    ) -> Taken:
        """Right before sending: look at the row and its client again, and take it if it may go.

        In one transaction: a check-in no longer pending (cancelled by /stop or a newer
        session, sent, forgotten) or not due is left alone (GONE); a client who no longer
        wants check-ins has it cancelled (CANCELLED); otherwise `decide` (quiet hours now,
        still in the plan) may postpone or drop it; else it is claimed: in flight (SEND).
        """
        async with self._database.transaction() as db:
            rows = await db.execute_fetchall(
                "SELECT k.id, k.chat_id, k.checkin_id, k.due_at, k.attempts, k.state, "
                "c.timezone, c.checkins_consent, c.paused, c.blocked_at, EXISTS "
                "(SELECT 1 FROM checkin_claims AS x WHERE x.checkin_row = k.id) AS in_flight "
                "FROM checkins AS k JOIN clients AS c USING (chat_id) WHERE k.id = ?",
                (row_id,),
            )
            if not rows:
                return Taken(GONE)
            row = rows[0]
            if row["state"] != "pending" or row["in_flight"] or row["due_at"] > to_unix(now):
                return Taken(GONE)
            unwanted = _unwanted(row)
            if unwanted is not None:
                await db.execute(
                    "UPDATE checkins SET state = ?, note = ? WHERE id = ?", (*unwanted, row_id)
                )
                return Taken(CANCELLED)
            checkin = record(ClaimedCheckin, row)
            verdict = decide(checkin)
            if isinstance(verdict, Postpone):
                await db.execute(
                    "UPDATE checkins SET due_at = ?, note = NULL WHERE id = ?",
                    (to_unix(verdict.until), row_id),
                )
                return Taken(POSTPONED)
            if isinstance(verdict, Drop):
                await db.execute(
                    "UPDATE checkins SET state = 'dropped', note = ? WHERE id = ?",
                    (verdict.reason, row_id),
                )
                return Taken(DROPPED)
            await db.execute(
                "INSERT INTO checkin_claims (checkin_row, claimed_at) VALUES (?, ?)",
                (row_id, to_unix(now)),
            )
        return Taken(SEND, checkin)

    async def release_claims(self) -> int:
        """After a crash (when taking the send lease): check-ins that were in flight go back
        to waiting; each may have reached the client already."""
        async with self._database.transaction() as db:
            cursor = await db.execute("DELETE FROM checkin_claims")
            return max(cursor.rowcount, 0)

    async def mark_sent(self, row_id: int, message_id: int) -> None:
        """A taken check-in reached the client (a cancellation is never overwritten)."""
        now = self._database.now()
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET state = 'sent', sent_at = ?, message_id = ? "
                "WHERE id = ? AND state = 'pending'",
                (now, message_id, row_id),
            )

    async def postpone(self, row_id: int, due_at: datetime, error: str | None) -> None:
        """Put a claimed check-in back, due later: quiet hours, or (`error`) a failed send."""
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET due_at = ?, note = ?, attempts = attempts + ? "
                "WHERE id = ? AND state = 'pending'",
                (to_unix(due_at), error, int(error is not None), row_id),
            )

    async def drop(self, row_id: int, reason: str) -> None:
        async with self._database.transaction() as db:
            await db.execute("DELETE FROM checkin_claims WHERE checkin_row = ?", (row_id,))
            await db.execute(
                "UPDATE checkins SET state = 'dropped', note = ? "
                "WHERE id = ? AND state = 'pending'",
                (reason, row_id),
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
