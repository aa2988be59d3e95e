"""A comparison with another side, session or person is not a change for the worse."""

from __future__ import annotations

from bot.core.comparison import level


def levelled(text: str) -> str:
    return " ".join(level(text.split()))


def test_comparing_with_another_side_or_session_reads_as_the_plain_word() -> None:
    assert (
        levelled("my right cheek is redder than the left") == "my right cheek is red than the left"
    )
    assert (
        levelled("way pinker than after my first session") == "way pink than after my first session"
    )
    assert levelled("more swollen than the other side") == "much swollen than the other side"


def test_comparing_with_an_earlier_time_stays_a_change() -> None:
    assert levelled("redder than yesterday") == "redder than yesterday"
    assert levelled("redder than it was this morning") == "redder than it was this morning"
    assert levelled("worse than right after the session") == "worse than right after the session"
    assert levelled("redder than the first day") == "redder than the first day"


def test_a_comparative_with_nothing_named_stays_a_change() -> None:
    assert levelled("getting redder") == "getting redder"
    assert levelled("redder than normal") == "redder than normal"


def test_worse_than_expected_says_how_bad_not_a_change() -> None:
    assert level("the pain was worse than i expected".split())[3] == "bad"


def test_worse_for_the_skin_is_harm_not_a_change() -> None:
    assert level("is the sunbed worse for my skin now".split())[3] == "bad"
    assert level("my skin is worse than yesterday".split())[3] == "worse"
