"""Broadcasts: which clients get one (segments), and the sender that delivers it through the outbox.

Every recipient is a row written when staff confirm. The sender works on many recipients at
once; for each it waits for a turn in the outbox, takes the row (only if the client still
wants clinic news and it is not their quiet hours now), sends, then records what became of
it. A restart resumes where it stopped: nobody is skipped, and only messages in flight at a
crash (at most one per chat) can go out twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from typing import Any

from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter, TelegramError
from telegram.ext import ExtBot

from bot.clock import Clock
from bot.core.knowledge import Clinic
from bot.core.messages import Messages
from bot.jobs.outage import Unanswered, unanswered
from bot.jobs.outbox import Turns
from bot.jobs.quiet import quiet_verdict
from bot.store import CANCELLED, DROPPED, SEND, Audience, BroadcastTally, Store
from bot.telegram.text import html_chunks

log = logging.getLogger(__name__)

# A course is usually four to six sessions, four to six weeks apart (knowledge/topics/results.yaml,
# "How many sessions I need", from the poking-brilliance, journey and clinical-reference documents;
# the book-next check-in in knowledge/checkins.yaml says the same). "Due" takes the short ends:
# four weeks since the last session, and fewer than six sessions so far.
NEXT_SESSION_AFTER = timedelta(days=28)
COURSE_SESSIONS = 6
MAX_RECENT_DAYS = 3650
# A preview is confirmed straight away; an older one is refused rather than sent by mistake.
DRAFT_LIFETIME = timedelta(hours=1)
# Recipients in progress at once: each waits for its turn in the outbox, which keeps the pace.
AT_ONCE = 32
# A recipient whose message went wrong in an unexpected way (the database) is tried again then.
RETRY_LATER = timedelta(minutes=5)


@dataclass(frozen=True)
class Segment:
    """Who a broadcast is for; every segment only holds clients who want clinic news."""

    kind: str  # "all", "recent" (last session within `days`) or "due" (time to book)
    days: int | None = None

    def __str__(self) -> str:
        return f"recent:{self.days}" if self.kind == "recent" else self.kind

    def audience(self, now: datetime) -> Audience:
        """The segment as of `now`, as the store selects it."""
        if self.kind == "recent":
            return Audience(session_since=now - timedelta(days=self.days or 0))
        if self.kind == "due":
            return Audience(
                session_before=now - NEXT_SESSION_AFTER, fewer_sessions_than=COURSE_SESSIONS
            )
        return Audience()

    def describe(self, messages: Messages) -> str:
        """Who it is for, in the words of knowledge/messages.yaml."""
        if self.kind == "recent":
            return messages.render("segment_recent", days=self.days or 0)
        return messages.render("segment_due" if self.kind == "due" else "segment_all")


def parse_segment(text: str) -> Segment | None:
    """The segment named "all", "due" or "recent:N" (N days, 1 to 3650); None otherwise."""
    kind, _, days = text.strip().lower().partition(":")
    if kind in ("all", "due") and not days:
        return Segment(kind)
    if kind == "recent" and days.isdigit() and 1 <= int(days) <= MAX_RECENT_DAYS:
        return Segment("recent", int(days))
    return None


@dataclass(frozen=True)
class BroadcastRequest:
    """What staff asked for: a segment and the text, exactly as clients will get it."""

    segment: Segment
    text: str


def parse_request(arguments: str) -> BroadcastRequest | None:
    """`all <text>`, `recent 30 <text>` (or `recent:30`), `due <text>`; None if ill-formed.

    The text keeps its line breaks.
    """
    word, rest = _first_word(arguments)
    if word.lower() == "recent":
        days, rest = _first_word(rest)
        word = f"recent:{days}"
    segment = parse_segment(word)
    text = rest.strip()
    if segment is None or not text:
        return None
    return BroadcastRequest(segment, text)


def fits_one_message(text: str) -> bool:
    """Whether the text goes out as one Telegram message (so one row is one message)."""
    return len(html_chunks(text)) == 1


# Told how far a broadcast got after every recipient; its failures never stop the sending.
OnProgress = Callable[[BroadcastTally], Awaitable[None]]


class BroadcastSender:
    """Sends confirmed broadcasts through the outbox: many recipients at once, each decided on
    right before its message goes (still wanting clinic news, not in their quiet hours)."""

    def __init__(
        self,
        store: Store,
        bot: ExtBot[Any],
        outbox: Turns,
        clock: Clock,
        clinic: Callable[[], Clinic],
        *,
        at_once: int = AT_ONCE,
    ) -> None:
        self._store = store
        self._bot = bot
        self._outbox = outbox
        self._clock = clock
        self._clinic = clinic
        self._at_once = at_once
        self._running: set[int] = set()
        self._unanswered = Unanswered(clock)

    def running(self, broadcast_id: int) -> bool:
        """Whether this sender is sending that broadcast now (or it is reserved)."""
        return broadcast_id in self._running

    def reserve(self, broadcast_id: int) -> bool:
        """Mark the broadcast as this sender's at once, before anything is awaited (False if
        it already is): staff confirming reserve it first, so a pick-up meanwhile leaves it
        to them. Then `run(..., reserved=True)`, or `release`."""
        if broadcast_id in self._running:
            return False
        self._running.add(broadcast_id)
        return True

    def release(self, broadcast_id: int) -> None:
        """No longer this sender's (a reservation that will not run, or a run that ended)."""
        self._running.discard(broadcast_id)

    async def run(
        self,
        broadcast_id: int,
        on_progress: OnProgress | None = None,
        keep_going: Callable[[], bool] = lambda: True,
        *,
        reserved: bool = False,
    ) -> BroadcastTally | None:
        """Send to every recipient who may have it now; the tally at the end.

        Its `pending` is above 0 when some recipients wait for their quiet hours to end or
        for Telegram to answer again (see `outage`), or `keep_going` said stop (the lease is
        handed over): run it again later. None if it is not sending, or this sender already
        sends it (unless `reserved`: the caller reserved it for this run).
        """
        if not reserved and not self.reserve(broadcast_id):
            return None
        try:
            broadcast = await self._store.broadcasts.get(broadcast_id)
            if broadcast is None or broadcast.state != "sending":
                return None
            [html] = html_chunks(broadcast.text)
            progress = _Progress(await self._store.broadcasts.tally(broadcast_id), on_progress)
            room = asyncio.Semaphore(self._at_once)
            after: int | None = None
            async with asyncio.TaskGroup() as group:
                try:
                    while keep_going():
                        page = await self._store.broadcasts.pending(
                            broadcast_id, self._clock.now(), after, self._at_once
                        )
                        if not page:
                            break
                        for chat_id in page:
                            await room.acquire()
                            if not keep_going():
                                room.release()
                                break
                            delivery = self._deliver_safely(broadcast_id, chat_id, html, keep_going)
                            group.create_task(progress.count(room, delivery))
                        after = page[-1]
                except Exception:  # the messages on their way still finish; the rest waits
                    log.exception("Broadcast %s: finding the next recipients failed", broadcast_id)
            tally = await self._store.broadcasts.tally(broadcast_id)
            if tally.pending == 0 and await self._store.broadcasts.finish(broadcast_id):
                log.info("Broadcast %s finished", broadcast_id)
            return tally
        finally:
            self.release(broadcast_id)

    async def _deliver_safely(
        self, broadcast_id: int, chat_id: int, html: str, keep_going: Callable[[], bool]
    ) -> str | None:
        """`_deliver`, and if anything goes wrong (the database, a bug), the recipient waits
        RETRY_LATER and is tried again; the other recipients carry on."""
        try:
            return await self._deliver(broadcast_id, chat_id, html, keep_going)
        except Exception:
            log.exception(
                "Broadcast %s to chat %s failed; trying again later", broadcast_id, chat_id
            )
            try:
                retry_at = self._clock.now() + RETRY_LATER
                await self._store.broadcasts.give_back(broadcast_id, chat_id, retry_at)
            except Exception:  # the claim stays: released when the send lease is next taken
                log.exception("Could not put broadcast %s to chat %s back", broadcast_id, chat_id)
            return None

    async def _deliver(
        self, broadcast_id: int, chat_id: int, html: str, keep_going: Callable[[], bool]
    ) -> str | None:
        """One recipient, in its turn: what became of it, None if nothing (put off, gone,
        or no longer this sender's to send)."""
        async with self._outbox.turn(chat_id) as turn:
            if not keep_going():
                return None
            now = self._clock.now()
            outcome = await self._store.broadcasts.take(
                broadcast_id, chat_id, now, lambda zone: quiet_verdict(now, zone, self._clinic())
            )
            if outcome != SEND:
                return "skipped" if outcome in (CANCELLED, DROPPED) else None
            try:
                await self._bot.send_message(
                    chat_id, html, parse_mode=ParseMode.HTML, rate_limit_args=turn
                )
            except Forbidden as error:
                state, reason = "blocked", error.message
            except RetryAfter:
                state, reason = "failed", "Too Many Requests, again and again"
            except TelegramError as error:
                if unanswered(error):
                    return await self._not_answered(broadcast_id, chat_id, error)
                log.info("Broadcast message to chat %s failed: %s", chat_id, error.message)
                state, reason = "failed", error.message
            else:
                state, reason = "sent", None
        self._unanswered.answered((broadcast_id, chat_id))
        await self._record(broadcast_id, chat_id, state, reason)
        return state

    async def _not_answered(
        self, broadcast_id: int, chat_id: int, error: TelegramError
    ) -> str | None:
        """Telegram did not answer (see `outage`): the recipient waits, uncounted, for a while;
        after a day of it, their message failed."""
        retry_at = self._unanswered.failed((broadcast_id, chat_id))
        if retry_at is None:
            reason = f"Telegram did not answer for a day: {error.message}"
            await self._record(broadcast_id, chat_id, "failed", reason)
            return "failed"
        log.info("Broadcast message to chat %s got no answer (%s); trying again", chat_id, error)
        await self._store.broadcasts.give_back(broadcast_id, chat_id, retry_at)
        return None

    async def _record(
        self, broadcast_id: int, chat_id: int, state: str, reason: str | None
    ) -> None:
        if state == "blocked":
            await self._store.clients.mark_blocked(chat_id)
        await self._store.broadcasts.finish_delivery(broadcast_id, chat_id, state, reason)


class _Progress:
    """The running tally, told to `on_progress` after every recipient."""

    def __init__(self, tally: BroadcastTally, on_progress: OnProgress | None) -> None:
        self.tally = tally
        self._on_progress = on_progress

    async def count(self, room: asyncio.Semaphore, delivery: Awaitable[str | None]) -> None:
        try:
            state = await delivery
        finally:
            room.release()
        if state is None:
            return
        tally = self.tally
        self.tally = replace(tally, pending=tally.pending - 1, **{state: getattr(tally, state) + 1})
        if self._on_progress is not None:
            try:
                await self._on_progress(self.tally)
            except Exception:
                log.exception("Reporting the progress of a broadcast failed")


def _first_word(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""
