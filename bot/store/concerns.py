"""Concerns: what a client described that the bot asked about ("is it getting worse?").

The row keeps what the answer needs (the sign "yes" escalates to, the topic "no" answers
with), so a tap works after a restart, and it records the answer for the client's history.
"""

from __future__ import annotations

from bot.store.database import Database, StoreError
from bot.store.records import RaisedConcern, record


class Concerns:
    """Concerns raised with clients, and how they answered."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def raise_(
        self, chat_id: int, noticed: str, sign_id: str | None, topic_id: str | None, text: str
    ) -> RaisedConcern:
        """Remember a concern raised with a client; the client must exist."""
        rows = await self._database.fetch(
            "INSERT INTO concerns (chat_id, noticed, sign_id, topic_id, text, at) "
            "SELECT ?, ?, ?, ?, ?, ? WHERE EXISTS (SELECT 1 FROM clients WHERE chat_id = ?) "
            "RETURNING *",
            (chat_id, noticed, sign_id, topic_id, text, self._database.now(), chat_id),
        )
        if not rows:
            raise StoreError(f"no client with chat_id {chat_id}")
        return record(RaisedConcern, rows[0])

    async def answer(self, concern_id: int, chat_id: int, choice: str) -> RaisedConcern | None:
        """Record the client's first answer; the concern as it was raised, None if unknown."""
        rows = await self._database.fetch(
            "UPDATE concerns SET choice = coalesce(choice, ?), "
            "answered_at = coalesce(answered_at, ?) WHERE id = ? AND chat_id = ? RETURNING *",
            (choice, self._database.now(), concern_id, chat_id),
        )
        return record(RaisedConcern, rows[0]) if rows else None
