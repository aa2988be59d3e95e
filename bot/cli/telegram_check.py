"""Asking Telegram who the bot is, before a command writes anything: a refused token or an
unreachable server is one line (SetupError), never a traceback or a half-done command."""

from __future__ import annotations

from telegram import Bot
from telegram.error import InvalidToken, TelegramError

from bot.cli.failure import SetupError
from bot.settings import Settings
from bot.telegram.app import api_urls
from bot.telegram.connection import TOKEN_REFUSED


async def bot_username(settings: Settings) -> str:
    """The bot's username (getMe); SetupError if Telegram refuses the token or cannot be asked.

    A refused token's own message quotes the token, so it is never shown.
    """
    bot = Bot(settings.token, *(api_urls(settings.api_url) or ()))
    try:
        async with bot:
            return bot.username
    except InvalidToken:  # 401, or 404 from a wrong TELEGRAM_API_URL
        raise SetupError(TOKEN_REFUSED.format(why="rejected by the server")) from None
    except TelegramError as error:
        raise SetupError(
            f"Telegram did not answer ({error}): check the network "
            "(and TELEGRAM_API_URL, if it is set), then try again"
        ) from None
