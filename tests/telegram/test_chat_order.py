"""Concurrent update handling: different chats at once, one chat in order. Events, no sleeps."""

from __future__ import annotations

import asyncio

from telegram import Chat, Message, Update

from bot.telegram.chat_order import ChatOrderedProcessor, chat_key


def update_in(chat_id: int, update_id: int = 1) -> Update:
    chat = Chat(chat_id, Chat.PRIVATE)
    message = Message(update_id, None, chat, text="hi")  # type: ignore[arg-type]
    return Update(update_id, message=message)


def test_chat_key_is_the_chat_id_or_none() -> None:
    assert chat_key(update_in(5)) == 5
    assert chat_key(Update(1)) is None
    assert chat_key("not an update") is None


async def test_updates_of_one_chat_wait_for_each_other_and_other_chats_do_not() -> None:
    processor = ChatOrderedProcessor(max_concurrent_updates=8)
    release_first, second_chat_done = asyncio.Event(), asyncio.Event()
    order: list[str] = []

    async def first() -> None:
        order.append("chat 1: first started")
        await release_first.wait()
        order.append("chat 1: first done")

    async def record(label: str) -> None:
        order.append(label)
        if label.startswith("chat 2"):
            second_chat_done.set()

    tasks = [
        asyncio.create_task(processor.process_update(update_in(1, 1), first())),
        asyncio.create_task(processor.process_update(update_in(1, 2), record("chat 1: second"))),
        asyncio.create_task(processor.process_update(update_in(2, 3), record("chat 2: only"))),
    ]
    await second_chat_done.wait()
    assert order == ["chat 1: first started", "chat 2: only"]
    release_first.set()
    await asyncio.gather(*tasks)
    assert order == [
        "chat 1: first started",
        "chat 2: only",
        "chat 1: first done",
        "chat 1: second",
    ]


async def test_locks_of_idle_chats_are_forgotten() -> None:
    processor = ChatOrderedProcessor()

    async def nothing() -> None:
        return None

    await processor.process_update(update_in(9), nothing())
    assert processor._locks == {}
    assert processor._waiting == {}
