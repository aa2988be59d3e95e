"""Background loops never die silently: a step that raises is logged and the loop goes on."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Coroutine
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.jobs.backups import BackupJob
from bot.jobs.heartbeat import HeartbeatWriter
from bot.jobs.loops import forever
from bot.jobs.reloader import KnowledgeHolder
from bot.store import Store
from tests.clocks import FakeClock
from tests.conftest import KNOWLEDGE


class Flaky:
    """A step that raises `failures` times, then counts its runs; `ran` is set after `runs`."""

    def __init__(self, failures: int, runs: int = 2) -> None:
        self.failures = failures
        self.calls = 0
        self.runs = runs
        self.ran = asyncio.Event()

    async def __call__(self, *_: object) -> None:
        self.calls += 1
        if self.calls <= self.failures:
            raise RuntimeError(f"unexpected #{self.calls}")
        if self.calls >= self.failures + self.runs:
            self.ran.set()


async def until_ran(loop: Coroutine[Any, Any, None], step: Flaky) -> None:
    task = asyncio.create_task(loop)
    try:
        await asyncio.wait_for(step.ran.wait(), timeout=5)
    finally:
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)


async def test_a_failing_step_is_logged_once_with_its_traceback_and_the_loop_goes_on(
    caplog: pytest.LogCaptureFixture,
) -> None:
    step = Flaky(failures=3)
    with caplog.at_level(logging.INFO, logger="bot.jobs.loops"):
        await until_ran(forever("The thing", step, 0), step)
    records = [(r.levelname, r.getMessage(), r.exc_info is not None) for r in caplog.records]
    assert records == [
        ("ERROR", "The thing failed; trying again every 0 s", True),
        ("WARNING", "The thing failed again: unexpected #2", False),
        ("WARNING", "The thing failed again: unexpected #3", False),
        ("INFO", "The thing works again", False),
    ]


LoopOf = Callable[[Flaky, Path, Store], Coroutine[Any, Any, None]]


def heartbeat(step: Flaky, tmp_path: Path, store: Store) -> Coroutine[Any, Any, None]:
    clock = FakeClock()
    holder = KnowledgeHolder.open(KNOWLEDGE)
    writer = HeartbeatWriter(tmp_path / "h.json", clock, store, holder, lambda: None, lambda: None)
    writer.beat = step  # type: ignore[method-assign]
    return writer.run(0)


def backups(step: Flaky, tmp_path: Path, store: Store) -> Coroutine[Any, Any, None]:
    job = BackupJob(tmp_path / "state" / "aftercare.db", FakeClock(), timedelta(hours=24), 7, 4)
    job.run_once = step  # type: ignore[method-assign]
    return job.run(0)


@pytest.mark.parametrize("loop_of", [heartbeat, backups])
async def test_the_heartbeat_and_the_backups_outlive_an_unexpected_error(
    loop_of: LoopOf, tmp_path: Path, store: Store
) -> None:
    step = Flaky(failures=1)
    await until_ran(loop_of(step, tmp_path, store), step)
    assert step.calls >= 3  # it ran on after the failure


async def test_a_loop_told_to_stop_stops_even_if_a_step_swallowed_the_cancel() -> None:
    entered = asyncio.Event()
    swallowed: list[bool] = []

    async def swallowing_once() -> None:  # as asyncio.wait_for may on Python 3.11
        entered.set()
        try:
            await asyncio.sleep(10)
        except asyncio.CancelledError:
            if swallowed:
                raise
            swallowed.append(True)

    task = asyncio.create_task(forever("The thing", swallowing_once, 0))
    await entered.wait()
    task.cancel()
    done, _ = await asyncio.wait({task}, timeout=5)
    task.cancel()  # a second cancel is not swallowed: no task is left behind either way
    await asyncio.gather(task, return_exceptions=True)
    assert swallowed
    assert done == {task}
