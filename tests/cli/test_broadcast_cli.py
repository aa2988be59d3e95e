"""`python -m bot broadcast`: preview and count, confirmation on stdin, sending, progress lines."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.clock import SystemClock
from bot.store import Store
from tests.conftest import quiet_free_knowledge
from tests.fake_telegram import FakeTelegram

TEXT = "We are open on Saturday & Sunday."


async def seed(db_path: Path, chat_ids: range, *, news: bool = True) -> None:
    async with Store.open_context(db_path, SystemClock()) as store:
        for chat_id in chat_ids:
            await store.clients.upsert(chat_id, chat_id, f"client {chat_id}")
            await store.clients.set_consent(chat_id, announcements=news)


async def broadcasts(db_path: Path) -> list[str]:
    async with Store.open_context(db_path, SystemClock()) as store:
        found = [await store.broadcasts.get(n) for n in (1, 2)]
        return [b.state for b in found if b is not None]


@pytest.fixture
def server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as telegram:
        yield telegram


@pytest.fixture
def environ(tmp_path: Path, server: FakeTelegram) -> dict[str, str]:
    db_path = tmp_path / "aftercare.db"
    asyncio.run(seed(db_path, range(301, 304)))
    asyncio.run(seed(db_path, range(304, 306), news=False))
    return {
        "TELEGRAM_BOT_TOKEN": server.token,
        "TELEGRAM_API_URL": server.api_url,
        "AFTERCARE_DB": str(db_path),
        "AFTERCARE_KNOWLEDGE_DIR": str(quiet_free_knowledge(tmp_path)),  # sends at any hour
    }


def run(environ: dict[str, str], *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["broadcast", *argv], environ, out, err)
    return code, out.getvalue(), err.getvalue()


def test_yes_sends_to_the_segment_and_prints_the_preview_and_a_summary(
    environ: dict[str, str], server: FakeTelegram
) -> None:
    code, out, _ = run(environ, "--segment", "all", "--text", TEXT, "--yes")
    assert code == 0
    assert out.splitlines() == [
        "To everyone who wants clinic news: 3 recipient(s).",
        "The message, exactly as clients will get it:",
        "-----",
        TEXT,
        "-----",
        "Broadcast #1: sending to 3 client(s).",
        "Broadcast #1: 3 of 3 sent.",
        "✅ Broadcast #1 finished: 3 sent, 0 blocked the bot, 0 failed.",
    ]
    assert sorted(m.chat_id for m in server.sent) == [301, 302, 303]
    assert {m.text for m in server.sent} == {"We are open on Saturday &amp; Sunday."}


def test_a_no_on_stdin_sends_nothing(
    environ: dict[str, str], server: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("n\n"))
    code, out, _ = run(environ, "--segment", "all", "--text", TEXT)
    assert code == 1
    assert out.endswith("Send it to 3 client(s)? [y/N] Cancelled: nothing was sent.\n")
    assert server.sent == []
    assert asyncio.run(broadcasts(Path(environ["AFTERCARE_DB"]))) == []


def test_a_yes_on_stdin_sends(
    environ: dict[str, str], server: FakeTelegram, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("yes\n"))
    code, _, _ = run(environ, "--segment", "recent:30", "--text", TEXT)
    assert code == 0  # nobody has a session: nothing to send, nothing asked
    code, out, _ = run(environ, "--segment", "all", "--text", TEXT)
    assert code == 0
    assert "3 sent" in out
    assert len(server.sent) == 3
    assert asyncio.run(broadcasts(Path(environ["AFTERCARE_DB"]))) == ["finished"]


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--segment", "recent", "--text", "Hi"], "error: --segment should be all, recent:N"),
        (["--segment", "all", "--text", "  "], "error: --text should be one Telegram message"),
        (["--segment", "all", "--text", "x" * 5000], "error: --text should be one Telegram"),
    ],
)
def test_a_bad_segment_or_text_exits_2(
    environ: dict[str, str], argv: list[str], message: str
) -> None:
    code, _, err = run(environ, *argv)
    assert (code, err.startswith(message)) == (2, True)
