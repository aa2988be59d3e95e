"""Concerns: what a client was asked about, kept so their tap works after a restart."""

from __future__ import annotations

import pytest

from bot.store import RaisedConcern, Store, StoreError
from tests.clocks import FakeClock


async def test_a_raised_concern_keeps_what_its_answer_needs(store: Store, clock: FakeClock) -> None:
    await store.clients.upsert(1, 11, "Ana")
    raised = await store.concerns.raise_(1, "weeping", None, "normal-side-effects", "it's oozing")
    assert raised == RaisedConcern(
        raised.id, 1, "weeping", None, "normal-side-effects", "it's oozing", clock.now()
    )


async def test_the_first_answer_is_kept_and_a_later_one_ignored(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    raised = await store.concerns.raise_(1, "blisters", "blisters", None, "is this a blister?")
    first = await store.concerns.answer(raised.id, 1, "no")
    again = await store.concerns.answer(raised.id, 1, "yes")
    assert first is not None
    assert again is not None
    assert (first.choice, again.choice) == ("no", "no")
    assert (first.sign_id, first.text) == ("blisters", "is this a blister?")


async def test_another_clients_concern_cannot_be_answered(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    await store.clients.upsert(2, 22, "Bo")
    raised = await store.concerns.raise_(1, "weeping", None, None, "it's weeping")
    assert await store.concerns.answer(raised.id, 2, "yes") is None


async def test_a_concern_needs_a_known_client(store: Store) -> None:
    with pytest.raises(StoreError):
        await store.concerns.raise_(99, "weeping", None, None, "it's weeping")


async def test_forget_deletes_the_clients_concerns(store: Store) -> None:
    await store.clients.upsert(1, 11, "Ana")
    raised = await store.concerns.raise_(1, "weeping", None, None, "it's weeping")
    assert await store.clients.forget(1) is True
    assert await store.concerns.answer(raised.id, 1, "yes") is None
