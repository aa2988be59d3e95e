"""The check-in dispatcher on a real database and a clock moved by hand: a stand-in outbox,
the shipped knowledge and onboarded clients."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from telegram.error import NetworkError

from bot.core.knowledge import KnowledgeBase
from bot.core.schedule import plan_checkins
from bot.jobs.dispatcher import Button, CheckinDispatcher, RecipientBlocked
from bot.jobs.pacing import Priority
from bot.kb.loader import load_knowledge
from bot.store import Store
from tests.clocks import FakeClock

ROOT = Path(__file__).resolve().parents[3]
# 10:00 in London in November: the same-evening check-in falls at 14:00, outside quiet hours.


class Outbox:
    """Stands in for the outbox and Telegram: every turn at once; records what was sent, can
    refuse chats."""

    def __init__(self) -> None:
        self.sent: list[tuple[int, str, list[str]]] = []
        self.blocked: set[int] = set()
        self.failing: set[int] = set()
        self.unreachable: set[int] = set()  # Telegram gives no answer (an outage, a 5xx)

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int, priority: Priority = Priority.BULK) -> AsyncIterator[None]:
        yield None

    async def send(self, chat_id: int, text: str, buttons: Sequence[Button], turn: object) -> int:
        if chat_id in self.blocked:
            raise RecipientBlocked
        if chat_id in self.failing:
            raise ConnectionError("network down")
        if chat_id in self.unreachable:
            raise NetworkError("Bad Gateway")
        self.sent.append((chat_id, text, [b.label for b in buttons]))
        return len(self.sent)


@pytest.fixture(scope="module")
def kb() -> KnowledgeBase:
    return load_knowledge(ROOT / "knowledge")


async def onboard(store: Store, kb: KnowledgeBase, chat_id: int, clock: FakeClock) -> None:
    await store.clients.upsert(chat_id, chat_id, "Ana")
    await store.clients.set_consent(chat_id, checkins=True)
    session = await store.clients.add_session(chat_id, clock.now())
    due = plan_checkins(
        session.at,
        kb.checkins,
        now=clock.now(),
        zone=ZoneInfo(kb.clinic.timezone),
        quiet=kb.clinic.quiet_hours,
    )
    await store.checkins.replace(chat_id, session.id, [(d.checkin_id, d.due_at) for d in due])


def dispatcher(store: Store, clock: FakeClock, kb: KnowledgeBase, outbox: Outbox, at_once=64):
    return CheckinDispatcher(store, clock, lambda: kb, outbox, outbox.send, chats_at_once=at_once)
