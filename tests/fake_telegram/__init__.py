"""A local fake of the Telegram Bot API server, for tests and benchmarks.

`FakeTelegram` is a real HTTP server (stdlib `ThreadingHTTPServer`, HTTP/1.1 keep-alive) that runs
in a background daemon thread on 127.0.0.1 with an ephemeral port. Because it lives in its own
thread, it serves a python-telegram-bot `Application` running in the test's event loop as well as
a bot started as a separate process (`python -m bot run` with the API URL pointing at it).

Typical use::

    with FakeTelegram() as tg:
        app = ApplicationBuilder().token(tg.token).base_url(tg.base_url).build()
        ...  # start polling
        tg.send_text(42, "hello")           # queue an update as if user 42 typed it
        [reply] = tg.wait_for(chat_id=42)   # block until the bot answered chat 42
        assert reply.text == "hello"

What it emulates (see /work/shared/telegram-bot-api-notes.md): POST (or GET) to
`/bot{token}/{method}` with form, multipart or JSON bodies; the `{"ok": ..., "result": ...}`
envelope; errors whose HTTP status equals `error_code`; `getUpdates` with offset, limit and long
polling; message ids per chat; the 4,096 UTF-16 code unit limit; "message is not modified";
Telegram's HTML subset (unsupported or unbalanced tags are rejected like the real API does);
callback data of at most 64 bytes; injected failures (429 with `retry_after`, 403, ...) and
optional flood limits. Text is stored as the bot sent it: markup is not turned into entities.

The parts: `server` (FakeTelegram: start/stop and request dispatch), `transport` (HTTP handler
and threaded server), `wire` (request bodies, envelopes, API errors), `content` (text limits,
HTML, keyboards), `state` (chats, messages, updates and the lock), `records` (what tests read),
`users` (what tests do as clients), `inspection` (reading back and waiting), `failures`
(fail_chat, enforce_limits) and the Bot API methods by area: `api_updates`, `api_messages`,
`api_files`, `api_chats`, `api_bot`.
"""

from tests.fake_telegram.content import (
    MAX_CALLBACK_DATA_BYTES,
    MAX_CAPTION_LENGTH,
    MAX_MESSAGE_LENGTH,
)
from tests.fake_telegram.failures import SEND_METHODS
from tests.fake_telegram.records import Call, SentMessage
from tests.fake_telegram.server import FakeTelegram
from tests.fake_telegram.state import DEFAULT_GROUP_USER_ID, DEFAULT_TOKEN
from tests.fake_telegram.users import MESSAGE_KINDS

__all__ = [
    "DEFAULT_GROUP_USER_ID",
    "DEFAULT_TOKEN",
    "MAX_CALLBACK_DATA_BYTES",
    "MAX_CAPTION_LENGTH",
    "MAX_MESSAGE_LENGTH",
    "MESSAGE_KINDS",
    "SEND_METHODS",
    "Call",
    "FakeTelegram",
    "SentMessage",
]
