"""Broadcasts: clinic news to a segment of clients, one delivery row per recipient.

A draft is confirmed once, which writes its recipients; right before each message a sender
`take`s a delivery (a row in `broadcast_claims`, only if it may still go) and then records
what became of it, so a restart carries on where it stopped. A recipient in their quiet
hours waits (`not_before`) with the broadcast still sending.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import aiosqlite

from bot.store.database import Database, to_unix
from bot.store.records import Audience, Broadcast, BroadcastTally, Delivery, record
from bot.store.verdicts import CANCELLED, DROPPED, GONE, POSTPONED, SEND, Drop, Postpone, Verdict

_UNWANTED = "no longer wants clinic news"

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
    since_unix = to_unix(since) if since is not None else None
    before_unix = to_unix(before) if before is not None else None
    fewer = audience.fewer_sessions_than
    return _AUDIENCE, (since_unix, since_unix, before_unix, before_unix, fewer, fewer)


class Broadcasts:
    """Broadcasts, their deliveries and the senders' claims on them."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def count_audience(self, audience: Audience) -> int:
        """How many clients a broadcast to `audience` would reach now."""
        sql, params = _audience_query(audience)
        rows = await self._database.fetch(f"SELECT COUNT(*) FROM ({sql})", params)
        return int(rows[0][0])

    async def create(
        self, created_by: int | None, report_chat: int | None, text: str, segment: str
    ) -> Broadcast:
        """A draft: nothing is sent before `confirm`."""
        rows = await self._database.fetch(
            "INSERT INTO broadcasts (created_by, report_chat, text, segment, created_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING *",
            (created_by, report_chat, text, segment, self._database.now()),
        )
        return record(Broadcast, rows[0])

    async def get(self, broadcast_id: int) -> Broadcast | None:
        rows = await self._database.fetch("SELECT * FROM broadcasts WHERE id = ?", (broadcast_id,))
        return record(Broadcast, rows[0]) if rows else None

    async def confirm(self, broadcast_id: int, audience: Audience) -> int | None:
        """Draft to sending, its recipients written as pending deliveries; returns how many.

        None if it is not a draft any more (sent, being sent or cancelled): a second tap.
        """
        now = self._database.now()
        async with self._database.transaction() as db:
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

    async def cancel(self, broadcast_id: int) -> bool:
        """A draft is dropped; False if it was not a draft any more."""
        rows = await self._database.fetch(
            "UPDATE broadcasts SET state = 'cancelled', finished_at = ? "
            "WHERE id = ? AND state = 'draft' RETURNING id",
            (self._database.now(), broadcast_id),
        )
        return bool(rows)

    async def unfinished(self) -> list[Broadcast]:
        """Confirmed broadcasts still sending (after a restart: to resume), oldest first."""
        rows = await self._database.fetch(
            "SELECT * FROM broadcasts WHERE state = 'sending' ORDER BY id"
        )
        return [record(Broadcast, row) for row in rows]

    async def release_claims(self) -> int:
        """After a crash (when taking the send lease): the deliveries that were in flight go
        back to waiting; each may have reached the client already."""
        async with self._database.transaction() as db:
            cursor = await db.execute("DELETE FROM broadcast_claims")
            return max(cursor.rowcount, 0)

    async def pending(
        self, broadcast_id: int, now: datetime, after: int | None, limit: int
    ) -> list[int]:
        """Chat ids of recipients still to send to now, in order after `after`, up to `limit`:
        pending, not in flight, not waiting out their quiet hours."""
        rows = await self._database.fetch(
            "SELECT d.chat_id FROM broadcast_deliveries AS d "
            "INDEXED BY broadcast_deliveries_pending "  # else SQLite walks the sent rows too
            "WHERE d.broadcast_id = ? AND d.state = 'pending' AND d.chat_id > ? "
            "AND (d.not_before IS NULL OR d.not_before <= ?) AND NOT EXISTS "
            "(SELECT 1 FROM broadcast_claims AS x "
            "WHERE x.broadcast_id = d.broadcast_id AND x.chat_id = d.chat_id) "
            "ORDER BY d.chat_id LIMIT ?",
            (broadcast_id, after if after is not None else -(2**63), to_unix(now), limit),
        )
        return [row[0] for row in rows]

    async def take(
        self,
        broadcast_id: int,
        chat_id: int,
        now: datetime,
        decide: Callable[[str | None], Verdict],
    ) -> str:
        """Right before sending: look at the delivery and its client again; take it if it may go.

        In one transaction: a delivery no longer pending, in flight, forgotten, put off or
        of a broadcast no longer sending is left alone (GONE); a client who no longer wants
        clinic news (/stop, consent, blocked) is recorded as skipped (CANCELLED); `decide`,
        given the client's time zone, may put it off until their quiet hours end (POSTPONED);
        otherwise it is claimed: in flight (SEND).
        """
        now_unix = to_unix(now)
        async with self._database.transaction() as db:
            rows = await db.execute_fetchall(
                "SELECT d.state, d.not_before, b.state AS broadcast, c.timezone, "
                "c.announcements_consent = 1 AND c.paused = 0 AND c.blocked_at IS NULL AS wanted, "
                "EXISTS (SELECT 1 FROM broadcast_claims AS x WHERE x.broadcast_id = "
                "d.broadcast_id AND x.chat_id = d.chat_id) AS in_flight "
                "FROM broadcast_deliveries AS d JOIN broadcasts AS b ON b.id = d.broadcast_id "
                "JOIN clients AS c ON c.chat_id = d.chat_id "
                "WHERE d.broadcast_id = ? AND d.chat_id = ?",
                (broadcast_id, chat_id),
            )
            if not rows:
                return GONE
            row = rows[0]
            put_off = row["not_before"] is not None and row["not_before"] > now_unix
            if row["state"] != "pending" or row["broadcast"] != "sending" or row["in_flight"]:
                return GONE
            if put_off:
                return GONE
            if not row["wanted"]:
                await self._record(db, broadcast_id, chat_id, "skipped", _UNWANTED, None)
                return CANCELLED
            verdict = decide(row["timezone"])
            if isinstance(verdict, Postpone):
                await db.execute(
                    "UPDATE broadcast_deliveries SET not_before = ? "
                    "WHERE broadcast_id = ? AND chat_id = ?",
                    (to_unix(verdict.until), broadcast_id, chat_id),
                )
                return POSTPONED
            if isinstance(verdict, Drop):
                await self._record(db, broadcast_id, chat_id, "skipped", verdict.reason, None)
                return DROPPED
            await db.execute(
                "INSERT INTO broadcast_claims (broadcast_id, chat_id, claimed_at) VALUES (?, ?, ?)",
                (broadcast_id, chat_id, now_unix),
            )
        return SEND

    async def give_back(self, broadcast_id: int, chat_id: int, not_before: datetime) -> None:
        """A taken delivery that did not go (Telegram did not answer): pending again, not
        before `not_before`."""
        async with self._database.transaction() as db:
            await db.execute(
                "DELETE FROM broadcast_claims WHERE broadcast_id = ? AND chat_id = ?",
                (broadcast_id, chat_id),
            )
            await db.execute(
                "UPDATE broadcast_deliveries SET not_before = ? "
                "WHERE broadcast_id = ? AND chat_id = ? AND state = 'pending'",
                (to_unix(not_before), broadcast_id, chat_id),
            )

    async def finish_delivery(
        self, broadcast_id: int, chat_id: int, state: str, error: str | None = None
    ) -> None:
        """Record what became of a taken delivery (sent, blocked, failed)."""
        now = self._database.now()
        async with self._database.transaction() as db:
            await db.execute(
                "DELETE FROM broadcast_claims WHERE broadcast_id = ? AND chat_id = ?",
                (broadcast_id, chat_id),
            )
            await self._record(
                db, broadcast_id, chat_id, state, error, now if state == "sent" else None
            )

    @staticmethod
    async def _record(
        db: aiosqlite.Connection,
        broadcast_id: int,
        chat_id: int,
        state: str,
        error: str | None,
        sent_at: int | None,
    ) -> None:
        await db.execute(
            "UPDATE broadcast_deliveries SET state = ?, error = ?, sent_at = ? "
            "WHERE broadcast_id = ? AND chat_id = ? AND state = 'pending'",
            (state, error, sent_at, broadcast_id, chat_id),
        )

    async def tally(self, broadcast_id: int) -> BroadcastTally:
        rows = await self._database.fetch(
            "SELECT COUNT(*) AS total, "
            "COALESCE(SUM(state = 'pending'), 0) AS pending, "
            "COALESCE(SUM(state = 'sent'), 0) AS sent, "
            "COALESCE(SUM(state = 'blocked'), 0) AS blocked, "
            "COALESCE(SUM(state = 'failed'), 0) AS failed, "
            "COALESCE(SUM(state = 'skipped'), 0) AS skipped, "
            "COALESCE(SUM(state = 'pending' AND not_before IS NOT NULL), 0) AS waiting "
            "FROM broadcast_deliveries WHERE broadcast_id = ?",
            (broadcast_id,),
        )
        return record(BroadcastTally, rows[0])

    async def finish(self, broadcast_id: int) -> bool:
        """Sending to finished once no delivery is pending; True only for the one who did it."""
        rows = await self._database.fetch(
            "UPDATE broadcasts SET state = 'finished', finished_at = ? "
            "WHERE id = ? AND state = 'sending' AND NOT EXISTS (SELECT 1 FROM "
            "broadcast_deliveries WHERE broadcast_id = ? AND state = 'pending') RETURNING id",
            (self._database.now(), broadcast_id, broadcast_id),
        )
        return bool(rows)

    async def deliveries(self, broadcast_id: int) -> list[Delivery]:
        """Every recipient of a broadcast and what became of their message, by chat."""
        rows = await self._database.fetch(
            "SELECT * FROM broadcast_deliveries WHERE broadcast_id = ? ORDER BY chat_id",
            (broadcast_id,),
        )
        return [record(Delivery, row) for row in rows]
