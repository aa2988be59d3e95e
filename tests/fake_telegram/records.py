"""What the server records: messages the bot sent, every call, injected failures, rate windows."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field
from typing import Any


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
    at: float  # the server's clock (time.monotonic() unless use_clock) when it accepted it

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
    at: float  # the server's clock (time.monotonic() unless use_clock) when the answer was ready


@dataclass
class Failure:
    """A fail_chat() in force: its answer and how many more calls it fails."""

    status: int
    description: str
    times: int | None  # None: every time
    retry_after: int | None
    methods: frozenset[str]


@dataclass
class RateLimits:
    """The enforce_limits() in force and the send times in the last second (minute, groups)."""

    per_second: int
    per_chat_per_second: int
    per_group_per_minute: int = 20
    recent: deque[float] = field(default_factory=deque)
    recent_per_chat: dict[int | str, deque[float]] = field(default_factory=dict)
    recent_per_group: dict[int | str, deque[float]] = field(default_factory=dict)
