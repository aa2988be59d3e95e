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


async def test_a_chat_with_many_updates_queued_does_not_hold_up_another_chat() -> None:
    processor = ChatOrderedProcessor(max_concurrent_updates=2)
    release_busy_chat, other_chat_answered = asyncio.Event(), asyncio.Event()
    handled: list[int] = []

    async def slow() -> None:
        await release_busy_chat.wait()
        handled.append(1)

    async def other() -> None:
        handled.append(2)
        other_chat_answered.set()

    busy_chat = [  # ten messages from one client, the first still being answered
        asyncio.create_task(processor.process_update(update_in(1, n), slow())) for n in range(1, 11)
    ]
    await asyncio.sleep(0)  # they have all asked for their turn
    other_chat = asyncio.create_task(processor.process_update(update_in(2, 11), other()))
    await asyncio.wait_for(other_chat_answered.wait(), timeout=5)
    assert handled == [2]
    assert processor.in_hand == 10  # the busy chat's, waiting for their turn
    release_busy_chat.set()
    await asyncio.gather(*busy_chat, other_chat)
    assert handled == [2] + [1] * 10
    assert processor.in_hand == 0


async def test_locks_of_idle_chats_are_forgotten() -> None:
    processor = ChatOrderedProcessor()

    async def nothing() -> None:
        return None

    await processor.process_update(update_in(9), nothing())
    assert processor._locks == {}
    assert processor._waiting == {}
