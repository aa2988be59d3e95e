"""Concerns at the Telegram edge: the bot asks before escalating, and the client's answer.

The client reads a calm note, the clinic's phone and "is it getting worse, or is there pus,
fever, blisters or swelling that spreads?" with Yes / No / Not sure. Staff hear of every
concern at once, quietly (no sound); Yes or Not sure escalates like any warning sign, with
the loud alert; No gets the relevant answer and "tell me if anything changes".
"""

from __future__ import annotations

import logging

from telegram import Update

from bot.core.reply import ESCALATE, Reply
from bot.store import ClientVisit
from bot.telegram.actions import ConcernAnswer
from bot.telegram.context import BotContext
from bot.telegram.handlers import inbox
from bot.telegram.handlers.escalation import escalate
from bot.telegram.handlers.onboarding import remember_client
from bot.telegram.keyboards import concern_keyboard
from bot.telegram.sending import send_text
from bot.telegram.taps import tapped_once

log = logging.getLogger(__name__)


async def raise_concern(context: BotContext, visit: ClientVisit, text: str, reply: Reply) -> None:
    """Ask the client the concern's question (its answer kept as a row), and tell staff."""
    services = context.services
    chat_id = visit.client.chat_id
    noticed = reply.concern.id if reply.concern else (reply.sign.id if reply.sign else "concern")
    sign_id = reply.sign.id if reply.sign else None
    concern = await services.store.concerns.raise_(chat_id, noticed, sign_id, reply.topic, text)
    choices = [(choice.id, choice.label) for choice in reply.choices]
    await send_text(context.bot, chat_id, reply.text, concern_keyboard(concern.id, choices))
    log.info("chat %s: a concern was raised (%s)", chat_id, noticed)
    await inbox.to_staff(context.bot, services, visit, "concern", text, quiet=True)


async def concern_answer(update: Update, context: BotContext) -> None:
    """Yes, No or Not sure under a concern: escalate, or answer and ask to hear of changes."""
    if (tap := await tapped_once(update, context, ConcernAnswer)) is None:
        return
    chat_id, action = tap
    services = context.services
    visit = await remember_client(context, chat_id, update.effective_user)
    concern = await services.store.concerns.answer(action.concern_id, chat_id, action.choice)
    if concern is None:  # forgotten since, or not this client's
        await send_text(context.bot, chat_id, services.messages.render("stale_button"))
        return
    # A topic or sign removed from the knowledge base since still gets a reply.
    reply = services.assistant.concern_response(action.choice, concern.topic_id, concern.sign_id)
    if reply.kind == ESCALATE:
        await escalate(context, visit, concern.text, reply)
        return
    await send_text(context.bot, chat_id, reply.text)
