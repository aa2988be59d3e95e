"""The offline chat: the same core as Telegram, its buttons as numbered choices."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.cli.chat import chat
from bot.core.assistant import Assistant
from bot.core.reply import ANSWER, CONCERN, ESCALATE
from bot.kb import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
WORRY = "this doesnt look like healing"


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(ROOT / "knowledge"))


def talk(assistant: Assistant, *lines: str) -> str:
    """What the chat prints for these typed lines, then end of input."""
    typed: Iterator[str] = iter(lines)

    def prompt(_: str) -> str:
        try:
            return next(typed)
        except StopIteration:
            raise EOFError from None

    out = io.StringIO()
    assert chat(assistant, None, out, prompt) == 0
    return out.getvalue()


def test_a_concern_shows_its_question_with_numbered_choices(assistant: Assistant) -> None:
    assert assistant.respond(WORRY).kind == CONCERN
    shown = talk(assistant, WORRY)
    assert f"bot [{CONCERN}" in shown
    assert "1. Yes   2. No   3. Not sure" in shown


def test_typing_yes_to_a_concern_escalates(assistant: Assistant) -> None:
    shown = talk(assistant, WORRY, "1")
    assert f"bot [{ESCALATE}]>" in shown
    assert assistant.kb.clinic.phone in shown.split(f"bot [{ESCALATE}]>")[1]


def test_typing_no_to_a_concern_answers_and_asks_to_hear_of_changes(
    assistant: Assistant,
) -> None:
    concern = assistant.respond(WORRY)
    last = talk(assistant, WORRY, "no").split("bot [")[-1]
    assert last.startswith(f"{ANSWER} {concern.topic}]>")
    assert "tell me" in last.casefold()


def test_a_number_with_nothing_offered_is_read_as_a_message(assistant: Assistant) -> None:
    shown = talk(assistant, "2")
    assert "bot [fallback]>" in shown


def test_a_suggested_topic_is_picked_by_its_number(assistant: Assistant) -> None:
    fallback = assistant.respond("how do i cancel my gym membership")
    assert fallback.suggestions
    shown = talk(assistant, "how do i cancel my gym membership", "1")
    assert f"bot [{ANSWER} {fallback.suggestions[0].id}]>" in shown


def test_quit_ends_the_chat_without_answering_it(assistant: Assistant) -> None:
    printed = talk(assistant, "/quit", "can i wear makeup tomorrow")
    assert "bot [" not in printed
