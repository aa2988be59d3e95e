"""What the requests to Telegram tell the link: the last poll, failures by kind, the lost
connection logged once and its return once, and the answers no retry can fix."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from telegram.error import Conflict, NetworkError, TelegramError, TimedOut

from bot.telegram.connection import TelegramLink
from tests.clocks import FakeClock
from tests.conftest import START


@pytest.fixture
def link(clock: FakeClock) -> TelegramLink:
    return TelegramLink(clock)


def test_a_poll_answered_is_the_last_poll(link: TelegramLink, clock: FakeClock) -> None:
    clock.advance(timedelta(seconds=3))
    link.answered(link.polls, 200)
    assert link.last_poll_at == START + timedelta(seconds=3)
    assert link.polls.failures() is None


def test_a_lost_connection_is_logged_once_and_its_return_once(
    link: TelegramLink, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger="bot.telegram.connection")
    link.answered(link.polls, 200)
    for _ in range(5):
        link.not_answered(link.polls, NetworkError("httpx.ConnectError: refused"))
        link.not_answered(link.sends, TimedOut())
        clock.advance(timedelta(minutes=1))
    assert link.unreachable_because == "httpx.ConnectError: refused"
    link.answered(link.polls, 200)
    assert [r.getMessage() for r in caplog.records] == [
        "Telegram cannot be reached: httpx.ConnectError: refused. Trying again until it answers.",
        "Telegram answers again (it could not be reached for 5 min)",
    ]
    assert link.unreachable_because is None
    assert link.polls.failures() is None
    sends = link.sends.failures()
    assert sends is not None
    assert (sends.first, sends.last) == (START, START + timedelta(minutes=4))


def test_telegram_down_counts_as_unreachable_and_slow_down_as_a_failed_send(
    link: TelegramLink,
) -> None:
    link.answered(link.sends, 502)
    assert link.sends.last_error == "Telegram answered 502 Bad Gateway"
    link.answered(link.polls, 200)
    link.answered(link.sends, 429)
    assert link.sends.last_error == "Telegram asked to slow down (429)"
    assert link.unreachable_because is None
    link.answered(link.sends, 403)  # a client blocked the bot: Telegram works
    assert link.sends.failures() is None


def test_a_refused_token_or_a_conflict_stops_the_bot_with_one_line(link: TelegramLink) -> None:
    stopped: list[str] = []
    link.on_fatal = lambda: stopped.append(link.fatal or "")
    link.polling_failed(Conflict("Conflict: terminated by other getUpdates request"))
    link.answered(link.sends, 401)  # the first reason is the one kept
    assert len(stopped) == 1
    assert stopped[0].startswith("Telegram gives this bot's updates to another program")


def test_other_polling_errors_are_one_line_without_a_traceback(
    link: TelegramLink, caplog: pytest.LogCaptureFixture
) -> None:
    link.polling_failed(NetworkError("httpx.ReadError"))  # logged by the link already
    link.polling_failed(TelegramError("something odd"))
    [record] = caplog.records
    assert (record.getMessage(), record.exc_info) == (
        "Polling Telegram failed: something odd",
        None,
    )
