"""Broadcasts: which clients get one (segments), and the loop that sends it within the limits.

Every recipient is a row written when staff confirm. The sender claims one row, sends its
message, then records what became of it, one at a time. A restart resumes where it stopped:
nobody is skipped, and at most the one message in flight at a crash goes out twice.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from telegram import Bot
from telegram.constants import ParseMode
from telegram.error import Forbidden, RetryAfter, TelegramError

from bot.jobs.pacing import Pacer
from bot.store import Audience, Broadcast, BroadcastTally, Store
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
# Telegram answering 429 this many times in a row for one message: it is recorded as failed.
MAX_FLOOD_RETRIES = 10


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

    def describe(self) -> str:
        if self.kind == "recent":
            return f"clients whose last session was within {self.days} days"
        if self.kind == "due":
            return "clients due to book their next session"
        return "everyone who wants clinic news"


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


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait: an int, or a timedelta with PTB_TIMEDELTA set."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def bulk_bot(token: str, urls: tuple[str, str] | None) -> Bot:
    """A plain Bot for broadcasts: no rate limiter retrying behind the pacer's back."""
    if urls is None:
        return Bot(token)
    return Bot(token, base_url=urls[0], base_file_url=urls[1])


# Told how far a broadcast got after every recipient; its failures never stop the sending.
OnProgress = Callable[[BroadcastTally], Awaitable[None]]


class BroadcastSender:
    """Sends confirmed broadcasts through one Bot, paced by the Pacer shared with check-ins."""

    def __init__(self, store: Store, bot: Bot, pacer: Pacer) -> None:
        self._store = store
        self._bot = bot
        self._pacer = pacer

    async def open(self) -> None:
        await self._bot.initialize()

    async def close(self) -> None:
        await self._bot.shutdown()

    async def recover(self) -> list[Broadcast]:
        """At start: what a stop left in flight goes back to waiting; the unfinished broadcasts."""
        released = await self._store.broadcasts.release_claims()
        if released:
            log.info("%d broadcast message(s) in flight at the last stop will be sent", released)
        return await self._store.broadcasts.unfinished()

    async def run(
        self, broadcast_id: int, on_progress: OnProgress | None = None
    ) -> BroadcastTally | None:
        """Send every pending delivery; the final tally, or None if this run did not finish it."""
        broadcast = await self._store.broadcasts.get(broadcast_id)
        if broadcast is None or broadcast.state != "sending":
            return None
        [html] = html_chunks(broadcast.text)
        tally = await self._store.broadcasts.tally(broadcast_id)
        while (claimed := await self._store.broadcasts.claim_delivery(broadcast_id)) is not None:
            chat_id = claimed.chat_id
            if claimed.wanted:
                state, error = await self._send(chat_id, html)
            else:  # /stop, or blocked, since the broadcast was confirmed
                state, error = "skipped", "no longer wants clinic news"
            if state == "blocked":
                await self._store.clients.mark_blocked(chat_id)
            await self._store.broadcasts.finish_delivery(broadcast_id, chat_id, state, error)
            tally = replace(tally, pending=tally.pending - 1, **{state: getattr(tally, state) + 1})
            if on_progress is not None:
                try:
                    await on_progress(tally)
                except Exception:
                    log.exception("Reporting the progress of broadcast %s failed", broadcast_id)
        if not await self._store.broadcasts.finish(broadcast_id):
            return None  # another sender still has a message in flight, and will finish it
        log.info("Broadcast %s finished", broadcast_id)
        return await self._store.broadcasts.tally(broadcast_id)

    async def _send(self, chat_id: int, html: str) -> tuple[str, str | None]:
        """One message, paced: ("sent", None), ("blocked", why) or ("failed", why)."""
        loop_time = asyncio.get_running_loop().time
        for _ in range(MAX_FLOOD_RETRIES + 1):
            await asyncio.sleep(max(0.0, self._pacer.reserve(chat_id, loop_time()) - loop_time()))
            try:
                await self._bot.send_message(chat_id, html, parse_mode=ParseMode.HTML)
            except RetryAfter as error:  # everything waits, then this message goes again
                wait = retry_seconds(error)
                log.warning("Telegram asked to slow down: pausing sends for %.1f s", wait)
                self._pacer.pause(loop_time() + wait)
                continue
            except Forbidden as error:
                return "blocked", error.message
            except TelegramError as error:
                log.info("Broadcast message to chat %s failed: %s", chat_id, error.message)
                return "failed", error.message
            return "sent", None
        return "failed", f"Too Many Requests {MAX_FLOOD_RETRIES + 1} times in a row"


def _first_word(text: str) -> tuple[str, str]:
    parts = text.strip().split(maxsplit=1)
    if not parts:
        return "", ""
    return parts[0], parts[1] if len(parts) > 1 else ""
