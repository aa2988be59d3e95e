"""The real `python -m bot run` process against the fake server: start, answer, stop, secrets."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE, copy_knowledge
from tests.fake_telegram import FakeTelegram

ROOT = Path(__file__).resolve().parents[2]


def bot_environ(tmp_path: Path, **extra: str) -> dict[str, str]:
    """The parent's environment without any bot settings, plus `extra`."""
    environ = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("TELEGRAM_", "AFTERCARE_", "PTB_"))
    }
    environ.update(
        AFTERCARE_DB=str(tmp_path / "state" / "aftercare.db"),
        AFTERCARE_KNOWLEDGE_DIR=str(KNOWLEDGE),
        AFTERCARE_RANKER="off",  # on in the first test only: loading the model takes a second
        PYTHONUNBUFFERED="1",
    )
    environ.update(extra)
    return environ


def start_bot(environ: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def run_bot(environ: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """`python -m bot run` expected to end by itself (a set-up error)."""
    return subprocess.run(
        [sys.executable, "-m", "bot", "run"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=30,
    )


def served_environ(tmp_path: Path, server: FakeTelegram, **extra: str) -> dict[str, str]:
    """`bot_environ` pointing at the local Bot API server, with its token."""
    return bot_environ(
        tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.api_url, **extra
    )


@pytest.fixture
def server() -> Iterator[FakeTelegram]:
    with FakeTelegram() as telegram:
        yield telegram


def test_the_bot_process_answers_and_stops_cleanly_on_sigterm_without_leaking_the_token(
    server: FakeTelegram, tmp_path: Path
) -> None:
    environ = bot_environ(
        tmp_path,
        TELEGRAM_BOT_TOKEN=server.token,
        TELEGRAM_API_URL=server.base_url,
        AFTERCARE_LOG_LEVEL="DEBUG",  # the most talkative level must not leak it either
        AFTERCARE_RANKER="on",  # as by default
    )
    process = start_bot(environ)
    try:
        server.wait_until_polling(timeout=30)
        server.send_text(77, "hello")
        [reply] = server.wait_for(chat_id=77, timeout=10)
        assert reply.text
        server.send_text(77, "when can I wear makeup again?")
        [_, answer] = server.wait_for(chat_id=77, count=2, timeout=10)
        assert "48 hours" in answer.text
        process.send_signal(signal.SIGTERM)
        stopping = time.monotonic()
        out, err = process.communicate(timeout=10)
        assert time.monotonic() - stopping < 5
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    secret = server.token.partition(":")[2]
    assert server.token not in out + err
    assert secret not in out + err
    assert "[token]" in err  # PTB logs the API URL at DEBUG: it was there, masked
    assert (tmp_path / "state" / "phrasings.npz").exists()  # the ranker's cache, for next start


def test_the_api_url_may_be_given_without_the_trailing_bot(
    server: FakeTelegram, tmp_path: Path
) -> None:
    environ = bot_environ(
        tmp_path, TELEGRAM_BOT_TOKEN=server.token, TELEGRAM_API_URL=server.api_url + "/"
    )
    process = start_bot(environ)
    try:
        server.wait_until_polling(timeout=30)
        server.send_text(78, "/clinic")
        [reply] = server.wait_for(chat_id=78, timeout=10)
        assert reply.text.startswith("Demo Skin Clinic")
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 0, err
    assert server.token not in out + err


def test_a_missing_token_exits_2_with_one_line_naming_the_variable(tmp_path: Path) -> None:
    result = run_bot(bot_environ(tmp_path))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "TELEGRAM_BOT_TOKEN" in line
    assert result.stdout == ""


def test_knowledge_problems_at_first_start_are_one_line_naming_file_and_line(
    tmp_path: Path,
) -> None:
    folder = copy_knowledge(tmp_path / "knowledge")
    (folder / "topics" / "broken.yaml").write_text(
        "topics:\n  - id: Not An Id\n    title: Broken\n", encoding="utf-8"
    )
    environ = bot_environ(
        tmp_path,
        TELEGRAM_BOT_TOKEN="123456:TEST-token_abcdefghijklmnopqrstuvw",
        TELEGRAM_API_URL="http://127.0.0.1:9",  # never reached
        AFTERCARE_KNOWLEDGE_DIR=str(folder),
    )
    result = run_bot(environ)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert re.match(r"^error: knowledge/topics/broken\.yaml:\d+: \S", line), line
    assert "python -m bot kb check" in line
