"""The staff inbox: clients' worrying messages, photos and open questions reach the staff chat;
a staff member's reply there reaches the client, and the conversation goes on both ways."""

from __future__ import annotations

import logging
from datetime import timedelta

from telegram import Message, Update
from telegram.error import TelegramError

from bot.core.dates import describe_day
from bot.store import ClientVisit
from bot.telegram.context import BotContext, Services
from bot.telegram.handlers.staff import refuse_unless_staff, staff_id
from bot.telegram.sending import send_parts, send_text
from bot.telegram.wording import (
    from_clinic_team,
    history_of,
    inbox_header,
    reply_delivered,
    reply_not_delivered,
    reply_unknown_client,
)

log = logging.getLogger(__name__)

# After a staff member writes, the client's answers go to the staff chat for this long.
CONVERSATION_OPEN = timedelta(hours=24)


def session_line(services: Services, visit: ClientVisit) -> str | None:
    """'Wednesday 18 November 2026 (2 days ago)', or None without a recorded session."""
    if visit.last_session_at is None:
        return None
    return describe_day(visit.last_session_at, services.clock.now(), services.tz)


async def to_staff(
    context: BotContext,
    visit: ClientVisit,
    kind: str,
    text: str,
    *,
    header: str | None = None,
    copy_message_id: int | None = None,
    file_id: str | None = None,
) -> bool:
    """Post a client's message in the staff chat, ready to be replied to; record it.

    `copy_message_id` copies the client's own message (a photo) under the header.
    False when there is no staff chat or Telegram refused.
    """
    services = context.services
    staff_chat = services.settings.staff_chat_id
    chat_id = visit.client.chat_id
    if staff_chat is None:
        return False
    heading = header or inbox_header(
        kind, visit.client.first_name, chat_id, session_line(services, visit)
    )
    body = f"{heading}\n\n“{text}”" if text and header is None else heading
    try:
        posted = [m.message_id for m in await send_parts(context.bot, staff_chat, body)]
        if posted and copy_message_id is not None:
            copied = await context.bot.copy_message(staff_chat, chat_id, copy_message_id)
            posted.append(copied.message_id)
    except TelegramError:
        log.exception("Could not alert the staff chat %s about chat %s", staff_chat, chat_id)
        return False
    if not posted:
        return False
    # The message is kept once; every part of it in the staff chat (a long alert split in
    # several, the copy of a photo) leads back to the client when replied to.
    first, *more = posted
    await services.store.inbox.record(
        chat_id, "client", kind, text, file_id=file_id, staff_message_id=first
    )
    for part in more:
        await services.store.inbox.record(chat_id, "client", kind, "", staff_message_id=part)
    return True


async def staff_reply(update: Update, context: BotContext) -> None:
    """A reply in the staff chat to the bot's message about a client: send it to the client."""
    message = update.effective_message
    original = message.reply_to_message if message else None
    if message is None or original is None or not message.text:
        return
    if original.from_user is None or original.from_user.id != context.bot.id:
        return  # staff talking among themselves
    if await refuse_unless_staff(update, context):
        return
    services = context.services
    chat_id = await services.store.inbox.client_of_staff_message(original.message_id)
    if chat_id is None:
        await _answer(context, message, reply_unknown_client())
        return
    client = await services.store.clients.get(chat_id)
    name = client.first_name if client else None
    sent = await send_text(context.bot, chat_id, from_clinic_team(message.text))
    if sent is None:
        await services.store.clients.mark_blocked(chat_id)
        await _answer(context, message, reply_not_delivered(name))
        return
    staff_user = staff_id(update)
    await services.store.inbox.record(
        chat_id,
        "staff",
        "reply",
        message.text,
        staff_user_id=staff_user,
        staff_message_id=message.message_id,
    )
    await services.store.inbox.open(chat_id, services.clock.now() + CONVERSATION_OPEN)
    await services.store.reports.audit(
        staff_user, "reply", "answered a client", client_chat=chat_id
    )
    await _answer(context, message, reply_delivered(name))


async def history_command(update: Update, context: BotContext) -> None:
    """/history, in reply to a client's message in the staff chat: what we know of them."""
    if await refuse_unless_staff(update, context):
        return
    message = update.effective_message
    original = message.reply_to_message if message else None
    if message is None:
        return
    services = context.services
    chat_id = (
        await services.store.inbox.client_of_staff_message(original.message_id)
        if original
        else None
    )
    if chat_id is None:
        await _answer(context, message, reply_unknown_client())
        return
    client = await services.store.clients.get(chat_id)
    now, zone = services.clock.now(), services.tz
    sessions = [
        describe_day(s.at, now, zone) for s in await services.store.clients.sessions(chat_id)
    ]
    answers = [
        f"{c.checkin_id}: {c.answer}"
        for c in await services.store.checkins.of_client(chat_id)
        if c.answer is not None
    ]
    escalations = [
        f"{describe_day(e.at, now, zone)}: {e.sign_id}: “{e.text}”"
        for e in await services.store.reports.escalations(limit=5, chat_id=chat_id)
    ]
    await services.store.reports.audit(
        staff_id(update), "history", "looked up", client_chat=chat_id
    )
    text = history_of(
        client.first_name if client else None, chat_id, sessions, answers, escalations
    )
    await _answer(context, message, text)


def conversation_open(services: Services, visit: ClientVisit) -> bool:
    """Whether a staff member wrote to this client recently: their words go to the team."""
    until = visit.client.inbox_open_until
    return until is not None and services.clock.now() < until


async def _answer(context: BotContext, message: Message, text: str) -> None:
    await send_text(context.bot, message.chat_id, text)
