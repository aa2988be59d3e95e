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
"""

from __future__ import annotations

import asyncio
import contextlib
import copy
import email.parser
import email.policy
import json
import math
import socket
import socketserver
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

__all__ = ["DEFAULT_TOKEN", "Call", "FakeTelegram", "SentMessage"]

DEFAULT_TOKEN = "123456:TEST-token_abcdefghijklmnopqrstuvw"
MAX_MESSAGE_LENGTH = 4096
MAX_CAPTION_LENGTH = 1024
MAX_CALLBACK_DATA_BYTES = 64
DEFAULT_GROUP_USER_ID = 1_000_001
MESSAGE_KINDS = (
    "photo",
    "voice",
    "sticker",
    "document",
    "location",
    "contact",
    "video",
    "animation",
    "audio",
    "video_note",
)

# Methods that create a new message: `fail_chat` and `enforce_limits` apply to these by default.
SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "forwardMessage", "copyMessage"}
)

# How form fields (always strings on the wire) are decoded.
_JSON_FIELDS = frozenset(
    {
        "reply_markup",
        "commands",
        "allowed_updates",
        "entities",
        "caption_entities",
        "scope",
        "reply_parameters",
        "link_preview_options",
        "media",
        "message_ids",
        "reaction",
        "menu_button",
        "rights",
    }
)
_INT_FIELDS = frozenset(
    {
        "chat_id",
        "from_chat_id",
        "message_id",
        "offset",
        "limit",
        "reply_to_message_id",
        "message_thread_id",
        "user_id",
        "cache_time",
        "max_connections",
    }
)
_FLOAT_FIELDS = frozenset({"timeout", "latitude", "longitude"})
_BOOL_FIELDS = frozenset(
    {
        "disable_notification",
        "protect_content",
        "show_alert",
        "drop_pending_updates",
        "disable_web_page_preview",
        "allow_sending_without_reply",
        "has_spoiler",
        "show_caption_above_media",
        "allow_paid_broadcast",
    }
)
_HTML_TAGS = frozenset(
    {
        "b",
        "strong",
        "i",
        "em",
        "u",
        "ins",
        "s",
        "strike",
        "del",
        "span",
        "tg-spoiler",
        "a",
        "code",
        "pre",
        "blockquote",
        "tg-emoji",
    }
)
# Setters a bot may call at start-up; the fake accepts them and answers True.
_ACCEPTED_SETTERS = (
    "setMyDescription",
    "setMyShortDescription",
    "setMyName",
    "setChatMenuButton",
    "setMyDefaultAdministratorRights",
)
_NOT_MODIFIED = (
    "message is not modified: specified new message content and reply markup are "
    "exactly the same as a current content and reply markup of the message"
)
_QUERY_INVALID = "Bad Request: query is too old and response timeout expired or query ID is invalid"


@dataclass(frozen=True)
class SentMessage:
    """A message the bot sent or edited successfully (sendMessage, editMessageText, ...)."""

    method: str
    chat_id: int | str
    text: str | None  # the text or caption exactly as the bot sent it
    reply_markup: dict[str, Any] | None  # parsed JSON, or None
    parse_mode: str | None
    message_id: int
    params: dict[str, Any]  # every parameter of the call, decoded
    at: float  # time.monotonic() when the server accepted it

    @property
    def buttons(self) -> list[dict[str, Any]]:
        """The inline keyboard buttons, flattened row by row (empty without a keyboard)."""
        rows = (self.reply_markup or {}).get("inline_keyboard") or []
        return [button for row in rows for button in row]


@dataclass(frozen=True)
class Call:
    """One API call as the server saw it, successful or not."""

    method: str
    params: dict[str, Any]
    status: int  # HTTP status of the answer, which equals error_code on failure
    description: str | None  # the error description, None on success
    at: float  # time.monotonic() when the answer was ready


@dataclass
class _Failure:
    status: int
    description: str
    times: int | None  # None: every time
    retry_after: int | None
    methods: frozenset[str]


@dataclass
class _RateLimits:
    per_second: int
    per_chat_per_second: int
    recent: deque[float] = field(default_factory=deque)
    recent_per_chat: dict[int | str, deque[float]] = field(default_factory=dict)


class _ApiError(Exception):
    """Raised by method implementations; becomes an error envelope with the same HTTP status."""

    def __init__(self, status: int, description: str, parameters: dict | None = None) -> None:
        super().__init__(description)
        self.status = status
        self.description = description
        self.parameters = parameters


def _bad_request(description: str) -> _ApiError:
    return _ApiError(400, f"Bad Request: {description}")


def _utf16_len(text: str) -> int:
    """Length as Telegram counts it: in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


class _HtmlText(HTMLParser):
    """Checks Telegram's HTML subset and collects the visible text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open_tags: list[str] = []
        self.parts: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _HTML_TAGS:
            raise _bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')
        self.open_tags.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raise _bad_request(f'can\'t parse entities: Unsupported start tag "{tag}"')

    def handle_endtag(self, tag: str) -> None:
        if not self.open_tags or self.open_tags[-1] != tag:
            raise _bad_request(f'can\'t parse entities: Unmatched end tag "{tag}"')
        self.open_tags.pop()

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _visible_text(text: str, parse_mode: str | None) -> str:
    """The text a user would see; validates HTML like the Bot API (other modes: as is)."""
    if (parse_mode or "").upper() != "HTML":
        return text
    parser = _HtmlText()
    parser.feed(text)
    parser.close()
    if parser.open_tags:
        raise _bad_request(
            "can't parse entities: Can't find end tag corresponding to start tag "
            f'"{parser.open_tags[-1]}"'
        )
    return "".join(parser.parts)


def _decode_field(name: str, value: Any) -> Any:
    """Turns a form field (a string) into the value Telegram would see."""
    if not isinstance(value, str):
        return value
    try:
        if name in _JSON_FIELDS:
            return json.loads(value)
        if name in _INT_FIELDS:
            return int(value)
        if name in _FLOAT_FIELDS:
            number = float(value)
            return int(number) if number.is_integer() else number
    except ValueError:
        return value  # e.g. chat_id="@channel": the method decides
    if name in _BOOL_FIELDS:
        return value.strip().lower() in ("true", "1")
    return value


def _parse_body(content_type: str, query: str, body: bytes) -> dict[str, Any]:
    """Decodes the query string plus a form, multipart or JSON body into one parameter dict.

    An uploaded file becomes {"upload": filename, "size": bytes, "content_type": ...}.
    """
    params: dict[str, Any] = dict(parse_qsl(query, keep_blank_values=True))
    media_type = content_type.split(";", 1)[0].strip().lower()
    if media_type == "application/json":
        decoded = json.loads(body or b"{}")
        if not isinstance(decoded, dict):
            raise ValueError("the JSON body is not an object")
        params.update(decoded)
    elif media_type == "multipart/form-data":
        head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
        message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
        if not message.is_multipart():
            raise ValueError("malformed multipart body")
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            payload = part.get_payload(decode=True) or b""
            filename = part.get_filename()
            if filename is None:
                params[str(name)] = payload.decode("utf-8")
            else:
                params[str(name)] = {
                    "upload": filename,
                    "size": len(payload),
                    "content_type": part.get_content_type(),
                }
    elif body:
        params.update(parse_qsl(body.decode("utf-8"), keep_blank_values=True))
    return {name: _decode_field(name, value) for name, value in params.items()}


def _json_response(status: int, envelope: dict[str, Any]) -> tuple[int, str, bytes]:
    return status, "application/json", json.dumps(envelope, ensure_ascii=False).encode("utf-8")


def _error_envelope(status: int, description: str, parameters: dict | None = None) -> dict:
    envelope: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
    if parameters:
        envelope["parameters"] = parameters
    return envelope


class _Handler(BaseHTTPRequestHandler):
    """Reads one HTTP request, lets `FakeTelegram` answer it, writes the answer."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small keep-alive responses must not wait for delayed ACKs
    server: _Server

    def log_message(self, format: str, *args: Any) -> None:
        """Quiet: no access log."""

    def setup(self) -> None:
        super().setup()
        self.server.track(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            self.server.untrack(self.connection)

    def do_POST(self) -> None:
        self._answer(self._read_body())

    def do_GET(self) -> None:
        self._answer(b"")

    def _read_body(self) -> bytes:
        if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";", 1)[0].strip() or b"0", 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b"\n", b""):
                        pass  # trailers
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()
        length = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(length) if length > 0 else b""

    def _answer(self, body: bytes) -> None:
        url = urlsplit(self.path)
        self.server.track(self.connection, busy=True)  # stop() lets the answer go out first
        try:
            status, content_type, payload = self.server.fake._handle_request(
                unquote(url.path), url.query, self.headers.get("Content-Type", ""), body
            )
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:  # the client went away, e.g. a cancelled long poll
            self.close_connection = True
        finally:
            self.server.track(self.connection)


class _Server(ThreadingHTTPServer):
    """ThreadingHTTPServer that knows its FakeTelegram and its open connections."""

    daemon_threads = True
    block_on_close = False
    # socketserver's default listen backlog of 5 drops connections when a bot opens many at
    # once (PTB's pool allows 256): the client then sees httpx.ReadError.
    request_queue_size = 256

    def __init__(self, fake: FakeTelegram) -> None:
        self.fake = fake
        self._connections: dict[socket.socket, bool] = {}  # connection -> answering a request
        self._connections_cond = threading.Condition()
        super().__init__(("127.0.0.1", 0), _Handler)

    def server_bind(self) -> None:
        # HTTPServer.server_bind calls socket.getfqdn(), a reverse DNS lookup that can be slow.
        socketserver.TCPServer.server_bind(self)
        self.server_name, self.server_port = "127.0.0.1", self.server_address[1]

    def track(self, connection: socket.socket, *, busy: bool = False) -> None:
        with self._connections_cond:
            self._connections[connection] = busy
            self._connections_cond.notify_all()

    def untrack(self, connection: socket.socket) -> None:
        with self._connections_cond:
            self._connections.pop(connection, None)
            self._connections_cond.notify_all()

    def close_connections(self, timeout: float = 2.0) -> None:
        """Lets requests being answered finish (up to `timeout`), then closes every connection."""
        with self._connections_cond:
            self._connections_cond.wait_for(lambda: not any(self._connections.values()), timeout)
            connections = list(self._connections)
        for connection in connections:
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)

    def handle_error(self, request: Any, client_address: Any) -> None:
        """Connection errors are normal (cancelled polls, stop()): quiet about those only."""
        if not isinstance(sys.exc_info()[1], OSError):
            super().handle_error(request, client_address)


class FakeTelegram:
    """A fake Telegram Bot API server in a background thread.

    Thread-safe: every piece of state is guarded by one `threading.Condition`, which also wakes
    long-polling `getUpdates` calls and `wait_for` callers whenever something happens.
    """

    def __init__(
        self, token: str = DEFAULT_TOKEN, bot_username: str = "aftercare_test_bot"
    ) -> None:
        self.token = token
        self.bot_username = bot_username
        bot_id = token.split(":", 1)[0]
        self.bot_id = int(bot_id) if bot_id.isdigit() else 123456
        self.too_many_requests = 0  # 429s answered because of enforce_limits()

        self._cond = threading.Condition()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None
        self._stopping = False

        self._updates: list[dict] = []
        self._next_update_id = 1
        self._allowed_updates: frozenset[str] | None = None
        self._poll_generation = 0
        self._waiting_polls = 0
        self._webhook_url = ""

        self._sent: list[SentMessage] = []
        self._calls: list[Call] = []
        self._chats: dict[int, dict] = {}
        self._users: dict[int, dict] = {}
        self._messages: dict[tuple[int, int], dict] = {}
        self._last_message_id: dict[int, int] = {}
        self._open_callback_queries: set[str] = set()
        self._next_callback_id = 1
        self._next_file_id = 1
        self._commands: dict[tuple[str, str], list[dict]] = {}

        self._failures: dict[int | str, _Failure] = {}
        self._limits: _RateLimits | None = None

        methods: dict[str, Callable[[dict[str, Any]], Any]] = {
            "getMe": lambda _params: self.bot_user(full=True),
            "logOut": lambda _params: True,
            "close": lambda _params: True,
            "getWebhookInfo": self._get_webhook_info,
            "setWebhook": self._set_webhook,
            "deleteWebhook": self._delete_webhook,
            "getUpdates": self._get_updates,
            "sendMessage": self._send_message,
            "sendPhoto": lambda params: self._send_file(params, "photo"),
            "sendDocument": lambda params: self._send_file(params, "document"),
            "forwardMessage": lambda params: self._forward_or_copy(params, forward=True),
            "copyMessage": lambda params: self._forward_or_copy(params, forward=False),
            "editMessageText": self._edit_message_text,
            "editMessageReplyMarkup": self._edit_message_reply_markup,
            "deleteMessage": self._delete_message,
            "answerCallbackQuery": self._answer_callback_query,
            "sendChatAction": self._send_chat_action,
            "getChat": self._get_chat,
            "getFile": self._get_file,
            "setMyCommands": self._set_my_commands,
            "getMyCommands": self._get_my_commands,
            "deleteMyCommands": self._delete_my_commands,
        }
        methods.update({name: (lambda _params: True) for name in _ACCEPTED_SETTERS})
        # Telegram matches method names case-insensitively.
        self._methods = {name.lower(): (name, fn) for name, fn in methods.items()}

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeTelegram:
        """Binds 127.0.0.1 on an ephemeral port and serves in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeTelegram is already started")
        self._server = _Server(self)
        self._thread = threading.Thread(
            target=self._server.serve_forever,
            kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll interval
            name=f"FakeTelegram:{self.port}",
            daemon=True,
        )
        self._thread.start()
        return self

    def stop(self) -> None:
        """Answers waiting long polls, stops serving and closes every connection."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._server is None:
            return
        self._server.shutdown()
        self._server.close_connections()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeTelegram:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("FakeTelegram is not started")
        return self._server.server_port

    @property
    def api_url(self) -> str:
        """http://127.0.0.1:PORT, the server root."""
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        """For ApplicationBuilder().base_url(...): PTB appends the token and the method."""
        return f"{self.api_url}/bot"

    @property
    def base_file_url(self) -> str:
        """For ApplicationBuilder().base_file_url(...)."""
        return f"{self.api_url}/file/bot"

    # ------------------------------------------------------------------ injecting updates

    def send_text(
        self,
        chat_id: int,
        text: str,
        *,
        first_name: str = "Anna",
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        language_code: str | None = None,
    ) -> dict:
        """Queues a `message` update as if the user typed `text`; returns the Update dict.

        A text starting with "/" gets a `bot_command` entity for its first word.
        """
        content: dict[str, Any] = {"text": text}
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            content["entities"] = [
                {"type": "bot_command", "offset": 0, "length": _utf16_len(command)}
            ]
        return self._user_message(
            chat_id,
            content,
            first_name=first_name,
            user_id=user_id,
            chat_type=chat_type,
            reply_to_message_id=reply_to_message_id,
            language_code=language_code,
        )

    def send_command(self, chat_id: int, command: str, args: str = "", **kwargs: Any) -> dict:
        """`send_text(chat_id, "/command args")`; `command` may be given with or without "/"."""
        text = "/" + command.lstrip("/") + (f" {args}" if args else "")
        return self.send_text(chat_id, text, **kwargs)

    def send_message_of_kind(
        self, chat_id: int, kind: str, *, caption: str | None = None, **kwargs: Any
    ) -> dict:
        """Queues a non-text message: photo, voice, sticker, document, location, contact, video,
        animation, audio or video_note. As Telegram does, an animation also carries `document`.
        Keyword arguments as for `send_text` (first_name, user_id, chat_type, ...).
        """
        if kind not in MESSAGE_KINDS:
            raise ValueError(f"kind must be one of {MESSAGE_KINDS}, not {kind!r}")
        with self._cond:
            file = self._new_file(kind)
        small = {
            **file,
            "file_id": f"{file['file_id']}-s",
            "file_unique_id": f"{file['file_unique_id']}s",
        }
        video = {**file, "width": 640, "height": 360, "duration": 3}
        contents: dict[str, dict[str, Any]] = {
            "photo": {
                "photo": [
                    {**small, "width": 90, "height": 90},
                    {**file, "width": 800, "height": 800},
                ]
            },
            "voice": {"voice": {**file, "duration": 2, "mime_type": "audio/ogg"}},
            "audio": {"audio": {**file, "duration": 5, "mime_type": "audio/mpeg"}},
            "sticker": {
                "sticker": {
                    **file,
                    "type": "regular",
                    "width": 512,
                    "height": 512,
                    "is_animated": False,
                    "is_video": False,
                    "emoji": "🙂",
                }
            },
            "document": {
                "document": {**file, "file_name": "file.pdf", "mime_type": "application/pdf"}
            },
            "location": {"location": {"latitude": 52.52, "longitude": 13.405}},
            "contact": {
                "contact": {
                    "phone_number": "+491701234567",
                    "first_name": kwargs.get("first_name", "Anna"),
                    "user_id": kwargs.get("user_id") or chat_id,
                }
            },
            "video": {"video": video},
            "video_note": {"video_note": {**file, "length": 240, "duration": 3}},
            "animation": {
                "animation": video,
                "document": {**file, "file_name": "animation.mp4", "mime_type": "video/mp4"},
            },
        }
        content = contents[kind]
        if caption is not None:
            content["caption"] = caption
        return self._user_message(chat_id, content, **kwargs)

    def edit_text(self, chat_id: int, message_id: int, new_text: str) -> dict:
        """Queues an `edited_message` update: the user edited their message `message_id`."""
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            message["text"] = new_text
            message["edit_date"] = int(time.time())
            return self._queue_update({"edited_message": copy.deepcopy(message)})

    def tap(
        self,
        chat_id: int,
        message_id: int,
        data: str,
        user_id: int | None = None,
        *,
        require_button: bool = True,
    ) -> dict:
        """Queues a `callback_query`: the user tapped an inline button of bot message
        `message_id`. With `require_button`, `data` must be the callback_data of one of its
        buttons (pass False to simulate a stale or forged button).
        """
        with self._cond:
            message = self._messages.get((chat_id, message_id))
            if message is None:
                raise ValueError(f"no message {message_id} in chat {chat_id}")
            if require_button:
                rows = (message.get("reply_markup") or {}).get("inline_keyboard") or []
                choices = [button.get("callback_data") for row in rows for button in row]
                if data not in choices:
                    raise ValueError(
                        f"message {message_id} in chat {chat_id} has no button with "
                        f"callback_data {data!r}; its buttons carry {choices}"
                    )
            chat = message["chat"]
            if user_id is None:
                user_id = chat_id if chat["type"] == "private" else DEFAULT_GROUP_USER_ID
            user = self._users.get(user_id) or self._remember_user(user_id, "Anna", None)
            query_id = str(self._next_callback_id)
            self._next_callback_id += 1
            self._open_callback_queries.add(query_id)
            return self._queue_update(
                {
                    "callback_query": {
                        "id": query_id,
                        "from": user,
                        "message": copy.deepcopy(message),
                        "chat_instance": f"instance{chat_id}",
                        "data": data,
                    }
                }
            )

    def inject(self, update: dict) -> dict:
        """Queues a raw update (its update_id is assigned); messages in it are stored."""
        with self._cond:
            update = copy.deepcopy(update)
            update.pop("update_id", None)
            for value in update.values():
                if isinstance(value, dict) and "message_id" in value and "chat" in value:
                    chat_id = value["chat"]["id"]
                    self._chats.setdefault(chat_id, value["chat"])
                    self._messages[(chat_id, value["message_id"])] = copy.deepcopy(value)
                    last = self._last_message_id.get(chat_id, 0)
                    self._last_message_id[chat_id] = max(last, value["message_id"])
            return self._queue_update(update)

    def pending_updates(self) -> int:
        """Queued updates not yet confirmed by a getUpdates offset."""
        with self._cond:
            return len(self._updates)

    def wait_until_polling(self, timeout: float = 5.0) -> None:
        """Blocks until a client is waiting inside a long-polling getUpdates (the bot is up)."""
        with self._cond:
            if not self._cond.wait_for(lambda: self._waiting_polls > 0, timeout):
                raise AssertionError(f"nobody long-polled getUpdates within {timeout}s")

    # ------------------------------------------------------------------ what the bot did

    @property
    def sent(self) -> list[SentMessage]:
        """Snapshot of every successful send or edit, in order."""
        with self._cond:
            return list(self._sent)

    @property
    def calls(self) -> list[Call]:
        """Snapshot of every API call, failed ones included, in order."""
        with self._cond:
            return list(self._calls)

    def calls_of(self, method: str) -> list[Call]:
        """The calls of one method (name matched case-insensitively)."""
        return [call for call in self.calls if call.method.lower() == method.lower()]

    def messages_to(self, chat_id: int | str) -> list[SentMessage]:
        """Sends and edits addressed to one chat, in order."""
        return [message for message in self.sent if message.chat_id == chat_id]

    def message(self, chat_id: int, message_id: int) -> dict | None:
        """The current state of a stored message (user's or bot's), or None."""
        with self._cond:
            return copy.deepcopy(self._messages.get((chat_id, message_id)))

    def commands(self, scope_type: str = "default", language_code: str = "") -> list[dict]:
        """The commands set with setMyCommands for a scope without chat/user fields."""
        with self._cond:
            return copy.deepcopy(self._commands.get((scope_type, language_code), []))

    def wait_for(
        self,
        predicate: Callable[[list[SentMessage]], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        count: int = 1,
        timeout: float = 5.0,
    ) -> list[SentMessage]:
        """Blocks until `predicate(messages)` is true, or without a predicate until there are at
        least `count` messages; `messages` is `sent`, or `messages_to(chat_id)` if `chat_id` is
        given. Returns those messages. Raises AssertionError describing what was sent on timeout.
        """

        def candidates() -> list[SentMessage]:
            if chat_id is None:
                return list(self._sent)
            return [message for message in self._sent if message.chat_id == chat_id]

        def satisfied() -> bool:
            messages = candidates()
            return predicate(messages) if predicate is not None else len(messages) >= count

        with self._cond:
            deadline = time.monotonic() + timeout
            while not satisfied():
                remaining = deadline - time.monotonic()
                if remaining <= 0 or self._stopping:
                    raise AssertionError(self._describe_wait(predicate, chat_id, count, timeout))
                self._cond.wait(remaining)
            return candidates()

    async def await_for(
        self,
        predicate: Callable[[list[SentMessage]], bool] | None = None,
        *,
        chat_id: int | str | None = None,
        count: int = 1,
        timeout: float = 5.0,  # noqa: ASYNC109 - passed on to the blocking wait_for
    ) -> list[SentMessage]:
        """`wait_for` in a worker thread, so that a bot in the calling event loop keeps running."""
        return await asyncio.to_thread(
            self.wait_for, predicate, chat_id=chat_id, count=count, timeout=timeout
        )

    # ------------------------------------------------------------------ failure injection

    def fail_chat(
        self,
        chat_id: int | str,
        status: int,
        *,
        times: int | None = None,
        retry_after: int | None = None,
        description: str | None = None,
        methods: Iterable[str] = SEND_METHODS,
    ) -> None:
        """Makes calls of `methods` (by default those creating a message) to `chat_id` fail
        with `status`: the next `times` calls, or all of them when `times` is None.

        fail_chat(42, 429, times=1, retry_after=1): the next send answers 429 with
        parameters.retry_after (1 if not given). fail_chat(43, 403): "Forbidden: bot was blocked
        by the user", always.
        """
        if status == 429 and retry_after is None:
            retry_after = 1
        if description is None:
            description = {
                400: "Bad Request: chat not found",
                401: "Unauthorized",
                403: "Forbidden: bot was blocked by the user",
                429: f"Too Many Requests: retry after {retry_after}",
            }.get(status)
        if description is None:
            try:
                description = HTTPStatus(status).phrase
            except ValueError:
                description = f"Error {status}"
        with self._cond:
            self._failures[chat_id] = _Failure(
                status, description, times, retry_after, frozenset(methods)
            )

    def clear_failures(self) -> None:
        """Forgets every fail_chat()."""
        with self._cond:
            self._failures.clear()

    def enforce_limits(self, per_second: int = 30, per_chat_per_second: int = 1) -> None:
        """From now on, message sends beyond `per_second` in any one-second window, or beyond
        `per_chat_per_second` to one chat, answer 429 with retry_after (counted in
        `too_many_requests`).
        """
        with self._cond:
            self._limits = _RateLimits(per_second, per_chat_per_second)

    def disable_limits(self) -> None:
        """Stops enforce_limits()."""
        with self._cond:
            self._limits = None

    # ------------------------------------------------------------------ identities

    def bot_user(self, *, full: bool = False) -> dict:
        """The bot as a User dict; `full` adds the getMe-only fields."""
        user: dict[str, Any] = {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Aftercare Test Bot",
            "username": self.bot_username,
        }
        if full:
            user.update(
                can_join_groups=True,
                can_read_all_group_messages=False,
                supports_inline_queries=False,
                can_connect_to_business=False,
                has_main_web_app=False,
            )
        return user

    # ------------------------------------------------------------------ internals (lock held)

    def _remember_user(self, user_id: int, first_name: str, language_code: str | None) -> dict:
        user: dict[str, Any] = {"id": user_id, "is_bot": False, "first_name": first_name}
        if language_code:
            user["language_code"] = language_code
        self._users[user_id] = user
        return user

    def _chat(self, chat_id: int, chat_type: str | None = None, first_name: str = "") -> dict:
        """The known chat, or a new one (private for positive ids, else a group)."""
        chat = self._chats.get(chat_id)
        if chat is None or (chat_type is not None and chat["type"] != chat_type):
            chat_type = chat_type or ("private" if chat_id > 0 else "group")
            if str(chat_id).startswith("-100") and chat_type == "group":
                chat_type = "supergroup"
            chat = {"id": chat_id, "type": chat_type}
            if chat_type == "private":
                chat["first_name"] = first_name or f"User {chat_id}"
            else:
                chat["title"] = f"Test {chat_type} {chat_id}"
            self._chats[chat_id] = chat
        return chat

    def _new_message(self, chat: dict, sender: dict, content: dict[str, Any]) -> dict:
        """Stores a new message with the chat's next message_id and returns it (not a copy)."""
        chat_id = chat["id"]
        message_id = self._last_message_id.get(chat_id, 0) + 1
        self._last_message_id[chat_id] = message_id
        message = {
            "message_id": message_id,
            "from": sender,
            "chat": dict(chat),
            "date": int(time.time()),
            **content,
        }
        self._messages[(chat_id, message_id)] = message
        return message

    def _new_file(self, kind: str) -> dict:
        number = self._next_file_id
        self._next_file_id += 1
        return {
            "file_id": f"{kind}-{number}",
            "file_unique_id": f"u{kind}{number}",
            "file_size": 1024 * number,
        }

    def _user_message(
        self,
        chat_id: int,
        content: dict[str, Any],
        *,
        first_name: str = "Anna",
        user_id: int | None = None,
        chat_type: str = "private",
        reply_to_message_id: int | None = None,
        language_code: str | None = None,
    ) -> dict:
        with self._cond:
            if user_id is None:
                user_id = chat_id if chat_type == "private" else DEFAULT_GROUP_USER_ID
            user = self._remember_user(user_id, first_name, language_code)
            chat = self._chat(chat_id, chat_type, first_name)
            if reply_to_message_id is not None:
                replied = self._messages.get((chat_id, reply_to_message_id))
                if replied is None:
                    raise ValueError(f"no message {reply_to_message_id} in chat {chat_id}")
                content = {**content, "reply_to_message": copy.deepcopy(replied)}
            message = self._new_message(chat, user, content)
            return self._queue_update({"message": copy.deepcopy(message)})

    def _queue_update(self, update: dict) -> dict:
        update = {"update_id": self._next_update_id, **update}
        self._next_update_id += 1
        self._updates.append(update)
        self._cond.notify_all()
        return copy.deepcopy(update)

    def _describe_wait(
        self,
        predicate: Callable[[list[SentMessage]], bool] | None,
        chat_id: int | str | None,
        count: int,
        timeout: float,
    ) -> str:
        target = f"chat {chat_id}" if chat_id is not None else "any chat"
        wanted = "the predicate" if predicate is not None else f"{count} message(s)"
        reason = "the server stopped" if self._stopping else f"timed out after {timeout}s"
        lines = [f"{reason} waiting for {wanted} to {target}; sent so far ({len(self._sent)}):"]
        lines += [
            f"  {m.method} -> {m.chat_id} #{m.message_id}: {m.text!r}"
            + (f" buttons={[b.get('text') for b in m.buttons]}" if m.buttons else "")
            for m in self._sent[-30:]
        ]
        failed = [call for call in self._calls if call.status != 200][-10:]
        if failed:
            lines.append("failed calls:")
            lines += [
                f"  {c.method}({c.params.get('chat_id', '')}) -> {c.status} {c.description}"
                for c in failed
            ]
        return "\n".join(lines)

    # ------------------------------------------------------------------ HTTP entry point

    def _handle_request(
        self, path: str, query: str, content_type: str, body: bytes
    ) -> tuple[int, str, bytes]:
        """Answers one request; called from the handler threads."""
        if path.startswith("/file/bot"):
            return self._serve_file(path)
        parts = path.split("/")
        if len(parts) != 3 or not parts[1].startswith("bot") or not parts[2]:
            return _json_response(404, _error_envelope(404, "Not Found"))
        token, method_name = parts[1][3:], parts[2]
        try:
            params = _parse_body(content_type, query, body)
        except (ValueError, UnicodeDecodeError) as exc:
            params, parse_error = {}, exc
        else:
            parse_error = None

        with self._cond:
            name, implementation = self._methods.get(method_name.lower(), (method_name, None))
            try:
                if token != self.token:
                    raise _ApiError(401, "Unauthorized")
                if parse_error is not None:
                    raise _bad_request(f"can't parse request body: {parse_error}")
                if implementation is None:
                    raise _bad_request("method not found")
                self._apply_failures_and_limits(name, params)
                result = implementation(params)
                status, envelope = 200, {"ok": True, "result": result}
            except _ApiError as err:
                status = err.status
                envelope = _error_envelope(err.status, err.description, err.parameters)
            except Exception as exc:  # a bug in the fake: make it visible to the test
                status = 500
                envelope = _error_envelope(500, f"Internal Server Error: {exc!r}")
            self._calls.append(
                Call(name, params, status, envelope.get("description"), time.monotonic())
            )
            self._cond.notify_all()
        return _json_response(status, envelope)

    def _serve_file(self, path: str) -> tuple[int, str, bytes]:
        prefix = f"/file/bot{self.token}/"
        if not path.startswith(prefix):
            return _json_response(401, _error_envelope(401, "Unauthorized"))
        return 200, "application/octet-stream", f"fake file {path[len(prefix) :]}".encode()

    def _apply_failures_and_limits(self, method: str, params: dict[str, Any]) -> None:
        chat_id = params.get("chat_id")
        failure = self._failures.get(chat_id) if chat_id is not None else None
        if failure is not None and method in failure.methods:
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    del self._failures[chat_id]
            parameters = {"retry_after": failure.retry_after} if failure.retry_after else None
            raise _ApiError(failure.status, failure.description, parameters)
        if self._limits is not None and method in SEND_METHODS and chat_id is not None:
            self._check_limits(self._limits, chat_id)

    def _check_limits(self, limits: _RateLimits, chat_id: int | str) -> None:
        now = time.monotonic()
        per_chat = limits.recent_per_chat.setdefault(chat_id, deque())
        for window in (limits.recent, per_chat):
            while window and window[0] <= now - 1.0:
                window.popleft()
        if len(limits.recent) >= limits.per_second:
            wait = limits.recent[0] + 1.0 - now
        elif len(per_chat) >= limits.per_chat_per_second:
            wait = per_chat[0] + 1.0 - now
        else:
            limits.recent.append(now)
            per_chat.append(now)
            return
        self.too_many_requests += 1
        retry_after = max(1, math.ceil(wait))
        raise _ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )

    # ------------------------------------------------------------------ methods (lock held)

    def _get_webhook_info(self, _params: dict[str, Any]) -> dict:
        return {
            "url": self._webhook_url,
            "has_custom_certificate": False,
            "pending_update_count": len(self._updates),
        }

    def _set_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook_url = str(params.get("url") or "")
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _delete_webhook(self, params: dict[str, Any]) -> bool:
        self._webhook_url = ""
        if params.get("drop_pending_updates"):
            self._updates.clear()
        return True

    def _get_updates(self, params: dict[str, Any]) -> list[dict]:
        if self._webhook_url:
            raise _ApiError(
                409,
                "Conflict: can't use getUpdates method while webhook is active; "
                "use deleteWebhook to delete the webhook first",
            )
        offset = int(params.get("offset") or 0)
        limit = min(max(int(params.get("limit") or 100), 1), 100)
        timeout = max(float(params.get("timeout") or 0), 0.0)
        if "allowed_updates" in params:
            self._allowed_updates = frozenset(params["allowed_updates"] or ()) or None
        if offset > 0:
            self._updates = [u for u in self._updates if u["update_id"] >= offset]
        elif offset < 0:
            self._updates = self._updates[offset:]
        # A newer getUpdates terminates an older one that is still waiting, as on Telegram.
        self._poll_generation += 1
        generation = self._poll_generation
        self._cond.notify_all()

        deadline = time.monotonic() + timeout
        self._waiting_polls += 1
        self._cond.notify_all()
        try:
            while True:
                self._drop_unwanted_updates()
                if self._updates or self._stopping or generation != self._poll_generation:
                    break
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    break
                self._cond.wait(remaining)
        finally:
            self._waiting_polls -= 1
        if generation != self._poll_generation:
            raise _ApiError(
                409,
                "Conflict: terminated by other getUpdates request; "
                "make sure that only one bot instance is running",
            )
        return copy.deepcopy(self._updates[:limit])

    def _drop_unwanted_updates(self) -> None:
        if self._allowed_updates is not None:
            self._updates = [u for u in self._updates if self._allowed_updates & u.keys()]

    def _target_chat(self, params: dict[str, Any], key: str = "chat_id") -> dict:
        chat_id = params.get(key)
        if chat_id is None or chat_id == "":
            raise _bad_request(f"{key} is empty")
        if not isinstance(chat_id, int):
            raise _bad_request("chat not found")
        return self._chat(chat_id)

    def _stored_message(self, params: dict[str, Any], action: str) -> dict:
        if params.get("inline_message_id"):
            raise _bad_request("MESSAGE_ID_INVALID")  # the fake has no inline messages
        chat = self._target_chat(params)
        message = self._messages.get((chat["id"], params.get("message_id")))
        if message is None:
            raise _bad_request(f"message to {action} not found")
        return message

    @staticmethod
    def _check_text(text: str, parse_mode: str | None, *, caption: bool = False) -> None:
        visible = _visible_text(text, parse_mode)
        if not caption and not visible.strip():
            raise _bad_request("message text is empty")
        limit = MAX_CAPTION_LENGTH if caption else MAX_MESSAGE_LENGTH
        if _utf16_len(visible) > limit:
            raise _bad_request("message caption is too long" if caption else "message is too long")

    @staticmethod
    def _check_markup(markup: Any) -> dict | None:
        """Validates reply_markup; returns it if it belongs in the Message (inline keyboards)."""
        if markup is None:
            return None
        if not isinstance(markup, dict):
            raise _bad_request("can't parse reply keyboard markup JSON object")
        if "inline_keyboard" not in markup:
            return None  # reply keyboards and their removal are not echoed in the Message
        rows = markup["inline_keyboard"]
        if not isinstance(rows, list) or not all(isinstance(row, list) for row in rows):
            raise _bad_request("inline keyboard must be an array of button rows")
        for button in (button for row in rows for button in row):
            if not button.get("text"):
                raise _bad_request("text buttons are unallowed in the inline keyboard")
            data = button.get("callback_data")
            if data is not None and not 1 <= len(str(data).encode()) <= MAX_CALLBACK_DATA_BYTES:
                raise _bad_request("BUTTON_DATA_INVALID")
            if len(button) == 1:
                raise _bad_request("text buttons are unallowed in the inline keyboard")
        return markup

    def _reply_to(self, chat: dict, params: dict[str, Any]) -> dict[str, Any]:
        reply = params.get("reply_parameters") or {}
        reply_id = reply.get("message_id") or params.get("reply_to_message_id")
        if reply_id is None:
            return {}
        replied = self._messages.get((chat["id"], reply_id))
        if replied is None:
            if reply.get("allow_sending_without_reply") or params.get(
                "allow_sending_without_reply"
            ):
                return {}
            raise _bad_request("message to be replied not found")
        return {"reply_to_message": copy.deepcopy(replied)}

    def _record_sent(self, method: str, message: dict, params: dict[str, Any], text: Any) -> None:
        self._sent.append(
            SentMessage(
                method=method,
                chat_id=message["chat"]["id"],
                text=text,
                reply_markup=params.get("reply_markup"),
                parse_mode=params.get("parse_mode"),
                message_id=message["message_id"],
                params=params,
                at=time.monotonic(),
            )
        )
        self._cond.notify_all()

    def _send_message(self, params: dict[str, Any]) -> dict:
        chat = self._target_chat(params)
        text = str(params.get("text") or "")
        self._check_text(text, params.get("parse_mode"))
        content: dict[str, Any] = {"text": text, **self._reply_to(chat, params)}
        inline_markup = self._check_markup(params.get("reply_markup"))
        if inline_markup is not None:
            content["reply_markup"] = inline_markup
        if params.get("entities"):
            content["entities"] = params["entities"]
        message = self._new_message(chat, self.bot_user(), content)
        self._record_sent("sendMessage", message, params, text)
        return copy.deepcopy(message)

    def _send_file(self, params: dict[str, Any], kind: str) -> dict:
        chat = self._target_chat(params)
        source = params.get(kind)
        if not source:
            raise _bad_request(f"there is no {kind} in the request")
        caption = params.get("caption")
        if caption is not None:
            self._check_text(str(caption), params.get("parse_mode"), caption=True)
        file = self._new_file(kind)
        if isinstance(source, str) and not source.startswith(("http://", "https://", "attach:")):
            file["file_id"] = source  # resending a known file_id
        if kind == "photo":
            content: dict[str, Any] = {"photo": [{**file, "width": 800, "height": 800}]}
        else:
            name = source.get("upload") if isinstance(source, dict) else None
            content = {"document": {**file, "file_name": name or "document"}}
        if caption is not None:
            content["caption"] = caption
        content.update(self._reply_to(chat, params))
        inline_markup = self._check_markup(params.get("reply_markup"))
        if inline_markup is not None:
            content["reply_markup"] = inline_markup
        message = self._new_message(chat, self.bot_user(), content)
        method = "sendPhoto" if kind == "photo" else "sendDocument"
        self._record_sent(method, message, params, caption)
        return copy.deepcopy(message)

    def _forward_or_copy(self, params: dict[str, Any], *, forward: bool) -> dict:
        chat = self._target_chat(params)
        source_chat = self._target_chat(params, "from_chat_id")
        source = self._messages.get((source_chat["id"], params.get("message_id")))
        if source is None:
            raise _bad_request(f"message to {'forward' if forward else 'copy'} not found")
        envelope = {"message_id", "from", "chat", "date", "edit_date", "reply_markup"}
        envelope |= {"reply_to_message", "forward_origin"}
        content = {k: copy.deepcopy(v) for k, v in source.items() if k not in envelope}
        if forward:
            origin = {"type": "user", "sender_user": source["from"], "date": source["date"]}
            content["forward_origin"] = origin
        else:
            if "caption" in params:
                content["caption"] = params["caption"]
            inline_markup = self._check_markup(params.get("reply_markup"))
            if inline_markup is not None:
                content["reply_markup"] = inline_markup
        message = self._new_message(chat, self.bot_user(), content)
        method = "forwardMessage" if forward else "copyMessage"
        self._record_sent(method, message, params, content.get("text", content.get("caption")))
        if forward:
            return copy.deepcopy(message)
        return {"message_id": message["message_id"]}

    def _edit_message_text(self, params: dict[str, Any]) -> dict:
        message = self._stored_message(params, "edit")
        if message["from"]["id"] != self.bot_id:
            raise _bad_request("message can't be edited")
        if "text" not in message:
            raise _bad_request("there is no text in the message to edit")
        text = str(params.get("text") or "")
        self._check_text(text, params.get("parse_mode"))
        inline_markup = self._check_markup(params.get("reply_markup"))
        if text == message["text"] and inline_markup == message.get("reply_markup"):
            raise _bad_request(_NOT_MODIFIED)
        message["text"] = text
        message["edit_date"] = int(time.time())
        if inline_markup is None:
            message.pop("reply_markup", None)  # editing without reply_markup removes it
        else:
            message["reply_markup"] = inline_markup
        self._record_sent("editMessageText", message, params, text)
        return copy.deepcopy(message)

    def _edit_message_reply_markup(self, params: dict[str, Any]) -> dict:
        message = self._stored_message(params, "edit")
        if message["from"]["id"] != self.bot_id:
            raise _bad_request("message can't be edited")
        inline_markup = self._check_markup(params.get("reply_markup"))
        if inline_markup == message.get("reply_markup"):
            raise _bad_request(_NOT_MODIFIED)
        if inline_markup is None:
            message.pop("reply_markup", None)
        else:
            message["reply_markup"] = inline_markup
        message["edit_date"] = int(time.time())
        text = message.get("text", message.get("caption"))
        self._record_sent("editMessageReplyMarkup", message, params, text)
        return copy.deepcopy(message)

    def _delete_message(self, params: dict[str, Any]) -> bool:
        message = self._stored_message(params, "delete")
        del self._messages[(message["chat"]["id"], message["message_id"])]
        return True

    def _answer_callback_query(self, params: dict[str, Any]) -> bool:
        query_id = str(params.get("callback_query_id") or "")
        if query_id not in self._open_callback_queries:
            raise _ApiError(400, _QUERY_INVALID)
        self._open_callback_queries.discard(query_id)
        return True

    def _send_chat_action(self, params: dict[str, Any]) -> bool:
        self._target_chat(params)
        if not params.get("action"):
            raise _bad_request("action is empty")
        return True

    def _get_chat(self, params: dict[str, Any]) -> dict:
        chat_id = params.get("chat_id")
        if chat_id not in self._chats:
            raise _bad_request("chat not found")
        return {
            **self._chats[chat_id],
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }

    def _get_file(self, params: dict[str, Any]) -> dict:
        file_id = str(params.get("file_id") or "")
        if not file_id:
            raise _bad_request("file_id is empty")
        return {
            "file_id": file_id,
            "file_unique_id": f"u{file_id}",
            "file_size": 1024,
            "file_path": f"files/{file_id}",
        }

    @staticmethod
    def _scope_key(params: dict[str, Any]) -> tuple[str, str]:
        scope = params.get("scope") or {"type": "default"}
        key = scope["type"]
        for extra in ("chat_id", "user_id"):
            if extra in scope:
                key += f":{scope[extra]}"
        return key, str(params.get("language_code") or "")

    def _set_my_commands(self, params: dict[str, Any]) -> bool:
        commands = params.get("commands")
        if not isinstance(commands, list):
            raise _bad_request("commands is empty")
        if len(commands) > 100:
            raise _bad_request("too many commands")
        for command in commands:
            name = str(command.get("command", ""))
            description = str(command.get("description", ""))
            valid_name = 1 <= len(name) <= 32 and all(
                c.isascii() and (c.islower() or c.isdigit() or c == "_") for c in name
            )
            if not valid_name or not 1 <= len(description) <= 256:
                raise _bad_request("BOT_COMMAND_INVALID")
        self._commands[self._scope_key(params)] = copy.deepcopy(commands)
        return True

    def _get_my_commands(self, params: dict[str, Any]) -> list[dict]:
        return copy.deepcopy(self._commands.get(self._scope_key(params), []))

    def _delete_my_commands(self, params: dict[str, Any]) -> bool:
        self._commands.pop(self._scope_key(params), None)
        return True
