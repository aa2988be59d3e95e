"""When something goes wrong: the one error handler, and buttons nobody knows any more."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.constants import ChatType

from bot.telegram.context import BotContext
from bot.telegram.sending import acknowledge, send_text

log = logging.getLogger(__name__)


async def log_error(update: object, context: BotContext) -> None:
    """Log any exception a handler raised, with its traceback; the bot carries on.

    Never silence: in a private chat the person hears that something went wrong and how to
    reach the clinic; in the staff chat, that it may not have been done."""
    chat = update.effective_chat if isinstance(update, Update) else None
    log.error(
        "Error while handling an update (chat %s)",
        chat.id if chat else "-",
        exc_info=context.error,
    )
    if chat is None:
        return
    services = context.bot_data.services
    if services is None:
        return
    if chat.type == ChatType.PRIVATE:
        key = "unexpected_error"
    elif chat.id == services.settings.staff_chat_id:
        key = "staff_unexpected_error"
    else:
        return
    try:
        await send_text(context.bot, chat.id, services.messages.render(key))
    except Exception as error:  # whatever failed may fail this too: it is logged above
        log.info("Could not tell chat %s that something went wrong: %s", chat.id, error)


async def unknown_button(update: Update, context: BotContext) -> None:
    """Callback data from an old or unknown keyboard: a short note, nothing else."""
    if update.callback_query is not None:
        await acknowledge(update.callback_query, context.services.messages.render("stale_button"))


async def already_answered(update: Update, context: BotContext) -> None:
    """A button that shows a choice already made: a kind note, nothing else."""
    if update.callback_query is not None:
        note = context.services.messages.render("already_answered")
        await acknowledge(update.callback_query, note)
