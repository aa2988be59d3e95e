"""Front-desk rows: start links used once, the client's conversation with staff, the audit."""

from __future__ import annotations

from datetime import timedelta

from bot.store import Store
from tests.clocks import FakeClock
from tests.conftest import START


async def test_a_start_link_works_once(store: Store) -> None:
    await store.clients.upsert(1, 1, None)
    await store.clients.upsert(2, 2, None)
    await store.invites.create("h", "Anna", START, 900, START + timedelta(days=7))
    first = await store.invites.claim("h", 1)
    assert first.status == "ok"
    assert (first.invite.first_name, first.invite.session_at) == ("Anna", START)
    assert (await store.invites.claim("h", 2)).status == "used"


async def test_an_expired_or_unknown_link_says_which(store: Store, clock: FakeClock) -> None:
    await store.clients.upsert(1, 1, None)
    await store.invites.create("h", "Anna", None, None, START + timedelta(days=7))
    clock.advance(timedelta(days=8))
    assert (await store.invites.claim("h", 1)).status == "expired"
    assert (await store.invites.claim("made-up", 1)).status == "unknown"


async def test_staff_messages_map_back_to_their_client(store: Store) -> None:
    await store.clients.upsert(1, 1, "Anna")
    await store.inbox.record(1, "client", "escalation", "pus", staff_message_id=55)
    await store.inbox.record(1, "staff", "reply", "call us", staff_user_id=900)
    about = await store.inbox.about_staff_message(55)
    assert about is not None
    assert about.chat_id == 1
    assert await store.inbox.about_staff_message(56) is None
    assert [(m.direction, m.kind, m.text) for m in await store.inbox.conversation(1)] == [
        ("client", "escalation", "pus"),
        ("staff", "reply", "call us"),
    ]


async def test_forget_unlinks_the_audit_but_keeps_the_action(store: Store) -> None:
    await store.clients.upsert(1, 1, "Anna")
    await store.reports.audit(900, "reply", "replied in the staff chat", client_chat=1)
    await store.clients.forget(1)
    [entry] = await store.reports.audit_log()
    assert (entry.actor, entry.action, entry.client_chat) == (900, "reply", None)
