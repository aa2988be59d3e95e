"""Reaching Telegram: every request watched, and the answers no retry can fix made one line.

`TelegramLink` hears how each request went (through `WatchedRequest`, the HTTP layer PTB
sends through): it logs once when Telegram can no longer be reached and once when it
answers again, never a traceback per attempt; it remembers the last successful poll (the
heartbeat's "polled recently") and the failures of polls and of everything else (the
staff alerts). A rejected token (401) or another program taking this bot's updates (409, seen by
`polling_failed`) cannot be fixed by retrying: the link records the one line to exit with
and says stop.

`connect` is the start-up: the first call (getMe) tried again with growing waits until
Telegram answers. While running, PTB's polling loop retries by itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from http import HTTPStatus
from typing import Any

from telegram.error import (
    BadRequest,
    Conflict,
    InvalidToken,
    NetworkError,
    RetryAfter,
    TelegramError,
)
from telegram.ext import Application
from telegram.request import HTTPXRequest

from bot.clock import Clock
from bot.core.alerts import Failures
from bot.core.backoff import Backoff
from bot.core.health import describe_duration
from bot.jobs.outbox import retry_seconds

log = logging.getLogger(__name__)

TOKEN_REFUSED = (
    "Telegram refused TELEGRAM_BOT_TOKEN ({why}): check the token with @BotFather "
    "(and TELEGRAM_API_URL, if it is set)"
)
CONFLICT = (
    "Telegram gives this bot's updates to another program ({why}): stop the other copy "
    "of the bot (or its webhook), or give this one a token of its own"
)


@dataclass
class Channel:
    """How one kind of request has been going: the failures since the last success."""

    first_failure: datetime | None = None
    last_failure: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None

    def failures(self) -> Failures | None:
        """The failures since the last success, for the staff alerts; None when it works."""
        if self.first_failure is None or self.last_failure is None:
            return None
        return Failures(self.first_failure, self.last_failure)

    def succeeded(self, now: datetime) -> None:
        self.first_failure = self.last_failure = self.last_error = None
        self.last_success = now

    def failed(self, now: datetime, error: str) -> None:
        self.first_failure = self.first_failure or now
        self.last_failure, self.last_error = now, error


class TelegramLink:
    """What the requests to Telegram tell about the connection to it."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self.polls = Channel()  # getUpdates
        self.sends = Channel()  # everything else: messages, buttons, commands
        self.fatal: str | None = None  # the one line to stop with, when retrying cannot help
        self.on_fatal: Callable[[], None] = lambda: None
        self._reachable: bool | None = None  # None until the first request
        self._lost_at: datetime | None = None

    @property
    def last_poll_at(self) -> datetime | None:
        """When Telegram last answered a poll for updates."""
        return self.polls.last_success

    @property
    def unreachable_because(self) -> str | None:
        """Why Telegram cannot be reached, while it cannot."""
        return self.polls.last_error if self._reachable is False else None

    def answered(self, channel: Channel, status: int) -> None:
        """Telegram answered a request with HTTP `status`."""
        now = self._clock.now()
        if status >= HTTPStatus.INTERNAL_SERVER_ERROR:
            self._unreachable(channel, now, f"Telegram answered {status} {_phrase(status)}")
            return
        self._reached(now)
        if status == HTTPStatus.TOO_MANY_REQUESTS:
            channel.failed(now, "Telegram asked to slow down (429)")
        else:
            channel.succeeded(now)
        if status == HTTPStatus.UNAUTHORIZED:
            self.stop_with(TOKEN_REFUSED.format(why="401 Unauthorized"))

    def not_answered(self, channel: Channel, error: NetworkError) -> None:
        """A request got no answer: the network, a timeout, or Telegram is down."""
        self._unreachable(channel, self._clock.now(), str(error))

    def stop_with(self, line: str) -> None:
        """Retrying cannot help: remember why, and ask the bot to stop."""
        if self.fatal is None:
            self.fatal = line
            self.on_fatal()

    def polling_failed(self, error: TelegramError) -> None:
        """PTB's polling loop failed once and will try again: no traceback each time.

        A conflict (409: another program polls, or a webhook is set) will not go away: stop.
        """
        if isinstance(error, Conflict):
            self.stop_with(CONFLICT.format(why=error.message))
        elif not isinstance(error, NetworkError) or isinstance(error, BadRequest):
            log.warning("Polling Telegram failed: %s", error.message)
        # Otherwise the connection is lost: logged once, by `not_answered`.

    def _unreachable(self, channel: Channel, now: datetime, error: str) -> None:
        channel.failed(now, error)
        if self._reachable is not False:
            log.warning("Telegram cannot be reached: %s. Trying again until it answers.", error)
            self._reachable, self._lost_at = False, now

    def _reached(self, now: datetime) -> None:
        if self._reachable is False and self._lost_at is not None:
            log.info(
                "Telegram answers again (it could not be reached for %s)",
                describe_duration(now - self._lost_at),
            )
        self._reachable, self._lost_at = True, None


class QuietOnceFatal(logging.Filter):
    """Once the link is stopping the bot for good, log records lose their tracebacks: a token
    refused mid-run fails PTB's polling loop, the handler sending a reply and asyncio's
    bookkeeping, each with one, and the line the bot exits with says what to fix."""

    def __init__(self, link: TelegramLink) -> None:
        super().__init__()
        self._link = link

    def filter(self, record: logging.LogRecord) -> bool:
        if self._link.fatal is not None:
            record.exc_info, record.exc_text = None, None
        return True


class WatchedRequest(HTTPXRequest):
    """PTB's HTTP layer, telling the link how each request went."""

    def __init__(self, link: TelegramLink, channel: Channel, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._link = link
        self._channel = channel

    async def do_request(self, *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        try:
            status, payload = await super().do_request(*args, **kwargs)
        except NetworkError as error:  # no answer at all (TimedOut included)
            self._link.not_answered(self._channel, error)
            raise
        self._link.answered(self._channel, status)
        return status, payload


def watched_requests(link: TelegramLink) -> tuple[WatchedRequest, WatchedRequest]:
    """(for every call, for getUpdates): the pool sizes PTB's builder would use."""
    return (
        WatchedRequest(link, link.sends, connection_pool_size=256),
        WatchedRequest(link, link.polls, connection_pool_size=1),
    )


async def connect(
    app: Application, link: TelegramLink, backoff: Backoff, stop: asyncio.Event
) -> bool:
    """Initialise the application (its first call to Telegram), trying again with growing
    waits while Telegram cannot be reached. False if told to stop first, or if the token
    was refused (then `link.fatal` says so)."""
    for delay in backoff.delays():
        try:
            await app.initialize()
            return True
        except InvalidToken as error:  # 404 as well as 401: a wrong token or API URL
            link.stop_with(TOKEN_REFUSED.format(why=error.message))
            return False
        except RetryAfter as error:
            delay = max(delay, retry_seconds(error))
        except NetworkError as error:
            if isinstance(error, BadRequest):
                raise
            # The link has logged it, once.
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(delay):  # not wait_for: it may swallow a cancel (3.11)
                await stop.wait()
        if stop.is_set():
            return False
    return False  # pragma: no cover - the delays never end


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""
