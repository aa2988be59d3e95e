"""The topic matcher's word weights."""

from __future__ import annotations

from bot.core.knowledge import Topic
from bot.core.matcher import TopicMatcher, content_stems
from bot.core.normalize import Normalizer

TOPICS = (
    Topic("prep", "Preparation", ("what to do before the treatment",), "Prepare.", ("doc",)),
    Topic("sun", "Sun", ("can i go in the sun",), "Avoid it.", ("doc",)),
)


def test_a_weak_word_is_weak_whatever_its_stem() -> None:
    matcher = TopicMatcher(TOPICS, Normalizer([], []))
    assert matcher.key_stems("before the sun".split()) == {"sun"}


def test_how_long_to_wait_is_no_subject() -> None:
    matcher = TopicMatcher(TOPICS, Normalizer([], []))
    assert matcher.key_stems("sauna after it how long to wait".split()) == {"sauna"}


def test_to_after_a_word_of_time_or_place_asks_no_action() -> None:
    assert content_stems("the session from start to finish".split()) == ["sess", "start", "finish"]
    assert "do:scrub" in content_stems("is it ok to scrub".split())


def test_what_something_causes_to_happen_is_no_action_asked_about() -> None:
    assert "do:peel" not in content_stems("the retinol causes my face to peel".split())
    assert "do:peel" not in content_stems("it started to peel on day three".split())


def test_a_day_of_the_week_says_when_not_what_about() -> None:
    assert content_stems("can i swim on saturday".split()) == ["swim", "do:swim"]
