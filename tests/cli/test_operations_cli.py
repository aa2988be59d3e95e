"""The operations commands: --version, health (against the running bot process), backup,
restore (refused while the bot runs; the database it replaces kept), and the invite QR code
written under state/ or to standard output."""

from __future__ import annotations

import asyncio
import contextlib
import io
import re
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.cli.main import main, package_version
from bot.clock import SystemClock
from bot.store import Store, copy_database, list_backups
from tests.cli.test_runner import ROOT, served_environ, start_bot
from tests.fake_telegram import FakeTelegram
from tests.store.test_backup import every_row


def healthy_within(environ: dict[str, str], seconds: float) -> tuple[int, str]:
    """`health` until it passes (the bot's next heartbeat, every 0.1 s here) or time is up."""
    deadline = time.monotonic() + seconds
    while True:
        code, out, _ = cli(["health"], environ)
        if code == 0 or time.monotonic() > deadline:
            return code, out
        time.sleep(0.05)


def cli(argv: list[str], environ: dict[str, str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, environ, out, err)
    return code, out.getvalue(), err.getvalue()


def test_version_comes_from_the_package_metadata() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "--version"], cwd=ROOT, capture_output=True, text=True
    )
    assert result.returncode == 0
    assert result.stdout.strip() == f"aftercare {package_version()}"
    assert package_version()[0].isdigit()


def test_health_follows_the_running_bot_and_backup_and_restore_respect_it(
    tmp_path: Path,
) -> None:
    with FakeTelegram() as server:
        environ = served_environ(
            tmp_path,
            server,
            AFTERCARE_HEARTBEAT_SECONDS="0.1",
        )
        assert cli(["health"], environ)[0] == 1  # not started yet
        process = start_bot(environ)
        try:
            server.wait_until_polling(timeout=30)
            server.send_text(91, "hello")  # a poll that answers at once
            server.wait_for(chat_id=91, timeout=10)
            code, out = healthy_within(environ, seconds=10)
            assert code == 0, out
            assert out.startswith("OK: polled Telegram")

            code, out, _ = cli(["backup"], environ)  # online, while the bot runs
            assert code == 0
            [backup] = [
                b for b in list_backups(tmp_path / "state" / "aftercare.db") if str(b.path) in out
            ]

            code, _, err = cli(["restore", str(backup.path)], environ)
            assert code == 1
            assert err.startswith("error: the bot is running on")
            assert "stop it first" in err
        finally:
            process.send_signal(signal.SIGTERM)
            process.communicate(timeout=10)
        code, out, _ = cli(["health"], environ)  # stopped cleanly: no heartbeat
        assert code == 1
        assert out.startswith("unhealthy: no heartbeat")

    db = tmp_path / "state" / "aftercare.db"
    before = every_row(backup.path)
    with contextlib.closing(sqlite3.connect(db)) as conn, conn:
        conn.execute("DELETE FROM clients")
    assert every_row(db) != before
    code, out, err = cli(["restore", str(backup.path)], environ)
    assert code == 0, err
    assert every_row(db) == before
    [kept] = [b for b in list_backups(db) if b.reason == "before-restore"]
    assert str(kept.path) in out


def test_health_names_a_database_that_is_missing(tmp_path: Path) -> None:
    code, out, _ = cli(["health"], {"AFTERCARE_DB": str(tmp_path / "none.db")})
    assert code == 1
    assert f"unhealthy: no database at {tmp_path / 'none.db'}" in out


def test_health_names_a_file_that_is_not_the_bots_database(tmp_path: Path) -> None:
    other = tmp_path / "other.db"
    with contextlib.closing(sqlite3.connect(other)) as conn, conn:
        conn.execute("CREATE TABLE notes (text)")
    code, out, _ = cli(["health"], {"AFTERCARE_DB": str(other)})
    assert code == 1
    assert (
        f"unhealthy: the database does not answer a read: {other} is not a database of this "
        "bot (no such table: schema_migrations)"
    ) in out


def test_backup_without_a_database_names_the_setting(tmp_path: Path) -> None:
    code, _, err = cli(["backup"], {"AFTERCARE_DB": str(tmp_path / "none.db")})
    assert code == 2
    assert "AFTERCARE_DB" in err


def test_restore_of_a_file_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    code, _, err = cli(
        ["restore", str(tmp_path / "nothing.db")], {"AFTERCARE_DB": str(tmp_path / "a.db")}
    )
    assert code == 2
    assert err == f"error: no backup at {tmp_path / 'nothing.db'}\n"


def test_invite_writes_its_qr_code_into_the_state_folder_or_to_standard_output(
    tmp_path: Path,
) -> None:
    with FakeTelegram() as server:
        environ = served_environ(tmp_path, server)
        code, out, err = cli(["invite", "--name", "Anna"], environ)
        assert code == 0, err
        [qr] = (tmp_path / "state" / "invites").iterdir()
        assert re.fullmatch(r"invite-[0-9a-f]{8}\.png", qr.name)  # not the client's name
        assert qr.read_bytes().startswith(b"\x89PNG")
        assert qr.stat().st_mode & 0o777 == 0o600
        assert f"QR code: {qr}" in out
        piped = subprocess.run(
            [sys.executable, "-m", "bot", "invite", "--name", "Ben", "--qr", "-"],
            cwd=ROOT,
            env=environ,
            capture_output=True,
            timeout=30,
        )
    assert piped.returncode == 0, piped.stderr
    assert piped.stdout.startswith(b"\x89PNG")
    assert piped.stderr.decode().startswith("https://t.me/aftercare_test_bot?start=")


async def _one_client(db: Path) -> None:
    async with Store.open_context(db, SystemClock()) as store:
        await store.clients.upsert(7, 7, "Anna")


@pytest.mark.parametrize(
    "damage",
    [lambda data: b"these are notes, not a database\n" * 200, lambda data: data[: len(data) // 2]],
    ids=["overwritten", "cut short"],
)
def test_restore_replaces_a_damaged_database_and_keeps_it_as_it_was(
    tmp_path: Path, damage: Callable[[bytes], bytes]
) -> None:
    db = tmp_path / "state" / "aftercare.db"
    asyncio.run(_one_client(db))
    backup = tmp_path / "good.db"
    copy_database(db, backup)
    damaged = damage(db.read_bytes())
    db.write_bytes(damaged)
    code, out, err = cli(["restore", str(backup)], {"AFTERCARE_DB": str(db)})
    assert code == 0, err
    assert every_row(db) == every_row(backup)
    [kept] = [b for b in list_backups(db) if b.reason == "before-restore"]
    assert kept.path.read_bytes() == damaged
    assert f"kept as {kept.path} (it could not be read: moved there as it was)" in out
