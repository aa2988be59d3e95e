"""Messages Telegram did not answer: which errors those are, when each is tried again."""

from __future__ import annotations

from datetime import timedelta

from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.jobs.outage import GIVE_UP_AFTER, Unanswered, unanswered
from tests.clocks import FakeClock


def test_no_answer_and_5xx_are_unanswered_and_telegrams_refusals_are_not() -> None:
    assert unanswered(NetworkError("Bad Gateway")) is True
    assert unanswered(TimedOut()) is True
    assert unanswered(BadRequest("Chat not found")) is False
    assert unanswered(Forbidden("bot was blocked by the user")) is False
    assert unanswered(RetryAfter(timedelta(seconds=3))) is False
    assert unanswered(ConnectionError("refused")) is False


def test_waits_grow_to_five_minutes_then_it_is_given_up_after_a_day() -> None:
    clock = FakeClock()
    messages = Unanswered(clock)
    waits = []
    for _ in range(9):
        retry_at = messages.failed("check-in 7")
        assert retry_at is not None
        waits.append((retry_at - clock.now()).total_seconds())
        clock.set(retry_at)
    assert waits == [5, 10, 20, 40, 80, 160, 300, 300, 300]
    clock.advance(GIVE_UP_AFTER)
    assert messages.failed("check-in 7") is None
    assert len(messages) == 0


def test_an_answer_starts_the_count_again_and_other_messages_have_their_own() -> None:
    clock = FakeClock()
    messages = Unanswered(clock)
    for _ in range(3):
        messages.failed("a")
    messages.failed("b")
    messages.answered("a")
    assert messages.failed("a") == clock.now() + timedelta(seconds=5)
    assert messages.failed("b") == clock.now() + timedelta(seconds=10)
