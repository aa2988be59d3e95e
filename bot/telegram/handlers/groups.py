"""Group chats: the bot talks to clients only in private."""

from __future__ import annotations

from telegram import Update

from bot.telegram.context import BotContext
from bot.telegram.sending import send_text
from bot.telegram.wording import private_only


def addressed_to(command: str, bot_username: str | None) -> bool:
    """Whether "/cmd" or "/cmd@name" is meant for this bot (a bare command is for everyone)."""
    _, at, name = command.partition("@")
    return not at or (bot_username or "").lower() == name.lower()


async def private_only_command(update: Update, context: BotContext) -> None:
    """A command in a group: point to the private chat. Plain group messages get no handler."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or not message.text:
        return
    if not addressed_to(message.text.split(maxsplit=1)[0], context.bot.username):
        return
    text = private_only(context.services.messages, context.bot.username)
    await send_text(context.bot, chat.id, text)
