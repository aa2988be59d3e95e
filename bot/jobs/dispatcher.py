"""Sends the check-ins that are due: rows in the database, claimed, sent, then marked sent.

Nothing lives only in memory. A restart first hands back what a crash left claimed, so
every due check-in goes out, and at most the one in flight at a crash goes out twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.clock import Clock
from bot.core.knowledge import KnowledgeBase
from bot.core.schedule import outside_quiet_hours
from bot.store import ClaimedCheckin, Store

log = logging.getLogger(__name__)

RETRY_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5


class RecipientBlocked(Exception):
    """The client blocked the bot (Telegram answered 403)."""


@dataclass(frozen=True)
class Button:
    """A reply button under a check-in: its label, and which response it records."""

    label: str
    row_id: int
    response_id: str


# Sends a check-in and returns the Telegram message id; raises RecipientBlocked on 403.
SendCheckin = Callable[[int, str, Sequence[Button]], Awaitable[int]]


@dataclass(frozen=True)
class DispatchResult:
    """What one pass did."""

    sent: int = 0
    postponed: int = 0
    dropped: int = 0
    blocked: int = 0


class CheckinDispatcher:
    """Finds due check-ins, claims them and sends them, one pass at a time."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        knowledge: Callable[[], KnowledgeBase],
        send: SendCheckin,
    ) -> None:
        self._store = store
        self._clock = clock
        self._knowledge = knowledge
        self._send = send

    async def recover(self) -> int:
        """At start: check-ins a crash left claimed go back to the queue."""
        return await self._store.checkins.release_claimed()

    async def run(self, interval: float) -> None:
        """Recover, then a pass every `interval` seconds until cancelled."""
        released = await self.recover()
        if released:
            log.info("%d check-ins left claimed by a stop were put back in the queue", released)
        while True:
            try:
                result = await self.dispatch_due()
            except Exception:
                log.exception("A check-in pass failed; trying again in %s s", interval)
            else:
                if result != DispatchResult():
                    log.info("Check-ins: %s", result)
            await asyncio.sleep(interval)

    async def dispatch_due(self, limit: int = 1000) -> DispatchResult:
        """One pass: every check-in due now, up to `limit`."""
        now = self._clock.now()
        claimed = await self._store.checkins.claim_due(now, limit)
        kb = self._knowledge()
        sent = postponed = dropped = blocked = 0
        for row in claimed:
            outcome = await self._deliver(row, kb, now)
            sent += outcome == "sent"
            postponed += outcome == "postponed"
            dropped += outcome == "dropped"
            blocked += outcome == "blocked"
        return DispatchResult(sent, postponed, dropped, blocked)

    async def _deliver(self, row: ClaimedCheckin, kb: KnowledgeBase, now: datetime) -> str:
        checkin = kb.checkin(row.checkin_id)
        if checkin is None:  # staff removed it from the plan since it was scheduled
            await self._store.checkins.drop(row.id, "no longer in the check-in plan")
            return "dropped"
        zone = _zone(row.timezone, kb.clinic.timezone)
        allowed = outside_quiet_hours(now, zone, kb.clinic.quiet_hours)
        if allowed > now:  # due during downtime or quiet hours: wait for the morning
            await self._store.checkins.postpone(row.id, allowed, None)
            return "postponed"
        buttons = [
            Button(response.label, row.id, response.id)
            for response_id in checkin.buttons
            if (response := kb.response(response_id)) is not None
        ]
        try:
            message_id = await self._send(row.chat_id, checkin.message.strip(), buttons)
        except RecipientBlocked:
            await self._store.clients.mark_blocked(row.chat_id)
            await self._store.checkins.drop(row.id, "the client blocked the bot")
            return "blocked"
        except Exception as error:  # a network or Telegram error: try again later
            log.warning("Check-in %s to chat %s failed: %s", row.id, row.chat_id, error)
            if row.attempts + 1 >= MAX_ATTEMPTS:  # this failure was the last try
                await self._store.checkins.drop(row.id, f"gave up after {MAX_ATTEMPTS}: {error}")
                return "dropped"
            await self._store.checkins.postpone(row.id, now + RETRY_AFTER, str(error))
            return "postponed"
        await self._store.checkins.mark_sent(row.id, message_id)
        return "sent"


def _zone(client_zone: str | None, clinic_zone: str) -> ZoneInfo:
    for name in (client_zone, clinic_zone):
        if name:
            try:
                return ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return ZoneInfo("UTC")
