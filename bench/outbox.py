"""The one outbox under load, through the local fake Bot API server with Telegram's limits on.

1. Check-ins: 1,000 due across 500 chats (two each), sent by the real CheckinDispatcher
   through the outbox. Targets: >= 28 a second, each chat's two at least a second apart.
2. A broadcast to 2,000 clients sent by the running bot (the real Application, its outbox
   and BroadcastSender) while 50 of them write to it, one every ~1.3 s: their answers share
   the pace. Targets: >= 28 messages a second, the broadcast alone >= 28 a second; reply
   latency is printed.

The server answers 429 beyond 30 messages in any one second, one a second to a chat, or 20 a
minute to a group: each such answer is a limit violation (target: 0). The clinic has no quiet
hours here, so it runs at any time of day.

    python bench/outbox.py [--chats 500] [--clients 2000] [--writers 50]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from broadcast_rate import create, slowest_window  # noqa: E402
from telegram_throughput import polling  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.core.assistant import Assistant  # noqa: E402
from bot.jobs.dispatcher import CheckinDispatcher  # noqa: E402
from bot.jobs.outbox import Outbox, paced_bot  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.store import Audience, Store  # noqa: E402
from bot.telegram.app import api_urls, build_application  # noqa: E402
from bot.telegram.handlers.checkins import checkin_sender  # noqa: E402
from tests.conftest import quiet_free_knowledge  # noqa: E402
from tests.fake_telegram import FakeTelegram, SentMessage  # noqa: E402

NEWS = "The clinic is closed on Monday 24 December. Happy holidays!"
QUESTION = "how long will my skin stay red?"
FIRST_CHAT = 10_000


def fill(db_path: Path, clients: int, *, checkins: tuple[str, ...] = ()) -> None:
    """Clients who want check-ins and news, straight into SQLite; `checkins` due for each."""
    now = int(datetime.now(UTC).timestamp())
    chats = range(FIRST_CHAT, FIRST_CHAT + clients)
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "INSERT INTO clients (chat_id, user_id, first_name, created_at, last_seen_at, "
            "checkins_consent, announcements_consent) VALUES (?, ?, ?, ?, ?, 1, 1)",
            ((c, c, f"client {c}", now, now) for c in chats),
        )
        db.executemany(
            "INSERT INTO checkins (chat_id, checkin_id, due_at) VALUES (?, ?, ?)",
            ((c, checkin, now - 600 + n) for c in chats for n, checkin in enumerate(checkins)),
        )


def rate(times: list[float]) -> float:
    return (len(times) - 1) / (times[-1] - times[0])


# -- 1. check-ins ----------------------------------------------------------------------


async def dispatch(db_path: Path, knowledge: Path, server: FakeTelegram) -> None:
    kb = load_knowledge(knowledge)
    async with Store.open_context(db_path, SystemClock()) as store:
        outbox = Outbox()
        bot = paced_bot(server.token, api_urls(server.api_url), outbox)
        send = checkin_sender(bot)
        dispatcher = CheckinDispatcher(store, SystemClock(), lambda: kb, outbox, send)
        async with bot:
            result = await dispatcher.dispatch_due(limit=100_000)
    print(f"  dispatcher pass: {result}")


def checkins(chats: int, folder: Path, knowledge: Path) -> None:
    db_path = folder / "checkins.db"
    asyncio.run(create(db_path))
    fill(db_path, chats, checkins=("day-1", "day-3"))
    with FakeTelegram() as server:
        server.enforce_limits(per_second=30, per_chat_per_second=1)
        asyncio.run(dispatch(db_path, knowledge, server))
        sent = server.sent
        violations = server.too_many_requests
    times = sorted(m.at for m in sent)
    per_chat: dict[int | str, list[float]] = {}
    for message in sent:
        per_chat.setdefault(message.chat_id, []).append(message.at)
    gaps = [t[1] - t[0] for t in map(sorted, per_chat.values()) if len(t) == 2]
    print(f"check-ins: {len(sent):,} sent to {len(per_chat):,} chats (two each: {chats * 2:,})")
    print(f"  rate: {rate(times):.2f} msg/s; slowest 10-second window {slowest_window(times):.2f}")
    print(
        f"  a chat's two check-ins apart: min {min(gaps):.2f} s, "
        f"median {statistics.median(gaps):.2f} s"
    )
    print(f"  limit violations (429 for exceeding the limits): {violations}")


# -- 2. a broadcast while clients write ---------------------------------------------------


async def broadcast(
    db_path: Path, knowledge: Path, server: FakeTelegram, clients: int, writers: int
) -> dict[int, float]:
    """Confirm a broadcast, start the bot (it resumes it), have `writers` of its clients
    write during it, spread over its expected length; when each wrote."""
    async with Store.open_context(db_path, SystemClock()) as store:
        draft = await store.broadcasts.create(None, None, NEWS, "all")
        await store.broadcasts.confirm(draft.id, Audience())
    settings = Settings(
        token=server.token, api_url=server.api_url, knowledge_dir=knowledge, db_path=db_path
    )
    app = build_application(settings, Assistant(load_knowledge(knowledge)), SystemClock())
    step = max(1, clients // writers)
    asked: dict[int, float] = {}
    async with polling(app):
        await asyncio.to_thread(server.wait_for, lambda s: any(m.text == NEWS for m in s))
        for chat_id in range(FIRST_CHAT, FIRST_CHAT + clients, step)[:writers]:
            await asyncio.sleep(clients / 29 / (writers + 1))
            asked[chat_id] = time.monotonic()
            server.send_text(chat_id, QUESTION)

        def done(sent: list[SentMessage]) -> bool:
            answers = {m.chat_id for m in sent if m.chat_id in asked and m.text != NEWS}
            return sum(m.text == NEWS for m in sent) >= clients and len(answers) == len(asked)

        await asyncio.to_thread(server.wait_for, done, timeout=clients / 20)
    return asked


def broadcast_with_replies(clients: int, writers: int, folder: Path, knowledge: Path) -> None:
    db_path = folder / "broadcast.db"
    asyncio.run(create(db_path))
    fill(db_path, clients)
    with FakeTelegram() as server:
        server.enforce_limits(per_second=30, per_chat_per_second=1)
        asked = asyncio.run(broadcast(db_path, knowledge, server, clients, writers))
        sent = [m for m in server.sent if m.method == "sendMessage"]
        violations = server.too_many_requests
    latencies = [
        next(m.at for m in sent if m.chat_id == chat_id and m.text != NEWS) - at
        for chat_id, at in asked.items()
    ]
    news = sorted(m.at for m in sent if m.text == NEWS)
    during = [m.at for m in sent if news[0] <= m.at <= news[-1]]
    answers = len(during) - len(news)
    once = Counter(m.chat_id for m in sent if m.text == NEWS)
    print(f"broadcast: {len(news):,} delivered; every client exactly once: "
          f"{len(once) == clients and max(once.values()) == 1}")  # fmt: skip
    print(f"  broadcast alone: {rate(news):.2f} msg/s; slowest 10-second window "
          f"{slowest_window(news):.2f}")  # fmt: skip
    print(f"  all messages while it ran ({answers} answers to {writers} clients among them): "
          f"{rate(sorted(during)):.2f} msg/s")  # fmt: skip
    print(f"  answer latency: median {statistics.median(latencies) * 1000:.0f} ms, "
          f"max {max(latencies) * 1000:.0f} ms")  # fmt: skip
    print(f"  limit violations (429 for exceeding the limits): {violations}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=500)
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--writers", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        knowledge = quiet_free_knowledge(folder)
        checkins(args.chats, folder, knowledge)
        broadcast_with_replies(args.clients, args.writers, folder, knowledge)


if __name__ == "__main__":
    main()
