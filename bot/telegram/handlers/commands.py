"""Commands that only show information: /help, /clinic, and unknown commands."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.handlers.onboarding import remember_client
from bot.telegram.keyboards import topics_keyboard
from bot.telegram.sending import send_text


async def help_command(update: Update, context: BotContext) -> None:
    """/help: what to ask, and every topic as a button."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    await remember_client(context, chat_id, update.effective_user)
    # Broad topics first; finer ones (with a `parent`) after them.
    topics = sorted(context.services.assistant.kb.topics, key=lambda topic: bool(topic.parent))
    help_text = context.services.messages.render("help")
    await send_text(context.bot, chat_id, help_text, topics_keyboard(topics, columns=2))


async def clinic_command(update: Update, context: BotContext) -> None:
    """/clinic: the clinic's contact details and the emergency number."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    await remember_client(context, chat_id, update.effective_user)
    await send_text(context.bot, chat_id, context.services.messages.render("clinic_details"))


async def other_command(update: Update, context: BotContext) -> None:
    """A command the bot does not have."""
    if update.effective_chat is None:
        return
    chat_id = update.effective_chat.id
    await remember_client(context, chat_id, update.effective_user)
    await send_text(context.bot, chat_id, context.services.messages.render("unknown_command"))
