"""`kb check` on topics and sources: fields, ids, questions, answers, parents and titles."""

from __future__ import annotations

from pathlib import Path

from bot.kb.loader import load_knowledge, read_knowledge
from tests.kb.loader.problems import TOPICS, problems_of
from tests.kb_factory import FILES, write_knowledge


def test_unknown_field_is_named_with_its_line(tmp_path: Path) -> None:
    typo = FILES[TOPICS].replace("    answer: Wait", "    anwser: Wait")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": typo})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/{TOPICS}:9: topic 'makeup-and-skincare': missing field 'answer'",
        f"{tmp_path.name}/{TOPICS}:13: topic 'makeup-and-skincare': unknown field 'anwser' "
        "(allowed: answer, id, keywords, parent, questions, source, title)",
    ]


def test_duplicate_topic_id_points_to_the_first(tmp_path: Path) -> None:
    dup = FILES[TOPICS].replace("id: makeup-and-skincare", "id: sun-protection")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": dup})
    [problem] = problems_of(tmp_path)
    assert problem == (
        f"{tmp_path.name}/{TOPICS}:9: topic id 'sun-protection' is already used at "
        f"{tmp_path.name}/{TOPICS}:2"
    )


def test_same_question_under_two_topics_is_refused(tmp_path: Path) -> None:
    dup = FILES[TOPICS].replace("when can i wear makeup", "Do I need SUNSCREEN?")
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": dup})
    [problem] = problems_of(tmp_path)
    assert "the question 'do i need sunscreen' is already used" in problem


def test_answer_longer_than_telegram_allows_is_refused(tmp_path: Path) -> None:
    long = FILES[TOPICS].replace("Wait at least 48 hours before makeup.", "word " * 900)
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": long})
    [problem] = problems_of(tmp_path)
    assert ":9: topic 'makeup-and-skincare': the answer is" in problem
    assert "Telegram allows 4096" in problem


def test_topic_without_source_is_refused(tmp_path: Path) -> None:
    unsourced = FILES[TOPICS].replace("    source: doc-a\n", "", 1)
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": unsourced})
    problems = problems_of(tmp_path)
    assert any(":2: topic 'sun-protection': missing field 'source'" in p for p in problems)
    assert any("has no source" in p for p in problems)


def test_unknown_source_lists_the_known_ones(tmp_path: Path) -> None:
    wrong = FILES[TOPICS].replace("source: doc-a", "source: doc-b", 1)
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": wrong})
    [problem] = problems_of(tmp_path)
    assert "unknown source 'doc-b' (known: doc-a; see sources.yaml)" in problem


def test_empty_answer_is_refused(tmp_path: Path) -> None:
    empty = FILES[TOPICS].replace("Wait at least 48 hours before makeup.", '""')
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": empty})
    [problem] = problems_of(tmp_path)
    assert problem.endswith(":13: topic 'makeup-and-skincare': 'answer' is empty")


def test_an_id_too_long_for_a_telegram_button_is_refused(tmp_path: Path) -> None:
    long_id = "sun-" + "x" * 60
    write_knowledge(
        tmp_path, **{"topics__aftercare.yaml": FILES[TOPICS].replace("sun-protection", long_id)}
    )
    [problem] = problems_of(tmp_path)
    assert problem.endswith(f":2: topic: id '{long_id}' is longer than 58 characters; shorten it")


def test_a_topic_names_a_known_parent(tmp_path: Path) -> None:
    topics = FILES[TOPICS].replace(
        "    title: Makeup\n", "    title: Makeup\n    parent: sun-protection\n"
    )
    kb = load_knowledge(write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics}))
    assert kb.topic("makeup-and-skincare").parent == "sun-protection"
    assert kb.topic("sun-protection").parent == ""


def test_an_unknown_parent_is_named_with_its_topic(tmp_path: Path) -> None:
    topics = FILES[TOPICS].replace(
        "    title: Makeup\n", "    title: Makeup\n    parent: skincare\n"
    )
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics})
    assert problems_of(tmp_path) == [
        f"{tmp_path.name}/{TOPICS}:9: topic 'makeup-and-skincare': unknown parent 'skincare'"
    ]


def test_parents_that_lead_back_round_are_refused(tmp_path: Path) -> None:
    topics = (
        FILES[TOPICS]
        .replace("    title: Makeup\n", "    title: Makeup\n    parent: sun-protection\n")
        .replace(
            "    title: Sun protection\n",
            "    title: Sun protection\n    parent: makeup-and-skincare\n",
        )
    )
    write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics})
    assert len(problems_of(tmp_path)) == 2
    assert all("its parents lead back to" in p for p in problems_of(tmp_path))


def test_a_source_has_a_short_name_for_the_source_line(tmp_path: Path) -> None:
    sources = FILES["sources.yaml"].replace(
        '    title: "Document A"\n', '    title: "Document A"\n    short: Doc A\n'
    )
    kb = load_knowledge(write_knowledge(tmp_path, **{"sources.yaml": sources}))
    assert (kb.sources[0].short, kb.sources[0].name) == ("Doc A", "Doc A")


def test_not_covered_questions_are_read_and_may_not_repeat_a_topic(tmp_path: Path) -> None:
    folder = write_knowledge(
        tmp_path, **{"not-covered.yaml": "not_covered:\n  - can i fly next week\n"}
    )
    assert [n.text for n in load_knowledge(folder).not_covered] == ["can i fly next week"]
    (tmp_path / "not-covered.yaml").write_text(
        "not_covered:\n  - can i fly next week\n  - Do I need sunscreen?\n", encoding="utf-8"
    )
    [problem] = problems_of(tmp_path)
    assert problem.startswith(f"{tmp_path.name}/not-covered.yaml:3: the question")


def test_the_warning_signs_topic_the_core_answers_with_is_required(tmp_path: Path) -> None:
    renamed = FILES["topics/warning-signs.yaml"].replace("id: warning-signs", "id: red-flags")
    write_knowledge(tmp_path, **{"topics/warning-signs.yaml": renamed})
    assert problems_of(tmp_path) == [
        f"{tmp_path}/topics: no topic 'warning-signs': the bot answers general questions "
        "about what can go wrong with it (and 'No' to a concern's question); add it back"
    ]


def test_a_topic_title_longer_than_a_button_shows_is_a_warning(tmp_path: Path) -> None:
    long = FILES[TOPICS].replace(
        "title: Makeup", "title: Makeup, skincare and everything on your face"
    )
    checked = read_knowledge(write_knowledge(tmp_path, **{TOPICS: long}))
    assert checked.kb is not None
    assert [str(w) for w in checked.warnings] == [
        f"{tmp_path.name}/topics/aftercare.yaml:10: warning: topic 'makeup-and-skincare': the "
        "title is 44 characters; buttons show 40 at most, so shorten it"
    ]
