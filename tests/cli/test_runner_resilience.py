"""The real `python -m bot run` process when Telegram is away, refuses it, or is set up wrong.

It waits for a server that starts late, rides out one that goes away while it runs (one
line when the connection is lost, one when it is back, no traceback), and ends with one
line and exit code 2 for what no retry can fix: a refused token, a second copy polling, a
state folder it cannot write, malformed settings. Restarted with broken knowledge, it
answers from the copy it kept and tells the staff chat.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import threading
import urllib.request
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.test_runner import bot_environ, run_bot, served_environ, start_bot
from tests.conftest import STAFF_CHAT, copy_knowledge
from tests.fake_telegram import FakeTelegram

TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvw"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Lines:
    """A process's stderr, read line by line in a thread, so a test can wait for a line."""

    def __init__(self, process: subprocess.Popen[str]) -> None:
        self._process = process
        self._lines: list[str] = []
        self._cond = threading.Condition()
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self._process.stderr is not None
        for line in self._process.stderr:
            with self._cond:
                self._lines.append(line.rstrip("\n"))
                self._cond.notify_all()
        with self._cond:
            self._lines.append("")  # end of output
            self._cond.notify_all()

    def wait_for(self, text: str, timeout: float = 30) -> None:
        with self._cond:
            if not self._cond.wait_for(lambda: any(text in line for line in self._lines), timeout):
                raise AssertionError(f"no line with {text!r} in {self._lines}")

    def all(self) -> list[str]:
        self._thread.join(timeout=10)
        return [line for line in self._lines if line]


def stop(process: subprocess.Popen[str]) -> int:
    process.send_signal(signal.SIGTERM)
    try:
        return process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()


def test_the_bot_waits_for_a_telegram_that_starts_late_then_answers(tmp_path: Path) -> None:
    port = free_port()
    environ = bot_environ(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_URL=f"http://127.0.0.1:{port}",
        AFTERCARE_RETRY_MAX_SECONDS="0.2",
    )
    process = start_bot(environ)
    lines = Lines(process)
    try:
        lines.wait_for("Telegram cannot be reached")  # it is trying, and said so once
        with FakeTelegram(token=TOKEN, port=port) as server:
            server.wait_until_polling(timeout=30)
            server.send_text(81, "/clinic")
            [reply] = server.wait_for(chat_id=81, timeout=10)
            assert reply.text.startswith("Demo Skin Clinic")
            assert stop(process) == 0
    finally:
        if process.poll() is None:
            process.kill()
    log = lines.all()
    assert [line for line in log if "cannot be reached" in line].__len__() == 1, log
    assert [line for line in log if "answers again" in line].__len__() == 1, log
    assert not [line for line in log if "Traceback" in line], log


def test_a_lost_connection_is_logged_once_and_its_return_once(tmp_path: Path) -> None:
    port = free_port()
    environ = bot_environ(
        tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL=f"http://127.0.0.1:{port}"
    )
    first = FakeTelegram(token=TOKEN, port=port).start()
    process = start_bot(environ)
    lines = Lines(process)
    try:
        first.wait_until_polling(timeout=30)
        first.stop()  # the network goes away while the bot polls
        lines.wait_for("Telegram cannot be reached")
        with FakeTelegram(token=TOKEN, port=port) as second:
            second.wait_until_polling(timeout=30)
            second.send_text(82, "/clinic")  # the waiting poll answers at once
            [reply] = second.wait_for(chat_id=82, timeout=10)
            assert reply.text.startswith("Demo Skin Clinic")
            lines.wait_for("Telegram answers again")
            assert stop(process) == 0
    finally:
        first.stop()
        if process.poll() is None:
            process.kill()
    log = lines.all()
    assert len([line for line in log if "cannot be reached" in line]) == 1, log
    assert len([line for line in log if "answers again" in line]) == 1, log
    assert not [line for line in log if "Traceback" in line], log


def test_a_refused_token_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with FakeTelegram() as server:
        revoked = "123456:REVOKED-token_abcdefghijklmnopqrs"
        assert revoked != server.token
        result = run_bot(
            bot_environ(tmp_path, TELEGRAM_BOT_TOKEN=revoked, TELEGRAM_API_URL=server.api_url)
        )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: Telegram refused TELEGRAM_BOT_TOKEN")
    assert "@BotFather" in line


def ended_by(tmp_path: Path, server: FakeTelegram, event: Callable[[], object]) -> str:
    """Start the bot, let `event` happen once it polls, and expect it to end with code 2;
    its stderr, which ends with the one line and has no traceback."""
    process = start_bot(served_environ(tmp_path, server))
    try:
        server.wait_until_polling(timeout=30)
        event()
        _, err = process.communicate(timeout=20)
    finally:
        if process.poll() is None:
            process.kill()
            process.communicate()
    assert process.returncode == 2, err
    assert "Traceback" not in err
    return err.splitlines()[-1]


def test_a_token_revoked_while_running_ends_it_with_one_line_and_no_traceback(
    tmp_path: Path,
) -> None:
    def revoke() -> None:
        with server._cond:  # staff revoked the token at @BotFather
            server.token = "123456:NEW-token_abcdefghijklmnopqrstuv"
        server.send_text(85, "hello")  # the waiting poll answers; the next one gets 401

    with FakeTelegram() as server:
        line = ended_by(tmp_path, server, revoke)
    assert line.startswith("error: Telegram refused TELEGRAM_BOT_TOKEN")


def test_another_copy_polling_the_same_bot_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with FakeTelegram() as server:
        # Another program polls with the same token: Telegram ends the bot's poll with 409.
        url = f"{server.base_url}{server.token}/getUpdates"
        line = ended_by(tmp_path, server, lambda: urllib.request.urlopen(url, timeout=10))
    assert line.startswith("error: Telegram gives this bot's updates to another program")


def test_a_second_bot_on_the_same_state_folder_is_one_line_and_exit_2(tmp_path: Path) -> None:
    with FakeTelegram() as server:
        environ = served_environ(tmp_path, server)
        process = start_bot(environ)
        try:
            server.wait_until_polling(timeout=30)
            result = run_bot(environ)
        finally:
            stop(process)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: another copy of the bot is running on")
    assert "AFTERCARE_DB" in line


@pytest.mark.parametrize(
    ("where", "names"),
    [
        ("a file where the state folder should be", "/state ("),
        ("a folder where the database file should be", "aftercare.db"),
    ],
)
def test_a_state_folder_or_database_that_cannot_be_written_is_one_line(
    tmp_path: Path, where: str, names: str
) -> None:
    # Tests run as root, whom permissions do not stop: a file or folder in the way does.
    state = tmp_path / "state"
    if where.startswith("a file"):
        state.write_text("not a folder")
    else:
        (state / "aftercare.db").mkdir(parents=True)
    environ = bot_environ(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_URL="http://127.0.0.1:9")
    result = run_bot(environ)
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("error: ")
    assert names in line
    assert "AFTERCARE_DB" in line


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("AFTERCARE_BACKUP_DAILY", "seven"),
        ("AFTERCARE_LOG_FORMAT", "xml"),
        ("AFTERCARE_RETRY_MAX_SECONDS", "-1"),
        ("AFTERCARE_STAFF_CHAT_ID", "the staff"),
    ],
)
def test_a_malformed_setting_is_one_line_naming_it(tmp_path: Path, name: str, value: str) -> None:
    result = run_bot(bot_environ(tmp_path, TELEGRAM_BOT_TOKEN=TOKEN, **{name: value}))
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert name in line


def test_json_logs_are_one_object_per_line_without_the_token(tmp_path: Path) -> None:
    with FakeTelegram() as server:
        environ = served_environ(
            tmp_path,
            server,
            AFTERCARE_LOG_FORMAT="json",
        )
        process = start_bot(environ)
        try:
            server.wait_until_polling(timeout=30)
            server.send_text(83, "can I wear makeup tomorrow?")
            server.wait_for(chat_id=83, timeout=10)
            process.send_signal(signal.SIGTERM)
            _, err = process.communicate(timeout=10)
        finally:
            if process.poll() is None:
                process.kill()
                process.communicate()
    entries = [json.loads(line) for line in err.splitlines()]
    assert entries
    assert all({"time", "level", "logger", "message"} <= entry.keys() for entry in entries)
    assert any("ready" in entry["message"] for entry in entries)
    assert server.token.partition(":")[2] not in err
    assert "makeup" not in err  # the client's message is not logged at INFO


def test_a_restart_with_broken_knowledge_answers_from_the_saved_copy_and_tells_staff(
    tmp_path: Path,
) -> None:
    folder = copy_knowledge(tmp_path / "knowledge")
    with FakeTelegram() as server:
        environ = served_environ(
            tmp_path,
            server,
            AFTERCARE_KNOWLEDGE_DIR=str(folder),
            AFTERCARE_STAFF_CHAT_ID=str(STAFF_CHAT),
            AFTERCARE_HEARTBEAT_SECONDS="0.1",
        )
        first = start_bot(environ)  # a good start keeps a copy of the knowledge
        try:
            server.wait_until_polling(timeout=30)
        finally:
            assert stop(first) == 0
        (folder / "clinic.yaml").write_text("name: [unclosed", encoding="utf-8")
        second = start_bot(environ)
        try:
            [alert] = server.wait_for(chat_id=STAFF_CHAT, timeout=30)
            server.send_text(84, "/clinic")
            [reply] = server.wait_for(chat_id=84, timeout=10)
        finally:
            assert stop(second) == 0
    assert alert.text.startswith("⚠️ The bot restarted while the knowledge folder has problems")
    assert "clinic.yaml:1" in alert.text
    assert reply.text.startswith("Demo Skin Clinic")  # from the saved copy
