"""What Telegram shows before and around a chat: the command menus and the bot's description.

Clients see their commands in private chats; the staff chat sees the staff commands; a
staff member's private chat sees both (set at start for AFTERCARE_STAFF_IDS, and for a
member of the staff chat the first time they use a staff command there). The description
and short description come from clinic.yaml, sent at start and again when they change.
"""

from __future__ import annotations

import logging

from telegram import (
    Bot,
    BotCommand,
    BotCommandScopeAllPrivateChats,
    BotCommandScopeChat,
)
from telegram.error import TelegramError

from bot.core.knowledge import Clinic
from bot.core.messages import Messages

log = logging.getLogger(__name__)

# Each command is described in the menu by its `menu_` message.
CLIENT_COMMANDS = ("start", "help", "session", "clinic", "stop", "resume", "timezone", "forget")
STAFF_COMMANDS = (
    "gaps",
    "done",
    "history",
    "stats",
    "escalations",
    "kb",
    "undo",
    "invite",
    "broadcast",
    "reload",
    "health",
)


def menu(words: Messages, commands: tuple[str, ...]) -> list[BotCommand]:
    return [BotCommand(command, words.render(f"menu_{command}")) for command in commands]


class Menus:
    """Publishes the menus and descriptions; remembers whose private menu is set."""

    def __init__(self, staff_chat: int | None, staff_ids: frozenset[int]) -> None:
        self._staff_chat = staff_chat
        self._staff_ids = staff_ids
        self._private_set: set[int] = set()
        self._descriptions: tuple[str, str] | None = None

    async def publish(self, bot: Bot, words: Messages, clinic: Clinic) -> None:
        """At start: every menu and the descriptions. Telegram refusing is logged, not fatal."""
        try:
            await bot.delete_my_commands()  # the default list older versions set for every chat
            await bot.set_my_commands(
                menu(words, CLIENT_COMMANDS), scope=BotCommandScopeAllPrivateChats()
            )
            if self._staff_chat is not None:
                await bot.set_my_commands(
                    menu(words, STAFF_COMMANDS), scope=BotCommandScopeChat(self._staff_chat)
                )
        except TelegramError as error:
            log.warning("Could not publish the command menus: %s", error)
        for user_id in sorted(self._staff_ids):
            await self.staff_private_menu(bot, words, user_id)
        await self.describe(bot, clinic)

    async def staff_private_menu(self, bot: Bot, words: Messages, user_id: int) -> None:
        """A staff member's private chat shows the client and the staff commands (once a run)."""
        if user_id in self._private_set:
            return
        self._private_set.add(user_id)
        commands = menu(words, CLIENT_COMMANDS + STAFF_COMMANDS)
        try:
            await bot.set_my_commands(commands, scope=BotCommandScopeChat(user_id))
        except TelegramError as error:  # e.g. they have not opened a chat with the bot yet
            log.info("Could not set the staff menu for user %s: %s", user_id, error)

    async def describe(self, bot: Bot, clinic: Clinic) -> None:
        """Send clinic.yaml's description and short description, if set and changed."""
        wanted = (clinic.description, clinic.short_description)
        if wanted == self._descriptions:
            return
        try:
            if clinic.description:
                await bot.set_my_description(clinic.description)
            if clinic.short_description:
                await bot.set_my_short_description(clinic.short_description)
        except TelegramError as error:
            log.warning("Could not set the bot's description: %s", error)
            return
        self._descriptions = wanted
