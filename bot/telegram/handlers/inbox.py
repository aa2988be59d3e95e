"""The staff inbox: clients' worrying messages, photos and open questions reach the staff chat;
a staff member's reply there reaches the client, and the conversation goes on both ways until
staff send /done or it has been quiet for a while (clinic.yaml: conversation_ends_after)."""

from __future__ import annotations

import logging

from telegram import Bot, InlineKeyboardMarkup, Message, Update
from telegram.error import TelegramError

from bot.core.dates import describe_day
from bot.store import ClientVisit, ConversationMessage
from bot.telegram.context import BotContext, Services
from bot.telegram.conversation import from_team
from bot.telegram.handlers import teaching
from bot.telegram.handlers.staff import refuse_unless_staff, staff_id
from bot.telegram.sending import send_parts, send_text
from bot.telegram.staff_keyboards import teach_keyboard
from bot.telegram.wording import history_of, inbox_message, reply_delivered

log = logging.getLogger(__name__)


def session_line(services: Services, visit: ClientVisit) -> str | None:
    """'Wednesday 18 November 2026 (2 days ago)', or None without a recorded session."""
    if visit.last_session_at is None:
        return None
    return describe_day(visit.last_session_at, services.clock.now(), services.tz)


async def to_staff(
    bot: Bot,
    services: Services,
    visit: ClientVisit,
    kind: str,
    text: str,
    *,
    header: str | None = None,
    copy_message_id: int | None = None,
    file_id: str | None = None,
    keyboard: InlineKeyboardMarkup | None = None,
    quiet: bool = False,
) -> bool:
    """Post a client's message in the staff chat, ready to be replied to; record it.

    `copy_message_id` copies the client's own message (a photo) under the header; a `quiet`
    post arrives without a sound.
    False when there is no staff chat or Telegram refused. Until the post is recorded,
    replies to it wait (`StaffPosts`), so none is taken for a message about nobody.
    """
    staff_chat = services.settings.staff_chat_id
    chat_id = visit.client.chat_id
    if staff_chat is None:
        return False
    body = header or inbox_message(
        services.messages,
        kind,
        visit.client.first_name,
        chat_id,
        session_line(services, visit),
        text,
    )
    async with services.staff_posts.posting():
        try:
            sent = await send_parts(bot, staff_chat, body, keyboard, quiet=quiet)
            posted = [m.message_id for m in sent]
            if posted and copy_message_id is not None:
                copied = await bot.copy_message(staff_chat, chat_id, copy_message_id)
                posted.append(copied.message_id)
        except TelegramError:
            log.exception("Could not alert the staff chat %s about chat %s", staff_chat, chat_id)
            return False
        if not posted:
            return False
        # The message is kept once; every part of it in the staff chat (a long alert split in
        # several, the copy of a photo) leads back to the client when replied to.
        first, *more = posted
        await services.store.inbox.record(
            chat_id, "client", kind, text, file_id=file_id, staff_message_id=first
        )
        for part in more:
            await services.store.inbox.record(chat_id, "client", kind, "", staff_message_id=part)
    return True


async def about(services: Services, message: Message | None) -> ConversationMessage | None:
    """The client's message a message in the staff chat stands for, once it is recorded."""
    if message is None:
        return None
    await services.staff_posts.settled()
    return await services.store.inbox.about_staff_message(message.message_id)


async def staff_reply(update: Update, context: BotContext) -> None:
    """A reply in the staff chat to the bot's message about a client: send it to the client.

    To an unanswered question, a topic's id teaches the bot instead (and the client gets
    that topic's answer); any other reply goes to the client with a button to keep it as
    the bot's answer.
    """
    message = update.effective_message
    original = message.reply_to_message if message else None
    if message is None or original is None or not message.text:
        return
    if original.from_user is None or original.from_user.id != context.bot.id:
        return  # staff talking among themselves
    if await refuse_unless_staff(update, context):
        return
    services = context.services
    say = services.messages
    found = await about(services, original)
    if found is None:
        await _answer(context, message, say.render("reply_unknown_client"))
        return
    topic = services.assistant.kb.topic(message.text.strip().lower())
    if found.kind == "unanswered" and topic is not None:
        await teaching.teach_phrasing(context, update, found, topic)
        return
    client = await services.store.clients.get(found.chat_id)
    name = client.first_name if client else None
    try:
        delivered = await from_team(context.bot, services, found.chat_id, message.text)
    except TelegramError as error:  # refused (400) or no answer: staff must know it did not go
        log.warning("A staff reply to chat %s failed: %s", found.chat_id, error)
        failed = say.render(
            "reply_failed", first_name=name or say.render("the_client"), error=error.message
        )
        await _answer(context, message, failed)
        return
    if not delivered:
        await _answer(context, message, reply_delivered(say, name, delivered=False))
        return
    staff_user = staff_id(update)
    await services.store.inbox.record(
        found.chat_id,
        "staff",
        "reply",
        message.text,
        staff_user_id=staff_user,
        staff_message_id=message.message_id,
    )
    await services.store.reports.audit(
        staff_user, "reply", "answered a client", client_chat=found.chat_id
    )
    keyboard = None
    if found.kind == "unanswered" and found.staff_message_id is not None:
        keyboard = teach_keyboard(say, message.message_id, found.staff_message_id)
    confirmation = reply_delivered(say, name, delivered=True)
    await send_text(context.bot, message.chat_id, confirmation, keyboard)


async def _replied_about(
    update: Update, context: BotContext, usage: str
) -> tuple[Message, ConversationMessage] | None:
    """A staff command in reply to a message about a client: the command and that client's
    message; None (after a refusal, or the `usage` message) otherwise.

    Only in the staff chat: message ids are counted per chat, so a reply in a private chat
    to message N says nothing about the staff chat's message N.
    """
    message = update.effective_message
    if await refuse_unless_staff(update, context) or message is None:
        return None
    in_staff_chat = message.chat_id == context.services.settings.staff_chat_id
    found = await about(context.services, message.reply_to_message) if in_staff_chat else None
    if found is None:
        await _answer(context, message, context.services.messages.render(usage))
        return None
    return message, found


async def done_command(update: Update, context: BotContext) -> None:
    """/done, in reply to a message about a client: the client talks to the bot again."""
    if (replied := await _replied_about(update, context, "done_usage")) is None:
        return
    message, found = replied
    services = context.services
    say = services.messages
    client = await services.store.clients.get(found.chat_id)
    name = (client.first_name if client else None) or say.render("the_client")
    if not await services.store.inbox.close(found.chat_id):
        await _answer(context, message, say.render("conversation_not_open", first_name=name))
        return
    await send_text(context.bot, found.chat_id, say.render("conversation_done"))
    await services.store.reports.audit(
        staff_id(update), "done", "ended a conversation", client_chat=found.chat_id
    )
    await _answer(context, message, say.render("conversation_closed", first_name=name))


async def history_command(update: Update, context: BotContext) -> None:
    """/history, in reply to a client's message in the staff chat: what we know of them."""
    if (replied := await _replied_about(update, context, "reply_unknown_client")) is None:
        return
    message, found = replied
    services = context.services
    say = services.messages
    chat_id = found.chat_id
    client = await services.store.clients.get(chat_id)
    now, zone = services.clock.now(), services.tz
    sessions = [
        describe_day(s.at, now, zone) for s in await services.store.clients.sessions(chat_id)
    ]
    answers = [
        say.render("history_answer", checkin=c.checkin_id, answer=c.answer)
        for c in await services.store.checkins.of_client(chat_id)
        if c.answer is not None
    ]
    escalations = [
        say.render(
            "history_escalation", day=describe_day(e.at, now, zone), sign=e.sign_id, text=e.text
        )
        for e in await services.store.reports.escalations(limit=5, chat_id=chat_id)
    ]
    await services.store.reports.audit(
        staff_id(update), "history", "looked up", client_chat=chat_id
    )
    name = client.first_name if client else None
    text = history_of(say, name, chat_id, sessions, answers, escalations)
    await _answer(context, message, text)


async def _answer(context: BotContext, message: Message, text: str) -> None:
    await send_text(context.bot, message.chat_id, text)
