"""The outbox as the bot's rate limiter: slots, turns, 429 pauses and the send lease's gate,
on a fake monotonic clock (nothing waits for real time)."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from telegram.error import RetryAfter

from bot.jobs.outbox import Outbox, paced
from bot.jobs.pacing import PER_CHAT_INTERVAL, Priority
from tests.clocks import FakeTicker


class Api:
    """Stands in for the HTTP call: records (time, chat, text); can answer 429 first."""

    def __init__(self, ticker: FakeTicker) -> None:
        self.ticker = ticker
        self.made: list[tuple[float, int, str]] = []
        self.flood: dict[int, int] = {}  # chat -> 429s still to answer

    def request(self, outbox: Outbox, chat: int, text: str, rate_limit_args: object = None):
        async def call() -> bool:
            if self.flood.get(chat):
                self.flood[chat] -= 1
                raise RetryAfter(timedelta(seconds=2))
            self.made.append((self.ticker.time(), chat, text))
            return True

        return outbox.process_request(
            call, (), {}, "sendMessage", {"chat_id": chat, "text": text}, rate_limit_args
        )


@pytest.fixture
def ticker() -> FakeTicker:
    return FakeTicker(start=0.0)


@pytest.fixture
def api(ticker: FakeTicker) -> Api:
    return Api(ticker)


async def settle() -> None:
    for _ in range(10):
        await asyncio.sleep(0)


async def test_a_reply_goes_at_once_and_a_second_to_the_chat_a_gap_later(
    ticker: FakeTicker, api: Api
) -> None:
    outbox = Outbox(ticker=ticker)
    first = asyncio.create_task(api.request(outbox, 1, "one"))
    second = asyncio.create_task(api.request(outbox, 1, "two"))
    await settle()
    assert [text for _, _, text in api.made] == ["one"]
    ticker.advance(PER_CHAT_INTERVAL)
    await asyncio.gather(first, second)
    assert api.made == [(0.0, 1, "one"), (PER_CHAT_INTERVAL, 1, "two")]


async def test_a_turn_not_used_gives_its_slot_back(ticker: FakeTicker, api: Api) -> None:
    outbox = Outbox(ticker=ticker)
    async with outbox.turn(1) as turn:
        assert not turn.used  # decided not to send after all
    await api.request(outbox, 1, "reply")  # no gap to wait for: nothing went to chat 1
    assert api.made == [(0.0, 1, "reply")]


async def test_a_turn_is_used_by_the_request_that_passes_it(ticker: FakeTicker, api: Api) -> None:
    outbox = Outbox(ticker=ticker)
    async with outbox.turn(1) as turn:
        await api.request(outbox, 1, "check-in", rate_limit_args=turn)
        assert turn.used
        later = asyncio.create_task(api.request(outbox, 1, "its second part", turn))
        await settle()
        assert len(api.made) == 1  # the second part waits for a slot of its own
        ticker.advance(PER_CHAT_INTERVAL)
        await later
    assert api.made == [(0.0, 1, "check-in"), (PER_CHAT_INTERVAL, 1, "its second part")]


async def test_a_429_pauses_every_message_then_the_same_one_goes_first(
    ticker: FakeTicker, api: Api
) -> None:
    outbox = Outbox(ticker=ticker)
    api.flood[1] = 1
    limited = asyncio.create_task(api.request(outbox, 1, "limited"))
    await settle()
    other = asyncio.create_task(api.request(outbox, 2, "other"))
    await settle()
    assert api.made == []  # paused for retry_after
    ticker.advance(2.0 + 0.05)
    await settle()
    ticker.advance(1 / 29)
    await asyncio.gather(limited, other)
    assert [(chat, text) for _, chat, text in api.made] == [(1, "limited"), (2, "other")]
    assert api.made[0][0] == pytest.approx(2.05)


async def test_a_message_refused_with_429_too_often_raises(ticker: FakeTicker, api: Api) -> None:
    outbox = Outbox(ticker=ticker)
    api.flood[1] = 100
    task = asyncio.create_task(api.request(outbox, 1, "never"))
    while not task.done():
        await settle()
        ticker.advance(10.0)
    with pytest.raises(RetryAfter):
        await task


async def test_nothing_goes_while_sending_is_stopped(ticker: FakeTicker, api: Api) -> None:
    outbox = Outbox(ticker=ticker, sending=False)
    task = asyncio.create_task(api.request(outbox, 1, "held"))
    await settle()
    ticker.advance(60.0)
    await settle()
    assert api.made == []
    outbox.start_sending()
    await task
    assert api.made == [(60.0, 1, "held")]


async def test_a_cancelled_wait_leaves_no_trace(ticker: FakeTicker, api: Api) -> None:
    outbox = Outbox(ticker=ticker)
    await api.request(outbox, 1, "first")
    waiting = asyncio.create_task(api.request(outbox, 1, "never sent"))
    await settle()
    assert outbox.waiting() == 1
    waiting.cancel()
    await settle()
    assert outbox.waiting() == 0
    ticker.advance(10.0)
    await settle()
    assert [text for _, _, text in api.made] == ["first"]


async def test_replies_go_before_bulk_waiting_for_the_same_slots(
    ticker: FakeTicker, api: Api
) -> None:
    outbox = Outbox(ticker=ticker)
    bulk = [
        asyncio.create_task(api.request(outbox, chat, "news", Priority.BULK))
        for chat in range(1, 6)
    ]
    await settle()
    reply = asyncio.create_task(api.request(outbox, 99, "reply"))
    await settle()
    while not all(task.done() for task in [*bulk, reply]):
        ticker.advance(1 / 29)
        await settle()
    assert [chat for _, chat, _ in api.made] == [1, 99, 2, 3, 4, 5]


async def test_requests_without_a_chat_or_message_are_not_paced(ticker: FakeTicker) -> None:
    outbox = Outbox(ticker=ticker, sending=False)

    async def answer() -> bool:
        return True

    assert await outbox.process_request(answer, (), {}, "answerCallbackQuery", {}, None) is True
    assert await outbox.process_request(answer, (), {}, "setMyCommands", {}, None) is True
    assert [paced(m) for m in ("sendMessage", "copyMessage", "editMessageText")] == [True] * 3
    assert [paced(m) for m in ("sendChatAction", "getFile", "answerCallbackQuery")] == [False] * 3
