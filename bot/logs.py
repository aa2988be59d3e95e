"""Logging: one stderr handler, the token masked everywhere, HTTP client chatter kept quiet.

Lines are text, or one JSON object each (`AFTERCARE_LOG_FORMAT=json`) for a log collector.
Client messages are logged at DEBUG at most, never at INFO.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TextIO

MASK = "[token]"
FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
# httpx and httpcore log every request URL, which contains the token, at INFO; aiosqlite logs
# every SQL statement with its parameters (clients' messages among them) at DEBUG.
QUIET_LOGGERS = ("httpx", "httpcore", "aiosqlite")


class MaskSecrets(logging.Filter):
    """Replaces each secret anywhere in a record (message, arguments, traceback) with a mask."""

    def __init__(self, secrets: Iterable[str], mask: str = MASK) -> None:
        super().__init__()
        # Longest first, so a whole token is masked before its secret half is.
        self.secrets = sorted({s for s in secrets if s}, key=len, reverse=True)
        self.mask = mask

    def hide(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, self.mask)
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        message = record.getMessage()
        record.msg, record.args = self.hide(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.hide(record.exc_text)
        if record.stack_info:
            record.stack_info = self.hide(record.stack_info)
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per record: time, level, logger, message, and exception if any."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info and not record.exc_text:
            record.exc_text = self.formatException(record.exc_info)
        if record.exc_text:
            entry["exception"] = record.exc_text
        if record.stack_info:
            entry["stack"] = record.stack_info
        return json.dumps(entry, ensure_ascii=False)


def token_secrets(token: str) -> list[str]:
    """The token, and its part after the colon (which may appear URL-encoded alone)."""
    return [token, token.partition(":")[2]] if token else []


def setup_logging(
    level: str, token: str, stream: TextIO | None = None, fmt: str = "text"
) -> logging.Handler:
    """Send every log record to stderr (or `stream`) with the token masked; returns the handler.

    `fmt` is "text" (one readable line) or "json" (one JSON object per line).
    """
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter() if fmt == "json" else logging.Formatter(FORMAT))
    handler.addFilter(MaskSecrets(token_secrets(token)))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(level)
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    return handler
