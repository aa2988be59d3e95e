"""A side effect coming back after it settled, told over several clauses."""

from __future__ import annotations

from bot.core.course import Course
from bot.core.normalize import Normalizer
from bot.core.phrases import Message

NORMALIZER = Normalizer([], [])


def relapses(text: str, days: float | None = None, *, timed: bool = False) -> list[str]:
    message = Message.read(NORMALIZER, text)
    return [symptom for _, symptom in Course(NORMALIZER).relapses(message, days, timed=timed)]


def test_swelling_after_the_skin_settled_is_a_relapse() -> None:
    text = "it had calmed right down by day 2. then this morning my jaw was swollen"
    assert relapses(text) == ["swollen"]


def test_a_new_symptom_after_the_usual_days_is_a_relapse() -> None:
    assert relapses("woke up with my cheek all puffy", days=5) == ["puffy"]


def test_the_usual_first_days_are_not_a_relapse() -> None:
    assert relapses("woke up with my cheek all puffy", days=1) == []
    assert relapses("woke up with my cheek all puffy") == []


def test_a_mild_or_settling_symptom_is_not_a_relapse() -> None:
    assert relapses("it was fine yesterday. today a little puffy", days=3) == []
    assert relapses("the swelling has gone down today", days=4) == []
    assert relapses("was good at first. now not swollen at all") == []


def test_a_side_effect_said_to_be_back_is_a_relapse() -> None:
    assert relapses("the puffiness had gone, but its back tonight") == ["puffiness"]
    assert relapses("my cheeks were red. i came back from work and they are fine") == []


def test_something_else_back_is_not_a_relapse() -> None:
    assert relapses("the redness has gone down and my appetite is back") == []
    assert relapses("the swelling settled, my confidence came back") == []


def test_the_symptom_or_it_coming_back_is_a_relapse() -> None:
    text = "the redness had gone down and the redness on my chin came back"
    assert relapses(text) == ["red"]
    assert relapses("swollen on day 1, settled, and now it has come back") == ["swollen"]


def test_swelling_still_there_past_the_usual_days_is_noticed() -> None:
    assert relapses("day 5 and my cheeks are swollen", days=5, timed=True) == ["swollen"]
    assert relapses("my cheeks are swollen", days=6) == ["swollen"]


def test_swelling_that_was_is_not_noticed() -> None:
    assert relapses("day 5 and the swelling was gone by day 2", days=5, timed=True) == []
    assert relapses("i was red for two days and now just flaky", days=4, timed=True) == []


def test_only_the_days_of_the_symptoms_own_sentence_count() -> None:
    text = "i had three sessions over 6 weeks. is it normal to be red afterwards"
    assert relapses(text, days=42, timed=True) == []
