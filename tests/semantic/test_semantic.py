"""The bundled model: its checksum, its embeddings, the phrasing cache, and answers with it.

One model is loaded for the whole run (`semantic_ranker` in conftest.py); tests count the
texts it embeds to see what the cache saves.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest

from bot.cli.main import main
from bot.core.assistant import Assistant
from bot.core.knowledge import KnowledgeBase
from bot.core.reply import ANSWER, CONCERN, ESCALATE, FALLBACK
from bot.kb.loader import load_knowledge
from bot.semantic import embedder as embedder_module
from bot.semantic.cache import PhrasingCache
from bot.semantic.embedder import DIMENSIONS, Embedder, ModelError, check_file
from bot.semantic.model import MODEL, SUMS, TOKENIZER
from bot.semantic.ranker import MiniLMRanker
from tests.kb_factory import FILES, write_knowledge

PAIN_TOPIC = """\
  - id: pain
    title: Pain
    questions:
      - does it hurt
    answer: Most clients feel pressure and a little stinging; numbing cream helps.
    source: doc-a
"""


@pytest.fixture(scope="module")
def kb(tmp_path_factory: pytest.TempPathFactory) -> KnowledgeBase:
    topics = FILES["topics/aftercare.yaml"] + PAIN_TOPIC
    folder = tmp_path_factory.mktemp("knowledge")
    return load_knowledge(write_knowledge(folder, **{"topics/aftercare.yaml": topics}))


@pytest.fixture
def embedder(semantic_ranker: MiniLMRanker) -> Embedder:
    return semantic_ranker.embedder


def test_the_shipped_model_files_match_their_checksums() -> None:
    listed = dict(reversed(line.split()) for line in SUMS.read_text().splitlines())
    assert check_file(MODEL, SUMS) == listed[MODEL.name]
    assert check_file(TOKENIZER, SUMS) == listed[TOKENIZER.name]


def test_checksums_written_in_sha256sums_binary_mode_are_read_too(tmp_path: Path) -> None:
    listed = dict(reversed(line.split()) for line in SUMS.read_text().splitlines())
    binary = tmp_path / "SHA256SUMS"
    binary.write_text("".join(f"{digest} *{name}\n" for name, digest in listed.items()))
    assert check_file(MODEL, binary) == listed[MODEL.name]
    assert check_file(TOKENIZER, binary) == listed[TOKENIZER.name]


def test_a_changed_model_file_is_refused_in_one_line(tmp_path: Path) -> None:
    changed = tmp_path / MODEL.name
    changed.write_bytes(MODEL.read_bytes()[:-1] + b"\0")
    with pytest.raises(ModelError) as refused:
        Embedder(model=changed)
    message = str(refused.value)
    assert "\n" not in message
    assert str(changed) in message
    assert "AFTERCARE_RANKER=off" in message


def test_ask_with_a_changed_model_exits_2_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(embedder_module, "MODEL", tmp_path / MODEL.name)
    (tmp_path / MODEL.name).write_bytes(b"not the model")
    out, err = io.StringIO(), io.StringIO()
    environ = {"AFTERCARE_RANKER": "on", "AFTERCARE_DB": str(tmp_path / "aftercare.db")}
    assert main(["ask", "does it hurt"], environ, out, err) == 2
    [line] = err.getvalue().splitlines()
    assert line.startswith("error: ")
    assert MODEL.name in line
    assert out.getvalue() == ""


def test_embeddings_are_unit_vectors_one_per_text(embedder: Embedder) -> None:
    vectors = embedder.embed(["does it hurt", "when can I wear makeup again?", ""])
    assert vectors.shape == (3, DIMENSIONS)
    assert vectors.dtype == np.float32
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)


def test_a_paraphrase_is_closer_than_an_unrelated_sentence(embedder: Embedder) -> None:
    question, paraphrase, unrelated = embedder.embed(
        [
            "how long until my face stops being red",
            "when will the redness go away",
            "where do I park",
        ]
    )
    assert question @ paraphrase > question @ unrelated + 0.3


def test_a_text_embeds_the_same_alone_or_among_others(embedder: Embedder) -> None:
    texts = ["hi", "can i go in the sun after my session on friday, or should i wait a week"]
    together = embedder.embed(texts)
    alone = np.stack([embedder.embed([text])[0] for text in texts])
    assert np.array_equal(together, alone)


def test_a_reload_embeds_only_the_changed_phrasings(kb: KnowledgeBase, embedder: Embedder) -> None:
    ranker = MiniLMRanker(embedder, PhrasingCache(embedder), kb.topics)
    before = embedder.texts_embedded
    Assistant(kb, ranker=ranker)
    assert embedder.texts_embedded == before  # the same topics: nothing to embed
    sun, *rest = kb.topics
    edited = replace(sun, questions=(*sun.questions, "should i stay in the shade"))
    Assistant(replace(kb, topics=(edited, *rest)), ranker=ranker)
    assert embedder.texts_embedded == before + 1


def test_a_restart_with_the_cache_file_embeds_nothing(
    tmp_path: Path, kb: KnowledgeBase, embedder: Embedder
) -> None:
    path = tmp_path / "phrasings.npz"
    first = MiniLMRanker(embedder, PhrasingCache(embedder, path), kb.topics)
    phrasings = sum(len(t.questions) for t in kb.topics)
    before = embedder.texts_embedded
    second = MiniLMRanker(embedder, PhrasingCache(embedder, path), kb.topics)
    assert embedder.texts_embedded == before
    assert path.exists()
    assert second.topic_similarities("does it hurt") == first.topic_similarities("does it hurt")
    assert len(np.load(path)["texts"]) == phrasings


@pytest.mark.parametrize(
    "damage",
    [
        lambda saved: b"not a cache file",
        lambda saved: saved[: len(saved) // 2],  # cut short by a full disk
        lambda saved: b"",
        lambda saved: saved[:1000] + bytes(len(saved) - 2000) + saved[-1000:],
        None,
    ],
    ids=["not a cache file", "cut short", "empty", "overwritten inside", "another model's file"],
)
def test_a_cache_file_that_does_not_fit_is_embedded_again(
    tmp_path: Path,
    kb: KnowledgeBase,
    embedder: Embedder,
    damage: Callable[[bytes], bytes] | None,
) -> None:
    path = tmp_path / "phrasings.npz"
    MiniLMRanker(embedder, PhrasingCache(embedder, path), kb.topics)
    if damage is not None:
        path.write_bytes(damage(path.read_bytes()))
    else:
        with np.load(path) as data:
            np.savez(
                path, key=np.array("another model"), texts=data["texts"], vectors=data["vectors"]
            )
    before = embedder.texts_embedded
    MiniLMRanker(embedder, PhrasingCache(embedder, path), kb.topics)
    assert embedder.texts_embedded - before == sum(len(t.questions) for t in kb.topics)


def test_a_question_sharing_no_word_with_its_topic_reaches_it_through_the_ranker(
    kb: KnowledgeBase, semantic_ranker: MiniLMRanker
) -> None:
    question = "is it painful"  # the pain topic's only phrasing is "does it hurt"
    assert Assistant(kb).respond(question).kind == FALLBACK
    reply = Assistant(kb, ranker=semantic_ranker).respond(question)
    assert (reply.kind, reply.topic) == (ANSWER, "pain")


@pytest.mark.parametrize("question", ["what is the capital of france", "is the parking free"])
def test_an_off_topic_question_falls_back_with_the_ranker(
    kb: KnowledgeBase, semantic_ranker: MiniLMRanker, question: str
) -> None:
    assert Assistant(kb, ranker=semantic_ranker).respond(question).kind == FALLBACK


def test_a_warning_sign_escalates_with_the_ranker_on(
    kb: KnowledgeBase, semantic_ranker: MiniLMRanker
) -> None:
    assistant = Assistant(kb, ranker=semantic_ranker)
    assert assistant.respond("it hurts and there is pus, is that normal?").kind == ESCALATE
    # Asked in general, a listed sign makes the bot ask first: still triage, not the ranker.
    assert assistant.respond("does it hurt when there is pus?").kind == CONCERN


def test_ask_ranks_with_the_model_by_default_and_caches_in_the_state_folder(
    tmp_path: Path, kb: KnowledgeBase
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    folder = write_knowledge(
        tmp_path / "knowledge",
        **{"topics/aftercare.yaml": FILES["topics/aftercare.yaml"] + PAIN_TOPIC},
    )
    environ = {"AFTERCARE_KNOWLEDGE_DIR": str(folder), "AFTERCARE_DB": str(state / "bot.db")}
    out, err = io.StringIO(), io.StringIO()
    assert main(["ask", "is it painful"], environ, out, err) == 0, err.getvalue()
    assert json.loads(out.getvalue())["topic"] == "pain"
    assert (state / "phrasings.npz").exists()
    out = io.StringIO()
    assert main(["ask", "is it painful"], {**environ, "AFTERCARE_RANKER": "off"}, out, err) == 0
    assert json.loads(out.getvalue())["kind"] == FALLBACK


def test_a_malformed_ranker_setting_is_one_line_naming_it() -> None:
    out, err = io.StringIO(), io.StringIO()
    assert main(["ask", "hi"], {"AFTERCARE_RANKER": "maybe"}, out, err) == 2
    assert err.getvalue() == "error: AFTERCARE_RANKER should be on or off, not 'maybe'\n"
