"""`kb check`'s review of a loaded knowledge base: misleading answers, answered non-questions."""

from __future__ import annotations

from pathlib import Path

from bot.kb.loader import load_knowledge
from bot.kb.review import PHONE_SCREEN, answer_warnings, not_covered_answered
from tests.kb_factory import FILES, write_knowledge

ROOT = Path(__file__).resolve().parents[2]
TOPICS = "topics/aftercare.yaml"


def test_an_answer_opening_with_a_bare_yes_is_warned(tmp_path: Path) -> None:
    topics = FILES[TOPICS].replace("answer: Avoid direct sun", "answer: Yes, avoid direct sun")
    kb = load_knowledge(write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics}))
    [warning] = [str(w) for w in answer_warnings(kb)]
    assert warning.startswith(
        f"{tmp_path.name}/{TOPICS}:2: warning: topic 'sun-protection': the answer"
    )
    assert "opens with 'Yes'" in warning


def test_an_answer_longer_than_a_phone_screen_is_warned(tmp_path: Path) -> None:
    long = "Wait at least 48 hours before makeup. " * 20
    topics = FILES[TOPICS].replace(
        "answer: Wait at least 48 hours before makeup.", f"answer: {long}"
    )
    kb = load_knowledge(write_knowledge(tmp_path, **{"topics__aftercare.yaml": topics}))
    [warning] = [str(w) for w in answer_warnings(kb)]
    assert f"keep it under {PHONE_SCREEN}" in warning


def test_a_not_covered_question_asking_what_a_topic_asks_is_a_problem(tmp_path: Path) -> None:
    folder = write_knowledge(
        tmp_path,
        **{"not-covered.yaml": "not_covered:\n  - can i fly\n  - Do I need sunscreen, please?\n"},
    )
    [problem] = [str(p) for p in not_covered_answered(load_knowledge(folder))]
    assert problem == (
        f"{tmp_path.name}/not-covered.yaml:3: 'Do I need sunscreen, please?' is marked as not "
        "covered, but topic 'sun-protection' asks the same: 'do i need sunscreen': remove it "
        "here, or move it to that topic's questions"
    )


def test_the_shipped_knowledge_has_no_warnings_and_no_answered_non_questions() -> None:
    kb = load_knowledge(ROOT / "knowledge")
    assert kb.not_covered
    assert answer_warnings(kb) == []
    assert not_covered_answered(kb) == []
