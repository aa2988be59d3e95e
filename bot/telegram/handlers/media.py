"""Messages that are not text: photos, voice, stickers, files and the rest."""

from __future__ import annotations

from telegram import Message, Update

from bot.store import ClientVisit
from bot.telegram.actions import PhotoConsent
from bot.telegram.context import BotContext
from bot.telegram.handlers.inbox import to_staff
from bot.telegram.handlers.onboarding import remember_client
from bot.telegram.handlers.questions import answer_question
from bot.telegram.keyboards import photo_consent_keyboard
from bot.telegram.sending import send_text
from bot.telegram.taps import tapped_once
from bot.telegram.wording import not_text_received

# Checked in this order: an animation also carries a document.
KINDS = (
    "animation",
    "video_note",
    "voice",
    "audio",
    "video",
    "sticker",
    "document",
    "location",
    "contact",
    "poll",
    "dice",
    "photo",
)


def kind_of(message: Message) -> str:
    """What a non-text message holds, e.g. "voice"; "message" if nothing known."""
    return next((kind for kind in KINDS if getattr(message, kind, None)), "message")


AWAITING_PHOTO = "photo:"  # clients.awaiting while asking to pass photo N to the team


async def photo(update: Update, context: BotContext) -> None:
    """A photo: to the clinic team if the clinic wants that and the client agrees (once);
    otherwise the bot says it cannot assess photos and points to the clinic."""
    message, chat = update.effective_message, update.effective_chat
    services = context.services
    if message is None or chat is None:
        return
    say = services.messages
    if not services.clinic.forward_photos or services.settings.staff_chat_id is None:
        await _reply(update, context, say.render("photo_received"))
        return
    visit = await remember_client(context, chat.id, update.effective_user)
    if visit.client.photo_consent is None:
        file_id = message.photo[-1].file_id if message.photo else ""
        awaiting = f"{AWAITING_PHOTO}{message.message_id}:{file_id}"
        await services.store.clients.set_awaiting(chat.id, awaiting)
        question = say.render("photo_consent_question")
        await send_text(context.bot, chat.id, question, photo_consent_keyboard(say))
    elif visit.client.photo_consent:
        file_id = message.photo[-1].file_id if message.photo else None
        await _forward(context, visit, message.message_id, file_id, message.caption or "")
    else:
        await send_text(context.bot, chat.id, say.render("photo_received"))
    if message.caption:
        await answer_question(context, visit, message.caption, caption=True)


async def photo_consent(update: Update, context: BotContext) -> None:
    """Yes / No to passing photos to the clinic team; yes sends the photo that asked."""
    if (tap := await tapped_once(update, context, PhotoConsent)) is None:
        return
    chat_id, action = tap
    services = context.services
    visit = await remember_client(context, chat_id, update.effective_user)
    await services.store.inbox.set_photo_consent(chat_id, action.given)
    awaiting = visit.client.awaiting or ""
    if awaiting.startswith(AWAITING_PHOTO):
        await services.store.clients.set_awaiting(chat_id, None)
    if not action.given:
        await send_text(context.bot, chat_id, services.messages.render("photo_received"))
        return
    message_id, _, file_id = awaiting.removeprefix(AWAITING_PHOTO).partition(":")
    if awaiting.startswith(AWAITING_PHOTO) and message_id.isdigit():
        await _forward(context, visit, int(message_id), file_id or None, "")


async def _forward(
    context: BotContext, visit: ClientVisit, message_id: int, file_id: str | None, caption: str
) -> None:
    """Copy the client's photo to the staff chat under a header; tell the client a person
    will look. Only Telegram's file id is kept."""
    services = context.services
    sent = await to_staff(
        context.bot,
        services,
        visit,
        "photo",
        caption,
        copy_message_id=message_id,
        file_id=file_id,
    )
    text = services.messages.render("photo_forwarded" if sent else "photo_received")
    await send_text(context.bot, visit.client.chat_id, text)


async def not_text(update: Update, context: BotContext) -> None:
    """Anything else that is not text: say, kindly, that the bot reads text."""
    message = update.effective_message
    kind = kind_of(message) if message else "message"
    await _reply(update, context, not_text_received(context.services.messages, kind))


async def _reply(update: Update, context: BotContext, text: str) -> None:
    """Send the notice; a caption is still read, so a warning sign in it is not missed."""
    message, chat = update.effective_message, update.effective_chat
    if message is None or chat is None:
        return
    visit = await remember_client(context, chat.id, update.effective_user)
    await send_text(context.bot, chat.id, text)
    if message.caption:
        await answer_question(context, visit, message.caption, caption=True)
