"""Getting to know a client: the welcome, and when their last treatment was."""

from __future__ import annotations

from datetime import datetime

from telegram import Update, User

from bot.core.dates import describe_day, is_future, noon_days_ago, parse_session_date
from bot.store import AWAITING_SESSION_DATE, ClientVisit
from bot.telegram.context import BotContext
from bot.telegram.handlers.followup import after_session
from bot.telegram.handlers.invites import open_invite
from bot.telegram.keyboards import SessionDay, session_day_keyboard, tapped
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.wording import (
    ask_for_day,
    no_session,
    session_in_future,
    session_recorded,
    session_shown,
    session_unreadable,
    welcome,
)


async def remember_client(context: BotContext, chat_id: int, user: User | None) -> ClientVisit:
    """Store (or refresh) the client behind a message, done for every message; with their
    last treatment date, read in the same statement."""
    return await context.services.store.clients.visit(
        chat_id, user.id if user else None, user.first_name if user else None
    )


async def start(update: Update, context: BotContext) -> None:
    """/start: what the bot does and does not do, then 'when was your last treatment?'."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    services = context.services
    visit = await remember_client(context, chat.id, user)
    if context.args and await open_invite(context, visit, context.args[0]):
        return  # opened from a start link made at the front desk
    await services.store.clients.set_awaiting(chat.id, AWAITING_SESSION_DATE)
    text = welcome(services.clinic, user.first_name if user else None)
    await send_text(context.bot, chat.id, text, session_day_keyboard())


async def day_button(update: Update, context: BotContext) -> None:
    """Today / Yesterday / Pick another day was tapped."""
    if (tap := tapped(update, SessionDay)) is None:
        return
    query, chat_id, action = tap
    await acknowledge(query)
    services = context.services
    await remember_client(context, chat_id, update.effective_user)
    if action.choice == "other":
        await services.store.clients.set_awaiting(chat_id, AWAITING_SESSION_DATE)
        await send_text(context.bot, chat_id, ask_for_day())
        return
    now = services.clock.now()
    moment = now if action.choice == "today" else noon_days_ago(1, now, services.tz)
    await record_session(context, chat_id, moment)


async def session_command(update: Update, context: BotContext) -> None:
    """/session shows the last treatment; /session <date> records one."""
    chat, user = update.effective_chat, update.effective_user
    if chat is None:
        return
    services = context.services
    await remember_client(context, chat.id, user)
    typed = " ".join(context.args or [])
    if typed:
        if not await take_typed_date(context, chat.id, typed):
            await send_text(context.bot, chat.id, session_unreadable(typed))
        return
    last = await services.store.clients.last_session(chat.id)
    if last is None:
        await services.store.clients.set_awaiting(chat.id, AWAITING_SESSION_DATE)
        await send_text(context.bot, chat.id, no_session(), session_day_keyboard())
        return
    day = describe_day(last.at, services.clock.now(), services.tz)
    await send_text(context.bot, chat.id, session_shown(day))


async def take_typed_date(context: BotContext, chat_id: int, text: str) -> bool:
    """Record `text` as the treatment date if it is one; False if it is not a date."""
    services = context.services
    now = services.clock.now()
    moment = parse_session_date(text, now, services.tz)
    if moment is None:
        return False
    if is_future(moment, now):
        day = describe_day(moment, now, services.tz)
        await send_text(context.bot, chat_id, session_in_future(day))
        return True
    await record_session(context, chat_id, moment)
    return True


async def record_session(context: BotContext, chat_id: int, moment: datetime) -> None:
    """Store the treatment, stop waiting for a date, and confirm it to the client."""
    services = context.services
    await services.store.clients.add_session(chat_id, moment)
    await services.store.clients.set_awaiting(chat_id, None)
    day = describe_day(moment, services.clock.now(), services.tz)
    await send_text(context.bot, chat_id, session_recorded(day))
    await after_session(context, chat_id)
