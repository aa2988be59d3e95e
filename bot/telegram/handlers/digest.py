"""A calmer staff chat: unanswered questions arrive gathered, at clinic.yaml's times or once
enough are waiting; tapping a question's number posts it, ready to be answered or taught.

Warning signs, photos and messages in a conversation still reach the staff chat at once.
The questions wait as rows, so a restart loses none.
"""

from __future__ import annotations

import logging

from telegram import Bot, Update
from telegram.error import TelegramError

from bot.core.schedule import digest_due
from bot.jobs.loops import forever
from bot.store import ClientVisit, UnansweredQuestion
from bot.telegram.actions import Pick, tapped
from bot.telegram.context import BotContext, Services
from bot.telegram.handlers.inbox import session_line, to_staff
from bot.telegram.handlers.staff import is_staff
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.staff_keyboards import card_keyboard, pick_keyboard
from bot.telegram.wording import digest, digest_line, question_card

log = logging.getLogger(__name__)

CHECK_SECONDS = 60.0  # how often the loop looks whether a digest is due
MAX_LISTED = 20  # questions in one digest; the rest wait for the next
MAX_QUESTION_CHARS = 300


async def digest_if_due(bot: Bot, services: Services) -> bool:
    """Send a digest if clinic.yaml's time has passed for a waiting question, or enough wait."""
    if services.settings.staff_chat_id is None:
        return False
    waiting, oldest = await services.store.digests.waiting()
    now, rule = services.clock.now(), services.clinic.digest
    if not digest_due(waiting, oldest, now, services.tz, rule):
        return False
    return await send_digest(bot, services)


async def send_digest(bot: Bot, services: Services) -> bool:
    """Every waiting question (up to MAX_LISTED) in one message, with a button per question."""
    staff_chat = services.settings.staff_chat_id
    taken = await services.store.digests.take(MAX_LISTED)
    if staff_chat is None or taken is None:
        return False
    digest_id, questions = taken
    say = services.messages
    lines = [
        digest_line(say, number, q.first_name, _when(services, q), _short(q.text))
        for number, q in enumerate(questions, start=1)
    ]
    keyboard = pick_keyboard([q.id for q in questions])
    try:
        sent = await send_text(bot, staff_chat, digest(say, lines), keyboard)
    except TelegramError:
        log.exception("Could not send the digest to the staff chat %s", staff_chat)
        sent = None
    if sent is None:
        await services.store.digests.give_back(digest_id)
        return False
    await services.store.digests.mark_sent(digest_id, sent.message_id)
    log.info("Digest of %d unanswered question(s) sent", len(questions))
    return True


async def recover(services: Services) -> None:
    """At start: the questions of a digest a stop interrupted wait for the next one again."""
    released = await services.store.digests.give_back()
    if released:
        log.info("%d question(s) of an unsent digest wait for the next one", released)


async def run_digests(bot: Bot, services: Services) -> None:
    """Check every minute whether a digest is due."""
    await forever("Checking for a digest", lambda: digest_if_due(bot, services), CHECK_SECONDS)


async def post_card(bot: Bot, services: Services, question: UnansweredQuestion) -> bool:
    """One question in the staff chat, to reply to (the client gets it) or to teach from."""
    client = await services.store.clients.get(question.chat_id)
    if client is None:
        return False
    session = await services.store.clients.last_session(question.chat_id)
    visit = ClientVisit(client, session.at if session else None)
    kb, say = services.assistant.kb, services.messages
    closest = [t for t in (kb.topic(i) for i in question.closest) if t is not None]
    card = question_card(
        say, client.first_name, client.chat_id, session_line(services, visit), question.text
    )
    keyboard = card_keyboard(say, closest)
    return await to_staff(
        bot, services, visit, "unanswered", question.text, header=card, keyboard=keyboard
    )


async def pick_button(update: Update, context: BotContext) -> None:
    """A question's number under a digest or /gaps: post that question, ready to answer."""
    if (tap := tapped(update, Pick)) is None:
        return
    query, _, action = tap
    services = context.services
    say = services.messages
    if not await is_staff(services, context.bot, update):
        await acknowledge(query, say.render("staff_only"))
        return
    if services.settings.staff_chat_id is None:
        await acknowledge(query, say.render("no_staff_chat"))
        return
    question = await services.store.digests.question(action.question_id)
    if question is None or not await post_card(context.bot, services, question):
        await acknowledge(query, say.render("question_gone"))
        return
    await acknowledge(query, say.render("question_posted"))


def _when(services: Services, question: UnansweredQuestion) -> str:
    return question.at.astimezone(services.tz).strftime("%a %d %b %H:%M")


def _short(text: str) -> str:
    return text if len(text) <= MAX_QUESTION_CHARS else text[: MAX_QUESTION_CHARS - 1] + "…"
