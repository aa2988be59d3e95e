"""Throughput and reply latency of the real Application over loopback HTTP.

Pushes N client messages (default 2,000) from many private chats through the bot built by
`build_application`, polling tests/fake_telegram/ on 127.0.0.1, and the same through a
bare echo bot on the same harness. Each chat sends its next message when the previous one
was answered (a closed loop, like people waiting for a reply). Prints messages answered
per second and reply latency p50/p99 for both. The bot's outbox runs without Telegram's
limits here (they cap it at 29 a second): this measures the bot, not Telegram's allowance.
Targets: at least 300 answered msgs/s, and no more than 25% below the echo bot.

The fake server and the client driver run in a child process, so that the bot measured
has this process (and its GIL) to itself, as it would against Telegram. Both bots poll
with the bot's own POLL_INTERVAL, as `python -m bot run` does.

    python bench/telegram_throughput.py [--messages 2000] [--chats 20 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from functools import partial
from multiprocessing.connection import Connection
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("PTB_TIMEDELTA", "1")

from telegram import Update  # noqa: E402
from telegram.ext import Application, ApplicationBuilder, MessageHandler, filters  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.core.assistant import Assistant  # noqa: E402
from bot.jobs.outbox import Outbox  # noqa: E402
from bot.jobs.pacing import Pacer  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402
from bot.settings import Settings  # noqa: E402
from bot.telegram.app import ALLOWED_UPDATES, POLL_INTERVAL, build_application  # noqa: E402
from tests.fake_telegram import FakeTelegram  # noqa: E402

# What clients ask: answers, small talk, fallbacks (a database write) and warning signs
# (a database write; no staff chat, so one reply each).
MESSAGES = (
    "when can I wear makeup again?",
    "is it normal that my face is red",
    "hello",
    "how much does it cost",
    "when will I see results",
    "I have pus coming out",
    "can I go in the sun",
    "thanks!",
    "how many sessions do I need",
    "what about exercise",
)
FIRST_CHAT = 1_000


@dataclass(frozen=True)
class Figures:
    """One run: how many messages, how long, and the latency of each reply in seconds."""

    messages: int
    seconds: float
    latencies: list[float]
    polls: int  # getUpdates calls the bot made
    cpu_seconds: float = 0.0  # of the bot's process (all its threads), set by `measure`

    @property
    def per_second(self) -> float:
        return self.messages / self.seconds

    def percentile(self, p: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def drive(telegram: FakeTelegram, messages: int, chats: int, timeout: float = 60) -> Figures:
    """Send `messages` texts from `chats` chats, each waiting for its reply; blocks until done."""
    chat_ids = range(FIRST_CHAT, FIRST_CHAT + chats)
    remaining = messages
    asked_at: dict[int, float] = {}
    latencies: list[float] = []
    seen = len(telegram.sent)
    polls = len(telegram.calls_of("getUpdates"))

    def ask(chat_id: int) -> None:
        nonlocal remaining
        remaining -= 1
        asked_at[chat_id] = time.monotonic()
        telegram.send_text(chat_id, MESSAGES[remaining % len(MESSAGES)])

    started = time.monotonic()
    for chat_id in chat_ids[:messages]:
        ask(chat_id)
    deadline = started + timeout
    while len(latencies) < messages:
        sent = telegram.wait_for(
            lambda all_sent, seen=seen: len(all_sent) > seen,
            timeout=max(deadline - time.monotonic(), 0),
        )
        for reply in sent[seen:]:
            chat_id = int(reply.chat_id)
            if chat_id in asked_at:
                latencies.append(reply.at - asked_at.pop(chat_id))
                if remaining > 0:
                    ask(chat_id)
        seen = len(sent)
    polls = len(telegram.calls_of("getUpdates")) - polls
    return Figures(messages, time.monotonic() - started, latencies, polls)


def harness(conn: Connection) -> None:
    """The child process: a fake server, then drive(...) runs on request until "stop"."""
    with FakeTelegram() as telegram:
        conn.send((telegram.api_url, telegram.token))
        while (request := conn.recv()) != "stop":
            messages, chats = request
            conn.send(drive(telegram, messages, chats))


@dataclass(frozen=True)
class Server:
    """The fake server in the child process, as the bot sees it."""

    api_url: str
    token: str

    @property
    def base_url(self) -> str:
        return f"{self.api_url}/bot"


@asynccontextmanager
async def remote_harness() -> AsyncIterator[tuple[Server, Connection]]:
    """Start the harness process; yield its server address and the pipe to drive it."""
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    process = context.Process(target=harness, args=(theirs,), daemon=True)
    process.start()
    try:
        api_url, token = await asyncio.to_thread(ours.recv)
        yield Server(api_url, token), ours
    finally:
        ours.send("stop")
        await asyncio.to_thread(process.join, 10)


@asynccontextmanager
async def polling(app: Application) -> AsyncIterator[Application]:
    """Start the application as run_polling would, and stop it afterwards."""
    await app.initialize()
    if app.post_init is not None:
        await app.post_init(app)
    assert app.updater is not None
    await app.updater.start_polling(
        allowed_updates=list(ALLOWED_UPDATES), poll_interval=POLL_INTERVAL
    )
    await app.start()
    try:
        yield app
    finally:
        await app.updater.stop()
        await app.stop()
        if app.post_stop is not None:
            await app.post_stop(app)
        if app.post_shutdown is not None:
            await app.post_shutdown(app)
        await app.shutdown()


def echo_bot(telegram: Server) -> Application:
    """The baseline: replies with the text it got, nothing else."""

    async def echo(update: Update, context: object) -> None:
        message = update.effective_message
        if message is not None and message.text:
            await message.reply_text(message.text)

    app = (
        ApplicationBuilder()
        .token(telegram.token)
        .base_url(telegram.base_url)
        .concurrent_updates(256)
        .build()
    )
    app.add_handler(MessageHandler(filters.TEXT, echo))
    return app


def aftercare_bot(telegram: Server, folder: Path) -> Application:
    settings = Settings(
        token=telegram.token,
        api_url=telegram.api_url,
        knowledge_dir=ROOT / "knowledge",
        db_path=folder / "aftercare.db",
    )
    assistant = Assistant(load_knowledge(settings.knowledge_dir))
    # The outbox without Telegram's limits (29 a second in all, one a second per chat): this
    # measures what the bot can answer, not what Telegram lets through (bench/outbox.py).
    unpaced = Pacer(
        per_second=1e9, max_in_a_second=10**9, per_chat_interval=0.0, max_in_flight=10**6
    )
    return build_application(settings, assistant, SystemClock(), outbox=Outbox(unpaced))


async def measure(make: Callable[[Server], Application], messages: int, chats: int) -> Figures:
    """Run one bot against a fresh fake server: a warm-up round, then the measured one."""

    async def run(conn: Connection, messages: int) -> Figures:
        cpu = time.process_time()
        conn.send((messages, chats))
        figures: Figures = await asyncio.to_thread(conn.recv)
        return replace(figures, cpu_seconds=time.process_time() - cpu)

    async with remote_harness() as (server, conn), polling(make(server)):
        await run(conn, min(chats, messages))
        return await run(conn, messages)


def median(runs: list[Figures]) -> Figures:
    """The run with the median throughput."""
    return sorted(runs, key=lambda figures: figures.per_second)[(len(runs) - 1) // 2]


def row(name: str, figures: Figures) -> str:
    return (
        f"{name:<14}{figures.messages:>9}{figures.seconds:>9.2f}{figures.per_second:>10.0f}"
        f"{figures.percentile(50) * 1000:>10.1f}{figures.percentile(99) * 1000:>10.1f}"
        f"{figures.cpu_seconds / figures.messages * 1000:>12.2f}"
        f"{figures.messages / max(figures.polls, 1):>14.1f}"
    )


async def compare(messages: int, chats: int, rounds: int, folder: Path) -> bool:
    """Echo and aftercare, `rounds` times each (alternating); print the medians."""
    runs: dict[str, list[Figures]] = {"echo": [], "aftercare": []}
    for number in range(rounds):
        runs["echo"].append(await measure(echo_bot, messages, chats))
        database = folder / f"{chats}-{number}"
        runs["aftercare"].append(
            await measure(partial(aftercare_bot, folder=database), messages, chats)
        )
    echo, ours = (median(runs[name]) for name in ("echo", "aftercare"))
    gap = 1 - ours.per_second / echo.per_second
    ok = ours.per_second >= 300 and gap <= 0.25
    print(
        f"\n{messages} messages from {chats} chats, each waiting for its reply "
        f"(median of {rounds} rounds)"
    )
    print(
        f"{'bot':<14}{'messages':>9}{'seconds':>9}{'msgs/s':>10}{'p50 ms':>10}{'p99 ms':>10}"
        f"{'CPU ms/msg':>12}{'updates/poll':>14}"
    )
    print(row("echo", echo))
    print(row("aftercare", ours))
    print(
        f"aftercare: {max(gap, 0):.0%} fewer msgs/s than echo; "
        f"targets (>= 300 msgs/s, <= 25% below echo) {'met' if ok else 'NOT met'}"
    )
    return ok


async def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument(
        "--chats", type=int, nargs="+", default=[20, 50], help="concurrent chats, one run each"
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs per bot; the median is kept")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for chats in args.chats:
            results.append(await compare(args.messages, chats, args.rounds, Path(folder)))
    return 0 if all(results) else 1


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
