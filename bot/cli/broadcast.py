"""`python -m bot broadcast`: a preview and the count, a confirmation, then the sending.

One process sends at a time (the send lease, `bot.jobs.lease`), so everything keeps one
pace. With the bot running, the command line only queues the broadcast (confirmed in the
database), leaves the sending to the bot and prints its progress. Without it, the command
line takes the lease and sends itself; a bot that starts meanwhile asks for the lease, and
the command line hands over between two messages and follows the bot's progress instead.
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import TextIO

from bot.cli.telegram_check import bot_username
from bot.clock import Clock, SystemClock
from bot.core.knowledge import Clinic
from bot.core.messages import Messages
from bot.jobs.broadcasts import BroadcastSender, OnProgress, Segment
from bot.jobs.lease import HANDOVER_SECONDS, SendLease
from bot.jobs.outbox import Outbox, paced_bot
from bot.settings import Settings
from bot.store import BroadcastTally, Store
from bot.telegram.app import api_urls
from bot.telegram.wording import broadcast_progress, broadcast_summary, broadcast_waiting

PROGRESS_SECONDS = 2.0  # a progress line at most this often


async def broadcast(
    settings: Settings,
    words: Messages,
    segment: Segment,
    text: str,
    *,
    clinic: Clinic,
    yes: bool,
    answers: TextIO,
    out: TextIO,
) -> int:
    """0 once sent, queued for the running bot, or nobody to send to; 1 if not confirmed.

    `words` name the segment and the progress; `clinic` has the quiet hours, if it sends.
    The token is tried before anything is asked or confirmed: a refused one (SetupError)
    leaves nothing queued for the bot to send later."""
    clock = SystemClock()
    async with Store.open_context(settings.db_path, clock) as store:
        recipients = await store.broadcasts.count_audience(segment.audience(clock.now()))
        print(f"To {segment.describe(words)}: {recipients:,} recipient(s).", file=out)
        print("The message, exactly as clients will get it:", file=out)
        print(f"-----\n{text}\n-----", file=out)
        if recipients == 0:
            print("Nobody is in that segment right now: nothing to send.", file=out)
            return 0
        await bot_username(settings)
        if not yes:
            print(f"Send it to {recipients:,} client(s)? [y/N] ", end="", file=out, flush=True)
            if answers.readline().strip().lower() not in {"y", "yes"}:
                print("Cancelled: nothing was sent.", file=out)
                return 1
        draft = await store.broadcasts.create(None, None, text, str(segment))
        total = await store.broadcasts.confirm(draft.id, segment.audience(clock.now())) or 0
        await store.reports.audit(None, "broadcast", f"#{draft.id} to {segment}: {total}")
        print(f"Broadcast #{draft.id}: sending to {total:,} client(s).", file=out, flush=True)
        sending = _Sending(settings, store, clock, clinic, words, draft.id, out)
        tally = await sending.deliver()
    print(_line(words, draft.id, tally), file=out)
    if tally.pending:
        waiting = broadcast_waiting(words, draft.id, tally.total, tally.sent, tally.pending)
        print(f"{waiting} The running bot sends theirs then.", file=out, flush=True)
        return 0
    summary = broadcast_summary(
        words, draft.id, tally.sent, tally.blocked, tally.failed, tally.skipped
    )
    print(summary, file=out, flush=True)
    return 0


class _Sending:
    """One confirmed broadcast: sent from here while this process holds the send lease, else
    followed while the process that holds it sends it."""

    def __init__(
        self,
        settings: Settings,
        store: Store,
        clock: Clock,
        clinic: Clinic,
        words: Messages,
        broadcast_id: int,
        out: TextIO,
    ) -> None:
        self._settings = settings
        self._store = store
        self._clock = clock
        self._clinic = clinic
        self._words = words
        self._id = broadcast_id
        self._out = out
        self._lease = SendLease(store, clock, "cli")

    async def deliver(self) -> BroadcastTally:
        """The tally once finished (or once only recipients in their quiet hours are left)."""
        number = self._id
        while True:
            if await self._lease.take():
                tally = await self._send_here()
                if tally.pending == tally.waiting:  # finished, or only quiet hours left
                    return tally
                self._say(
                    f"A bot has started: it sends the rest of broadcast #{number}, within its "
                    "pace. Its progress follows; Ctrl-C stops watching, not the sending."
                )
            else:
                holder = await self._lease.holder_now()
                if holder is None:  # it let go meanwhile: try again
                    continue
                self._say(
                    f"The running bot (pid {holder.pid} on {holder.host}) sends broadcast "
                    f"#{number}, within its pace. Its progress follows; Ctrl-C stops watching, "
                    "not the sending."
                )
            followed = await self._follow()
            if followed is not None:
                return followed
            self._say(
                f"The bot stopped before broadcast #{number} was finished; sending the rest "
                "from here."
            )

    async def _send_here(self) -> BroadcastTally:
        """Send while holding the lease; hand it back when done or when a bot asks for it."""
        lease = self._lease
        outbox = Outbox()
        bot = paced_bot(self._settings.token, api_urls(self._settings.api_url), outbox)
        sender = BroadcastSender(self._store, bot, outbox, self._clock, lambda: self._clinic)
        keeper = asyncio.create_task(_keep(lease))
        try:
            async with bot:
                tally = await sender.run(
                    self._id,
                    self._progress_printer(),
                    keep_going=lambda: lease.held and not lease.asked,
                )
        except asyncio.CancelledError:
            self._say(
                f"\nInterrupted: broadcast #{self._id} is unfinished; the bot sends the rest "
                "when it next starts."
            )
            raise
        finally:
            keeper.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await keeper
            await lease.release()
        return tally or await self._store.broadcasts.tally(self._id)

    async def _follow(self) -> BroadcastTally | None:
        """Print the progress another process makes; the tally once finished (or once only
        recipients in their quiet hours are left), None once nobody has held the lease for a
        few HANDOVER_SECONDS (a bot that asked takes it within one)."""
        shown = None
        loop_time = asyncio.get_running_loop().time
        free_since = None
        try:
            while True:
                tally = await self._store.broadcasts.tally(self._id)
                broadcast = await self._store.broadcasts.get(self._id)
                if broadcast is None or broadcast.state != "sending":
                    return tally
                if tally.pending == tally.waiting:
                    return tally
                if tally != shown and tally.done:
                    self._say(_line(self._words, self._id, tally))
                    shown = tally
                if await self._lease.holder_now() is not None:
                    free_since = None
                elif free_since is None:
                    free_since = loop_time()
                elif loop_time() - free_since > 3 * HANDOVER_SECONDS:
                    return None
                await asyncio.sleep(min(PROGRESS_SECONDS, HANDOVER_SECONDS))
        except asyncio.CancelledError:
            self._say(f"\nStopped watching: the bot goes on sending broadcast #{self._id}.")
            raise

    def _progress_printer(self) -> OnProgress:
        """Prints how far it got, at most every PROGRESS_SECONDS."""
        loop_time = asyncio.get_running_loop().time
        last = loop_time()

        async def show(tally: BroadcastTally) -> None:
            nonlocal last
            if loop_time() - last >= PROGRESS_SECONDS:
                last = loop_time()
                self._say(_line(self._words, self._id, tally))

        return show

    def _say(self, line: str) -> None:
        print(line, file=self._out, flush=True)


async def _keep(lease: SendLease) -> None:
    """Renew the lease, and notice a bot asking for it, every HANDOVER_SECONDS."""
    while True:
        await asyncio.sleep(HANDOVER_SECONDS)
        await lease.renew()


def _line(words: Messages, broadcast_id: int, tally: BroadcastTally) -> str:
    return broadcast_progress(
        words, broadcast_id, tally.total, tally.sent, tally.blocked, tally.failed
    )
