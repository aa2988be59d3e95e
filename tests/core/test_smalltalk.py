"""Small talk: recognised when a message holds nothing else, or opens with thanks."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.knowledge import SmallTalk
from bot.core.normalize import Normalizer
from bot.core.reply import ANSWER, FALLBACK, SMALLTALK
from bot.core.smalltalk import SmallTalkMatcher
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
THANKS = SmallTalk("thanks", ("thank you", "thanks"), "You're welcome!")


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(ROOT / "knowledge"))


def test_a_message_opening_with_thanks_is_found() -> None:
    matcher = SmallTalkMatcher([THANKS], Normalizer([], []))
    assert matcher.opening("thank you that eased my nerves".split(), "thanks") == THANKS
    assert matcher.opening("well thank you".split(), "thanks") is None


def test_thanks_with_relief_is_small_talk(assistant: Assistant) -> None:
    assert assistant.respond("Thank you, that has calmed my nerves a lot").kind == SMALLTALK


def test_thanks_then_a_question_is_answered(assistant: Assistant) -> None:
    reply = assistant.respond("thanks! when can I put foundation on again")
    assert (reply.kind, reply.topic) == (ANSWER, "makeup-and-skincare")
    assert assistant.respond("thanks, but what about flying?").kind == FALLBACK
