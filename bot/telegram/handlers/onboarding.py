"""Getting to know a client: the welcome, and when their last treatment was (asked at the
start, or typed later: then confirmed with a button before it changes anything)."""

from __future__ import annotations

from datetime import UTC, datetime

from telegram import Update, User

from bot.core.dates import (
    describe_day,
    is_future,
    noon_days_ago,
    parse_session_date,
)
from bot.store import AWAITING_SESSION_DATE, ClientVisit
from bot.telegram.actions import SessionChange, SessionDay
from bot.telegram.context import BotContext
from bot.telegram.handlers.followup import after_session, note_session
from bot.telegram.handlers.invites import open_invite
from bot.telegram.keyboards import session_change_keyboard, session_day_keyboard
from bot.telegram.sending import send_text
from bot.telegram.taps import tapped_once
from bot.telegram.wording import welcome


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
    say = services.messages
    text = welcome(say, user.first_name if user else None)
    await send_text(context.bot, chat.id, text, session_day_keyboard(say))


async def day_button(update: Update, context: BotContext) -> None:
    """Today / Yesterday / Pick another day was tapped."""
    if (tap := await tapped_once(update, context, SessionDay)) is None:
        return
    chat_id, action = tap
    services = context.services
    await remember_client(context, chat_id, update.effective_user)
    if action.choice == "other":
        await services.store.clients.set_awaiting(chat_id, AWAITING_SESSION_DATE)
        await send_text(context.bot, chat_id, services.messages.render("ask_for_day"))
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
    say = services.messages
    await remember_client(context, chat.id, user)
    typed = " ".join(context.args or [])
    if typed:
        if not await take_typed_date(context, chat.id, typed):
            await send_text(context.bot, chat.id, say.render("session_unreadable", text=typed))
        return
    last = await services.store.clients.last_session(chat.id)
    if last is None:
        await services.store.clients.set_awaiting(chat.id, AWAITING_SESSION_DATE)
        await send_text(context.bot, chat.id, say.render("no_session"), session_day_keyboard(say))
        return
    day = describe_day(last.at, services.clock.now(), services.tz)
    await send_text(context.bot, chat.id, say.render("session_shown", day=day))


async def take_typed_date(context: BotContext, chat_id: int, text: str) -> bool:
    """Record `text` as the treatment date if it is one; False if it is not a date."""
    services = context.services
    now = services.clock.now()
    moment = parse_session_date(text, now, services.tz)
    if moment is None:
        return False
    if is_future(moment, now):
        day = describe_day(moment, now, services.tz)
        await send_text(
            context.bot, chat_id, services.messages.render("session_in_future", day=day)
        )
        return True
    await record_session(context, chat_id, moment)
    return True


async def offer_session_change(context: BotContext, visit: ClientVisit, text: str) -> bool:
    """A date typed when none was asked ("25 nov", "it was on the 20th"): ask, with a button,
    whether it is the treatment date. False when the text is not only a date."""
    services = context.services
    now, chat_id = services.clock.now(), visit.client.chat_id
    moment = parse_session_date(text, now, services.tz)
    if moment is None:
        return False
    day = describe_day(moment, now, services.tz)
    say = services.messages
    if is_future(moment, now):
        await send_text(context.bot, chat_id, say.render("session_in_future", day=day))
        return True
    question = say.render("session_change_question", day=day)
    keyboard = session_change_keyboard(say, int(moment.timestamp()))
    await send_text(context.bot, chat_id, question, keyboard)
    return True


async def session_change_button(update: Update, context: BotContext) -> None:
    """Yes or no to noting a typed date as the treatment: once, and the choice shows."""
    if (tap := await tapped_once(update, context, SessionChange)) is None:
        return
    chat_id, action = tap
    services = context.services
    await remember_client(context, chat_id, update.effective_user)
    if not action.at:
        await send_text(context.bot, chat_id, services.messages.render("session_kept"))
        return
    await record_session(context, chat_id, datetime.fromtimestamp(action.at, UTC))


async def record_session(context: BotContext, chat_id: int, moment: datetime) -> None:
    """Store the treatment (a date close to the last one corrects it) with its check-ins,
    stop waiting for a date, confirm it to the client, and ask for consent if never asked."""
    services = context.services
    await note_session(services, chat_id, moment)
    day = describe_day(moment, services.clock.now(), services.tz)
    await send_text(context.bot, chat_id, services.messages.render("session_recorded", day=day))
    await after_session(context, chat_id)
