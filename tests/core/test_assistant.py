"""The answering core on the shipped knowledge base, as a client would meet it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.reply import ANSWER, CONCERN, ESCALATE, FALLBACK, SMALLTALK
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]
REQUIRED_TOPICS = (
    "what-is-microneedling how-it-works procedure-steps pain-and-numbing needle-depth "
    "product-absorption combination-treatments normal-side-effects sun-protection "
    "makeup-and-skincare results-timeline treatment-plan who-should-avoid skin-types "
    "diy-vs-professional expectations"
).split()


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant(load_knowledge(ROOT / "knowledge"))


def test_every_required_topic_exists_with_sources(assistant: Assistant) -> None:
    for topic_id in REQUIRED_TOPICS:
        topic = assistant.kb.topic(topic_id)
        assert topic is not None, topic_id
        assert topic.sources
        assert len(topic.questions) >= 5


def test_answer_cites_its_source_document(assistant: Assistant) -> None:
    reply = assistant.respond("when can I wear makeup again?")
    assert (reply.kind, reply.topic) == (ANSWER, "makeup-and-skincare")
    assert "48 hours" in reply.text
    assert "Source" in reply.text
    assert "Poking Brilliance" in reply.text


def test_needle_range_is_explained_as_length_not_diameter(assistant: Assistant) -> None:
    reply = assistant.respond("how long are the needles")
    assert reply.topic == "needle-depth"
    assert "long" in reply.text
    assert "0.5" in reply.text


def test_misspelt_question_still_finds_its_topic(assistant: Assistant) -> None:
    reply = assistant.respond("do i need sunscren after micro needling??")
    assert (reply.kind, reply.topic) == (ANSWER, "sun-protection")


def test_negated_sign_with_question_answers_normally(assistant: Assistant) -> None:
    reply = assistant.respond("no pus, just a bit red")
    assert reply.kind != ESCALATE


def test_normal_redness_question_is_not_an_escalation(assistant: Assistant) -> None:
    reply = assistant.respond("is it normal to be red the day after?")
    assert (reply.kind, reply.topic) == (ANSWER, "normal-side-effects")


def test_rambling_misspelt_warning_escalates_with_clinic_details(assistant: Assistant) -> None:
    reply = assistant.respond(
        "its been 5 days and its still really red and hot and theres yellow stuff"
    )
    assert reply.kind == ESCALATE
    clinic = assistant.kb.clinic
    assert clinic.phone in reply.text
    assert clinic.hours in reply.text


def test_breathing_trouble_says_emergency_first(assistant: Assistant) -> None:
    reply = assistant.respond("my throat feels tight and i cant breathe properly")
    assert reply.kind == ESCALATE
    assert reply.sign is not None
    assert reply.sign.level == "emergency"
    assert reply.text.splitlines()[0].startswith("🚨")
    assert assistant.kb.clinic.emergency_number in reply.text.splitlines()[0]


def test_lasting_redness_uses_days_since_session(assistant: Assistant) -> None:
    assert assistant.respond("still red, is that ok?", days_since_session=1).kind != ESCALATE
    assert assistant.respond("still red, is that ok?", days_since_session=5).kind == ESCALATE


def test_greeting_and_thanks_are_small_talk(assistant: Assistant) -> None:
    assert assistant.respond("hiii 👋").kind == SMALLTALK
    assert assistant.respond("thank you so much!!").kind == SMALLTALK


def test_greeting_with_a_question_answers_the_question(assistant: Assistant) -> None:
    reply = assistant.respond("hi! when can i wear makeup again")
    assert reply.topic == "makeup-and-skincare"


def test_unknown_question_falls_back_honestly_and_is_recorded(assistant: Assistant) -> None:
    reply = assistant.respond("do you have parking near the clinic")
    assert reply.kind == FALLBACK
    assert "not sure" in reply.text
    assert assistant.kb.clinic.phone in reply.text
    assert reply.unanswered == "do you have parking near the clinic"
    assert len(reply.suggestions) <= 3


def test_emoji_only_message_gets_a_clear_reply(assistant: Assistant) -> None:
    reply = assistant.respond("😭" * 4000)
    assert reply.kind == FALLBACK
    assert "words" in reply.text


def test_same_text_gives_same_reply(assistant: Assistant) -> None:
    text = "how many sessions will i need"
    assert assistant.respond(text) == assistant.respond(text)


def test_tapped_topic_answers_it(assistant: Assistant) -> None:
    reply = assistant.answer("sun-protection")
    assert (reply.kind, reply.topic) == (ANSWER, "sun-protection")


def test_checkin_still_red_is_normal_early_and_a_warning_later(assistant: Assistant) -> None:
    early = assistant.checkin_response("still-red", days_since_session=1)
    late = assistant.checkin_response("still-red", days_since_session=4)
    assert (early.kind, early.topic) == (ANSWER, "normal-side-effects")
    assert late.kind == ESCALATE
    assert late.sign.id == "redness-not-settling"


def test_checkin_worried_always_escalates_and_better_is_encouraged(assistant: Assistant) -> None:
    assert assistant.checkin_response("worried", days_since_session=0).kind == ESCALATE
    better = assistant.checkin_response("better", days_since_session=2)
    assert better.kind == SMALLTALK
    assert "collagen" in better.text


def test_escalation_json_carries_the_signs_level(assistant: Assistant) -> None:
    data = assistant.respond("there's pus coming out of my cheek").as_dict()
    assert (data["kind"], data["level"], data["sign"]) == (ESCALATE, "same-day", "infection")
    assert data["choices"] == []


def test_concern_json_carries_level_check_question_choices_and_topic(
    assistant: Assistant,
) -> None:
    data = assistant.respond("day 9 and my skin is still flaking and leaking a bit").as_dict()
    assert (data["kind"], data["level"], data["concern"]) == (
        CONCERN,
        "check",
        "not-normal-healing",
    )
    assert data["cue"] == "leaking"
    assert data["topic"] == "flaking-and-peeling"
    assert data["question"] in data["reply"]
    assert [c["id"] for c in data["choices"]] == ["yes", "no", "not-sure"]
    assert [c["label"] for c in data["choices"]] == ["Yes", "No", "Not sure"]
    assert assistant.kb.clinic.phone in data["reply"]


def test_answers_and_fallbacks_have_no_level(assistant: Assistant) -> None:
    assert assistant.respond("when can I wear makeup again?").as_dict()["level"] is None
    assert assistant.respond("do you have parking").as_dict()["level"] is None


def test_yes_or_not_sure_to_a_concern_escalates(assistant: Assistant) -> None:
    for choice in ("yes", "not-sure"):
        reply = assistant.concern_response(choice)
        assert (reply.kind, reply.sign.id, reply.level) == (ESCALATE, "client-worried", "same-day")


def test_yes_to_a_concern_about_a_listed_sign_escalates_that_sign(assistant: Assistant) -> None:
    concern = assistant.respond("is it normal to get blisters after microneedling?")
    assert (concern.kind, concern.sign.id) == (CONCERN, "blisters")
    reply = assistant.concern_response("yes", concern.topic, concern.sign.id)
    assert (reply.kind, reply.sign.id) == (ESCALATE, "blisters")


def test_no_to_a_concern_answers_its_topic_and_asks_to_hear_of_changes(
    assistant: Assistant,
) -> None:
    reply = assistant.concern_response("no", "flaking-and-peeling")
    assert (reply.kind, reply.topic) == (ANSWER, "flaking-and-peeling")
    assert "anything changes" in reply.text
    general = assistant.concern_response("no", None)
    assert general.topic == "warning-signs"


def test_no_to_a_concern_still_answers_when_its_topics_are_gone(assistant: Assistant) -> None:
    kept = tuple(t for t in assistant.kb.topics if t.id != "warning-signs")
    without = Assistant(replace(assistant.kb, topics=kept))
    reply = without.concern_response("no", "a-topic-renamed-since")
    assert (reply.kind, reply.topic) == (FALLBACK, None)
    assert "anything changes" in reply.text
    assert assistant.kb.clinic.phone in reply.text


def test_an_unknown_concern_choice_is_refused(assistant: Assistant) -> None:
    with pytest.raises(KeyError):
        assistant.concern_response("maybe")


def test_general_questions_about_risks_are_not_escalated(
    assistant: Assistant,
) -> None:
    for text in (
        "Dark skin and microneedling: how to avoid pigmentation problems",
        "how can you keep the benefits and still avoid dark patches?",
        "are there any risks with microneedling?",
    ):
        assert assistant.respond(text).kind in (ANSWER, FALLBACK), text
