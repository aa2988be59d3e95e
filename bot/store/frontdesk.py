"""The front desk: start links made for clients, and the staff inbox with each client.

Start links are kept only as a hash of their code and work once. The inbox keeps every
message between a client and the clinic team (a photo only as Telegram's file id).
"""

from __future__ import annotations

from datetime import datetime

from bot.store.clients import require_client, update_client
from bot.store.database import Database, to_unix
from bot.store.records import ConversationMessage, Invite, InviteClaim, record


class Invites:
    """Start links: made at the front desk, used once before they expire."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def create(
        self,
        code_hash: str,
        first_name: str,
        session_at: datetime | None,
        created_by: int | None,
        expires_at: datetime,
    ) -> None:
        async with self._database.transaction() as db:
            await db.execute(
                "INSERT INTO invites (code_hash, first_name, session_at, created_by, created_at, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (
                    code_hash,
                    first_name,
                    to_unix(session_at) if session_at else None,
                    created_by,
                    self._database.now(),
                    to_unix(expires_at),
                ),
            )

    async def claim(self, code_hash: str, chat_id: int) -> InviteClaim:
        """Use a start link once: ok the first time before it expires, else why not."""
        now = self._database.now()
        async with self._database.transaction() as db:
            rows = await db.execute_fetchall(
                "UPDATE invites SET used_at = ?, chat_id = ? WHERE code_hash = ? "
                "AND used_at IS NULL AND expires_at > ? RETURNING *",
                (now, chat_id, code_hash, now),
            )
            if rows:
                return InviteClaim("ok", record(Invite, rows[0]))
            rows = await db.execute_fetchall(
                "SELECT used_at FROM invites WHERE code_hash = ?", (code_hash,)
            )
        if not rows:
            return InviteClaim("unknown")
        return InviteClaim("used" if rows[0]["used_at"] is not None else "expired")


class Inbox:
    """A client's conversation with the clinic team, and whether it is open."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def record(
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
        async with self._database.transaction() as db:
            await require_client(db, chat_id)
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
                    self._database.now(),
                ),
            )

    async def about_staff_message(self, staff_message_id: int) -> ConversationMessage | None:
        """The client's message a message in the staff chat stands for (its kind and text)."""
        rows = await self._database.fetch(
            "SELECT * FROM conversation WHERE staff_message_id = ? ORDER BY id DESC LIMIT 1",
            (staff_message_id,),
        )
        return record(ConversationMessage, rows[0]) if rows else None

    async def conversation(self, chat_id: int, limit: int = 50) -> list[ConversationMessage]:
        """The client's last `limit` messages with the clinic team, oldest first."""
        rows = await self._database.fetch(
            "SELECT * FROM (SELECT * FROM conversation WHERE chat_id = ? "
            "ORDER BY at DESC, id DESC LIMIT ?) ORDER BY at, id",
            (chat_id, limit),
        )
        return [record(ConversationMessage, row) for row in rows]

    async def open(self, chat_id: int, until: datetime) -> None:
        """A staff member wrote to the client: their answers go to the staff chat until then."""
        await update_client(self._database, chat_id, "inbox_open_until = ?", (to_unix(until),))

    async def close(self, chat_id: int) -> bool:
        """The conversation with the clinic team ends; False if none was open."""
        rows = await self._database.fetch(
            "UPDATE clients SET inbox_open_until = NULL "
            "WHERE chat_id = ? AND inbox_open_until IS NOT NULL RETURNING 1",
            (chat_id,),
        )
        return bool(rows)

    async def set_photo_consent(self, chat_id: int, given: bool) -> None:
        await update_client(self._database, chat_id, "photo_consent = ?", (int(given),))
