"""Check-ins at the Telegram edge: consent, scheduling, the buttons, /stop, /resume, /timezone."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from telegram import Update
from telegram.constants import ParseMode
from telegram.error import Forbidden
from telegram.ext import ExtBot

from bot.core.dates import days_between
from bot.core.zones import zone_name
from bot.jobs.dispatcher import Button, RecipientBlocked, SendCheckin
from bot.jobs.outbox import Turn
from bot.telegram.actions import CheckinReply, Consent, tapped
from bot.telegram.context import BotContext
from bot.telegram.handlers.escalation import escalate
from bot.telegram.handlers.followup import client_zone_name, schedule_checkins
from bot.telegram.handlers.onboarding import remember_client
from bot.telegram.keyboards import checkin_keyboard, consent_keyboard
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.taps import first_tap, show_choice, tapped_once
from bot.telegram.text import html_chunks
from bot.telegram.wording import checkins_on, checkins_resumed, news_answered, timezone_shown

log = logging.getLogger(__name__)


async def consent_answer(update: Update, context: BotContext) -> None:
    """Yes / No to check-ins, then to clinic news."""
    if (tap := await tapped_once(update, context, Consent)) is None:
        return
    chat_id, action = tap
    services = context.services
    say = services.messages
    visit = await remember_client(context, chat_id, update.effective_user)
    if action.subject == "checkins":
        await services.store.clients.set_consent(chat_id, checkins=action.given)
        if action.given:
            await services.store.clients.set_paused(chat_id, False)
            count = await schedule_checkins(services, chat_id)
            text = checkins_on(say, count)
        else:
            text = say.render("checkins_declined")
        await send_text(context.bot, chat_id, text)
        if visit.client.announcements_consent is None:
            await send_text(
                context.bot,
                chat_id,
                say.render("news_question"),
                consent_keyboard(say, "news"),
            )
        return
    await services.store.clients.set_consent(chat_id, announcements=action.given)
    await send_text(context.bot, chat_id, news_answered(say, action.given))


async def checkin_reply(update: Update, context: BotContext) -> None:
    """A button under a check-in: record it, then answer, encourage or escalate."""
    if (tap := tapped(update, CheckinReply)) is None:
        return
    query, chat_id, action = tap
    services = context.services
    if not await first_tap(services.store, services.messages, query, chat_id):
        return
    visit = await remember_client(context, chat_id, update.effective_user)
    checkin_id = await services.store.checkins.answer(action.row_id, chat_id, action.response_id)
    try:
        session_at = visit.last_session_at
        days = days_between(session_at, services.clock.now()) if session_at else None
        reply = services.assistant.checkin_response(action.response_id, days)
    except KeyError:
        reply = None
    if checkin_id is None or reply is None:
        await acknowledge(query, services.messages.render("stale_button"))
        return
    await acknowledge(query, services.messages.render("checkin_done"))
    await show_choice(context.bot, services.messages, query, chat_id)
    if reply.sign is not None:
        label = services.assistant.kb.response(action.response_id)
        await escalate(context, visit, f"[check-in {checkin_id}] {label.label}", reply)
        return
    await send_text(context.bot, chat_id, reply.text)


async def stop_command(update: Update, context: BotContext) -> None:
    """/stop: no more check-ins or clinic news until /resume."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    await remember_client(context, chat_id, update.effective_user)
    await context.services.store.clients.set_paused(chat_id, True)
    await send_text(context.bot, chat_id, context.services.messages.render("checkins_paused"))


async def resume_command(update: Update, context: BotContext) -> None:
    """/resume: check-ins again, for what is still ahead of the last session."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    services = context.services
    await remember_client(context, chat_id, update.effective_user)
    await services.store.clients.set_paused(chat_id, False)
    await services.store.clients.set_consent(chat_id, checkins=True)
    count = await schedule_checkins(services, chat_id)
    await send_text(context.bot, chat_id, checkins_resumed(services.messages, count))


async def timezone_command(update: Update, context: BotContext) -> None:
    """/timezone shows the zone check-ins use; /timezone Area/City sets the client's own."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    services = context.services
    say = services.messages
    visit = await remember_client(context, chat_id, update.effective_user)
    typed = " ".join(context.args or []).strip()
    if not typed:
        zone = client_zone_name(services, visit.client)
        own = bool(visit.client.timezone)
        await send_text(context.bot, chat_id, timezone_shown(say, zone, own))
        return
    name = zone_name(typed)
    if name is None:
        await send_text(context.bot, chat_id, say.render("timezone_unknown", text=typed))
        return
    await services.store.clients.set_timezone(chat_id, name)
    await schedule_checkins(services, chat_id)
    await send_text(context.bot, chat_id, say.render("timezone_set", zone=name))


def checkin_sender(bot: ExtBot[Any]) -> SendCheckin:
    """Sends one check-in in the turn the outbox gave it; a 403 becomes RecipientBlocked."""

    async def send(chat_id: int, text: str, buttons: Sequence[Button], turn: Turn) -> int:
        keyboard = checkin_keyboard(
            [(b.label, CheckinReply(b.row_id, b.response_id)) for b in buttons]
        )
        chunks = html_chunks(text)
        message_id = 0
        for number, chunk in enumerate(chunks, start=1):
            try:
                message = await bot.send_message(
                    chat_id,
                    chunk,
                    parse_mode=ParseMode.HTML,
                    reply_markup=keyboard if number == len(chunks) else None,
                    rate_limit_args=turn,
                )
            except Forbidden as error:
                raise RecipientBlocked(str(error)) from error
            message_id = message.message_id
        return message_id

    return send
