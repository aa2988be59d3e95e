"""Unanswered questions on their way to the staff chat, gathered into digests.

A question waits (`digest_id` NULL) until a digest takes it. Taking and sending are two
steps, like check-ins: a digest taken but never marked sent (a crash in between) gives its
questions back at the next start, so none is lost and none is listed twice.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime

from bot.store.database import Database, from_unix
from bot.store.records import UnansweredQuestion, record

_WAITING = "digest_id IS NULL AND taught_at IS NULL"
_WITH_NAME = (
    "SELECT u.*, c.first_name FROM unanswered AS u JOIN clients AS c ON c.chat_id = u.chat_id"
)


class Digests:
    """Questions waiting for the next digest, and the digests sent."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def waiting(self) -> tuple[int, datetime | None]:
        """How many questions wait for a digest, and when the oldest was asked."""
        rows = await self._database.fetch(
            f"SELECT COUNT(*) AS n, MIN(at) AS oldest FROM unanswered WHERE {_WAITING}"
        )
        oldest = rows[0]["oldest"]
        return rows[0]["n"], from_unix(oldest) if oldest is not None else None

    async def take(self, limit: int = 20) -> tuple[int, list[UnansweredQuestion]] | None:
        """Start a digest with the `limit` oldest waiting questions; None if none waits."""
        async with self._database.transaction() as db:
            cursor = await db.execute(
                "INSERT INTO digests (created_at) VALUES (?)", (self._database.now(),)
            )
            digest_id = cursor.lastrowid or 0
            taken = await db.execute_fetchall(
                "UPDATE unanswered SET digest_id = ? WHERE id IN (SELECT id FROM unanswered "
                f"WHERE {_WAITING} ORDER BY at, id LIMIT ?) RETURNING id",
                (digest_id, limit),
            )
            if not taken:
                await db.execute("DELETE FROM digests WHERE id = ?", (digest_id,))
                return None
            rows = await db.execute_fetchall(
                f"{_WITH_NAME} WHERE u.digest_id = ? ORDER BY u.at, u.id", (digest_id,)
            )
        return digest_id, [record(UnansweredQuestion, row) for row in rows]

    async def mark_sent(self, digest_id: int, staff_message_id: int) -> None:
        async with self._database.transaction() as db:
            await db.execute(
                "UPDATE digests SET sent_at = ?, staff_message_id = ? WHERE id = ?",
                (self._database.now(), staff_message_id, digest_id),
            )

    async def give_back(self, digest_id: int | None = None) -> int:
        """Questions of a digest that was not sent wait again (every such digest if None)."""
        async with self._database.transaction() as db:
            unsent = await db.execute_fetchall(
                "SELECT id FROM digests WHERE sent_at IS NULL AND (? IS NULL OR id = ?)",
                (digest_id, digest_id),
            )
            ids = json.dumps([row[0] for row in unsent])
            cursor = await db.execute(
                "UPDATE unanswered SET digest_id = NULL "
                "WHERE digest_id IN (SELECT value FROM json_each(?))",
                (ids,),
            )
            await db.execute(
                "DELETE FROM digests WHERE id IN (SELECT value FROM json_each(?))", (ids,)
            )
            return max(cursor.rowcount, 0)

    async def question(self, question_id: int) -> UnansweredQuestion | None:
        """One question not taught yet, with the client's name (a digest's or /gaps' button)."""
        rows = await self._database.fetch(
            f"{_WITH_NAME} WHERE u.id = ? AND u.taught_at IS NULL", (question_id,)
        )
        return record(UnansweredQuestion, rows[0]) if rows else None

    async def mark_taught(self, question_ids: Sequence[int]) -> None:
        """Staff taught the bot these questions' answer: they leave /gaps and the digests."""
        async with self._database.transaction() as db:
            await db.execute(
                "UPDATE unanswered SET taught_at = ? WHERE id IN (SELECT value FROM json_each(?))",
                (self._database.now(), json.dumps(list(question_ids))),
            )
