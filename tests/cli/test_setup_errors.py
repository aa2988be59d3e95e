"""Set-up errors of the staff and operations commands, as real processes: one line on
stderr naming what to fix, exit code 2, no traceback, and never the token."""

from __future__ import annotations

import asyncio
import contextlib
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.clock import SystemClock
from bot.store import Store
from tests.cli.test_broadcast_cli import broadcasts, seed
from tests.cli.test_runner import ROOT, bot_environ, run_bot
from tests.fake_telegram import FakeTelegram

REFUSED = "123456:REFUSED-token_abcdefghijklmnopqrs"


@pytest.fixture
def server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as telegram:
        yield telegram


def command(environ: dict[str, str], *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot", *argv],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
        stdin=subprocess.DEVNULL,
    )


def one_line(result: subprocess.CompletedProcess[str], token: str) -> str:
    """The single `error:` line the command ended with, checked for what must not be there."""
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert token.partition(":")[2] not in result.stderr  # the secret half, quoted or not
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ")
    return line


def refused(tmp_path: Path, server: FakeTelegram) -> dict[str, str]:
    """A well-formed token the server does not know: Telegram answers 401."""
    return bot_environ(tmp_path, TELEGRAM_BOT_TOKEN=REFUSED, TELEGRAM_API_URL=server.api_url)


def wrong_url(tmp_path: Path, server: FakeTelegram) -> dict[str, str]:
    """The right token on a wrong TELEGRAM_API_URL: Telegram answers 404."""
    return bot_environ(
        tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=f"{server.api_url}/wrong"
    )


@pytest.mark.parametrize("environ", [refused, wrong_url], ids=["401", "404"])
def test_invite_with_a_token_telegram_refuses_is_one_line_without_the_token(
    tmp_path: Path, server: FakeTelegram, environ: object
) -> None:
    settings = environ(tmp_path, server)  # type: ignore[operator]
    result = command(settings, "invite", "--name", "Anna")
    line = one_line(result, settings["TELEGRAM_BOT_TOKEN"])
    assert line.startswith("error: Telegram refused TELEGRAM_BOT_TOKEN")
    assert not (tmp_path / "state" / "invites").exists()


@pytest.mark.parametrize("environ", [refused, wrong_url], ids=["401", "404"])
def test_broadcast_with_a_token_telegram_refuses_queues_nothing(
    tmp_path: Path, server: FakeTelegram, environ: object
) -> None:
    settings = environ(tmp_path, server)  # type: ignore[operator]
    db_path = Path(settings["AFTERCARE_DB"])
    asyncio.run(seed(db_path, range(301, 304)))
    result = command(settings, "broadcast", "--segment", "all", "--text", "Hello", "--yes")
    line = one_line(result, settings["TELEGRAM_BOT_TOKEN"])
    assert line.startswith("error: Telegram refused TELEGRAM_BOT_TOKEN")
    assert asyncio.run(broadcasts(db_path)) == []  # nothing confirmed for the bot to send later


def test_run_on_a_wrong_api_url_is_one_line_without_the_token(
    tmp_path: Path, server: FakeTelegram
) -> None:
    settings = wrong_url(tmp_path, server)
    line = one_line(run_bot(settings), server.token)
    assert line.startswith("error: Telegram refused TELEGRAM_BOT_TOKEN")


@pytest.mark.parametrize(
    ("name", "value", "wanted"),
    [
        ("AFTERCARE_HEALTH_POLL_SECONDS", "nan", "a positive number of seconds"),
        ("AFTERCARE_HEARTBEAT_SECONDS", "inf", "a positive number of seconds"),
        ("AFTERCARE_BACKUP_HOURS", "1e300", "a positive number of hours"),
        ("AFTERCARE_BACKUP_DAILY", "²", "a whole number of at least 1"),
        ("AFTERCARE_BACKUP_WEEKLY", "٣", "a whole number of at least 0"),
    ],
)
def test_a_number_python_reads_but_no_setting_can_use_is_one_line_naming_it(
    tmp_path: Path, name: str, value: str, wanted: str
) -> None:
    result = command(bot_environ(tmp_path, **{name: value}), "health")
    assert one_line(result, REFUSED) == f"error: {name} should be {wanted}, not {value!r}"


async def _newer_bot_database(path: Path) -> None:
    async with Store.open_context(path, SystemClock()) as store:
        await store.clients.upsert(301, 301, "Anna")
        await store.clients.set_consent(301, announcements=True)
    with contextlib.closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("INSERT INTO schema_migrations (version, name) VALUES (9999, 'future')")


def newer_bot(path: Path) -> str:
    asyncio.run(_newer_bot_database(path))
    return "was written by a newer version of the bot"


def not_a_database(path: Path) -> str:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"these are notes, not a database\n" * 200)
    return f"{path} is damaged or is not a database"


@pytest.mark.parametrize("database", [newer_bot, not_a_database])
@pytest.mark.parametrize(
    "argv",
    [
        ("report",),
        ("invite", "--name", "Anna"),
        ("broadcast", "--segment", "all", "--text", "Hello", "--yes"),
    ],
    ids=lambda argv: argv[0],
)
def test_a_database_the_command_cannot_use_is_one_line(
    tmp_path: Path, server: FakeTelegram, database: object, argv: tuple[str, ...]
) -> None:
    environ = bot_environ(
        tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.api_url
    )
    expected = database(Path(environ["AFTERCARE_DB"]))  # type: ignore[operator]
    line = one_line(command(environ, *argv), server.token)
    assert expected in line
