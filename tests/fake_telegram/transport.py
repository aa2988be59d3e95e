"""HTTP on loopback: a keep-alive request handler and a threaded server that tracks connections.

The server knows nothing of Telegram: it hands each request to an `Answer` callable (the fake's
request dispatch) and writes back what that returns.
"""

from __future__ import annotations

import contextlib
import socket
import socketserver
import sys
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import unquote, urlsplit

# (path, query, content type, body) -> (status, content type, payload)
Answer = Callable[[str, str, str, bytes], tuple[int, str, bytes]]


class Handler(BaseHTTPRequestHandler):
    """Reads one HTTP request, lets the server's `answer` answer it, writes the answer."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True  # small keep-alive responses must not wait for delayed ACKs
    server: Server

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
            status, content_type, payload = self.server.answer(
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


class Server(ThreadingHTTPServer):
    """ThreadingHTTPServer on 127.0.0.1 (an ephemeral port unless given) that knows its open
    connections."""

    daemon_threads = True
    block_on_close = False
    # socketserver's default listen backlog of 5 drops connections when a bot opens many at
    # once (PTB's pool allows 256): the client then sees httpx.ReadError.
    request_queue_size = 256

    def __init__(self, answer: Answer, port: int = 0) -> None:
        self.answer = answer
        self._connections: dict[socket.socket, bool] = {}  # connection -> answering a request
        self._connections_cond = threading.Condition()
        super().__init__(("127.0.0.1", port), Handler)

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
