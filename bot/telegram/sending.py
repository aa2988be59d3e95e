"""Sending plain text to a chat: escaped, split to fit, and a blocked bot tolerated."""

from __future__ import annotations

import logging

from telegram import Bot, CallbackQuery, InlineKeyboardMarkup, Message
from telegram.constants import ParseMode
from telegram.error import BadRequest, Forbidden

from bot.telegram.text import html_chunks

log = logging.getLogger(__name__)


async def send_text(
    bot: Bot, chat_id: int, text: str, keyboard: InlineKeyboardMarkup | None = None
) -> Message | None:
    """Send `text` as one or more HTML messages, the keyboard under the last one.

    Returns the last message sent, or None if the chat has blocked the bot (logged
    without the text). Other Telegram errors are raised for the caller or error handler.
    """
    sent = await send_parts(bot, chat_id, text, keyboard)
    return sent[-1] if sent else None


async def send_parts(
    bot: Bot,
    chat_id: int,
    text: str,
    keyboard: InlineKeyboardMarkup | None = None,
    *,
    quiet: bool = False,
) -> list[Message]:
    """Like `send_text`, but every message a long text became (empty if blocked).

    `quiet` messages arrive without a sound (Telegram's disable_notification)."""
    chunks = html_chunks(text)
    sent: list[Message] = []
    try:
        for number, chunk in enumerate(chunks, start=1):
            message = await bot.send_message(
                chat_id,
                chunk,
                parse_mode=ParseMode.HTML,
                reply_markup=keyboard if number == len(chunks) else None,
                disable_notification=quiet or None,
            )
            sent.append(message)
    except Forbidden as error:
        log.info("Chat %s cannot be written to (%s); reply not delivered", chat_id, error.message)
        return []
    return sent


async def acknowledge(query: CallbackQuery, note: str | None = None) -> None:
    """Answer a button tap (stops the spinner); a query too old to answer is only logged."""
    try:
        await query.answer(note)
    except BadRequest as error:
        log.info("Could not answer a button tap: %s", error.message)
