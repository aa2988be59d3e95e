"""What staff look back on: warning signs reported, questions left unanswered, their own
actions (the audit log), and the figures of /stats.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime, timedelta

from bot.store.database import Database, StoreError, from_unix, to_unix
from bot.store.records import AuditEntry, Escalation, Stats, UnansweredQuestion, record

_ESCALATIONS = (
    "SELECT e.*, c.first_name FROM escalations AS e JOIN clients AS c ON c.chat_id = e.chat_id"
)


class Reports:
    """Escalations, unanswered questions, the staff audit log and usage figures."""

    def __init__(self, database: Database) -> None:
        self._database = database

    # -- escalations -------------------------------------------------------------

    async def record_escalation(self, chat_id: int, sign_id: str, text: str) -> Escalation:
        """Remember that a client reported a warning sign; the client must exist."""
        # One statement (atomic on its own), as it runs while a client waits for a reply.
        rows = await self._database.fetch(
            "INSERT INTO escalations (chat_id, sign_id, text, at) SELECT ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM clients WHERE chat_id = ?) RETURNING *, "
            "(SELECT c.first_name FROM clients AS c WHERE c.chat_id = escalations.chat_id) "
            "AS first_name",
            (chat_id, sign_id, text, self._database.now(), chat_id),
        )
        if not rows:
            raise StoreError(f"no client with chat_id {chat_id}")
        return record(Escalation, rows[0])

    async def escalations(
        self, since: datetime | None = None, limit: int = 50, chat_id: int | None = None
    ) -> list[Escalation]:
        """Escalations at or after `since` (of one client, if given), newest first, with name."""
        since_unix = to_unix(since) if since is not None else None
        rows = await self._database.fetch(
            f"{_ESCALATIONS} WHERE (? IS NULL OR e.at >= ?) AND (? IS NULL OR e.chat_id = ?) "
            "ORDER BY e.at DESC, e.id DESC LIMIT ?",
            (since_unix, since_unix, chat_id, chat_id, limit),
        )
        return [record(Escalation, row) for row in rows]

    # -- unanswered questions ----------------------------------------------------

    async def record_unanswered(
        self, chat_id: int, text: str, closest: Sequence[str]
    ) -> UnansweredQuestion:
        """Keep a question the bot could not answer, with the nearest topic ids."""
        now = self._database.now()
        topics = tuple(closest)
        # One statement (atomic on its own): it is written for many messages, so kept cheap.
        rows = await self._database.fetch(
            "INSERT INTO unanswered (chat_id, text, closest, at) SELECT ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM clients WHERE chat_id = ?) RETURNING id",
            (chat_id, text, json.dumps(topics), now, chat_id),
        )
        if not rows:
            raise StoreError(f"no client with chat_id {chat_id}")
        return UnansweredQuestion(rows[0]["id"], chat_id, text, topics, from_unix(now))

    async def unanswered(self, limit: int = 1000) -> list[UnansweredQuestion]:
        """Unanswered questions staff have not taught the bot yet, newest first."""
        rows = await self._database.fetch(
            "SELECT * FROM unanswered WHERE taught_at IS NULL ORDER BY at DESC, id DESC LIMIT ?",
            (limit,),
        )
        return [record(UnansweredQuestion, row) for row in rows]

    # -- the staff audit log -----------------------------------------------------

    async def audit(
        self, actor: int | None, action: str, detail: str = "", client_chat: int | None = None
    ) -> None:
        """Record a staff action (broadcast, reply, reload, invite, report)."""
        async with self._database.transaction() as db:
            await db.execute(
                "INSERT INTO audit (actor, action, detail, client_chat, at) VALUES (?, ?, ?, ?, ?)",
                (actor, action, detail, client_chat, self._database.now()),
            )

    async def audit_log(self, limit: int = 200) -> list[AuditEntry]:
        """Staff actions, newest first."""
        rows = await self._database.fetch(
            "SELECT * FROM audit ORDER BY at DESC, id DESC LIMIT ?", (limit,)
        )
        return [record(AuditEntry, row) for row in rows]

    # -- figures -----------------------------------------------------------------

    async def stats(self, now: datetime) -> Stats:
        """The figures staff see in /stats, as of `now`."""
        week, month = to_unix(now - timedelta(days=7)), to_unix(now - timedelta(days=30))
        rows = await self._database.fetch(
            "SELECT (SELECT COUNT(*) FROM clients) AS clients, "
            "(SELECT COUNT(*) FROM clients WHERE last_seen_at >= ?) AS active_7_days, "
            "(SELECT COUNT(*) FROM clients WHERE last_seen_at >= ?) AS active_30_days, "
            "(SELECT COUNT(*) FROM treatment_sessions) AS sessions, "
            "(SELECT COUNT(*) FROM checkins WHERE state IN ('sent', 'answered')) "
            "AS checkins_sent, "
            "(SELECT COUNT(*) FROM checkins WHERE state = 'answered') AS checkins_answered, "
            "(SELECT COUNT(*) FROM escalations WHERE at >= ?) AS escalations_7_days, "
            "(SELECT COUNT(*) FROM unanswered WHERE taught_at IS NULL) AS unanswered, "
            "(SELECT COUNT(*) FROM broadcasts WHERE confirmed_at IS NOT NULL) AS broadcasts, "
            "(SELECT COUNT(*) FROM broadcast_deliveries WHERE state = 'sent') "
            "AS broadcast_messages",
            (week, month, week),
        )
        return record(Stats, rows[0])
