"""Failure injection and flood limits: make calls to a chat fail, or answer 429 beyond a rate."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Callable, Iterable
from http import HTTPStatus
from typing import Any

from tests.fake_telegram.records import Failure, RateLimits
from tests.fake_telegram.state import State
from tests.fake_telegram.wire import ApiError

# Methods that create a new message: `fail_chat` and `enforce_limits` apply to these by default.
SEND_METHODS = frozenset(
    {"sendMessage", "sendPhoto", "sendDocument", "forwardMessage", "copyMessage"}
)


class Failures(State):
    """Injected failures and limits, checked before any method runs."""

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
            self._failures[chat_id] = Failure(
                status, description, times, retry_after, frozenset(methods)
            )

    def clear_failures(self) -> None:
        """Forgets every fail_chat()."""
        with self._cond:
            self._failures.clear()

    def enforce_limits(
        self, per_second: int = 30, per_chat_per_second: int = 1, per_group_per_minute: int = 20
    ) -> None:
        """From now on, message sends beyond `per_second` in any one-second window, beyond
        `per_chat_per_second` to one chat, or beyond `per_group_per_minute` to one group in any
        minute, answer 429 with retry_after: each is a limit violation, counted in
        `too_many_requests`.
        """
        with self._cond:
            self._limits = RateLimits(per_second, per_chat_per_second, per_group_per_minute)

    def use_clock(self, clock: Callable[[], float]) -> None:
        """Judge the limits, and time the records, by `clock` (monotonic seconds) instead of
        real time: the bot's fake pace time in tests that do not wait for real seconds."""
        with self._cond:
            self.clock = clock

    def disable_limits(self) -> None:
        """Stops enforce_limits()."""
        with self._cond:
            self._limits = None

    def _apply_failures_and_limits(self, method: str, params: dict[str, Any]) -> None:
        """Raises the injected failure or the 429 this call gets, if any."""
        chat_id = params.get("chat_id")
        failure = self._failures.get(chat_id) if chat_id is not None else None
        if failure is not None and method in failure.methods:
            if failure.times is not None:
                failure.times -= 1
                if failure.times <= 0:
                    del self._failures[chat_id]
            parameters = {"retry_after": failure.retry_after} if failure.retry_after else None
            raise ApiError(failure.status, failure.description, parameters)
        if self._limits is not None and method in SEND_METHODS and chat_id is not None:
            self._check_limits(self._limits, chat_id)

    def _check_limits(self, limits: RateLimits, chat_id: int | str) -> None:
        now = self.clock()
        per_chat = limits.recent_per_chat.setdefault(chat_id, deque())
        group = isinstance(chat_id, str) or chat_id < 0
        per_group = limits.recent_per_group.setdefault(chat_id, deque()) if group else deque()
        for window, seconds in ((limits.recent, 1.0), (per_chat, 1.0), (per_group, 60.0)):
            while window and window[0] <= now - seconds:
                window.popleft()
        if len(limits.recent) >= limits.per_second:
            wait = limits.recent[0] + 1.0 - now
        elif len(per_chat) >= limits.per_chat_per_second:
            wait = per_chat[0] + 1.0 - now
        elif group and len(per_group) >= limits.per_group_per_minute:
            wait = per_group[0] + 60.0 - now
        else:
            limits.recent.append(now)
            per_chat.append(now)
            if group:
                per_group.append(now)
            return
        self.too_many_requests += 1
        retry_after = max(1, math.ceil(wait))
        raise ApiError(
            429, f"Too Many Requests: retry after {retry_after}", {"retry_after": retry_after}
        )
