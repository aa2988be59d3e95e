"""Staff reports: figures from the database, questions to write next, escalations; CLI and CSV."""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.cli.main import main
from bot.core.gaps import group_gaps
from bot.staff.reports import format_escalations, format_gaps, format_stats, gaps_csv
from bot.store import Store
from tests.clocks import FakeClock

START = datetime(2026, 11, 20, 10, 0, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]


async def fill(store: Store, clock: FakeClock) -> None:
    await store.clients.upsert(1, 1, "Ana")
    await store.clients.add_session(1, START)
    await store.reports.record_escalation(1, "infection", "there is pus")
    await store.reports.record_unanswered(1, "how much does it cost", [])
    await store.reports.record_unanswered(1, "How much does it cost??", [])
    await store.reports.record_unanswered(1, "can i go swimming", [])
    clock.advance(timedelta(days=20))
    await store.clients.upsert(2, 2, "Bo")


@pytest.fixture
async def filled(tmp_path: Path) -> AsyncIterator[Store]:
    clock = FakeClock(START)
    async with Store.open_context(tmp_path / "bot.db", clock) as store:
        await fill(store, clock)
        yield store


async def test_stats_count_activity_windows(filled: Store) -> None:
    stats = await filled.reports.stats(START + timedelta(days=20))
    assert (stats.clients, stats.active_7_days, stats.active_30_days) == (2, 1, 2)
    assert (stats.sessions, stats.escalations_7_days, stats.unanswered) == (1, 0, 3)
    text = format_stats(stats)
    assert "Clients: 2 (active: 1 in the last 7 days, 2 in the last 30)" in text
    assert "Broadcasts: 0 (0 messages delivered)" in text


def test_gaps_message_lists_most_frequent_first() -> None:
    gaps = group_gaps(["how much does it cost", "can i swim", "How much does it cost??"])
    assert format_gaps(gaps).splitlines()[1:] == [
        "1. ×2 “how much does it cost”",
        "2. ×1 “can i swim”",
    ]


def test_gaps_csv_has_one_row_per_group() -> None:
    rows = list(csv.reader(io.StringIO(gaps_csv(group_gaps(["a b c", "a b c!", "parking"])))))
    assert rows == [["count", "example", "questions"], ["2", "a b c", "a b c | a b c!"],
                    ["1", "parking", "parking"]]  # fmt: skip


async def test_escalations_show_name_time_and_message(filled: Store) -> None:
    text = format_escalations(await filled.reports.escalations(), ZoneInfo("Europe/London"))
    assert text.splitlines()[1] == "• Fri 20 Nov 10:00: Ana (chat 1), infection: “there is pus”"


def test_report_command_prints_csv_from_the_database(tmp_path: Path) -> None:
    db = tmp_path / "bot.db"

    async def make() -> None:
        clock = FakeClock(START)
        async with Store.open_context(db, clock) as store:
            await fill(store, clock)

    asyncio.run(make())
    out, err = io.StringIO(), io.StringIO()
    environ = {"AFTERCARE_DB": str(db), "AFTERCARE_KNOWLEDGE_DIR": str(ROOT / "knowledge")}
    assert main(["report", "--csv"], environ, out, err) == 0
    newest_first = "How much does it cost??,How much does it cost?? | how much does it cost"
    assert out.getvalue().splitlines()[1] == f"2,{newest_first}"
    out = io.StringIO()
    assert main(["report"], environ, out, err) == 0
    assert "📊 Aftercare bot" in out.getvalue()


def test_report_without_a_database_says_which_setting() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["report"], {"AFTERCARE_DB": "/nonexistent/x.db"}, out, err) == 2
    assert "AFTERCARE_DB" in err.getvalue()


def test_invite_from_the_command_line_prints_the_link_and_writes_the_qr(tmp_path: Path) -> None:
    from tests.fake_telegram import FakeTelegram

    db, qr = tmp_path / "state" / "bot.db", tmp_path / "anna.png"
    with FakeTelegram() as server:
        environ = {
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_URL": server.api_url,
            "AFTERCARE_DB": str(db),
            "AFTERCARE_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
        }
        out, err = io.StringIO(), io.StringIO()
        argv = ["invite", "--name", "Anna", "--session", "2026-11-20 14:30", "--qr", str(qr)]
        assert main(argv, environ, out, err) == 0, err.getvalue()
    link = out.getvalue().splitlines()[0]
    assert link.startswith("https://t.me/aftercare_test_bot?start=")
    assert qr.read_bytes().startswith(b"\x89PNG")
    out = io.StringIO()
    assert main(["report", "--audit"], environ, out, err) == 0
    audit = out.getvalue()
    assert "command line  invite: start link" in audit
    assert "Anna" not in audit  # the audit outlives a client's /forget
