"""Posts to the staff chat whose message ids are not recorded yet.

A staff member can reply to a message about a client as soon as it appears, which can be
before the bot has stored which client it is about (the reply is handled in the staff
chat, at the same time as the client's chat). A reply therefore waits until the posts
under way when it arrived are recorded.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator


class StaffPosts:
    """Tracks posts in flight; `settled` waits for those started before it was called."""

    def __init__(self) -> None:
        self._in_flight: set[asyncio.Future[None]] = set()

    @contextlib.asynccontextmanager
    async def posting(self) -> AsyncIterator[None]:
        """Wrap the sending of a post and the recording of its message id."""
        done: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._in_flight.add(done)
        try:
            yield
        finally:
            self._in_flight.discard(done)
            done.set_result(None)

    async def settled(self) -> None:
        """Return once every post in flight now is recorded (or has failed)."""
        pending = set(self._in_flight)
        if pending:
            await asyncio.wait(pending)
