"""Whether a topic may answer a message, beyond how closely the words match."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.relevance import judged_here
from bot.core.reply import ANSWER, FALLBACK
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(ROOT / "knowledge"))


def test_a_sign_asked_about_as_normal_or_as_a_sign_is_ours_to_judge() -> None:
    assert judged_here("is a rash normal".split())
    assert judged_here("what are the signs of infection".split())
    assert judged_here("will i get blisters after microneedling".split())


def test_a_sign_in_a_general_how_to_is_not_ours_to_judge() -> None:
    assert not judged_here("how to treat a cold sore quickly".split())
    assert not judged_here("ways to heal sunburn blisters".split())


def test_a_general_how_to_about_a_sign_gets_the_honest_not_sure(assistant: Assistant) -> None:
    reply = assistant.respond("Ways to heal sunburn blisters at home")
    assert reply.kind == FALLBACK
    assert reply.unanswered is not None


def test_asking_the_signs_of_infection_still_gets_the_warning_signs(
    assistant: Assistant,
) -> None:
    reply = assistant.respond("how would I recognise an infection")
    assert (reply.kind, reply.topic) == (ANSWER, "warning-signs")


def test_another_procedures_own_aftercare_gets_the_honest_not_sure(
    assistant: Assistant,
) -> None:
    assert assistant.respond("Dermaplaning aftercare: the first week").kind == FALLBACK
    assert assistant.respond("what to avoid after my lip filler").kind == FALLBACK


def test_a_word_said_not_to_be_so_does_not_make_the_subject(assistant: Assistant) -> None:
    reply = assistant.respond("a small purple bruise on my cheek since the session, it doesnt hurt")
    assert (reply.kind, reply.topic) == (ANSWER, "bruising-and-breakouts")


def test_a_roundup_heading_about_skin_care_in_general_is_not_ours(
    assistant: Assistant,
) -> None:
    assert assistant.respond("The 10 Best Night Serums for Dry Skin").kind == FALLBACK
    assert assistant.respond("5 tips to calm winter eczema").kind == FALLBACK


def test_a_roundup_about_the_treatment_is_still_answered(assistant: Assistant) -> None:
    reply = assistant.respond("The best serums to use after microneedling")
    assert (reply.kind, reply.topic) == (ANSWER, "product-absorption")
