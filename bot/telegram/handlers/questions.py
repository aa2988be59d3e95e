"""A client's words in, the core's reply out: answers, suggestions, and escalations."""

from __future__ import annotations

import logging

from telegram import Update

from bot.core.conversation import bot_answers
from bot.core.dates import days_between
from bot.core.reply import CONCERN, ESCALATE, Reply
from bot.store import AWAITING_SESSION_DATE, ClientVisit
from bot.telegram import conversation
from bot.telegram.actions import ShowTopic, decode
from bot.telegram.context import BotContext
from bot.telegram.handlers import digest, inbox, onboarding
from bot.telegram.handlers.concerns import raise_concern
from bot.telegram.handlers.escalation import escalate
from bot.telegram.keyboards import topics_keyboard
from bot.telegram.sending import acknowledge, send_text

log = logging.getLogger(__name__)


async def text_message(update: Update, context: BotContext) -> None:
    """A typed (or edited) message: a treatment date if one was asked for, else a question."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.text is None:
        return
    services = context.services
    visit = await onboarding.remember_client(context, chat.id, update.effective_user)
    if visit.client.awaiting == AWAITING_SESSION_DATE and await onboarding.take_typed_date(
        context, chat.id, message.text
    ):
        return
    talking = conversation.state(services, visit.client)
    if talking == conversation.OPEN:
        await continue_conversation(context, visit, message.text)
        return
    if talking == conversation.ENDED and await services.store.inbox.close(chat.id):
        await send_text(context.bot, chat.id, services.messages.render("conversation_ended"))
    if await onboarding.offer_session_change(context, visit, message.text):
        return
    await answer_question(context, visit, message.text)


async def continue_conversation(context: BotContext, visit: ClientVisit, text: str) -> None:
    """A staff member is talking with this client: what the bot does not answer itself
    (`bot.core.conversation`: warning signs and clear answers it does) goes to them."""
    services = context.services
    reply = _respond(context, visit, text)
    if bot_answers(reply):
        await answer_question(context, visit, text, reply)
        return
    if await inbox.to_staff(context.bot, services, visit, "message", text):
        await conversation.keep_open(services, visit.client.chat_id)
        await send_text(
            context.bot, visit.client.chat_id, services.messages.render("passed_to_team")
        )
        return
    await answer_question(context, visit, text, reply)


def _respond(context: BotContext, visit: ClientVisit, text: str, caption: bool = False) -> Reply:
    services = context.services
    session_at = visit.last_session_at
    days = days_between(session_at, services.clock.now()) if session_at else None
    return services.assistant.respond(text, days_since_session=days, caption=caption)


async def answer_question(
    context: BotContext,
    visit: ClientVisit,
    text: str,
    reply: Reply | None = None,
    *,
    caption: bool = False,
) -> None:
    """Ask the core (unless `reply` is its answer already); send the reply, with suggested
    topics as buttons; keep a question it could not answer for the staff chat's digest.

    A photo's `caption` is checked like any message but answered only if it asks something."""
    services = context.services
    chat_id = visit.client.chat_id
    reply = reply or _respond(context, visit, text, caption)
    log.debug("chat %s: %r -> %s %s", chat_id, text, reply.kind, reply.topic)
    if reply.kind == ESCALATE:
        await escalate(context, visit, text, reply)
        return
    if reply.kind == CONCERN:
        await raise_concern(context, visit, text, reply)
        return
    keyboard = topics_keyboard(reply.suggestions) if reply.suggestions else None
    await send_text(context.bot, chat_id, reply.text, keyboard)
    if reply.unanswered is not None:
        closest = [topic.id for topic in reply.suggestions]
        await services.store.reports.record_unanswered(chat_id, reply.unanswered, closest)
        await digest.digest_if_due(context.bot, services)  # at once if enough are waiting


async def show_topic(update: Update, context: BotContext) -> None:
    """A topic button was tapped: answer that topic."""
    query, chat = update.callback_query, update.effective_chat
    if query is None or chat is None:
        return
    action = decode(query.data)
    topic_id = action.topic_id if isinstance(action, ShowTopic) else ""
    try:
        reply = context.services.assistant.answer(topic_id)
    except KeyError:  # a topic removed from the knowledge base since the button was sent
        await acknowledge(query, context.services.messages.render("stale_button"))
        return
    await acknowledge(query)
    await send_text(context.bot, chat.id, reply.text)
