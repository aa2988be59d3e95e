"""The answering core on the shipped knowledge base, as a client would meet it."""

from __future__ import annotations

import re
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


EVERYDAY_TOPICS = (
    "washing exercise-and-sweating heat-and-water picking-and-scrubbing skincare-actives "
    "first-days-products sleeping alcohol-and-smoking hair-removal before-treatment"
).split()


def test_every_everyday_topic_exists_and_cites_its_sources(assistant: Assistant) -> None:
    for topic_id in EVERYDAY_TOPICS:
        topic = assistant.kb.topic(topic_id)
        assert topic is not None, topic_id
        assert topic.sources
        assert len(topic.questions) >= 20
        assert "{" not in topic.answer  # every figure filled in


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("when am i allowed to wash my face", "washing"),
        ("is a spin class ok on wednesday", "exercise-and-sweating"),
        ("can i go in the steam room at my gym", "heat-and-water"),
        ("my retinol, when can it go back on", "skincare-actives"),
        ("can i put my normal moisturiser on tonight", "first-days-products"),
        ("do i need to change my pillowcase tonight", "sleeping"),
        ("is a glass of prosecco ok tonight", "alcohol-and-smoking"),
        ("when can my beard be shaved again", "hair-removal"),
        ("anything i should stop before my first session", "before-treatment"),
    ],
)
def test_everyday_questions_find_their_topic(assistant: Assistant, text: str, topic: str) -> None:
    reply = assistant.respond(text)
    assert (reply.kind, reply.topic) == (ANSWER, topic)


@pytest.mark.parametrize(
    "text",
    [
        "tempted to peel the loose skin on my nose, is that ok",
        "should i scrub the flakes away",
        "what if i pick at it",
        "is it ok to rub the dry bits off with a flannel",
    ],
)
def test_asking_to_pick_or_peel_gets_dont_and_what_to_do_instead(
    assistant: Assistant, text: str
) -> None:
    reply = assistant.respond(text)
    assert (reply.kind, reply.topic) == (ANSWER, "picking-and-scrubbing")
    first = reply.text.split(".")[0]
    assert "don't" in first
    assert "normal" not in first
    assert "Instead" in reply.text


def test_skin_that_is_peeling_gets_the_normal_healing_answer(assistant: Assistant) -> None:
    reply = assistant.respond("my skin is peeling on day 4, is that ok")
    assert (reply.kind, reply.topic) == (ANSWER, "flaking-and-peeling")


def test_no_answer_opens_with_a_bare_yes_or_no(assistant: Assistant) -> None:
    for topic in assistant.kb.topics:
        assert topic.answer.split()[0].strip(",.!").lower() not in {"yes", "no"}, topic.id


def test_finer_topics_name_their_parent(assistant: Assistant) -> None:
    parents = {t.id: t.parent for t in assistant.kb.topics}
    assert parents["pregnancy"] == "who-should-avoid"
    assert parents["flaking-and-peeling"] == "normal-side-effects"
    assert parents["immediate-glow"] == "results-timeline"
    assert parents["picking-and-scrubbing"] == "flaking-and-peeling"
    assert parents["normal-side-effects"] == ""


def test_the_makeup_hours_are_the_same_in_the_answer_and_the_checkin(
    assistant: Assistant,
) -> None:
    hours = dict(assistant.kb.figures)["makeup_after_hours"]
    answer = assistant.respond("when can i wear makeup again").text
    checkin = assistant.kb.checkin("day-2-makeup")
    assert f"{hours} hours" in answer
    assert checkin is not None
    assert f"{hours} hours" in checkin.message
    assert checkin.after.total_seconds() == int(hours) * 3600


def test_answers_never_tell_a_client_to_stop_a_prescribed_medicine(assistant: Assistant) -> None:
    for topic_id in ("before-treatment", "skincare-actives"):
        answer = assistant.answer(topic_id).text
        assert "prescribed" in answer
        assert "on your own" in answer


@pytest.mark.parametrize(
    "text",
    [
        "is microblading worth it",
        "how long does lip filler take to settle",
        "what does a hydrafacial involve",
        "does botox hurt much",
        "can i get on a plane on sunday",
        "how much is one session",
    ],
)
def test_what_the_knowledge_base_does_not_cover_falls_back_with_the_phone(
    assistant: Assistant, text: str
) -> None:
    reply = assistant.respond(text)
    assert reply.kind == FALLBACK
    assert assistant.kb.clinic.phone in reply.text
    assert all(t.id != "(not covered)" for t in reply.suggestions)


def test_botox_with_a_session_is_still_about_combining(assistant: Assistant) -> None:
    reply = assistant.respond("can i have botox the same week as my microneedling")
    assert (reply.kind, reply.topic) == (ANSWER, "combination-treatments")


@pytest.mark.parametrize(
    "text", ["hello?? anyone there", "thx u r a lifesaver", "what do you think", "ok thanks!!"]
)
def test_filler_and_thanks_are_small_talk(assistant: Assistant, text: str) -> None:
    assert assistant.respond(text).kind == SMALLTALK


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


def test_advice_to_stop_products_never_stops_a_prescribed_medicine(assistant: Assistant) -> None:
    texts = [s.advice for s in assistant.kb.warning_signs]
    texts += [t.answer for t in assistant.kb.topics]
    for text in texts:
        if re.search(r"\bstop (using|taking|all)\b", text, re.IGNORECASE):
            assert "before stopping anything prescribed" in text, text
