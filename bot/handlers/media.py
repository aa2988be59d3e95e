"""Messages that are not text: photos, voice, stickers, files and the rest."""

from __future__ import annotations

from telegram import Message, Update

from bot.context import BotContext
from bot.handlers.onboarding import remember_client
from bot.handlers.questions import answer_question
from bot.sending import send_text
from bot.wording import not_text_received, photo_received

# Checked in this order: an animation also carries a document.
KINDS = (
    "animation",
    "video_note",
    "voice",
    "audio",
    "video",
    "sticker",
    "document",
    "location",
    "contact",
    "poll",
    "dice",
    "photo",
)


def kind_of(message: Message) -> str:
    """What a non-text message holds, e.g. "voice"; "message" if nothing known."""
    return next((kind for kind in KINDS if getattr(message, kind, None)), "message")


async def photo(update: Update, context: BotContext) -> None:
    """The bot cannot assess photos: say so and point to the clinic."""
    await _reply(update, context, photo_received(context.services.clinic))


async def not_text(update: Update, context: BotContext) -> None:
    """Anything else that is not text: say, kindly, that the bot reads text."""
    message = update.effective_message
    kind = kind_of(message) if message else "message"
    await _reply(update, context, not_text_received(kind))


async def _reply(update: Update, context: BotContext, text: str) -> None:
    """Send the notice; a caption is still read, so a warning sign in it is not missed."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    visit = await remember_client(context, chat.id, update.effective_user)
    await send_text(context.bot, chat.id, text)
    if message.caption:
        await answer_question(context, visit, message.caption)
