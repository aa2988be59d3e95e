"""Sends the check-ins that are due: rows in the database, each decided on right before it goes.

A pass finds what is due, then sends to many chats at once, each chat's check-ins in order
(one a second to a chat: a chat waiting for its gap never holds up the others). Right before
each message, in the transaction that marks it in flight, the row and its client are looked
at again: /stop, a newer session, a block, `/forget`, quiet hours in the client's time zone
now. Nothing lives only in memory: what a crash leaves in flight goes back to the queue when
the send lease is next taken, so every due check-in goes out, and only one in flight at the
crash can go out twice (at most one per chat; see README, "Check-ins").
"""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, fields
from datetime import datetime, timedelta

from bot.clock import Clock
from bot.core.knowledge import KnowledgeBase
from bot.core.schedule import checkin_text
from bot.core.zones import client_zone
from bot.jobs.loops import forever
from bot.jobs.outage import Unanswered, unanswered
from bot.jobs.outbox import Turn, Turns
from bot.jobs.quiet import quiet_verdict
from bot.store import DROPPED, POSTPONED, ClaimedCheckin, Drop, QueuedCheckin, Store, Verdict

log = logging.getLogger(__name__)

# An error Telegram answered is tried again this much later, this many times in all (no
# answer at all is not counted: see `outage`).
RETRY_AFTER = timedelta(minutes=5)
MAX_ATTEMPTS = 5
# Chats sent to at once: each waits for its turn in the outbox, which keeps the pace.
CHATS_AT_ONCE = 64


class RecipientBlocked(Exception):
    """The client blocked the bot (Telegram answered 403)."""


@dataclass(frozen=True)
class Button:
    """A reply button under a check-in: its label, and which response it records."""

    label: str
    row_id: int
    response_id: str


# Sends a check-in in the turn waited for; returns the Telegram message id, raises
# RecipientBlocked on 403.
SendCheckin = Callable[[int, str, Sequence[Button], Turn], Awaitable[int]]


@dataclass(frozen=True)
class DispatchResult:
    """What one pass did."""

    sent: int = 0
    postponed: int = 0
    dropped: int = 0
    blocked: int = 0
    cancelled: int = 0  # no longer wanted by the time its turn came (/stop, new session, ...)
    failed: int = 0  # something else went wrong (logged): tried again later, counted


def checkin_verdict(row: ClaimedCheckin, kb: KnowledgeBase, now: datetime) -> Verdict:
    """Whether a check-in may go now: still in the plan, and not the client's quiet hours."""
    if kb.checkin(row.checkin_id) is None:  # staff removed it from the plan since
        return Drop("no longer in the check-in plan")
    if row.attempts >= MAX_ATTEMPTS:  # failed that often after Telegram had it, maybe sent
        return Drop(f"gave up after {MAX_ATTEMPTS} attempts")
    return quiet_verdict(now, row.timezone, kb.clinic)


class CheckinDispatcher:
    """Finds due check-ins and sends them through the outbox, one pass at a time."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        knowledge: Callable[[], KnowledgeBase],
        outbox: Turns,
        send: SendCheckin,
        *,
        chats_at_once: int = CHATS_AT_ONCE,
    ) -> None:
        self._store = store
        self._clock = clock
        self._knowledge = knowledge
        self._outbox = outbox
        self._send = send
        self._chats_at_once = chats_at_once
        self._unanswered = Unanswered(clock)

    async def run(self, interval: float) -> None:
        """A pass every `interval` seconds until cancelled."""

        async def one_pass() -> None:
            if (result := await self.dispatch_due()) != DispatchResult():
                log.info("Check-ins: %s", result)

        await forever("A check-in pass", one_pass, interval)

    async def dispatch_due(self, limit: int = 1000) -> DispatchResult:
        """One pass: every check-in due now, up to `limit`, many chats at once."""
        by_chat: dict[int, list[QueuedCheckin]] = {}
        for row in await self._store.checkins.due(self._clock.now(), limit):
            by_chat.setdefault(row.chat_id, []).append(row)
        outcomes: Counter[str] = Counter()
        room = asyncio.Semaphore(self._chats_at_once)

        async def one_chat(rows: list[QueuedCheckin]) -> None:
            async with room:
                for row in rows:  # in due order, a turn each
                    outcomes[await self._deliver_safely(row)] += 1

        async with asyncio.TaskGroup() as group:
            for rows in by_chat.values():
                group.create_task(one_chat(rows))
        return DispatchResult(**{f.name: outcomes[f.name] for f in fields(DispatchResult)})

    async def _deliver_safely(self, row: QueuedCheckin) -> str:
        """`_deliver`, and if anything goes wrong (the database, a bug), the row goes back to
        waiting, counted as an attempt; the other chats of the pass carry on."""
        try:
            return await self._deliver(row)
        except Exception as error:
            log.exception("Check-in %s to chat %s failed; trying again later", row.id, row.chat_id)
            try:  # give its claim back: it may have reached the client, hence counted
                retry_at = self._clock.now() + RETRY_AFTER
                await self._store.checkins.postpone(row.id, retry_at, f"{type(error).__name__}")
            except Exception:  # the claim stays: released when the send lease is next taken
                log.exception("Could not put check-in %s back in the queue", row.id)
            return "failed"

    async def _deliver(self, row: QueuedCheckin) -> str:
        kb = self._knowledge()
        async with self._outbox.turn(row.chat_id) as turn:
            now = self._clock.now()
            taken = await self._store.checkins.take(
                row.id, now, lambda claimed: checkin_verdict(claimed, kb, now)
            )
            checkin = kb.checkin(row.checkin_id)
            if taken.checkin is None or checkin is None:
                return {POSTPONED: "postponed", DROPPED: "dropped"}.get(taken.outcome, "cancelled")
            buttons = [
                Button(response.label, row.id, response.id)
                for response_id in checkin.buttons
                if (response := kb.response(response_id)) is not None
            ]
            # {greeting}, {this_part_of_day}: for the hour the client reads it, in their zone.
            local = now.astimezone(client_zone(taken.checkin.timezone, kb.clinic.timezone))
            text = checkin_text(checkin.message.strip(), local, kb.messages)
            try:
                message_id = await self._send(row.chat_id, text, buttons, turn)
            except RecipientBlocked:
                self._unanswered.answered(row.id)
                await self._store.clients.mark_blocked(row.chat_id)
                await self._store.checkins.drop(row.id, "the client blocked the bot")
                return "blocked"
            except Exception as error:
                if unanswered(error):
                    return await self._not_answered(row, error)
                self._unanswered.answered(row.id)
                # Telegram refused it: try again later, a few times.
                log.warning("Check-in %s to chat %s failed: %s", row.id, row.chat_id, error)
                if taken.checkin.attempts + 1 >= MAX_ATTEMPTS:  # this failure was the last try
                    reason = f"gave up after {MAX_ATTEMPTS}: {error}"
                    await self._store.checkins.drop(row.id, reason)
                    return "dropped"
                await self._store.checkins.postpone(row.id, now + RETRY_AFTER, str(error))
                return "postponed"
        self._unanswered.answered(row.id)
        await self._store.checkins.mark_sent(row.id, message_id)
        return "sent"

    async def _not_answered(self, row: QueuedCheckin, error: Exception) -> str:
        """Telegram did not answer (see `outage`): back to waiting, uncounted, for a while."""
        retry_at = self._unanswered.failed(row.id)
        if retry_at is None:
            reason = f"Telegram did not answer for a day: {error}"
            await self._store.checkins.drop(row.id, reason)
            return "dropped"
        log.info(
            "Check-in %s to chat %s got no answer (%s); trying again", row.id, row.chat_id, error
        )
        await self._store.checkins.postpone(row.id, retry_at, None)  # None: not an attempt
        return "postponed"
