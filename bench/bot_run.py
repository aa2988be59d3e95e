"""`python -m bot run` as a separate process against a local fake Telegram, for the benches
that time its start and read its peak memory."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fake_telegram import FakeTelegram  # noqa: E402


@dataclass(frozen=True)
class RunningBot:
    """The fake server, the bot's process, and its seconds from launch to the first poll."""

    server: FakeTelegram
    process: subprocess.Popen[bytes]
    started: float

    def peak_kib(self) -> int:
        """The process's peak resident memory so far (Linux), in KiB."""
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(
            next(line for line in status.splitlines() if line.startswith("VmHWM")).split()[1]
        )


@contextlib.contextmanager
def bot_run(db_path: Path, **settings: str) -> Iterator[RunningBot]:
    """Launch the bot on `db_path` with extra AFTERCARE_ `settings`; stop it at the end."""
    with FakeTelegram() as server:
        environ = {
            **{
                k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "AFTERCARE_"))
            },
            "TELEGRAM_BOT_TOKEN": server.token,
            "TELEGRAM_API_URL": server.base_url,
            "AFTERCARE_DB": str(db_path),
            "AFTERCARE_KNOWLEDGE_DIR": str(ROOT / "knowledge"),
            "AFTERCARE_LOG_LEVEL": "WARNING",
            **{f"AFTERCARE_{name.upper()}": value for name, value in settings.items()},
        }
        launched = time.perf_counter()
        process = subprocess.Popen(
            [sys.executable, "-m", "bot", "run"], cwd=ROOT, env=environ,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )  # fmt: skip
        try:
            server.wait_until_polling(timeout=60)
            yield RunningBot(server, process, time.perf_counter() - launched)
        finally:
            process.terminate()
            process.communicate(timeout=20)
