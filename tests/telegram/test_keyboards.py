"""Callback data: what buttons carry, read back, and what old or forged data turns into."""

from __future__ import annotations

import pytest

from bot.core.assistant import Assistant
from bot.core.knowledge import Topic
from bot.telegram.actions import (
    MAX_CALLBACK_DATA_BYTES,
    ForgetAnswer,
    SessionDay,
    ShowTopic,
    decode,
    encode,
    fits,
    matches,
)
from bot.telegram.keyboards import forget_keyboard, session_day_keyboard, topics_keyboard


def topic(topic_id: str, title: str = "A topic") -> Topic:
    return Topic(id=topic_id, title=title, questions=("q",), answer="a", sources=("s",))


@pytest.mark.parametrize(
    "action",
    [
        ShowTopic("sun-protection"),
        SessionDay("today"),
        SessionDay("yesterday"),
        SessionDay("other"),
        ForgetAnswer(True),
        ForgetAnswer(False),
    ],
)
def test_every_action_survives_a_round_trip(action: ShowTopic | SessionDay | ForgetAnswer) -> None:
    assert decode(encode(action)) == action


@pytest.mark.parametrize(
    "data",
    [None, 42, "", "topic", "topic:", "day:tomorrow", "forget:maybe", "v0|legacy", "x" * 64],
)
def test_unknown_or_old_data_decodes_to_none(data: object) -> None:
    assert decode(data) is None


def test_data_over_64_bytes_is_refused() -> None:
    action = ShowTopic("t" * MAX_CALLBACK_DATA_BYTES)
    assert not fits(action)
    with pytest.raises(ValueError, match="64 bytes"):
        encode(action)


def test_matches_accepts_only_its_own_kind() -> None:
    pattern = matches(ShowTopic)
    assert pattern("topic:sun-protection")
    assert not pattern("day:today")
    assert not pattern("garbage")


def test_topics_keyboard_has_one_button_per_topic_in_rows() -> None:
    keyboard = topics_keyboard([topic("a", "A"), topic("b", "B"), topic("c", "C")], columns=2)
    rows = [[(b.text, b.callback_data) for b in row] for row in keyboard.inline_keyboard]
    assert rows == [[("A", "topic:a"), ("B", "topic:b")], [("C", "topic:c")]]


def test_topics_keyboard_leaves_out_a_topic_whose_id_is_too_long() -> None:
    keyboard = topics_keyboard([topic("ok"), topic("x" * 80)])
    assert [[b.callback_data for b in row] for row in keyboard.inline_keyboard] == [["topic:ok"]]


def test_session_and_forget_keyboards_carry_their_answers(shipped_assistant: Assistant) -> None:
    words = shipped_assistant.kb.messages
    day = [b.callback_data for row in session_day_keyboard(words).inline_keyboard for b in row]
    assert [decode(d) for d in day] == [
        SessionDay("today"),
        SessionDay("yesterday"),
        SessionDay("other"),
    ]
    forget = [b.callback_data for row in forget_keyboard(words).inline_keyboard for b in row]
    assert [decode(d) for d in forget] == [ForgetAnswer(True), ForgetAnswer(False)]
