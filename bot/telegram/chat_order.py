"""Updates of different chats handled at once, those of one chat strictly in order."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor


def chat_key(update: object) -> int | None:
    """The chat an update belongs to, or None if it has none."""
    if isinstance(update, Update) and update.effective_chat is not None:
        return update.effective_chat.id
    return None


class ChatOrderedProcessor(BaseUpdateProcessor):
    """Runs up to `max_concurrent_updates` updates concurrently, one at a time per chat.

    A client's second message is answered after their first, and a "Yes, delete" tap
    after the /forget that showed it; other chats do not wait for them. An update waits for
    its chat first and only then for one of the slots, so a chat with many updates queued
    holds one slot, never all of them.
    """

    def __init__(self, max_concurrent_updates: int = 256) -> None:
        super().__init__(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}

    @property
    def in_hand(self) -> int:
        """Updates handed to the processor and not finished: running or waiting their turn."""
        return sum(self._waiting.values())

    # PTB marks process_update final (it takes a slot, then calls do_process_update); the
    # order must be the other way round here: the chat's turn, then a slot.
    async def process_update(self, update: object, coroutine: Awaitable[Any]) -> None:  # type: ignore[misc]
        key = chat_key(update)
        if key is None:
            async with self._semaphore:
                await coroutine
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._semaphore:
                await self.do_process_update(update, coroutine)
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # nobody else queued for this chat: forget its lock
                del self._waiting[key], self._locks[key]

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        """Its chat's turn and a slot are held: run it."""
        await coroutine

    async def initialize(self) -> None:
        """Nothing to set up."""

    async def shutdown(self) -> None:
        """Nothing to tear down."""
