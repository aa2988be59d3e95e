"""The phrase matcher both tiers share: close together, not negated, no `unless` word."""

from __future__ import annotations

from bot.core.normalize import Normalizer
from bot.core.phrases import Message, PhraseIndex


def hits(phrases: list[str], text: str, *, ordered: bool = False, unless=()) -> list[str]:
    normalizer = Normalizer([], [*phrases, *unless])
    index = PhraseIndex(((p, p, unless) for p in phrases), normalizer, ordered=ordered)
    return [hit.phrase for hit in index.hits(Message.read(normalizer, text))]


def test_phrase_words_in_any_order_close_together() -> None:
    assert hits(["swelling getting worse"], "the swelling is getting worse") == [
        "swelling getting worse"
    ]
    assert hits(["swelling getting worse"], "getting worse, the swelling") == []


def test_negation_before_or_inside_a_phrase_cancels_it() -> None:
    assert hits(["pus"], "no pus, just pink") == []
    assert hits(["its worse"], "its not getting worse") == []
    assert hits(["pus", "worse"], "no pus or fever, worse today") == ["worse"]


def test_a_phrase_that_says_not_itself_still_counts() -> None:
    assert hits(["not getting better"], "its not getting better") == ["not getting better"]


def test_a_repeated_word_needs_two_places() -> None:
    assert hits(["more and more"], "it hurt less at first and more at the end") == []
    assert hits(["more and more"], "more and more swollen") == ["more and more"]


def test_ordered_phrases_keep_their_order() -> None:
    assert hits(["skin worse"], "is uv worse for my skin", ordered=True) == []
    assert hits(["skin worse"], "my skin is worse", ordered=True) == ["skin worse"]


def test_unless_word_next_to_the_phrase_cancels_it() -> None:
    assert hits(["purple"], "a purple bruise on my jaw", unless=("bruise",)) == []
    assert hits(["getting worse"], "my acne is getting worse", unless=("acne",)) == []


def test_unless_word_elsewhere_in_the_sentence_leaves_the_phrase() -> None:
    text = "the lump keeps getting worse and i also have acne"
    assert hits(["getting worse"], text, unless=("acne",)) == ["getting worse"]
    assert hits(["purple"], "a bruise. now my cheek is purple", unless=("bruise",)) == ["purple"]


def test_a_negated_list_runs_on_after_a_comma() -> None:
    signs = ["pus", "fever", "swelling", "heat"]
    assert hits(signs, "no fever, pus or swelling") == []
    assert hits(signs, "theres no pus, fever or swelling, just a bit red") == []
    assert hits(signs, "no fever, pus, swelling or heat") == []


def test_a_negation_does_not_run_on_into_what_is_not_a_plain_list() -> None:
    signs = ["pus", "fever", "swelling getting worse"]
    assert hits(signs, "no fever, but pus or crust") == ["pus"]
    assert hits(signs, "no fever, swelling getting worse") == ["swelling getting worse"]
    assert hits(signs, "no fever, pus and swelling") == ["pus"]
    assert hits(signs, "no fever, pus") == ["pus"]
