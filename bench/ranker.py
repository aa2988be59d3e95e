"""The semantic ranker: what it adds to answers, and what it costs.

Prints, for the labelled sets (tests/eval, which the lexical matcher was tuned on, and
bench/holdout, written unseen and then tuned on), top-1 topic accuracy and honest fallback
for three ways of picking a topic: lexical only, lexical with the ranker (the default), and
a plain MiniLM nearest-phrasing search (argmax cosine over every phrasing, falling back under
BASELINE_THRESHOLD). With --realworld and --score (score.py beside the real-world set), the
same three on that set, judged by score.py's own rules. Then: `respond` p50/p99 latency
with the ranker on the shipped base, what a knowledge reload embeds, and the real
`python -m bot run` process against a local fake Telegram: start to first poll with no
phrasing cache, with it, and with the ranker off, and its peak memory after answering
messages. Targets: p99 < 15 ms, start < 2 s, peak < 250 MB.

    python bench/ranker.py [--realworld FILE --score FILE]
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot_run import bot_run  # noqa: E402

from bot.core.assistant import Assistant  # noqa: E402
from bot.core.evaluation import evaluate  # noqa: E402
from bot.core.replies import render_fallback  # noqa: E402
from bot.core.reply import ANSWER, FALLBACK, Reply  # noqa: E402
from bot.kb.examples import load_examples  # noqa: E402
from bot.kb.loader import load_knowledge  # noqa: E402
from bot.semantic.ranker import MiniLMRanker, load_ranker  # noqa: E402

# Plain MiniLM's own fallback threshold: the lowest at which it falls back on tests/eval's
# out-of-knowledge messages at least as often as the lexical matcher does.
BASELINE_THRESHOLD = 0.55
SETS = (
    ("tests/eval (tuned on)", ROOT / "tests" / "eval" / "messages.yaml"),
    ("bench/holdout (then tuned)", ROOT / "bench" / "holdout.yaml"),
)


class NearestPhrasing:
    """The baseline: triage and small talk as usual, then the single closest phrasing."""

    def __init__(self, lexical: Assistant, ranker: MiniLMRanker) -> None:
        self.lexical = lexical
        self.ranker = ranker.for_topics(lexical.kb.topics)

    def respond(self, text: str, *, days_since_session: float | None = None) -> Reply:
        reply = self.lexical.respond(text, days_since_session=days_since_session)
        if reply.kind not in (ANSWER, FALLBACK) or not self.lexical.normalizer.words(text):
            return reply
        if reply.kind == ANSWER and reply.score == 100.0 and reply.topic == "warning-signs":
            return reply  # triage's answer to a hypothetical question, not the matcher's
        similarities = self.ranker.topic_similarities(text)
        topic, best = max(similarities.items(), key=lambda pair: pair[1])
        if best >= BASELINE_THRESHOLD:
            return self.lexical.answer(topic, score=round(100 * best, 1))
        return Reply(FALLBACK, render_fallback((), self.lexical.kb.messages), score=100 * best)


def quality(contenders: dict[str, object], realworld: Path | None, score: Path | None) -> None:
    for name, path in SETS:
        examples = load_examples(path)
        for label, assistant in contenders.items():
            result = evaluate(assistant, examples)  # type: ignore[arg-type]
            fallbacks = [e for e in examples if e.kind == FALLBACK]
            honest = sum(1 for e in fallbacks if e not in {m for m, _ in result.mistakes})
            print(
                f"{name:<26} {label:<22} topic accuracy {result.topic_accuracy:6.1%} "
                f"of {result.answered} | honest fallback {honest}/{len(fallbacks)} | "
                f"warnings missed {len(result.warnings_missed)}/{result.warnings}"
            )
    if realworld is None or score is None:
        return
    spec = importlib.util.spec_from_file_location("score", score)
    assert spec is not None
    assert spec.loader is not None
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    items = [json.loads(line) for line in realworld.read_text().splitlines() if line.strip()]
    for label, assistant in contenders.items():
        kb = assistant.kb if isinstance(assistant, Assistant) else assistant.lexical.kb  # type: ignore[attr-defined]
        parent = {t.id: t.parent for t in kb.topics if t.parent}  # as score.py reads kb export
        rows = [assistant.respond(item["text"]).as_dict() for item in items]  # type: ignore[attr-defined]
        verdicts = [scorer.judge(item, row, parent) for item, row in zip(items, rows, strict=True)]
        labels = [item["label"] for item in items]
        topical = [v for lb, v in zip(labels, verdicts, strict=True) if lb not in scorer.SPECIAL]
        unknown = [v for lb, v in zip(labels, verdicts, strict=True) if lb in ("NONE", "OFFTOPIC")]
        warned = [v for lb, v in zip(labels, verdicts, strict=True) if lb.startswith("ESCALATE")]
        print(
            f"{'realworld':<26} {label:<22} topic accuracy "
            f"{sum(v == 'ok' for v in topical) / len(topical):6.1%} of {len(topical)} | "
            f"honest fallback {sum(v == 'ok' for v in unknown)}/{len(unknown)} | "
            f"warning signs caught {sum(v == 'ok' for v in warned)}/{len(warned)}"
        )


def latency(assistant: Assistant, texts: list[str], rounds: int = 3) -> str:
    timings = []
    for _ in range(rounds):
        for text in texts:
            start = time.perf_counter()
            assistant.respond(text)
            timings.append((time.perf_counter() - start) * 1000)
    cuts = statistics.quantiles(timings, n=100)
    return f"n={len(timings)} p50={cuts[49]:.2f} ms p99={cuts[98]:.2f} ms max={max(timings):.1f} ms"


def reload_cost(assistant: Assistant) -> str:
    """What a knowledge reload with one phrasing edited costs the ranker."""
    assert isinstance(assistant.ranker, MiniLMRanker)
    kb = assistant.kb
    first = kb.topics[0]
    edited = replace(first, questions=(*first.questions[:-1], first.questions[-1] + " please"))
    before = assistant.ranker.embedder.texts_embedded
    start = time.perf_counter()
    Assistant(replace(kb, topics=(edited, *kb.topics[1:])), ranker=assistant.ranker)
    took = (time.perf_counter() - start) * 1000
    embedded = assistant.ranker.embedder.texts_embedded - before
    return f"one phrasing edited: {embedded} phrasing(s) embedded, {took:.0f} ms"


def bot_process(state: Path, texts: list[str], ranker: str) -> tuple[float, int]:
    """Seconds from launch to the first poll, and peak memory (KiB) after answering `texts`."""
    with bot_run(state / "aftercare.db", ranker=ranker) as bot:
        for number, text in enumerate(texts):
            bot.server.send_text(1000 + number, text)
        for number in range(len(texts)):
            bot.server.wait_for(chat_id=1000 + number, timeout=60)
        return bot.started, bot.peak_kib()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--realworld", type=Path, help="a labelled JSONL set, as score.py reads")
    parser.add_argument("--score", type=Path, help="score.py, whose judge() rules are used")
    args = parser.parse_args()
    kb = load_knowledge(ROOT / "knowledge")
    lexical = Assistant(kb)
    start = time.perf_counter()
    ranker = load_ranker()  # no phrasing cache file: every phrasing is embedded
    with_ranker = Assistant(kb, ranker=ranker)
    built = time.perf_counter() - start
    phrasings = sum(len(t.questions) for t in kb.topics)
    print(f"ranker loaded and {phrasings} phrasings embedded in {built:.2f} s (in process)")
    contenders = {
        "lexical only": lexical,
        "lexical + ranker": with_ranker,
        "MiniLM nearest phrasing": NearestPhrasing(lexical, ranker),
    }
    quality(contenders, args.realworld, args.score)
    texts = [e.text for _, path in SETS for e in load_examples(path)]
    print(f"respond, lexical only:     {latency(lexical, texts)}")
    print(f"respond, lexical + ranker: {latency(with_ranker, texts)}")
    print(f"knowledge reload, {reload_cost(with_ranker)}")
    answered = texts[:100]
    with tempfile.TemporaryDirectory() as folder:
        cold = bot_process(Path(folder), answered, "on")
        warm = [bot_process(Path(folder), answered, "on") for _ in range(3)]
    with tempfile.TemporaryDirectory() as folder:
        off = [bot_process(Path(folder), answered, "off") for _ in range(3)]
    print(
        f"bot run, start to first poll: no phrasing cache {cold[0]:.2f} s; with it, median "
        f"{statistics.median(w[0] for w in warm):.2f} s; ranker off, median "
        f"{statistics.median(o[0] for o in off):.2f} s"
    )
    peak_on, peak_off = max(w[1] for w in (cold, *warm)), max(o[1] for o in off)
    print(
        f"bot run, peak memory after answering {len(answered)} messages: ranker on "
        f"{peak_on / 1024:.0f} MB, off {peak_off / 1024:.0f} MB"
    )


if __name__ == "__main__":
    main()
