"""Broadcast rate: 2,000 clients through the local fake Bot API server with its flood limits on.

The server answers 429 beyond 30 messages in any one second, or beyond one a second to one
chat. The real BroadcastSender (store, decided at sending, the outbox with its pace, a Bot
whose rate limiter is that outbox) sends one broadcast to every client, as a command-line
broadcast does when no bot runs (bench/outbox.py adds clients replying during it). Prints
the sustained rate (messages per second, overall and the slowest 10-second window) and the
number of 429 answers. Targets: >= 28 per second, zero 429s.

    python bench/broadcast_rate.py [--clients 2000] [--inject-429 0]

--inject-429 K makes the server answer 429 (retry after 1 s) once for K recipients, to show
the pause and the resend: every client still gets exactly one message.
"""

from __future__ import annotations

import argparse
import asyncio
import sqlite3
import sys
import tempfile
from collections import Counter
from datetime import UTC, datetime, time
from pathlib import Path
from time import perf_counter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.clock import SystemClock  # noqa: E402
from bot.core.knowledge import Clinic, QuietHours  # noqa: E402
from bot.jobs.broadcasts import BroadcastSender  # noqa: E402
from bot.jobs.outbox import Outbox, paced_bot  # noqa: E402
from bot.store import Audience, Store  # noqa: E402
from bot.telegram.app import api_urls  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

# A clinic without quiet hours, so the benchmark sends at any time of day.
ANY_HOUR = Clinic("Bench clinic", "0", "always", "999", quiet_hours=QuietHours(time(0), time(0)))

FIRST_CHAT = 10_000
TEXT = "The clinic is closed on Monday 24 December. Happy holidays!"


async def create(db_path: Path) -> None:
    async with Store.open_context(db_path, SystemClock()):
        pass  # the schema, through the real migrations


def fill(db_path: Path, clients: int) -> None:
    """Clients who want clinic news, straight into SQLite."""
    now = int(datetime.now(UTC).timestamp())
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "INSERT INTO clients (chat_id, user_id, first_name, created_at, last_seen_at, "
            "announcements_consent) VALUES (?, ?, ?, ?, ?, 1)",
            ((c, c, f"client {c}", now, now) for c in range(FIRST_CHAT, FIRST_CHAT + clients)),
        )


async def send(db_path: Path, server: FakeTelegram) -> float:
    """Create, confirm and send one broadcast to everyone; seconds the sending took."""
    async with Store.open_context(db_path, SystemClock()) as store:
        draft = await store.broadcasts.create(None, None, TEXT, "all")
        await store.broadcasts.confirm(draft.id, Audience())
        outbox = Outbox()
        bot = paced_bot(server.token, api_urls(server.api_url), outbox)
        sender = BroadcastSender(store, bot, outbox, SystemClock(), lambda: ANY_HOUR)
        async with bot:
            start = perf_counter()
            tally = await sender.run(draft.id)
            took = perf_counter() - start
    if tally is None or tally.sent != tally.total:
        raise SystemExit(f"not everyone got it: {tally}")
    return took


def slowest_window(times: list[float], seconds: float = 10.0) -> float:
    """The lowest rate over any `seconds`-long window of the run (messages per second)."""
    if times[-1] - times[0] <= seconds:
        return (len(times) - 1) / (times[-1] - times[0])
    rates, end = [], 0
    for begin, start in enumerate(times):
        if start + seconds > times[-1]:
            break
        while times[end] < start + seconds:
            end += 1
        rates.append((end - begin) / seconds)
    return min(rates)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--inject-429", type=int, default=0, metavar="K")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder, FakeTelegram() as server:
        db_path = Path(folder) / "aftercare.db"
        asyncio.run(create(db_path))
        fill(db_path, args.clients)
        server.enforce_limits(per_second=30, per_chat_per_second=1)
        if args.inject_429:
            step = max(1, args.clients // args.inject_429)
            chats = range(FIRST_CHAT, FIRST_CHAT + args.clients, step)[: args.inject_429]
            for chat_id in chats:
                server.fail_chat(chat_id, 429, times=1, retry_after=1)
        took = asyncio.run(send(db_path, server))
        times = sorted(m.at for m in server.sent)
        per_chat = Counter(m.chat_id for m in server.sent)
        answered_429 = sum(c.status == 429 for c in server.calls_of("sendMessage"))
        limits_429 = server.too_many_requests
    print(f"clients: {args.clients:,}; messages delivered: {len(times):,}")
    once = len(per_chat) == args.clients and max(per_chat.values()) == 1
    print(f"every client got exactly one: {once}")
    print(f"sending took {took:.1f} s: {(len(times) - 1) / (times[-1] - times[0]):.2f} msg/s")
    print(f"slowest 10-second window: {slowest_window(times):.2f} msg/s")
    print(f"429 answers for exceeding the limits: {limits_429}")
    print(f"429 answers injected: {answered_429 - limits_429} (asked for {args.inject_429})")


if __name__ == "__main__":
    main()
