"""Photo captions: triaged like a message, answered only when they ask, never a verdict."""

from __future__ import annotations

from bot.core.assistant import Assistant
from bot.core.reply import ANSWER, ESCALATE, FALLBACK, SMALLTALK


def test_a_caption_that_asks_nothing_gets_a_note_never_a_verdict(assistant: Assistant) -> None:
    reply = assistant.respond("this is day 4", caption=True)
    assert reply.kind == SMALLTALK
    assert "normal" not in reply.text.lower()


def test_a_caption_asking_is_this_normal_is_not_answered_from_a_topic(
    assistant: Assistant,
) -> None:
    reply = assistant.respond("day 4, is this normal?", caption=True)
    assert reply.kind == FALLBACK
    assert reply.text.startswith("I can't look at photos")


def test_a_caption_is_a_question_by_the_same_rules_as_a_message(assistant: Assistant) -> None:
    assert assistant.respond("was a bit flaky this morning", caption=True).kind == SMALLTALK
    assert assistant.respond("have i ruined it", caption=True).kind != SMALLTALK
    assert assistant.respond("flaking a lot, should i be worried", caption=True).kind != SMALLTALK


def test_a_caption_with_a_warning_sign_escalates(assistant: Assistant) -> None:
    assert assistant.respond("pus coming out here", caption=True).kind == ESCALATE


def test_a_caption_question_is_answered_as_general_information(assistant: Assistant) -> None:
    reply = assistant.respond("can i put makeup on over this yet?", caption=True)
    assert (reply.kind, reply.topic) == (ANSWER, "makeup-and-skincare")
    assert reply.text.startswith("I can't look at photos, so this is the clinic's general")
