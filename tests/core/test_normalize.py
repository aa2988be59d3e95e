"""Normalisation folds phone typing onto the knowledge base's words."""

from __future__ import annotations

from bot.core.normalize import Normalizer, plain, stem


def make() -> Normalizer:
    vocabulary = ["when can i wear makeup", "do i need sunscreen", "redness and swelling", "red"]
    return Normalizer(
        [("make up", "makeup"), ("spf", "sunscreen"), ("tmrw", "tomorrow")], vocabulary
    )


def test_plain_drops_case_punctuation_emoji_and_apostrophes() -> None:
    assert plain("It's SOOO red!!! 😭😭 can’t") == "its sooo red cant"


def test_invisible_characters_inside_a_word_are_dropped() -> None:
    assert plain("p\u200bus and swel\u00adling") == "pus and swelling"


def test_plain_drops_accents_of_latin_letters() -> None:
    assert plain("Crème on my rôsacea") == "creme on my rosacea"
    assert plain("покраснение") == "покраснение"


def test_misspelt_words_are_corrected_to_the_knowledge_base() -> None:
    assert make().words("sunscren and makup and redneess") == [
        "sunscreen", "and", "makeup", "and", "redness",
    ]  # fmt: skip


def test_stretched_letters_are_squeezed() -> None:
    assert make().words("soooo reeeed") == ["soo", "red"]


def test_replacements_apply_to_phrases_and_slang() -> None:
    assert make().words("Make up tmrw with SPF?") == ["makeup", "tomorrow", "with", "sunscreen"]


def test_short_unknown_words_are_left_alone() -> None:
    assert make().words("gym dye") == ["gym", "dye"]


def test_clauses_split_at_punctuation_and_but() -> None:
    assert make().clauses("no pus, just red but swollen") == [
        ["no", "pus"],
        ["just", "red"],
        ["swollen"],
    ]


def test_each_clause_says_whether_only_a_comma_sets_it_apart() -> None:
    assert make().clause_parts("no pus, fever or swelling, but red; sore") == [
        (False, ["no", "pus"]),
        (True, ["fever", "or", "swelling"]),
        (False, ["red"]),
        (False, ["sore"]),
    ]


def test_stems_join_word_forms() -> None:
    assert stem("swelling") == stem("swollen") == stem("swell")
    assert stem("blisters") == stem("blistering") == stem("blister")
    assert stem("infected") == stem("infection")
    assert stem("redness") == "red"


def test_only_emoji_leaves_no_words() -> None:
    assert make().clauses("😀" * 4000) == []


def test_real_english_words_are_never_corrected_into_knowledge_base_words() -> None:
    vocabulary = ["flaking", "well", "wounding", "weeping", "itching", "herpes"]
    english = frozenset("leaking swell pounding creeping touching heres".split())
    normalizer = Normalizer([], vocabulary, dictionary=english)
    typed = "leaking swell pounding creeping touching heres"
    assert normalizer.words(typed) == typed.split()


def test_misspellings_outside_the_word_list_are_still_corrected() -> None:
    normalizer = Normalizer([], ["weeping", "blister"], dictionary=frozenset({"weeping"}))
    assert normalizer.words("weping bliser") == ["weeping", "blister"]


def test_stems_join_adverbs_plurals_and_third_person() -> None:
    assert stem("excruciatingly") == stem("excruciating")
    assert stem("infections") == stem("infection")
    assert stem("comes") == stem("come")
    assert stem("rashes") == stem("rash")


def test_a_correction_never_drops_a_negation() -> None:
    normalizer = Normalizer([], ["is that usual", "it could be", "is it expected"])
    assert normalizer.words("unusual couldnt unexpected") == ["unusual", "couldnt", "unexpected"]


def test_another_ending_of_a_known_word_is_no_misspelling() -> None:
    normalizer = Normalizer([], ["do i need a needle", "what do you need"])
    assert normalizer.words("needed") == ["needed"]


def test_a_dash_between_spaces_breaks_a_clause_a_hyphen_does_not() -> None:
    normalizer = Normalizer([], ["fever", "makeup"])
    assert normalizer.clauses("probably nothing - i have a fever") == [
        ["probably", "nothing"],
        ["i", "have", "a", "fever"],
    ]
    assert normalizer.clauses("make-up on") == [["make", "up", "on"]]
