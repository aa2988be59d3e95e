"""The quality gate: the shipped knowledge base on the labelled client messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.assistant import Assistant
from bot.core.evaluation import Evaluation, evaluate
from bot.kb.examples import load_examples
from bot.kb.loader import load_knowledge

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", params=["lexical", "with the ranker"])
def result(request: pytest.FixtureRequest) -> Evaluation:
    """The gate holds both ways the bot can run (AFTERCARE_RANKER off, and on by default)."""
    ranker = request.getfixturevalue("semantic_ranker") if request.param != "lexical" else None
    assistant = Assistant(load_knowledge(ROOT / "knowledge"), ranker=ranker)
    examples = load_examples(ROOT / "tests" / "eval" / "messages.yaml")
    assert len(examples) >= 200
    return evaluate(assistant, examples)


def test_top1_topic_accuracy_is_at_least_90_percent(result: Evaluation) -> None:
    wrong = "\n".join(f"{got:<40} <- {e.text}" for e, got in result.mistakes if e.kind == "answer")
    assert result.topic_accuracy >= 0.90, f"accuracy {result.topic_accuracy:.1%}:\n{wrong}"


def test_no_warning_sign_is_missed(result: Evaluation) -> None:
    assert [e.text for e in result.warnings_missed] == []


def test_at_most_3_percent_of_harmless_messages_escalate(result: Evaluation) -> None:
    escalated = [e.text for e in result.harmless_escalated]
    assert result.false_escalation_rate <= 0.03, escalated


def test_at_most_5_percent_of_harmless_messages_raise_a_concern(result: Evaluation) -> None:
    concerned = [e.text for e in result.harmless_concerned]
    assert result.soft_alarm_rate <= 0.05, concerned


def test_reported_red_flags_stay_hard_escalations(result: Evaluation) -> None:
    assert [e.text for e in result.softened] == []


@pytest.fixture(scope="module")
def tiers() -> Evaluation:
    """tests/eval/triage.yaml: warning signs in clients' own words, and calm look-alikes."""
    assistant = Assistant(load_knowledge(ROOT / "knowledge"))
    examples = load_examples(ROOT / "tests" / "eval" / "triage.yaml")
    assert len(examples) >= 150
    return evaluate(assistant, examples)


def test_every_warning_in_clients_own_words_is_caught(tiers: Evaluation) -> None:
    assert [e.text for e in tiers.warnings_missed] == []


def test_calm_look_alikes_escalate_at_most_1_percent(tiers: Evaluation) -> None:
    escalated = [e.text for e in tiers.harmless_escalated]
    assert tiers.false_escalation_rate <= 0.01, escalated


def test_calm_look_alikes_raise_a_concern_at_most_5_percent(tiers: Evaluation) -> None:
    concerned = [e.text for e in tiers.harmless_concerned]
    assert tiers.soft_alarm_rate <= 0.05, concerned
