"""The staff chat's buttons: pick a question to answer, say which topic it is, keep an answer."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.knowledge import Topic
from bot.core.messages import Messages
from bot.telegram.actions import Pick, Teach, TopicIs, encode, fits

PICKS_PER_ROW = 5


def pick_keyboard(question_ids: Sequence[int]) -> InlineKeyboardMarkup | None:
    """One numbered button per listed question (1, 2, 3, ...), five to a row."""
    buttons = [
        InlineKeyboardButton(str(number), callback_data=encode(Pick(question_id)))
        for number, question_id in enumerate(question_ids, start=1)
    ]
    if not buttons:
        return None
    rows = [buttons[i : i + PICKS_PER_ROW] for i in range(0, len(buttons), PICKS_PER_ROW)]
    return InlineKeyboardMarkup(rows)


def card_keyboard(words: Messages, closest: Sequence[Topic]) -> InlineKeyboardMarkup | None:
    """Under a question card: "➕ <topic>" for each of the closest topics."""
    rows = [
        [
            InlineKeyboardButton(
                words.render("button_topic_is", topic=topic.title),
                callback_data=encode(TopicIs(topic.id)),
            )
        ]
        for topic in closest
        if fits(TopicIs(topic.id))
    ]
    return InlineKeyboardMarkup(rows) if rows else None


def teach_keyboard(words: Messages, reply_id: int, card_id: int) -> InlineKeyboardMarkup:
    """Under "✓ Sent to Anna.": keep the reply as the bot's answer to the question."""
    action = Teach(reply_id, card_id)
    button = InlineKeyboardButton(words.render("button_teach"), callback_data=encode(action))
    return InlineKeyboardMarkup([[button]])
