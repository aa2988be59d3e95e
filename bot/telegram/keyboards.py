"""Inline keyboards: the buttons under the bot's messages, built from their actions."""

from __future__ import annotations

from collections.abc import Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.core.knowledge import Topic
from bot.core.messages import Messages
from bot.telegram.actions import (
    Action,
    Answered,
    BroadcastAnswer,
    CheckinReply,
    ConcernAnswer,
    Consent,
    ForgetAnswer,
    PhotoConsent,
    SessionChange,
    SessionDay,
    ShowTopic,
    encode,
    fits,
)


def _button(text: str, action: Action) -> InlineKeyboardButton:
    return InlineKeyboardButton(text, callback_data=encode(action))


def topics_keyboard(topics: Sequence[Topic], columns: int = 1) -> InlineKeyboardMarkup:
    """One button per topic, `columns` to a row (a topic whose id is too long is left out)."""
    actions = [(topic.title, ShowTopic(topic.id)) for topic in topics]
    buttons = [_button(title, action) for title, action in actions if fits(action)]
    rows = [buttons[i : i + columns] for i in range(0, len(buttons), columns)]
    return InlineKeyboardMarkup(rows)


def session_day_keyboard(words: Messages) -> InlineKeyboardMarkup:
    """Today / Yesterday / Pick another day."""
    return InlineKeyboardMarkup(
        [
            [
                _button(words.render("button_today"), SessionDay("today")),
                _button(words.render("button_yesterday"), SessionDay("yesterday")),
            ],
            [_button(words.render("button_other_day"), SessionDay("other"))],
        ]
    )


def consent_keyboard(words: Messages, subject: str) -> InlineKeyboardMarkup:
    """Yes please / No thanks, for one consent question."""
    return InlineKeyboardMarkup(
        [
            [
                _button(words.render("button_yes_please"), Consent(subject, True)),
                _button(words.render("button_no_thanks"), Consent(subject, False)),
            ]
        ]
    )


def photo_consent_keyboard(words: Messages) -> InlineKeyboardMarkup:
    """Yes, send it / No, thanks."""
    return InlineKeyboardMarkup(
        [
            [
                _button(words.render("button_send_photo"), PhotoConsent(True)),
                _button(words.render("button_no_thanks"), PhotoConsent(False)),
            ]
        ]
    )


def broadcast_keyboard(words: Messages, broadcast_id: int, recipients: int) -> InlineKeyboardMarkup:
    """Send to N clients / Cancel, under a broadcast preview."""
    label = (
        words.render("button_send_one")
        if recipients == 1
        else words.render("button_send", count=f"{recipients:,}")
    )
    return InlineKeyboardMarkup(
        [
            [_button(label, BroadcastAnswer(broadcast_id, True))],
            [_button(words.render("button_cancel"), BroadcastAnswer(broadcast_id, False))],
        ]
    )


def checkin_keyboard(buttons: Sequence[tuple[str, CheckinReply]]) -> InlineKeyboardMarkup | None:
    """The reply buttons under a check-in, one per row; None when it has none."""
    if not buttons:
        return None
    return InlineKeyboardMarkup([[_button(label, action)] for label, action in buttons])


def chosen_keyboard(words: Messages, label: str) -> InlineKeyboardMarkup:
    """What answered buttons become: only the choice, marked, and tapping it changes nothing."""
    return InlineKeyboardMarkup([[_button(words.render("button_chosen", label=label), Answered())]])


def session_change_keyboard(words: Messages, at: int) -> InlineKeyboardMarkup:
    """Yes, note it / No, leave it, under "note this date as your treatment?"."""
    return InlineKeyboardMarkup(
        [
            [
                _button(words.render("button_change_session"), SessionChange(at)),
                _button(words.render("button_keep_session"), SessionChange(0)),
            ]
        ]
    )


def forget_keyboard(words: Messages) -> InlineKeyboardMarkup:
    """Yes, delete / No, keep."""
    return InlineKeyboardMarkup(
        [
            [
                _button(words.render("button_forget_yes"), ForgetAnswer(True)),
                _button(words.render("button_forget_no"), ForgetAnswer(False)),
            ]
        ]
    )


def concern_keyboard(concern_id: int, choices: Sequence[tuple[str, str]]) -> InlineKeyboardMarkup:
    """The concern's answers ((choice id, label) pairs) on one row."""
    return InlineKeyboardMarkup(
        [[_button(label, ConcernAnswer(concern_id, choice)) for choice, label in choices]]
    )
