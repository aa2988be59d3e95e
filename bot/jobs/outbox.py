"""The outbox: the one place every message of the bot waits for its slot within Telegram's limits.

`Outbox` is the application's rate limiter (python-telegram-bot's `BaseRateLimiter`): every
request of the bot's `Bot` passes through `process_request`, so replies, alerts, check-ins and
broadcasts share one `Pacer` without any handler knowing. A reply needs nothing; a proactive
message first waits for its `turn` (a slot for its chat), then decides whether it may still go,
then sends with `rate_limit_args=turn`, or gives the slot back unused.

A 429 pauses every message for its `retry_after`, then the same request goes again, first.
While the process does not hold the send lease (`bot.jobs.lease`), nothing is sent.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
from collections.abc import AsyncIterator, Callable, Coroutine
from datetime import timedelta
from typing import Any, Protocol

from telegram.error import RetryAfter
from telegram.ext import BaseRateLimiter, ExtBot

from bot.jobs.pacing import ChatKey, Pacer, Priority, Ticket

log = logging.getLogger(__name__)

# A message answered 429 this many times in a row is given up (the error is raised).
RETRIES_AFTER_429 = 5
# Added to Telegram's retry_after, so the retry never arrives a hair too early.
RETRY_MARGIN = 0.05

Result = bool | dict[str, Any] | list[dict[str, Any]]


class Cancellable(Protocol):
    def cancel(self) -> None: ...


class Ticker(Protocol):
    """Monotonic time and timers: the event loop itself, or a fake one in tests."""

    def time(self) -> float: ...

    def call_at(self, when: float, callback: Callable[[], object]) -> Cancellable: ...


def retry_seconds(error: RetryAfter) -> float:
    """How long Telegram asked to wait: an int, or a timedelta with PTB_TIMEDELTA set."""
    value = error.retry_after
    return value.total_seconds() if isinstance(value, timedelta) else float(value)


def paced_bot(token: str, urls: tuple[str, str] | None, outbox: Outbox) -> ExtBot[Turn | Priority]:
    """A Bot whose every request goes through `outbox`: for a process without an Application
    (a command-line broadcast). `urls`: (base_url, base_file_url), None for Telegram's."""
    if urls is None:
        return ExtBot(token, rate_limiter=outbox)
    return ExtBot(token, base_url=urls[0], base_file_url=urls[1], rate_limiter=outbox)


def paced(endpoint: str) -> bool:
    """Whether a Bot API method puts a message in a chat (new or edited): those are paced."""
    return endpoint.startswith(("send", "forward", "copy", "edit")) and endpoint != "sendChatAction"


def _chat_key(chat_id: object) -> ChatKey | None:
    """The chat a request's `chat_id` names, as the pace counts it (None: no chat)."""
    if isinstance(chat_id, int):
        return chat_id
    if isinstance(chat_id, str):
        return int(chat_id) if chat_id.lstrip("-").isdigit() else chat_id
    return None


class Turn:
    """A slot one chat has waited for, not used yet: pass it as `rate_limit_args`.

    Later requests with the same turn (the other parts of a long message) wait for slots of
    their own, at the turn's priority.
    """

    def __init__(self, ticket: Ticket) -> None:
        self.chat = ticket.chat
        self.priority = ticket.priority
        self._ticket: Ticket | None = ticket

    @property
    def used(self) -> bool:
        return self._ticket is None

    def _take(self) -> Ticket | None:
        ticket, self._ticket = self._ticket, None
        return ticket


class Turns(Protocol):
    """What a proactive sender needs of the outbox: to wait for a chat's turn."""

    def turn(
        self, chat_id: int, priority: Priority = Priority.BULK
    ) -> contextlib.AbstractAsyncContextManager[Turn]: ...


class Outbox(BaseRateLimiter[Turn | Priority]):
    """Every paced request waits for a slot from the `Pacer`; a 429 pauses them all."""

    def __init__(
        self, pacer: Pacer | None = None, ticker: Ticker | None = None, *, sending: bool = True
    ) -> None:
        self._pacer = pacer or Pacer()
        self._ticker = ticker
        self._sending = sending
        self._granted: dict[Ticket, asyncio.Future[None]] = {}
        self._timer: Cancellable | None = None
        self._timer_at: float | None = None
        self.sent = 0  # paced requests made (answered or not)

    # -- BaseRateLimiter -------------------------------------------------------------

    async def initialize(self) -> None:
        """Nothing to set up: the timers belong to the running event loop."""

    async def shutdown(self) -> None:
        self._cancel_timer()

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, Result]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: Turn | Priority | None,
    ) -> Result:
        chat = _chat_key(data.get("chat_id"))
        if chat is None or not paced(endpoint):
            return await self._unpaced(callback, args, kwargs)
        priority, ticket = Priority.INTERACTIVE, None
        if isinstance(rate_limit_args, Turn):
            priority = rate_limit_args.priority
            if rate_limit_args.chat == chat:
                ticket = rate_limit_args._take()
        elif isinstance(rate_limit_args, Priority):
            priority = rate_limit_args
        for attempt in itertools.count():
            if ticket is None:
                ticket = await self._acquire(chat, priority, new_message=endpoint[:4] != "edit")
            try:
                self.sent += 1
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self._pause(error)
                if attempt >= RETRIES_AFTER_429:
                    raise
                priority = Priority.RETRY  # the same message goes first once the pause ends
            finally:
                self._pacer.finished(ticket, self._clock().time())
                ticket = None
                self._pump()
        raise AssertionError("unreachable")  # pragma: no cover

    # -- for proactive messages --------------------------------------------------------

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int, priority: Priority = Priority.BULK) -> AsyncIterator[Turn]:
        """Wait for a slot to `chat_id`; a slot not used by the end of the block is given back."""
        turn = Turn(await self._acquire(chat_id, priority))
        try:
            yield turn
        finally:
            ticket = turn._take()
            if ticket is not None:
                self._pacer.unused(ticket)
                self._pump()

    # -- the send lease --------------------------------------------------------------

    def start_sending(self, quiet_first: float = 0.0) -> None:
        """This process may send (it holds the send lease), after `quiet_first` seconds."""
        self._sending = True
        if quiet_first:
            self._pacer.pause(self._clock().time() + quiet_first)
        self._pump()

    def stop_sending(self) -> None:
        """Nothing more goes out (requests already made finish) until `start_sending`."""
        self._sending = False
        self._cancel_timer()

    @property
    def sending(self) -> bool:
        return self._sending

    # -- what it is doing --------------------------------------------------------------

    @property
    def in_flight(self) -> int:
        """Paced requests made and not answered yet."""
        return self._pacer.in_flight

    def waiting(self, priority: Priority | None = None) -> int:
        """Requests waiting for a slot (of one priority, or all)."""
        return self._pacer.waiting(priority)

    # -- inside --------------------------------------------------------------------

    def _clock(self) -> Ticker:
        return self._ticker or asyncio.get_running_loop()

    async def _acquire(
        self, chat: ChatKey, priority: Priority, *, new_message: bool = True
    ) -> Ticket:
        ticket = self._pacer.want(chat, priority, new_message=new_message)
        future = asyncio.get_running_loop().create_future()
        self._granted[ticket] = future
        self._pump()
        try:
            await future
        except BaseException:
            self._granted.pop(ticket, None)
            if future.done() and not future.cancelled():  # granted as it was being cancelled
                self._pacer.unused(ticket)
            else:
                self._pacer.withdraw(ticket)
            self._pump()
            raise
        return ticket

    def _pump(self) -> None:
        """Hand out every slot due now, then set a timer for the next one."""
        if not self._sending:
            return
        ticker = self._clock()
        now = ticker.time()
        while (ticket := self._pacer.grant(now)) is not None:
            future = self._granted.pop(ticket, None)
            if future is None or future.done():  # its waiter was cancelled meanwhile
                self._pacer.unused(ticket)
                continue
            future.set_result(None)
        at = self._pacer.next_time(now)
        if at == self._timer_at:
            return
        self._cancel_timer()
        if at is not None:
            self._timer, self._timer_at = ticker.call_at(at, self._on_timer), at

    def _on_timer(self) -> None:
        self._timer = self._timer_at = None
        self._pump()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer = self._timer_at = None

    def _pause(self, error: RetryAfter) -> None:
        wait = retry_seconds(error) + RETRY_MARGIN
        log.warning("Telegram asked to slow down: pausing every message for %.1f s", wait)
        self._pacer.pause(self._clock().time() + wait)
        self._pump()

    async def _unpaced(
        self, callback: Callable[..., Coroutine[Any, Any, Result]], args: Any, kwargs: Any
    ) -> Result:
        """Requests that put no message in a chat (button answers, commands, files)."""
        for attempt in itertools.count():
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                self._pause(error)
                if attempt >= RETRIES_AFTER_429:
                    raise
                await self._sleep(retry_seconds(error) + RETRY_MARGIN)
        raise AssertionError("unreachable")  # pragma: no cover

    async def _sleep(self, seconds: float) -> None:
        """Wait `seconds` on the ticker's time."""
        waited = asyncio.get_running_loop().create_future()
        ticker = self._clock()

        def wake() -> None:
            if not waited.done():
                waited.set_result(None)

        timer = ticker.call_at(ticker.time() + seconds, wake)
        try:
            await waited
        finally:
            timer.cancel()
