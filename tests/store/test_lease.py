"""The send lease row: one holder at a time, renewed, expiring, asked for, handed over."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from tests.clocks import FakeClock

BOT, CLI = "bot:10@host:a", "cli:20@host:b"


async def take(store: Store, holder: str, replacing: str | None = None) -> bool:
    kind = holder.partition(":")[0]
    return await store.lease.take(holder, kind, 10, "host", 30, replacing)


async def test_one_holder_at_a_time_until_it_releases(store: Store) -> None:
    assert await store.lease.current() is None
    assert await take(store, BOT)
    assert not await take(store, CLI)
    assert await take(store, BOT)  # taking it again is renewing it
    lease = await store.lease.current()
    assert (lease.holder, lease.kind, lease.pid, lease.host) == (BOT, "bot", 10, "host")
    await store.lease.release(CLI)  # only the holder can release it
    assert (await store.lease.current()).holder == BOT
    await store.lease.release(BOT)
    assert await take(store, CLI)


async def test_a_lease_not_renewed_expires_and_can_be_taken(store: Store, clock: FakeClock) -> None:
    assert await take(store, CLI)
    clock.advance(timedelta(seconds=20))
    assert await store.lease.renew(CLI, 30) is not None
    clock.advance(timedelta(seconds=29))
    assert not await take(store, BOT)
    clock.advance(timedelta(seconds=1))
    assert await take(store, BOT)
    assert await store.lease.renew(CLI, 30) is None  # lost: it must stop sending


async def test_a_holder_known_to_be_gone_is_replaced_at_once(store: Store) -> None:
    assert await take(store, "bot:10@host:old")
    assert not await take(store, BOT, replacing="bot:11@host:other")
    assert await take(store, BOT, replacing="bot:10@host:old")


async def test_a_waiting_bot_asks_and_the_holder_sees_it(store: Store) -> None:
    assert await take(store, CLI)
    assert (await store.lease.renew(CLI, 30)).wanted_by is None
    await store.lease.ask(BOT)
    assert (await store.lease.renew(CLI, 30)).wanted_by == BOT
    await store.lease.release(CLI)
    assert await take(store, BOT)
    assert (await store.lease.current()).wanted_by is None
