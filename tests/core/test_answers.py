"""What the shipped answers say: the everyday topics, "don't, instead" for harmful
actions, no bare yes, parents, one figure for answers and check-ins, never a medicine."""

from __future__ import annotations

import re

import pytest

from bot.core.assistant import Assistant
from bot.core.reply import ANSWER, FALLBACK, SMALLTALK

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
    assert parents["picking-and-scrubbing"] == "normal-side-effects"
    assert parents["normal-side-effects"] == ""


def test_a_parent_is_a_broad_topic_one_level_up(assistant: Assistant) -> None:
    parents = {t.id: t.parent for t in assistant.kb.topics}
    for topic, parent in parents.items():
        assert not parent or not parents[parent], f"{topic} -> {parent} -> {parents[parent]}"


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


def test_advice_to_stop_products_never_stops_a_prescribed_medicine(assistant: Assistant) -> None:
    texts = [s.advice for s in assistant.kb.warning_signs]
    texts += [t.answer for t in assistant.kb.topics]
    for text in texts:
        if re.search(r"\bstop (using|taking|all)\b", text, re.IGNORECASE):
            assert "before stopping anything prescribed" in text, text
