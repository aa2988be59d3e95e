"""A bot in a separate process polls the fake and answers through it."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from typing import Any

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_server.conftest import CHAT


def test_bot_in_a_separate_process(server: FakeTelegram, tmp_path: Any) -> None:
    script = tmp_path / "echo_bot.py"
    script.write_text(
        textwrap.dedent(
            """
            import os
            from telegram.ext import ApplicationBuilder, MessageHandler, filters

            async def echo(update, context):
                await update.message.reply_text(update.message.text.upper())

            app = (
                ApplicationBuilder()
                .token(os.environ["TOKEN"])
                .base_url(os.environ["TELEGRAM_API_URL"])
                .build()
            )
            app.add_handler(MessageHandler(filters.TEXT, echo))
            app.run_polling(poll_interval=0)
            """
        )
    )
    env = {**os.environ, "TOKEN": server.token, "TELEGRAM_API_URL": server.base_url}
    process = subprocess.Popen([sys.executable, str(script)], env=env)
    try:
        server.wait_until_polling(timeout=10)
        server.send_text(CHAT, "from another process")
        [reply] = server.wait_for(chat_id=CHAT, timeout=10)
        assert reply.text == "FROM ANOTHER PROCESS"
    finally:
        process.terminate()
        process.wait(timeout=10)
