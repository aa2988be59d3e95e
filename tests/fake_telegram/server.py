"""`FakeTelegram`, assembled from its parts: start and stop, addresses, and request dispatch."""

from __future__ import annotations

import threading

from tests.fake_telegram.api_bot import BotApi
from tests.fake_telegram.api_chats import ChatsApi
from tests.fake_telegram.api_files import FilesApi
from tests.fake_telegram.api_messages import MessagesApi
from tests.fake_telegram.api_updates import UpdatesApi
from tests.fake_telegram.failures import Failures
from tests.fake_telegram.inspection import Inspection
from tests.fake_telegram.records import Call
from tests.fake_telegram.state import DEFAULT_TOKEN, Method
from tests.fake_telegram.transport import Server
from tests.fake_telegram.users import Users
from tests.fake_telegram.wire import (
    ApiError,
    bad_request,
    error_envelope,
    json_response,
    parse_body,
)


class FakeTelegram(
    Users, Inspection, Failures, UpdatesApi, MessagesApi, FilesApi, ChatsApi, BotApi
):
    """A fake Telegram Bot API server in a background thread.

    Thread-safe: every piece of state is guarded by one `threading.Condition`, which also wakes
    long-polling `getUpdates` calls and `wait_for` callers whenever something happens.
    """

    def __init__(
        self, token: str = DEFAULT_TOKEN, bot_username: str = "aftercare_test_bot", port: int = 0
    ) -> None:
        super().__init__(token, bot_username)
        self._port = port  # 0: an ephemeral one; a given one lets a test start the server late
        self._server: Server | None = None
        self._thread: threading.Thread | None = None
        methods: dict[str, Method] = {
            **self._bot_methods(),
            **self._update_methods(),
            **self._message_methods(),
            **self._file_methods(),
            **self._chat_methods(),
        }
        # Telegram matches method names case-insensitively.
        self._methods = {name.lower(): (name, fn) for name, fn in methods.items()}

    # ------------------------------------------------------------------ lifecycle

    def start(self) -> FakeTelegram:
        """Binds 127.0.0.1 (on an ephemeral port unless given) and serves in a daemon thread."""
        if self._server is not None:
            raise RuntimeError("FakeTelegram is already started")
        self._server = Server(self._handle_request, self._port)
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

    # ------------------------------------------------------------------ HTTP entry point

    def _handle_request(
        self, path: str, query: str, content_type: str, body: bytes
    ) -> tuple[int, str, bytes]:
        """Answers one request; called from the handler threads."""
        if path.startswith("/file/bot"):
            return self._serve_file(path)
        parts = path.split("/")
        if len(parts) != 3 or not parts[1].startswith("bot") or not parts[2]:
            return json_response(404, error_envelope(404, "Not Found"))
        token, method_name = parts[1][3:], parts[2]
        try:
            params = parse_body(content_type, query, body)
        except (ValueError, UnicodeDecodeError) as exc:
            params, parse_error = {}, exc
        else:
            parse_error = None

        with self._cond:
            name, implementation = self._methods.get(method_name.lower(), (method_name, None))
            try:
                if token != self.token:
                    raise ApiError(401, "Unauthorized")
                if parse_error is not None:
                    raise bad_request(f"can't parse request body: {parse_error}")
                if implementation is None:
                    raise bad_request("method not found")
                self._apply_failures_and_limits(name, params)
                result = implementation(params)
                status, envelope = 200, {"ok": True, "result": result}
            except ApiError as err:
                status = err.status
                envelope = error_envelope(err.status, err.description, err.parameters)
            except Exception as exc:  # a bug in the fake: make it visible to the test
                status = 500
                envelope = error_envelope(500, f"Internal Server Error: {exc!r}")
            self._calls.append(
                Call(name, params, status, envelope.get("description"), self.clock())
            )
            self._cond.notify_all()
        return json_response(status, envelope)
