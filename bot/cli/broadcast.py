"""`python -m bot broadcast`: a preview and the count, a confirmation, then the sending."""

from __future__ import annotations

import asyncio
from typing import TextIO

from bot.clock import SystemClock
from bot.jobs.broadcasts import BroadcastSender, OnProgress, Segment, bulk_bot
from bot.jobs.pacing import Pacer
from bot.settings import Settings
from bot.store import BroadcastTally, Store
from bot.telegram.app import api_urls
from bot.telegram.wording import broadcast_progress, broadcast_summary

PROGRESS_SECONDS = 2.0  # a progress line at most this often


async def broadcast(
    settings: Settings, segment: Segment, text: str, *, yes: bool, answers: TextIO, out: TextIO
) -> int:
    """0 once sent (or nobody to send to), 1 if not confirmed."""
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
        sender = BroadcastSender(
            store, bulk_bot(settings.token, api_urls(settings.api_url)), Pacer()
        )
        await sender.open()
        try:
            tally = await sender.run(draft.id, _progress_printer(draft.id, out))
        except asyncio.CancelledError:
            print(
                f"\nInterrupted: broadcast #{draft.id} is unfinished; the bot sends the rest "
                "when it next starts.",
                file=out,
                flush=True,
            )
            raise
        finally:
            await sender.close()
    if tally is not None:
        print(_line(draft.id, tally), file=out)
        summary = broadcast_summary(
            draft.id, tally.sent, tally.blocked, tally.failed, tally.skipped
        )
        print(summary, file=out, flush=True)
    return 0


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
