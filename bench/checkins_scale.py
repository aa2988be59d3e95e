"""Check-ins at scale: 100,000 clients and 1,000,000 check-in rows in one database.

Prints the time the real bot process takes from launch to polling Telegram (a local fake
server) with that database, its peak memory, the time one dispatcher pass takes to find
1,000 due check-ins, and the time to take one (look at it again and claim it, right before
sending). Targets: start < 2 s, pass < 50 ms, take < 2 ms, peak < 150 MB. The rate they go
out at is bench/outbox.py's.

    python bench/checkins_scale.py [--clients 100000] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot_run import bot_run  # noqa: E402

from bot.clock import SystemClock  # noqa: E402
from bot.store import SEND, Send, Store  # noqa: E402

PLAN = ("same-evening", "day-1", "day-2-makeup", "day-3", "day-7", "results-note", "book-next")


async def create(db_path: Path) -> None:
    async with Store.open_context(db_path, SystemClock()):
        pass  # the schema, through the real migrations


def fill(db_path: Path, clients: int, rows: int) -> None:
    """Bulk rows straight into SQLite: most check-ins sent or ahead, some due now."""
    rng = random.Random(5)
    now = int(datetime.now(UTC).timestamp())
    with sqlite3.connect(db_path) as db:
        db.executemany(
            "INSERT INTO clients (chat_id, user_id, first_name, created_at, last_seen_at, "
            "checkins_consent, announcements_consent) VALUES (?, ?, ?, ?, ?, 1, 1)",
            ((c, c, f"client {c}", now, now) for c in range(1, clients + 1)),
        )
        db.executemany(
            "INSERT INTO treatment_sessions (chat_id, at, recorded_at) VALUES (?, ?, ?)",
            ((c, now - rng.randint(0, 60) * 86400, now) for c in range(1, clients + 1)),
        )

        def checkin(i: int) -> tuple[int, str, int, str]:
            chat = i % clients + 1
            roll = rng.random()
            if roll < 0.6:
                return chat, rng.choice(PLAN), now - rng.randint(3600, 60 * 86400), "sent"
            if roll < 0.99:
                return chat, rng.choice(PLAN), now + rng.randint(60, 60 * 86400), "pending"
            return chat, rng.choice(PLAN), now - rng.randint(1, 3600), "pending"  # due now

        db.executemany(
            "INSERT INTO checkins (chat_id, checkin_id, due_at, state) VALUES (?, ?, ?, ?)",
            (checkin(i) for i in range(rows)),
        )


async def find_passes(db_path: Path, passes: int = 9) -> tuple[list[float], list[float]]:
    """Milliseconds to find 1,000 due check-ins, per pass; then to take each of one pass."""
    finding, taking = [], []
    async with Store.open_context(db_path, SystemClock()) as store:
        for _ in range(passes):
            start = time.perf_counter()
            due = await store.checkins.due(datetime.now(UTC), 1000)
            finding.append((time.perf_counter() - start) * 1000)
            assert len(due) == 1000, len(due)
        for row in due:
            start = time.perf_counter()
            taken = await store.checkins.take(row.id, datetime.now(UTC), lambda _: Send())
            taking.append((time.perf_counter() - start) * 1000)
            assert taken.outcome == SEND, taken
        await store.checkins.release_claims()
    return finding, taking


def start_process(db_path: Path) -> tuple[float, int]:
    """Seconds from launch to the first long poll, and the process's peak memory in KiB."""
    with bot_run(db_path) as bot:
        time.sleep(3)  # let the first dispatcher pass run, so its memory counts too
        return bot.started, bot.peak_kib()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--rows", type=int, default=1_000_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        db_path = Path(folder) / "aftercare.db"
        asyncio.run(create(db_path))
        start = time.perf_counter()
        fill(db_path, args.clients, args.rows)
        took, size = time.perf_counter() - start, db_path.stat().st_size / 1e6
        print(
            f"filled {args.clients:,} clients, {args.rows:,} check-ins: {took:.1f} s, {size:.0f} MB"
        )
        timings, taking = asyncio.run(find_passes(db_path))
        print(
            f"dispatcher pass (find 1,000 due): median "
            f"{statistics.median(timings):.1f} ms, max {max(timings):.1f} ms, {len(timings)} passes"
        )
        print(
            f"take one right before sending (look again, claim): median "
            f"{statistics.median(taking):.2f} ms, max {max(taking):.2f} ms, {len(taking)} takes"
        )
        runs = [start_process(db_path) for _ in range(3)]
        print(
            f"bot start to first poll: median {statistics.median(r[0] for r in runs):.2f} s "
            f"(runs: {', '.join(f'{r[0]:.2f}' for r in runs)})"
        )
        print(f"bot process peak memory: {max(r[1] for r in runs) / 1024:.0f} MB")


if __name__ == "__main__":
    main()
