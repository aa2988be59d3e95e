"""The shipped English word list keeps real words as the client typed them."""

from __future__ import annotations

from pathlib import Path

from bot.core.assistant import Assistant
from bot.kb.english import english_words
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


def test_word_list_holds_everyday_words_without_apostrophes() -> None:
    words = english_words()
    assert {"leaking", "swell", "pounding", "creeping", "touching", "heres", "dont"} <= words
    assert "swolen" not in words


def test_shipped_base_never_rewrites_the_examples_of_issue_10() -> None:
    normalizer = Assistant(load_knowledge(ROOT / "knowledge")).normalizer
    for typed in ("my skin is leaking", "swell", "pounding", "creeping", "touching", "here's"):
        assert normalizer.words(typed) == typed.replace("'", "").split()


def test_leaking_skin_is_not_answered_as_normal_flaking() -> None:
    reply = Assistant(load_knowledge(ROOT / "knowledge")).respond("my skin is leaking")
    assert reply.topic != "flaking-and-peeling"


def test_possessives_are_not_words_so_their_typos_are_corrected() -> None:
    words = english_words()
    assert "rashs" not in words
    assert "hivs" not in words
    assert {"heres", "shes", "youre", "im"} <= words
