"""Clinic staff: who they are, what they are told, and the knowledge reload."""

from __future__ import annotations

import asyncio
import logging
from functools import partial

from telegram import Bot, Update
from telegram.constants import ChatType
from telegram.error import TelegramError

from bot.jobs.loops import forever
from bot.jobs.reloader import Reload
from bot.telegram.context import BotContext, Services
from bot.telegram.sending import send_text
from bot.telegram.wording import knowledge_problems

log = logging.getLogger(__name__)


async def is_staff(services: Services, bot: Bot, update: Update) -> bool:
    """Members of the staff chat, and the user ids in AFTERCARE_STAFF_IDS.

    A staff member's private chat gets the staff command menu the first time.
    """
    user, message = update.effective_user, update.effective_message
    sender_chat = message.sender_chat.id if message and message.sender_chat else None
    found = await services.members.is_staff(bot, user.id if user else None, sender_chat)
    chat = update.effective_chat
    if found and user is not None and chat is not None and chat.type == ChatType.PRIVATE:
        await services.menus.staff_private_menu(bot, services.messages, user.id)
    return found


def staff_id(update: Update) -> int | None:
    """The Telegram user id of the staff member behind an update, for the audit."""
    return update.effective_user.id if update.effective_user else None


async def refuse_unless_staff(update: Update, context: BotContext) -> bool:
    """True (and a polite refusal sent) when the sender is not staff: nothing else happens."""
    if await is_staff(context.services, context.bot, update):
        return False
    chat = update.effective_chat
    if chat is not None:
        await send_text(context.bot, chat.id, context.services.messages.render("staff_only"))
    log.info("A staff command from non-staff user in chat %s was refused", chat and chat.id)
    return True


async def edit_changes_nothing(update: Update, context: BotContext) -> None:
    """A staff member edited a command, a reply to the bot or a knowledge file: it was acted
    on when sent (a client has the reply as first written), so say the edit changes nothing.
    Edits of staff talking among themselves, and of anyone else, are let be."""
    message = update.edited_message
    if message is None:
        return
    author = message.reply_to_message.from_user if message.reply_to_message else None
    to_bot = author is not None and author.id == context.bot.id
    acted_on = bool(message.document) or (message.text or "").startswith("/") or to_bot
    if not acted_on or not await is_staff(context.services, context.bot, update):
        return
    await send_text(
        context.bot, message.chat_id, context.services.messages.render("edit_changes_nothing")
    )


async def notify_staff(bot: Bot, services: Services, text: str) -> bool:
    """Tell the staff chat; False if there is none or Telegram refused."""
    chat_id = services.settings.staff_chat_id
    if chat_id is None:
        return False
    try:
        return await send_text(bot, chat_id, text) is not None
    except TelegramError:
        log.exception("Could not write to the staff chat %s", chat_id)
        return False


def describe_reload(result: Reload, services: Services) -> str:
    say = services.messages
    if result.problems:
        return knowledge_problems(say, [str(p) for p in result.problems])
    if result.loaded and result.changed:
        kb = services.assistant.kb
        counts = {"topics": len(kb.topics), "signs": len(kb.warning_signs)}
        return say.render("knowledge_reloaded", **counts, checkins=len(kb.checkins))
    return say.render("knowledge_unchanged")


async def knowledge_changed(bot: Bot, services: Services) -> None:
    """After any reload: Telegram's description follows clinic.yaml."""
    await services.menus.describe(bot, services.clinic)


async def watch_knowledge(bot: Bot, services: Services) -> None:
    """Every few seconds: reload the knowledge folder if staff changed it, and say so."""
    step = partial(reload_if_changed, bot, services)
    interval = services.settings.reload_seconds
    await forever("Checking the knowledge folder", step, interval, wait_first=True)


async def reload_if_changed(bot: Bot, services: Services) -> None:
    """Reload the knowledge folder if staff changed it, and tell the staff chat."""
    result = await asyncio.to_thread(services.knowledge.refresh)
    if not result.changed:
        return
    if result.loaded:
        log.info("Knowledge reloaded from %s", services.knowledge.folder)
        await knowledge_changed(bot, services)
    else:
        log.warning("Knowledge change refused: %d problem(s)", len(result.problems))
    await notify_staff(bot, services, describe_reload(result, services))


async def reload_command(update: Update, context: BotContext) -> None:
    """/reload (staff): read the knowledge folder now and report."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services = context.services
    result = await asyncio.to_thread(services.knowledge.refresh, force=True)
    outcome = "loaded" if result.loaded else f"refused: {len(result.problems)} problem(s)"
    if result.loaded:
        await knowledge_changed(context.bot, services)
    await services.store.reports.audit(staff_id(update), "reload", outcome)
    await send_text(context.bot, update.effective_chat.id, describe_reload(result, services))
