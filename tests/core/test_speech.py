"""Figures of speech that name a sign without reporting it."""

from __future__ import annotations

from bot.core.speech import likened, simile_before, worry_about_results


def at(text: str, word: str) -> tuple[list[str], int]:
    words = text.split()
    return words, words.index(word)


def test_the_client_likened_to_someone_with_the_sign_is_a_simile() -> None:
    assert simile_before(*at("i look like ive had an allergic reaction", "allergic"))
    assert simile_before(*at("looking as though ive had a rash", "rash"))


def test_a_sign_said_of_the_skin_or_felt_is_not_a_simile() -> None:
    assert not simile_before(*at("i feel like i had a fever last night", "fever"))
    assert not simile_before(*at("it looks like an allergic reaction", "allergic"))
    assert not simile_before(*at("i look like ive been burnt and theres pus all over", "pus"))


def test_fearing_one_ruined_the_results_is_a_worry_not_a_symptom() -> None:
    assert worry_about_results(*at("worried ive ruined it", "ruined"))
    assert worry_about_results(*at("have i ruined my results", "ruined"))
    assert worry_about_results(*at("i might have ruined everything", "ruined"))


def test_skin_ruined_by_anyone_is_a_symptom() -> None:
    assert not worry_about_results(*at("i think i ruined my skin", "ruined"))
    assert not worry_about_results(*at("she ruined it", "ruined"))
    assert not worry_about_results(*at("the pen ruined my face", "ruined"))


def test_what_a_feeling_is_likened_to_did_not_happen() -> None:
    assert likened(*at("my cheeks sting like ive just been waxed", "waxed"))
    assert likened(*at("it feels as if someone had sanded it", "sanded"))
    assert likened(*at("the spots look like a bite", "bite"))


def test_something_named_as_it_happened_is_not_likened() -> None:
    assert not likened(*at("i got waxed yesterday and it stings", "waxed"))
    assert not likened(*at("i think its a bite", "bite"))
