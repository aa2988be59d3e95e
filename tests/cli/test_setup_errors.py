"""Set-up errors of the staff and operations commands, as real processes: one line on
stderr naming what to fix, exit code 2, no traceback, and never the token."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

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
