"""The one loop every background job runs in: a step every few seconds, until cancelled.

An exception in a step is logged (its traceback the first time, one line while it goes on
failing) and the next step runs as usual: a background job never dies silently.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger(__name__)


async def forever(
    name: str, step: Callable[[], Awaitable[object]], interval: float, *, wait_first: bool = False
) -> None:
    """Await `step()` every `interval` seconds (after one wait first, with `wait_first`)."""
    failing = False
    if wait_first:
        await asyncio.sleep(interval)
    while True:
        try:
            await step()
        except Exception as error:
            if failing:
                log.warning("%s failed again: %s", name, error)
            else:
                log.exception("%s failed; trying again every %g s", name, interval)
            failing = True
        else:
            if failing:
                log.info("%s works again", name)
            failing = False
        _stop_if_cancelled()
        await asyncio.sleep(interval)


def _stop_if_cancelled() -> None:
    """End the loop if it was told to stop while a step swallowed the cancellation (a
    library's timeout may): a stop must never wait for a loop that carries on."""
    task = asyncio.current_task()
    if task is not None and task.cancelling():
        raise asyncio.CancelledError
