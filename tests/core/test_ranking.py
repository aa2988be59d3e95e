"""How the core joins a semantic ranker's view with the lexical matcher's (a stand-in ranker)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest

from bot.core.assistant import WARNING_SIGNS_TOPIC, Assistant
from bot.core.knowledge import KnowledgeBase, Topic
from bot.core.matcher import NOT_COVERED
from bot.core.ranking import NOT_COVERED_MARGIN, SEMANTIC_ALONE
from bot.core.reply import ANSWER, ESCALATE, FALLBACK
from bot.kb.loader import load_knowledge
from tests.kb_factory import write_knowledge

WARNING_TOPIC = f"""\
topics:
  - id: {WARNING_SIGNS_TOPIC}
    title: What is not normal
    questions:
      - what is not normal after treatment
    answer: Call us if redness gets worse after day 3.
    source: doc-a
"""


class StandInRanker:
    """Answers fixed similarities and records what it was asked."""

    def __init__(self, similarities: Mapping[str, float]) -> None:
        self.similarities = dict(similarities)
        self.asked: list[str] = []
        self.bound: tuple[Topic, ...] = ()

    def for_topics(self, topics: Sequence[Topic]) -> StandInRanker:
        self.bound = tuple(topics)
        return self

    def topic_similarities(self, text: str) -> Mapping[str, float]:
        self.asked.append(text)
        return self.similarities


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("knowledge")
    return load_knowledge(write_knowledge(folder, **{"topics/warning-signs.yaml": WARNING_TOPIC}))


def test_the_ranker_is_bound_to_the_knowledge_bases_topics(kb: KnowledgeBase) -> None:
    ranker = StandInRanker({})
    Assistant(kb, ranker=ranker)
    assert ranker.bound == kb.topics


def test_a_sure_ranker_answers_a_question_the_lexical_matcher_cannot(kb: KnowledgeBase) -> None:
    question = "how soon may cosmetics go back on"  # no word of the makeup topic
    assert Assistant(kb).respond(question).kind == FALLBACK
    ranker = StandInRanker({"makeup-and-skincare": SEMANTIC_ALONE + 0.01, "sun-protection": 0.3})
    reply = Assistant(kb, ranker=ranker).respond(question)
    assert (reply.kind, reply.topic) == (ANSWER, "makeup-and-skincare")
    assert ranker.asked == [question]


def test_a_ranker_below_its_own_threshold_does_not_answer_alone(kb: KnowledgeBase) -> None:
    ranker = StandInRanker({"makeup-and-skincare": SEMANTIC_ALONE - 0.01, "sun-protection": 0.3})
    reply = Assistant(kb, ranker=ranker).respond("how soon may cosmetics go back on")
    assert reply.kind == FALLBACK
    assert "makeup-and-skincare" not in [t.id for t in reply.suggestions]


def test_the_ranker_reorders_the_topics_the_lexical_matcher_found(kb: KnowledgeBase) -> None:
    question = "sunscreen or makeup first"
    lexical = Assistant(kb).respond(question)
    other = "sun-protection" if lexical.topic == "makeup-and-skincare" else "makeup-and-skincare"
    ranker = StandInRanker({other: 0.75, lexical.topic or "": 0.05})
    reply = Assistant(kb, ranker=ranker).respond(question)
    # Ranked first, but neither view is sure of it: the bot says so and offers it first.
    assert reply.kind == FALLBACK
    assert [t.id for t in reply.suggestions][:2] == [other, lexical.topic]


def test_an_off_topic_question_falls_back_with_the_ranker_on(kb: KnowledgeBase) -> None:
    ranker = StandInRanker({"makeup-and-skincare": 0.1, "sun-protection": 0.05})
    reply = Assistant(kb, ranker=ranker).respond("what is the capital of france")
    assert reply.kind == FALLBACK
    assert reply.unanswered == "what is the capital of france"


def test_a_warning_sign_escalates_and_the_ranker_is_not_even_asked(kb: KnowledgeBase) -> None:
    ranker = StandInRanker({"makeup-and-skincare": 0.99, "sun-protection": 0.99})
    reply = Assistant(kb, ranker=ranker).respond("can i wear makeup, there is pus on my cheek")
    assert reply.kind == ESCALATE
    assert ranker.asked == []


def test_the_ranker_never_moves_a_message_off_the_warning_signs_topic(kb: KnowledgeBase) -> None:
    question = "which things are not normal after treatment, should i worry"
    lexical = Assistant(kb).respond(question)
    assert (lexical.topic, lexical.score < 100) == (WARNING_SIGNS_TOPIC, True)
    ranker = StandInRanker({"makeup-and-skincare": 1.0, WARNING_SIGNS_TOPIC: 0.0})
    reply = Assistant(kb, ranker=ranker).respond(question)
    assert (reply.kind, reply.topic) == (ANSWER, WARNING_SIGNS_TOPIC)


def test_without_a_ranker_answers_are_as_before(tmp_path: Path) -> None:
    kb = load_knowledge(write_knowledge(tmp_path))
    assert Assistant(kb, ranker=None).respond("do i need sunscreen").topic == "sun-protection"


@pytest.fixture(scope="module")
def kb_with_not_covered(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    folder = tmp_path_factory.mktemp("knowledge")
    not_covered = "not_covered:\n  - which brand is best for children\n"
    return load_knowledge(write_knowledge(folder, **{"not-covered.yaml": not_covered}))


def test_a_message_closer_to_a_not_covered_question_falls_back(
    kb_with_not_covered: KnowledgeBase,
) -> None:
    question = "do i need sunscreen for my kids"
    lexical = Assistant(kb_with_not_covered).respond(question)
    assert lexical.topic == "sun-protection"  # the words alone pick the sun topic
    ranker = StandInRanker({"sun-protection": 0.6, NOT_COVERED.id: 0.6 + NOT_COVERED_MARGIN + 0.01})
    reply = Assistant(kb_with_not_covered, ranker=ranker).respond(question)
    assert reply.kind == FALLBACK
    assert reply.suggestions[0].id == "sun-protection"


def test_a_near_tie_with_a_not_covered_question_still_answers(
    kb_with_not_covered: KnowledgeBase,
) -> None:
    question = "do i need sunscreen for my kids"
    ranker = StandInRanker({"sun-protection": 0.6, NOT_COVERED.id: 0.6 + NOT_COVERED_MARGIN / 2})
    reply = Assistant(kb_with_not_covered, ranker=ranker).respond(question)
    assert (reply.kind, reply.topic) == (ANSWER, "sun-protection")


def test_the_ranker_never_moves_a_clear_contraindication_off_its_topic() -> None:
    shipped = load_knowledge(Path(__file__).resolve().parents[2] / "knowledge")
    question = "I just found out I'm pregnant and my next session is booked"
    assert Assistant(shipped).respond(question).topic == "pregnancy"
    ranker = StandInRanker({"treatment-plan": 1.0, "pregnancy": 0.1})
    reply = Assistant(shipped, ranker=ranker).respond(question)
    assert (reply.kind, reply.topic) == (ANSWER, "pregnancy")
