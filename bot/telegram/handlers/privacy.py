"""/forget: a client deletes everything the bot keeps about them."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest

from bot.telegram.actions import ForgetAnswer, tapped
from bot.telegram.context import BotContext
from bot.telegram.handlers.onboarding import remember_client
from bot.telegram.keyboards import forget_keyboard
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.taps import first_tap

log = logging.getLogger(__name__)


async def forget_command(update: Update, context: BotContext) -> None:
    """/forget: ask first, with Yes / No buttons."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    await remember_client(context, chat_id, update.effective_user)
    say = context.services.messages
    await send_text(context.bot, chat_id, say.render("forget_question"), forget_keyboard(say))


async def forget_answer(update: Update, context: BotContext) -> None:
    """Yes deletes every row about the client in one transaction; No keeps it all."""
    if (tap := tapped(update, ForgetAnswer)) is None:
        return
    query, chat_id, action = tap
    services = context.services
    # Asked by /forget, so the client is stored; once forgotten, an old button changes nothing.
    gone = await services.store.clients.get(chat_id) is None
    if gone:
        await acknowledge(query, services.messages.render("already_answered"))
        return
    if not await first_tap(services.store, services.messages, query, chat_id):
        return
    await acknowledge(query)
    if action.confirmed:
        deleted = await context.services.store.clients.forget(chat_id)
        log.info("chat %s: forgot the client (%s)", chat_id, "deleted" if deleted else "empty")
        key = "forgotten" if deleted else "nothing_to_forget"
    else:
        key = "forget_cancelled"
    text = context.services.messages.render(key)
    try:  # the question becomes the answer, and its buttons go
        await query.edit_message_text(text)
    except BadRequest:
        await send_text(context.bot, chat_id, text)
