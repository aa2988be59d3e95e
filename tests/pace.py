"""Driving the bot's pace on fake time: per-chat gaps, 429 pauses and group minutes cost no
real time in the end-to-end tests."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable, Iterator

from bot.jobs.outbox import Outbox
from tests.clocks import FakeTicker

STEP = 0.001  # how often (real seconds) the driver looks whether the outbox only waits


class PaceDriver:
    """Moves a FakeTicker to the outbox's next timer whenever nothing is in flight, so the
    bot's messages go out in order, at the moments the pace gives them, without waiting.

    The fake server reads the same ticker (`FakeTelegram.use_clock`), so it judges the limits
    by the times the pace meant. `hold()` stops time for a test that must act in between.
    """

    def __init__(self, ticker: FakeTicker, outbox: Outbox) -> None:
        self.ticker = ticker
        self.outbox = outbox
        self._held = False
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run(), name="pace driver")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)

    @contextlib.contextmanager
    def hold(self) -> Iterator[None]:
        """Time stands still inside the block."""
        self._held = True
        try:
            yield
        finally:
            self._held = False

    async def until(self, condition: Callable[[], bool], timeout: float = 10.0) -> None:  # noqa: ASYNC109
        """Yield to the bot until `condition()` holds (an event, not time passing)."""
        async with asyncio.timeout(timeout):
            while not condition():  # noqa: ASYNC110 - the condition spans threads and the DB
                await asyncio.sleep(STEP)

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(STEP)
            if self._held or self.outbox.in_flight:
                continue
            moment = self.ticker.next_timer()
            if moment is not None:
                self.ticker.advance_to(moment)
