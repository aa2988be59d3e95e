"""Editing a sent message, and a tap on its button reaching a CallbackQueryHandler."""

from __future__ import annotations

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from tests.fake_telegram import FakeTelegram
from tests.fake_telegram_server.conftest import CHAT, StartApp


async def test_edit_message_text(server: FakeTelegram, bot: Bot) -> None:
    sent = await bot.send_message(CHAT, "draft")

    with pytest.raises(BadRequest, match=r"(?i)message is not modified"):
        await bot.edit_message_text("draft", chat_id=CHAT, message_id=sent.message_id)
    edited = await bot.edit_message_text("final", chat_id=CHAT, message_id=sent.message_id)
    assert isinstance(edited, Message)
    assert (edited.text, edited.message_id) == ("final", sent.message_id)
    assert edited.edit_date is not None
    with pytest.raises(BadRequest, match=r"(?i)message to edit not found"):
        await bot.edit_message_text("x", chat_id=CHAT, message_id=999)

    assert [(m.method, m.text) for m in server.messages_to(CHAT)] == [
        ("sendMessage", "draft"),
        ("editMessageText", "final"),
    ]
    assert server.message(CHAT, sent.message_id)["text"] == "final"


async def test_tap_reaches_callback_query_handler(
    server: FakeTelegram, start_app: StartApp
) -> None:
    async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        assert update.message is not None
        keyboard = [[InlineKeyboardButton("Yes", callback_data="answer:yes")]]
        await update.message.reply_text("Any redness?", reply_markup=InlineKeyboardMarkup(keyboard))

    async def on_tap(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        assert query is not None
        await query.answer("noted")
        await query.edit_message_text(f"You said {query.data}")

    await start_app(CommandHandler("check", ask), CallbackQueryHandler(on_tap))
    server.send_command(CHAT, "check")
    [question] = await server.await_for(chat_id=CHAT)
    assert question.buttons == [{"text": "Yes", "callback_data": "answer:yes"}]

    with pytest.raises(ValueError, match="no button"):
        server.tap(CHAT, question.message_id, "answer:no")
    server.tap(CHAT, question.message_id, "answer:yes")

    messages = await server.await_for(lambda ms: ms[-1].method == "editMessageText", chat_id=CHAT)
    assert messages[-1].text == "You said answer:yes"
    assert server.message(CHAT, question.message_id).get("reply_markup") is None
    [answer] = server.calls_of("answerCallbackQuery")
    assert (answer.status, answer.params["text"]) == (200, "noted")
