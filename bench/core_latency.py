"""Accuracy on the labelled sets, and per-message latency of the answering core.

Prints top-1 accuracy, missed warnings, false escalations and soft alarms (concerns on
harmless messages) on tests/eval and on the held-out bench/holdout.yaml, then p50/p99
latency of `Assistant.respond` on the shipped knowledge base and on a synthetic one of
2,000 topics x 5 phrasings. Targets: p99 < 2 ms shipped, < 10 ms synthetic.

    python bench/core_latency.py
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.core.assistant import Assistant  # noqa: E402
from bot.core.evaluation import evaluate  # noqa: E402
from bot.core.knowledge import KnowledgeBase, Topic  # noqa: E402
from bot.kb.examples import load_examples  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402


def synthetic(base: KnowledgeBase, topics: int = 2000, phrasings: int = 5) -> KnowledgeBase:
    """The shipped base plus made-up topics over a large made-up vocabulary."""
    rng = random.Random(7)
    letters = "abcdefghijklmnopqrstuvwxyz"
    vocabulary = ["".join(rng.choices(letters, k=rng.randint(4, 10))) for _ in range(6000)]
    made = [
        Topic(
            id=f"synthetic-{i}",
            title=f"Synthetic topic {i}",
            questions=tuple(
                " ".join(rng.choices(vocabulary, k=rng.randint(3, 8))) for _ in range(phrasings)
            ),
            answer="A synthetic answer.",
            sources=(base.sources[0].id,),
        )
        for i in range(topics)
    ]
    return replace(base, topics=base.topics + tuple(made))


def latencies(assistant: Assistant, texts: list[str], rounds: int) -> list[float]:
    timings = []  # the first round meets every misspelling cold, as a new message would
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            assistant.respond(text)
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def report(name: str, timings: list[float]) -> None:
    cuts = statistics.quantiles(timings, n=100)
    print(f"{name:<28} n={len(timings):<6} p50={cuts[49]:.3f} ms  p99={cuts[98]:.3f} ms")


def main() -> None:
    kb = load_knowledge(ROOT / "knowledge")
    examples = load_examples(ROOT / "tests" / "eval" / "messages.yaml")
    start = time.perf_counter()
    assistant = Assistant(kb)
    built = (time.perf_counter() - start) * 1000
    for name, path in (
        ("tests/eval (the quality gate)", ROOT / "tests" / "eval" / "messages.yaml"),
        ("tests/eval/triage (two tiers)", ROOT / "tests" / "eval" / "triage.yaml"),
        ("bench/holdout (written unseen, then tuned on)", ROOT / "bench" / "holdout.yaml"),
    ):
        labelled = load_examples(path)
        result = evaluate(assistant, labelled)
        print(
            f"{name}: {len(labelled)} messages; top-1 topic accuracy "
            f"{result.topic_accuracy:.1%} ({result.answered_right}/{result.answered}); "
            f"warnings missed {len(result.warnings_missed)}/{result.warnings} "
            f"({result.caught_hard} caught as escalations); "
            f"harmless escalated {len(result.harmless_escalated)}/{result.harmless} "
            f"({result.false_escalation_rate:.1%}), soft alarms "
            f"{len(result.harmless_concerned)} ({result.soft_alarm_rate:.1%})"
        )
    texts = [e.text for e in examples]
    print(f"shipped base compiled in {built:.1f} ms ({len(kb.topics)} topics)")
    report("shipped knowledge base", latencies(assistant, texts, rounds=5))
    big = synthetic(kb)
    start = time.perf_counter()
    big_assistant = Assistant(big)
    built = (time.perf_counter() - start) * 1000
    print(f"synthetic base compiled in {built:.1f} ms ({len(big.topics)} topics)")
    rng = random.Random(11)
    mixed = texts + [rng.choice(big.topics[-2000:]).questions[0] for _ in range(300)]
    report("synthetic 2,000 x 5 base", latencies(big_assistant, mixed, rounds=3))


if __name__ == "__main__":
    main()
