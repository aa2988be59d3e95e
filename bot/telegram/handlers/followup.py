"""A treatment date noted, with the check-ins planned along with it, and the consent question."""

from __future__ import annotations

from datetime import datetime

from bot.core.schedule import plan_checkins
from bot.core.sessions import corrects_last
from bot.core.zones import client_zone
from bot.store import Client
from bot.telegram.context import BotContext, Services
from bot.telegram.keyboards import consent_keyboard
from bot.telegram.sending import send_text


def client_zone_name(services: Services, client: Client | None) -> str:
    """The client's own time zone if they set one, else the clinic's."""
    return client.timezone if client and client.timezone else services.clinic.timezone


def checkin_plan(
    services: Services, client: Client | None, session_at: datetime
) -> list[tuple[str, datetime]] | None:
    """The check-ins (id, due time) still ahead after a session at `session_at`; None while
    the client has not agreed to check-ins or has paused them (their plan is left as it is)."""
    if client is None or not client.checkins_consent or client.paused:
        return None
    due = plan_checkins(
        session_at,
        services.assistant.kb.checkins,
        now=services.clock.now(),
        zone=client_zone(client.timezone, services.clinic.timezone),
        quiet=services.clinic.quiet_hours,
    )
    return [(d.checkin_id, d.due_at) for d in due]


async def session_plan(
    services: Services, chat_id: int, at: datetime, *, moving: int | None = None
) -> list[tuple[str, datetime]] | None:
    """What to plan along with a session recorded at `at` (or the session `moving` moved
    there): its check-ins, or None when a later session keeps its own plan."""
    last = await services.store.clients.last_session(chat_id)
    if last is not None and last.id != moving and last.at > at:
        return None
    return checkin_plan(services, await services.store.clients.get(chat_id), at)


async def note_session(services: Services, chat_id: int, moment: datetime) -> None:
    """Record a treatment date and plan its check-ins, in one transaction: it corrects the
    last session if it is the same treatment (`corrects_last`), else it is a new one."""
    last = await services.store.clients.last_session(chat_id)
    moving = last.id if last is not None and corrects_last(last.at, moment) else None
    plan = await session_plan(services, chat_id, moment, moving=moving)
    await services.store.clients.record_session(chat_id, moment, plan, moving=moving)


async def schedule_checkins(services: Services, chat_id: int) -> int:
    """(Re)plan the client's check-ins from their last session; only what is still ahead."""
    client = await services.store.clients.get(chat_id)
    session = await services.store.clients.last_session(chat_id)
    plan = checkin_plan(services, client, session.at) if session is not None else None
    if session is None or plan is None:
        return 0
    return await services.store.checkins.replace(chat_id, session.id, plan)


async def after_session(context: BotContext, chat_id: int) -> None:
    """A session was recorded, its check-ins planned with it: ask for consent once."""
    services = context.services
    client = await services.store.clients.get(chat_id)
    if client is None or client.checkins_consent is not None:
        return
    say = services.messages
    question, keyboard = say.render("checkins_question"), consent_keyboard(say, "checkins")
    await send_text(context.bot, chat_id, question, keyboard)
