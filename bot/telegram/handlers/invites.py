"""Start links at the Telegram edge: /invite for staff, and a client opening one."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot.core.dates import describe_day, parse_session_moment
from bot.staff.invites import code_hash, is_code_shaped, issue_invite, qr_png, start_link
from bot.store import ClientVisit
from bot.telegram.context import BotContext
from bot.telegram.handlers.followup import after_session, note_session
from bot.telegram.handlers.staff import refuse_unless_staff, staff_id
from bot.telegram.sending import send_text
from bot.telegram.wording import invite_greeting, invite_problem

log = logging.getLogger(__name__)


async def invite_command(update: Update, context: BotContext) -> None:
    """/invite NAME [DATE TIME] (staff): a single-use start link and its QR code."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    services = context.services
    say = services.messages
    args = context.args or []
    if not args:
        await send_text(context.bot, chat_id, say.render("invite_usage"))
        return
    name, when = args[0], " ".join(args[1:])
    now = services.clock.now()
    session_at = parse_session_moment(when, now, services.tz) if when else now
    if session_at is None:
        await send_text(context.bot, chat_id, say.render("invite_usage"))
        return
    issued = await issue_invite(services.store, services.clock, name, session_at, staff_id(update))
    link = start_link(context.bot.username, issued.code)
    expires = describe_day(issued.expires_at, now, services.tz)
    made = say.render("invite_made", first_name=name, link=link, expires=expires)
    await send_text(context.bot, chat_id, made)
    try:
        caption = say.render("invite_qr_caption", first_name=name, link=link)
        await context.bot.send_photo(chat_id, qr_png(link), caption=caption)
    except TelegramError:
        log.exception("Could not send the QR code for a start link")


async def open_invite(context: BotContext, visit: ClientVisit, code: str) -> bool:
    """A client opened a start link: greet them by name, note the session, ask consent.

    False (after a friendly word) when the code is used, expired or made up: the caller
    then runs the normal onboarding.
    """
    services = context.services
    chat_id = visit.client.chat_id
    claim = (
        await services.store.invites.claim(code_hash(code), chat_id)
        if is_code_shaped(code)
        else None
    )
    if claim is None or claim.invite is None:
        problem = invite_problem(services.messages, claim.status if claim else "unknown")
        await send_text(context.bot, chat_id, problem)
        return False
    invite = claim.invite
    await services.store.clients.upsert(chat_id, visit.client.user_id, invite.first_name)
    day = None
    if invite.session_at is not None:  # a client with a session already: the same rule
        await note_session(services, chat_id, invite.session_at)
        day = describe_day(invite.session_at, services.clock.now(), services.tz)
    else:
        await services.store.clients.set_awaiting(chat_id, None)
    greeting = invite_greeting(services.messages, invite.first_name, day)
    await send_text(context.bot, chat_id, greeting)
    await after_session(context, chat_id)
    return True
