"""Clinic staff: who they are, what they are told, and the knowledge reload."""

from __future__ import annotations

import asyncio
import logging

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.jobs.reloader import Reload
from bot.telegram.context import BotContext, Services
from bot.telegram.sending import send_text
from bot.telegram.wording import (
    knowledge_problems,
    knowledge_reloaded,
    knowledge_unchanged,
    staff_only,
)

log = logging.getLogger(__name__)


def is_staff(services: Services, update: Update) -> bool:
    """Staff are the Telegram user ids listed in AFTERCARE_STAFF_IDS."""
    user = update.effective_user
    return user is not None and user.id in services.settings.staff_user_ids


def staff_id(update: Update) -> int | None:
    """The Telegram user id of the staff member behind an update, for the audit."""
    return update.effective_user.id if update.effective_user else None


async def refuse_unless_staff(update: Update, context: BotContext) -> bool:
    """True (and a polite refusal sent) when the sender is not staff: nothing else happens."""
    if is_staff(context.services, update):
        return False
    chat = update.effective_chat
    if chat is not None:
        await send_text(context.bot, chat.id, staff_only())
    log.info("A staff command from non-staff user in chat %s was refused", chat and chat.id)
    return True


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
    if result.problems:
        return knowledge_problems([str(p) for p in result.problems])
    if result.loaded and result.changed:
        kb = services.assistant.kb
        return knowledge_reloaded(len(kb.topics), len(kb.warning_signs), len(kb.checkins))
    return knowledge_unchanged()


async def watch_knowledge(bot: Bot, services: Services) -> None:
    """Every few seconds: reload the knowledge folder if staff changed it, and say so."""
    while True:
        await asyncio.sleep(services.settings.reload_seconds)
        try:
            result = await asyncio.to_thread(services.knowledge.refresh)
        except Exception:
            log.exception("Checking the knowledge folder failed")
            continue
        if not result.changed:
            continue
        if result.loaded:
            log.info("Knowledge reloaded from %s", services.knowledge.folder)
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
    await services.store.reports.audit(staff_id(update), "reload", outcome)
    await send_text(context.bot, update.effective_chat.id, describe_reload(result, services))
