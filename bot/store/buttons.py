"""Buttons that answer once: the first tap on a message is kept, later taps change nothing.

The row is written by one conditional statement, so two taps arriving at the same moment
cannot both win.
"""

from __future__ import annotations

from bot.store.database import Database


class Buttons:
    """Which choice was tapped under a message (a client's or one in the staff chat)."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def claim(self, chat_id: int, message_id: int, choice: str) -> bool:
        """Record `choice` as the answer to the message's buttons; False if it already had one."""
        rows = await self._database.fetch(
            "INSERT INTO button_answers (chat_id, message_id, choice, at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (chat_id, message_id) DO NOTHING RETURNING 1",
            (chat_id, message_id, choice, self._database.now()),
        )
        return bool(rows)
