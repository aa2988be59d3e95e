"""Knowledge files from Telegram: /kb sends them as documents, a file sent back by staff is
checked as `kb check` does and used (or refused with file and line), /undo takes back the
last change made from Telegram."""

from __future__ import annotations

import asyncio
from pathlib import Path

from telegram import Bot, Update
from telegram.constants import ChatType

from bot.kb.changes import Change, inside
from bot.telegram.context import BotContext, Services
from bot.telegram.handlers.staff import is_staff, knowledge_changed, refuse_unless_staff, staff_id
from bot.telegram.handlers.teaching import apply_change
from bot.telegram.sending import send_text
from bot.telegram.wording import not_text_received, problem_list

MAX_FILE_BYTES = 256 * 1024


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
    applied = await apply_change(services, staff_id(update), change)
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
