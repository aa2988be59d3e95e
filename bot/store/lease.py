"""Who sends: one lease row, held by the one process that sends messages at a time.

The running bot holds it and renews it every few seconds; a command-line broadcast takes it
only when no bot holds it, and hands it over between two messages when a bot asks for it
(`wanted_by`). A holder that stops renewing loses it once it expires. `bot.jobs.lease`
decides when to take, renew, ask and hand over; this module only keeps the row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.store.database import Database
from bot.store.records import record


@dataclass(frozen=True)
class Lease:
    """Who sends now: the one process holding the send lease until it expires."""

    holder: str
    kind: str  # "bot" or "cli"
    pid: int
    host: str
    acquired_at: datetime
    expires_at: datetime
    wanted_by: str | None  # a bot waiting for it


class LeaseRow:
    """The `send_lease` row: at most one holder, until `expires_at`."""

    def __init__(self, database: Database) -> None:
        self._database = database

    async def take(
        self, holder: str, kind: str, pid: int, host: str, seconds: int, replacing: str | None
    ) -> bool:
        """Hold the lease for `seconds` if nobody else does (or it expired, or its holder is
        `replacing`, known to be gone); True if `holder` holds it now."""
        now = self._database.now()
        rows = await self._database.fetch(
            "INSERT INTO send_lease (id, holder, kind, pid, host, acquired_at, expires_at) "
            "VALUES (1, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET "
            "holder = excluded.holder, kind = excluded.kind, pid = excluded.pid, "
            "host = excluded.host, acquired_at = excluded.acquired_at, "
            "expires_at = excluded.expires_at, wanted_by = NULL "
            "WHERE send_lease.holder = excluded.holder OR send_lease.expires_at <= ? "
            "OR send_lease.holder = ? RETURNING holder",
            (holder, kind, pid, host, now, now + seconds, now, replacing),
        )
        return bool(rows)

    async def renew(self, holder: str, seconds: int) -> Lease | None:
        """Keep holding it for `seconds` more; the lease as it stands, None if it was lost."""
        rows = await self._database.fetch(
            "UPDATE send_lease SET expires_at = ? WHERE holder = ? RETURNING *",
            (self._database.now() + seconds, holder),
        )
        return record(Lease, rows[0]) if rows else None

    async def ask(self, holder: str) -> None:
        """A bot waiting to send asks the holder to hand over."""
        await self._database.fetch(
            "UPDATE send_lease SET wanted_by = ? WHERE holder != ?", (holder, holder)
        )

    async def release(self, holder: str) -> None:
        """Stop holding it: it lapses now (nothing happens if `holder` does not hold it).

        The row stays, so the next holder knows when the last one stopped sending.
        """
        await self._database.fetch(
            "UPDATE send_lease SET expires_at = ?, wanted_by = NULL WHERE holder = ?",
            (self._database.now(), holder),
        )

    async def current(self) -> Lease | None:
        """Who holds it (perhaps expired already), or None."""
        rows = await self._database.fetch("SELECT * FROM send_lease WHERE id = 1")
        return record(Lease, rows[0]) if rows else None
