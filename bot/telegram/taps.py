"""Buttons that answer once: the first tap is kept in the store, the message shows the choice,
and a later tap (a double tap, an old message) gets a short, kind note and changes nothing."""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, Message, Update
from telegram.error import TelegramError

from bot.core.messages import Messages
from bot.store import Store
from bot.telegram.actions import A, tapped
from bot.telegram.context import BotContext
from bot.telegram.keyboards import chosen_keyboard
from bot.telegram.sending import acknowledge

log = logging.getLogger(__name__)


def tapped_label(query: CallbackQuery) -> str:
    """The text of the button that was tapped, as the message showed it."""
    message = query.message
    markup = message.reply_markup if isinstance(message, Message) else None
    for row in markup.inline_keyboard if markup else ():
        for button in row:
            if button.callback_data == query.data:
                return button.text
    return ""


async def first_tap(store: Store, words: Messages, query: CallbackQuery, chat_id: int) -> bool:
    """Claim the message's buttons for this tap; False (and the kind note) if already answered.

    One conditional insert decides, so of two taps arriving together exactly one wins.
    """
    message = query.message
    if message is None:
        return True
    if await store.buttons.claim(chat_id, message.message_id, str(query.data)):
        return True
    await acknowledge(query, words.render("already_answered"))
    return False


async def show_choice(bot: Bot, words: Messages, query: CallbackQuery, chat_id: int) -> None:
    """Replace the message's buttons with the one chosen, marked; a refused edit is logged."""
    message, label = query.message, tapped_label(query)
    if message is None or not label:
        return
    try:
        await bot.edit_message_reply_markup(
            chat_id, message.message_id, reply_markup=chosen_keyboard(words, label)
        )
    except TelegramError as error:
        log.info("Could not show the choice on message %s: %s", message.message_id, error)


async def tapped_once(update: Update, context: BotContext, kind: type[A]) -> tuple[int, A] | None:
    """The chat and action of a tap on a `kind` button, if it is the first on its message:
    acknowledged, and the message shows the choice. None for anything else."""
    if (tap := tapped(update, kind)) is None:
        return None
    query, chat_id, action = tap
    services = context.services
    if not await first_tap(services.store, services.messages, query, chat_id):
        return None
    await acknowledge(query)
    await show_choice(context.bot, services.messages, query, chat_id)
    return chat_id, action
