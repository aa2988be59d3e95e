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

from bot.clock import Clock, SystemClock
from bot.core.knowledge import Clinic
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
    segment: Segment,
    text: str,
    *,
    clinic: Clinic,
    yes: bool,
    answers: TextIO,
    out: TextIO,
) -> int:
    """0 once sent, queued for the running bot, or nobody to send to; 1 if not confirmed."""
    clock = SystemClock()
    async with Store.open_context(settings.db_path, clock) as store:
        recipients = await store.broadcasts.count_audience(segment.audience(clock.now()))
        print(f"To {segment.describe()}: {recipients:,} recipient(s).", file=out)
        print("The message, exactly as clients will get it:", file=out)
        print(f"-----\n{text}\n-----", file=out)
        if recipients == 0:
            print("Nobody is in that segment right now: nothing to send.", file=out)
            return 0
        if not yes:
            print(f"Send it to {recipients:,} client(s)? [y/N] ", end="", file=out, flush=True)
            if answers.readline().strip().lower() not in {"y", "yes"}:
                print("Cancelled: nothing was sent.", file=out)
                return 1
        draft = await store.broadcasts.create(None, None, text, str(segment))
        total = await store.broadcasts.confirm(draft.id, segment.audience(clock.now())) or 0
        await store.reports.audit(None, "broadcast", f"#{draft.id} to {segment}: {total}")
        print(f"Broadcast #{draft.id}: sending to {total:,} client(s).", file=out, flush=True)
        tally = await _deliver(settings, store, clock, clinic, draft.id, out)
    print(_line(draft.id, tally), file=out)
    if tally.pending:
        waiting = broadcast_waiting(draft.id, tally.total, tally.sent, tally.pending)
        print(f"{waiting} The running bot sends theirs then.", file=out, flush=True)
        return 0
    summary = broadcast_summary(draft.id, tally.sent, tally.blocked, tally.failed, tally.skipped)
    print(summary, file=out, flush=True)
    return 0


async def _deliver(
    settings: Settings, store: Store, clock: Clock, clinic: Clinic, broadcast_id: int, out: TextIO
) -> BroadcastTally:
    """Send it here while this process holds the send lease, else follow the one that does;
    the tally once finished (or once only recipients in their quiet hours are left)."""
    lease = SendLease(store, clock, "cli")
    while True:
        if await lease.take():
            tally = await _send_here(settings, store, clock, clinic, lease, broadcast_id, out)
            if tally.pending == tally.waiting:  # finished, or only quiet hours left
                return tally
            print(
                f"A bot has started: it sends the rest of broadcast #{broadcast_id}, within "
                "its pace. Its progress follows; Ctrl-C stops watching, not the sending.",
                file=out,
                flush=True,
            )
        else:
            holder = await lease.holder_now()
            if holder is None:  # it let go meanwhile: try again
                continue
            print(
                f"The running bot (pid {holder.pid} on {holder.host}) sends broadcast "
                f"#{broadcast_id}, within its pace. Its progress follows; Ctrl-C stops "
                "watching, not the sending.",
                file=out,
                flush=True,
            )
        tally = await _follow(store, lease, broadcast_id, out)
        if tally is not None:
            return tally
        print(
            f"The bot stopped before broadcast #{broadcast_id} was finished; sending the rest "
            "from here.",
            file=out,
            flush=True,
        )


async def _send_here(
    settings: Settings,
    store: Store,
    clock: Clock,
    clinic: Clinic,
    lease: SendLease,
    broadcast_id: int,
    out: TextIO,
) -> BroadcastTally:
    """Send while holding the lease; hand it back when done or when a bot asks for it."""
    outbox = Outbox()
    bot = paced_bot(settings.token, api_urls(settings.api_url), outbox)
    sender = BroadcastSender(store, bot, outbox, clock, lambda: clinic)
    keeper = asyncio.create_task(_keep(lease))
    try:
        async with bot:
            tally = await sender.run(
                broadcast_id,
                _progress_printer(broadcast_id, out),
                keep_going=lambda: lease.held and not lease.asked,
            )
    except asyncio.CancelledError:
        print(
            f"\nInterrupted: broadcast #{broadcast_id} is unfinished; the bot sends the rest "
            "when it next starts.",
            file=out,
            flush=True,
        )
        raise
    finally:
        keeper.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await keeper
        await lease.release()
    return tally or await store.broadcasts.tally(broadcast_id)


async def _keep(lease: SendLease) -> None:
    """Renew the lease, and notice a bot asking for it, every HANDOVER_SECONDS."""
    while True:
        await asyncio.sleep(HANDOVER_SECONDS)
        await lease.renew()


async def _follow(
    store: Store, lease: SendLease, broadcast_id: int, out: TextIO
) -> BroadcastTally | None:
    """Print the progress another process makes; the tally once finished (or once only
    recipients in their quiet hours are left), None once nobody has held the lease for a few
    HANDOVER_SECONDS (a bot that asked takes it within one)."""
    shown = None
    loop_time = asyncio.get_running_loop().time
    free_since = None
    try:
        while True:
            tally = await store.broadcasts.tally(broadcast_id)
            broadcast = await store.broadcasts.get(broadcast_id)
            if broadcast is None or broadcast.state != "sending" or tally.pending == tally.waiting:
                return tally
            if tally != shown and tally.done:
                print(_line(broadcast_id, tally), file=out, flush=True)
                shown = tally
            if await lease.holder_now() is not None:
                free_since = None
            elif free_since is None:
                free_since = loop_time()
            elif loop_time() - free_since > 3 * HANDOVER_SECONDS:
                return None
            await asyncio.sleep(min(PROGRESS_SECONDS, HANDOVER_SECONDS))
    except asyncio.CancelledError:
        print(
            f"\nStopped watching: the bot goes on sending broadcast #{broadcast_id}.",
            file=out,
            flush=True,
        )
        raise


def _progress_printer(broadcast_id: int, out: TextIO) -> OnProgress:
    """Prints how far it got, at most every PROGRESS_SECONDS."""
    loop_time = asyncio.get_running_loop().time
    last = loop_time()

    async def show(tally: BroadcastTally) -> None:
        nonlocal last
        if loop_time() - last >= PROGRESS_SECONDS:
            last = loop_time()
            print(_line(broadcast_id, tally), file=out, flush=True)

    return show


def _line(broadcast_id: int, tally: BroadcastTally) -> str:
    return broadcast_progress(broadcast_id, tally.total, tally.sent, tally.blocked, tally.failed)
