"""The concern tier: a client's own words for skin going wrong make the bot ask."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.concern import ConcernCheck
from bot.core.knowledge import Concern
from bot.core.normalize import Normalizer
from bot.core.phrases import Message
from bot.core.reply import ANSWER, CONCERN, ESCALATE
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
CONCERNS = (
    Concern("not-normal", "not normal", ("weeping", "purple"), unless=("bruise",)),
    Concern("numb", "numbness", ("numb",), after_days=1),
    Concern("intense", "intense", ("like crazy",), normal_for_days=1),
)


def noticed(text: str, days: float | None = None) -> list[str]:
    normalizer = Normalizer([], [p for c in CONCERNS for p in (*c.phrases, *c.unless)])
    check = ConcernCheck(CONCERNS, normalizer)
    return [n.concern.id for n in check.noticed(Message.read(normalizer, text), days)]


def test_never_normal_words_are_noticed_unless_cancelled() -> None:
    assert noticed("my cheek is weeping") == ["not-normal"]
    assert noticed("a purple bruise") == []


def test_after_days_needs_the_days() -> None:
    assert noticed("still numb") == []
    assert noticed("still numb", days=3) == ["numb"]


def test_normal_for_days_counts_unless_known_to_be_early() -> None:
    assert noticed("burning like crazy") == ["intense"]
    assert noticed("burning like crazy", days=0) == []


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(ROOT / "knowledge"))


@pytest.mark.parametrize(
    "text",
    [
        "my whole jaw went purple overnight",
        "theres clear stuff leaking from a spot on my chin",
        "i think im having some kind of reaction",
        "this isnt what healing looks like, somethings wrong",
        "my skin is ruined",
        "the glands in my neck are up and i feel rubbish",
    ],
)
def test_clients_own_words_for_skin_going_wrong_raise_a_concern(assistant, text) -> None:
    assert assistant.respond(text).kind == CONCERN


def test_negated_complaint_is_not_a_concern(assistant: Assistant) -> None:
    reply = assistant.respond("no pus, not worse, just pink")
    assert reply.kind not in (CONCERN, ESCALATE)


def test_a_change_for_the_worse_raises_a_concern(assistant: Assistant) -> None:
    assert assistant.respond("it was calming down but its come back worse").kind in (
        CONCERN,
        ESCALATE,
    )


def test_still_there_past_the_documents_days_raises_a_concern(assistant: Assistant) -> None:
    assert assistant.respond("my lip is still numb").kind == ANSWER
    assert assistant.respond("my lip is still numb", days_since_session=3).kind == CONCERN
    assert assistant.respond("my lip is still numb 3 days later").kind == CONCERN


def test_feeling_unwell_raises_a_concern(assistant: Assistant) -> None:
    assert assistant.respond("i feel really unwell since my session").kind == CONCERN


def test_normal_day_zero_burning_is_not_a_concern(assistant: Assistant) -> None:
    reply = assistant.respond("burning like mad once the numbing wore off")
    assert reply.kind != CONCERN


def test_a_general_question_about_a_complication_is_answered(assistant: Assistant) -> None:
    reply = assistant.respond("can microneedling cause nerve damage?")
    assert (reply.kind, reply.topic) == (ANSWER, "risks-and-complications")
    assert assistant.kb.topic(reply.topic).parent == "warning-signs"


def test_a_general_question_naming_a_listed_sign_gets_the_warning_signs(
    assistant: Assistant,
) -> None:
    reply = assistant.respond("what if i get a fever after it?")
    assert (reply.kind, reply.topic) == (ANSWER, "warning-signs")


def test_a_story_about_people_in_general_is_not_a_concern(assistant: Assistant) -> None:
    assert assistant.respond("people say your skin can weep for days").kind != CONCERN


def test_did_something_go_wrong_lets_the_symptoms_decide(assistant: Assistant) -> None:
    reply = assistant.respond("day 4, flaky and tight, did something go wrong?")
    assert reply.kind == ANSWER
