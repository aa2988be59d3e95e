"""A treatment date noted, and what follows: the consent question, or the check-ins planned."""

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


async def note_session(services: Services, chat_id: int, moment: datetime) -> None:
    """Record a treatment date: it corrects the last session if it is the same treatment
    (`corrects_last`), else it is a new one."""
    last = await services.store.clients.last_session(chat_id)
    if last is not None and corrects_last(last.at, moment):
        await services.store.clients.move_session(last.id, moment)
    else:
        await services.store.clients.add_session(chat_id, moment)


async def schedule_checkins(services: Services, chat_id: int) -> int:
    """(Re)plan the client's check-ins from their last session; only what is still ahead."""
    client = await services.store.clients.get(chat_id)
    session = await services.store.clients.last_session(chat_id)
    if client is None or session is None or not client.checkins_consent or client.paused:
        return 0
    due = plan_checkins(
        session.at,
        services.assistant.kb.checkins,
        now=services.clock.now(),
        zone=client_zone(client.timezone, services.clinic.timezone),
        quiet=services.clinic.quiet_hours,
    )
    return await services.store.checkins.replace(
        chat_id, session.id, [(d.checkin_id, d.due_at) for d in due]
    )


async def after_session(context: BotContext, chat_id: int) -> None:
    """A session was recorded: ask for consent once, or plan the check-ins."""
    services = context.services
    client = await services.store.clients.get(chat_id)
    if client is None:
        return
    if client.checkins_consent is None:
        say = services.messages
        question, keyboard = say.render("checkins_question"), consent_keyboard(say, "checkins")
        await send_text(context.bot, chat_id, question, keyboard)
        return
    await schedule_checkins(services, chat_id)
