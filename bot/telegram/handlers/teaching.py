"""Teaching the bot from the staff chat: a question joins a topic, a reply becomes a new topic,
knowledge files go out with /kb and come back edited, and /undo takes back the last change.

Every change is checked with everything `kb check` checks before it is written, written
whole, kept in the history (state/knowledge-history) and loaded at once; a change that
would break the knowledge base is refused with its problems and changes nothing.
"""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path

from telegram import Bot, Update
from telegram.constants import ChatType

from bot.core.knowledge import KnowledgeBase, Topic
from bot.core.normalize import plain
from bot.jobs.reloader import Applied
from bot.kb import Problem
from bot.kb.changes import Change, inside
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
from bot.telegram.context import BotContext, Services
from bot.telegram.conversation import from_team
from bot.telegram.handlers.staff import is_staff, knowledge_changed, refuse_unless_staff, staff_id
from bot.telegram.keyboards import Teach, TopicIs, tapped
from bot.telegram.sending import acknowledge, send_text
from bot.telegram.taps import first_tap, show_choice
from bot.telegram.wording import not_text_received, problem_list, reply_delivered

log = logging.getLogger(__name__)

MAX_FILE_BYTES = 256 * 1024


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
    applied = await _apply(services, staff_id(update), _phrasing(services, topic, question.text))
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
    applied = await _apply(services, staff_id(update), change)
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


# -- /kb, files sent back, /undo ------------------------------------------------------


def knowledge_files(folder: Path) -> dict[str, str]:
    """Each knowledge file by the name /kb sends it under (topics/x.yaml as topics-x.yaml)."""
    paths = sorted(p for p in folder.rglob("*.y*ml") if not p.name.startswith("."))
    names = [str(p.relative_to(folder)) for p in paths if p.suffix in {".yaml", ".yml"}]
    return {name.replace("/", "-"): name for name in names}


def file_for(folder: Path, sent_name: str) -> str | None:
    """The knowledge file a document sent back stands for: by /kb's name, or a unique base name."""
    files = knowledge_files(folder)
    if sent_name in files:
        return files[sent_name]
    matches = [name for name in files.values() if Path(name).name == sent_name]
    return matches[0] if len(matches) == 1 else None


async def kb_command(update: Update, context: BotContext) -> None:
    """/kb (staff): the knowledge files as documents, to edit and send back; /kb NAME: one."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services, chat_id = context.services, update.effective_chat.id
    folder = services.knowledge.folder
    wanted = " ".join(context.args or []).strip().lower()
    files = {sent: name for sent, name in knowledge_files(folder).items() if wanted in sent.lower()}
    await send_text(context.bot, chat_id, services.messages.render("kb_files"))
    for sent, name in files.items():
        data = await asyncio.to_thread((folder / name).read_bytes)
        await context.bot.send_document(chat_id, document=data, filename=sent)
    await services.store.reports.audit(staff_id(update), "kb", f"sent {len(files)} file(s)")


async def kb_document(update: Update, context: BotContext) -> None:
    """A YAML file sent to the bot: from staff, a knowledge file to check and use."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None or message.document is None:
        return
    services, bot = context.services, context.bot
    say = services.messages
    if not await is_staff(services, bot, update):  # a client's file: as any other file
        private = chat.type == ChatType.PRIVATE
        text = not_text_received(say, "document") if private else say.render("staff_only")
        await send_text(bot, chat.id, text)
        return
    document = message.document
    sent_name = document.file_name or ""
    name = file_for(services.knowledge.folder, sent_name)
    if name is None or not inside(services.knowledge.folder, name):
        files = ", ".join(knowledge_files(services.knowledge.folder))
        await send_text(bot, chat.id, say.render("kb_unknown_file", text=sent_name, files=files))
        return
    if (document.file_size or 0) > MAX_FILE_BYTES:
        await send_text(bot, chat.id, say.render("kb_file_too_big"))
        return
    data = bytes(await (await bot.get_file(document.file_id)).download_as_bytearray())
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        await send_text(bot, chat.id, say.render("kb_not_text", text=sent_name))
        return
    change = Change(say.render("change_file", file=name), {name: text})
    applied = await _apply(services, staff_id(update), change)
    if not applied.applied and not applied.problems:
        await send_text(bot, chat.id, say.render("kb_unchanged", file=name))
        return
    if not applied.applied:
        problems = problem_list(say, [str(p) for p in applied.problems])
        await send_text(bot, chat.id, say.render("kb_refused", file=name, problems=problems))
        return
    await _taught_file(bot, services, update, chat.id, name, change.description)


async def _taught_file(
    bot: Bot, services: Services, update: Update, chat_id: int, name: str, description: str
) -> None:
    await services.store.reports.audit(staff_id(update), "kb upload", description)
    await knowledge_changed(bot, services)
    kb = services.assistant.kb
    counts = {"topics": len(kb.topics), "signs": len(kb.warning_signs)}
    text = services.messages.render("kb_applied", file=name, **counts, checkins=len(kb.checkins))
    await send_text(bot, chat_id, text)


async def undo_command(update: Update, context: BotContext) -> None:
    """/undo (staff): the files as they were before the last change made from Telegram."""
    if await refuse_unless_staff(update, context) or update.effective_chat is None:
        return
    services, chat_id = context.services, update.effective_chat.id
    say = services.messages
    undone = await asyncio.to_thread(services.knowledge.undo, services.history)
    version = undone.version
    if version is None:
        await send_text(context.bot, chat_id, say.render("undo_nothing"))
        return
    if not undone.applied:
        problems = problem_list(say, [str(p) for p in undone.problems])
        text = say.render("undo_refused", change=version.description, problems=problems)
        await send_text(context.bot, chat_id, text)
        return
    await services.store.reports.audit(staff_id(update), "undo", version.description)
    await knowledge_changed(context.bot, services)
    await send_text(context.bot, chat_id, say.render("undo_done", change=version.description))


# -- shared ---------------------------------------------------------------------------


async def _apply(services: Services, actor: int | None, change: Change | EditError) -> Applied:
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
