"""Teaching the bot from the staff chat: an unanswered question joins a topic (a topic's id
in reply, or its button), or staff's reply to it becomes a new topic ("Keep this as my answer").

Every change is checked with everything `kb check` checks before it is written, written
whole, kept in the history (state/knowledge-history) and loaded at once; a change that
would break the knowledge base is refused with its problems and changes nothing. Files
sent back with /kb and /undo are in `knowledge_files`.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Bot, Update

from bot.core.knowledge import KnowledgeBase, Topic
from bot.core.normalize import plain
from bot.jobs.reloader import Applied
from bot.kb import Problem
from bot.kb.changes import Change
from bot.kb.editing import (
    CLINIC_SOURCE,
    CLINIC_SOURCE_ENTRY,
    CLINIC_TOPICS,
    CLINIC_TOPICS_HEADER,
    EditError,
    add_question,
    append_entry,
    has_source,
    id_for,
    title_for,
    topic_entry,
)
from bot.store import ConversationMessage
from bot.telegram.actions import Teach, TopicIs, tapped
from bot.telegram.context import BotContext, Services
from bot.telegram.conversation import from_team
from bot.telegram.handlers.staff import is_staff, knowledge_changed, staff_id
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.taps import first_tap, show_choice
from bot.telegram.wording import problem_list, reply_delivered

log = logging.getLogger(__name__)


# -- lessons from a question card -----------------------------------------------------


async def teach_phrasing(
    context: BotContext, update: Update, question: ConversationMessage, topic: Topic
) -> None:
    """The question on a card belongs to `topic`: add it there, and send the client its answer."""
    services, bot = context.services, context.bot
    say = services.messages
    chat = update.effective_chat
    if chat is None:
        return
    description = say.render("change_phrasing", text=question.text, topic=topic.title)
    applied = await apply_change(
        services, staff_id(update), _phrasing(services, topic, question.text)
    )
    if not applied.applied:
        await _refused(bot, services, chat.id, applied, description)
        return
    await _taught(bot, services, update, question.text, description)
    client = await services.store.clients.get(question.chat_id)
    delivered = await from_team(
        bot, services, question.chat_id, services.assistant.answer(topic.id).text
    )
    name = client.first_name if client else None
    confirmation = say.render("taught_phrasing", text=question.text, topic=topic.title)
    await send_text(bot, chat.id, f"{confirmation}\n{reply_delivered(say, name, delivered)}")


async def topic_is_button(update: Update, context: BotContext) -> None:
    """ "➕ <topic>" under a question card: the question joins that topic."""
    if (tap := tapped(update, TopicIs)) is None:
        return
    query, chat_id, action = tap
    services = context.services
    if not await is_staff(services, context.bot, update):
        await acknowledge(query, services.messages.render("staff_only"))
        return
    topic = services.assistant.kb.topic(action.topic_id)
    card = await _recorded(services, query.message and query.message.message_id)
    if topic is None or card is None:
        await acknowledge(query, services.messages.render("stale_button"))
        return
    if not await first_tap(services.store, services.messages, query, chat_id):
        return
    await acknowledge(query)
    await show_choice(context.bot, services.messages, query, chat_id)
    await teach_phrasing(context, update, card, topic)


async def teach_button(update: Update, context: BotContext) -> None:
    """ "Keep this as my answer" under a reply to a question card: a new topic, in the clinic's
    file, answering the client's question with exactly what staff wrote."""
    if (tap := tapped(update, Teach)) is None:
        return
    query, chat_id, action = tap
    services, bot = context.services, context.bot
    say = services.messages
    if not await is_staff(services, bot, update):
        await acknowledge(query, say.render("staff_only"))
        return
    card = await _recorded(services, action.card_message_id)
    reply = await _recorded(services, action.reply_message_id)
    if card is None or reply is None or not reply.text:
        await acknowledge(query, say.render("question_gone"))
        return
    if not await first_tap(services.store, say, query, chat_id):
        return
    await acknowledge(query)
    await show_choice(bot, say, query, chat_id)
    kb = services.assistant.kb
    title = title_for(card.text)
    topic_id = id_for(title, {t.id for t in kb.topics})
    description = say.render("change_topic", topic=title)
    change = _new_topic(services, kb, topic_id, title, card.text, reply.text)
    applied = await apply_change(services, staff_id(update), change)
    if not applied.applied:
        await _refused(bot, services, chat_id, applied, description)
        return
    await _taught(bot, services, update, card.text, description)
    text = say.render("taught_topic", topic=title, file=CLINIC_TOPICS, text=card.text)
    await send_text(bot, chat_id, text)


def _phrasing(services: Services, topic: Topic, question: str) -> Change | EditError:
    say = services.messages
    folder = services.knowledge.folder
    name = _relative(folder, topic.file)
    try:
        text = add_question((folder / name).read_text(encoding="utf-8"), topic.id, question)
    except (OSError, EditError) as error:
        return EditError(f"{name}: {error}")
    return Change(say.render("change_phrasing", text=question, topic=topic.title), {name: text})


def _new_topic(
    services: Services, kb: KnowledgeBase, topic_id: str, title: str, question: str, answer: str
) -> Change:
    folder = services.knowledge.folder
    files: dict[str, str | None] = {}
    sources = (folder / "sources.yaml").read_text(encoding="utf-8")
    if kb.source(CLINIC_SOURCE) is None and not has_source(sources, CLINIC_SOURCE):
        files["sources.yaml"] = append_entry(sources, CLINIC_SOURCE_ENTRY, "sources:\n")
    path = folder / CLINIC_TOPICS
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    entry = topic_entry(topic_id, title, question, answer)
    files[CLINIC_TOPICS] = append_entry(current, entry, CLINIC_TOPICS_HEADER)
    return Change(services.messages.render("change_topic", topic=title), files)


async def _taught(
    bot: Bot, services: Services, update: Update, question: str, description: str
) -> None:
    """After a lesson: the question (and its twins) leave /gaps and the digests; audit."""
    key = plain(question)
    same = [q.id for q in await services.store.reports.unanswered() if plain(q.text) == key]
    await services.store.digests.mark_taught(same)
    await services.store.reports.audit(staff_id(update), "teach", description)
    await knowledge_changed(bot, services)


# -- shared ---------------------------------------------------------------------------


async def apply_change(
    services: Services, actor: int | None, change: Change | EditError
) -> Applied:
    """Check, write, keep the old version and load, off the event loop; an edit that could
    not be made is refused with its reason as the problem."""
    if isinstance(change, EditError):
        log.warning("A lesson could not be written: %s", change)
        return Applied(False, problems=(_edit_problem(change),))
    return await asyncio.to_thread(
        services.knowledge.apply, change, services.history, actor, services.clock.now()
    )


def _edit_problem(error: EditError) -> Problem:
    file, _, message = str(error).partition(": ")
    return Problem(file, 0, message)


async def _refused(
    bot: Bot, services: Services, chat_id: int, applied: Applied, description: str
) -> None:
    say = services.messages
    problems = [str(p) for p in applied.problems] or [description]  # or: it is there already
    await send_text(bot, chat_id, say.render("teach_refused", problems=problem_list(say, problems)))


async def _recorded(services: Services, staff_message_id: int | None) -> ConversationMessage | None:
    if staff_message_id is None:
        return None
    await services.staff_posts.settled()
    return await services.store.inbox.about_staff_message(staff_message_id)


def _relative(folder: Path, file: str) -> str:
    """A topic's file (as the loader names it: from the folder's parent) relative to the folder."""
    path = Path(file)
    full = path if path.is_absolute() else folder.parent / path
    return str(full.resolve().relative_to(folder.resolve()))
