"""Updates reach a polling PTB Application: texts, commands, all kinds, edits; waits for replies."""

from __future__ import annotations

import pytest
from telegram import Bot, Message, Update
from telegram.ext import CommandHandler, ContextTypes, MessageHandler, filters

from tests.fake_telegram import MESSAGE_KINDS, FakeTelegram
from tests.fake_telegram_server.conftest import CHAT, StartApp


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None
    await update.message.reply_text(f"echo: {update.message.text}")


async def test_application_echo_round_trip(server: FakeTelegram, start_app: StartApp) -> None:
    await start_app(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    server.send_text(CHAT, "hello there")

    [reply] = await server.await_for(chat_id=CHAT)

    assert reply.method == "sendMessage"
    assert reply.text == "echo: hello there"
    assert reply.message_id == 2  # the user's message was 1: ids are per chat
    assert [c.method for c in server.calls][:2] == ["getMe", "deleteWebhook"]


async def test_command_entity_and_bot_username(server: FakeTelegram, start_app: StartApp) -> None:
    async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        await update.message.reply_text(f"start args={context.args}")

    await start_app(CommandHandler("start", start))
    update = server.send_command(CHAT, "start", "promo_1")
    assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
    server.send_text(-100777, "/start@aftercare_test_bot x", chat_type="supergroup")

    await server.await_for(chat_id=CHAT)
    [group_reply] = await server.await_for(chat_id=-100777)
    assert server.messages_to(CHAT)[0].text == "start args=['promo_1']"
    assert group_reply.text == "start args=['x']"


async def test_every_message_kind_is_parsed_by_ptb(
    server: FakeTelegram, start_app: StartApp
) -> None:
    received: list[Message] = []

    async def collect(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        received.append(update.message)
        await update.message.reply_text("got it")

    await start_app(MessageHandler(filters.ALL, collect))
    for kind in MESSAGE_KINDS:
        server.send_message_of_kind(CHAT, kind, caption="cap" if kind == "photo" else None)
    await server.await_for(chat_id=CHAT, count=len(MESSAGE_KINDS))

    by_kind = dict(zip(MESSAGE_KINDS, received, strict=True))
    assert by_kind["photo"].photo[-1].width == 800
    assert by_kind["photo"].caption == "cap"
    assert by_kind["voice"].voice.mime_type == "audio/ogg"
    assert by_kind["sticker"].sticker.emoji == "🙂"
    assert by_kind["document"].document.file_name == "file.pdf"
    assert by_kind["location"].location.latitude == pytest.approx(52.52)
    assert by_kind["contact"].contact.phone_number.startswith("+49")
    assert by_kind["video"].video.width == 640
    assert by_kind["animation"].animation is not None
    assert by_kind["audio"].audio is not None
    assert by_kind["video_note"].video_note is not None
    for kind, message in by_kind.items():
        assert message.effective_attachment is not None, kind
        assert message.api_kwargs == {}, kind  # every field was known to PTB


async def test_edited_message_update(server: FakeTelegram, start_app: StartApp) -> None:
    async def on_edit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.edited_message is not None
        await context.bot.send_message(CHAT, f"edited to {update.edited_message.text}")

    await start_app(MessageHandler(filters.UpdateType.EDITED_MESSAGE, on_edit))
    original = server.send_text(CHAT, "typo")
    server.edit_text(CHAT, original["message"]["message_id"], "fixed")
    [reply] = await server.await_for(chat_id=CHAT)
    assert reply.text == "edited to fixed"


async def test_wait_for_timeout_describes_what_was_sent(server: FakeTelegram, bot: Bot) -> None:
    await bot.send_message(CHAT, "only this")
    with pytest.raises(AssertionError, match="only this"):
        server.wait_for(chat_id=CHAT, count=2, timeout=0.05)
