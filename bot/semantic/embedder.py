"""Sentence embeddings from the bundled model, as sentence-transformers computes them.

The text is cut into word pieces by the model's own tokenizer (`tokenizer.json`), run
through the int8 ONNX encoder by ONNX Runtime, mean-pooled over its real tokens and
L2-normalised, so the dot product of two embeddings is their cosine similarity.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from bot.semantic.model import MODEL, SUMS, TOKENIZER

DIMENSIONS = 384
# Chat messages are short: 128 word pieces is about 90 words; the rest of a longer one is cut.
MAX_TOKENS = 128
# How vectors are made from the model's output; change it when `_embed_one` changes, so
# phrasing caches made the old way are embedded again.
METHOD = "one text a run, mean pooled, L2"


class ModelError(Exception):
    """The bundled model is missing or is not the file we shipped; the message says what to do."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, sums: Path) -> str:
    """`path`'s SHA-256; ModelError unless it is the one `sums` (sha256sum's format) gives."""
    try:
        listed = {
            name.lstrip("*"): digest  # "*name": sha256sum's binary mode
            for digest, name in (
                line.split(maxsplit=1)
                for line in sums.read_text(encoding="utf-8").splitlines()
                if line.strip()
            )
        }
        found = sha256(path)
    except OSError as error:
        raise ModelError(
            f"cannot read the semantic model ({error.strerror}: {error.filename}); "
            "reinstall the bot, or set AFTERCARE_RANKER=off"
        ) from None
    expected = listed.get(path.name)
    if found != expected:
        raise ModelError(
            f"{path} has SHA-256 {found[:12]}..., expected {str(expected)[:12]}... "
            f"(from {sums.name}): reinstall the bot, or set AFTERCARE_RANKER=off"
        )
    return found


class Embedder:
    """One ONNX Runtime session over the bundled model; `embed` texts into unit vectors.

    Each run uses one thread (`threads`), which keeps a message's latency steady on a small
    shared machine; embedding many texts at load runs `workers` of them side by side.
    """

    def __init__(
        self,
        model: Path | None = None,
        tokenizer: Path | None = None,
        *,
        threads: int = 1,
        workers: int = 2,
        max_tokens: int = MAX_TOKENS,
        sums: Path | None = None,
    ) -> None:
        model, tokenizer, sums = model or MODEL, tokenizer or TOKENIZER, sums or SUMS
        digest = check_file(model, sums)
        check_file(tokenizer, sums)
        # What an embedding depends on: cached vectors made under another key are not reused.
        self.key = f"{digest}:{max_tokens}:{METHOD}"
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.no_padding()
        self._tokenizer.enable_truncation(max_tokens)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # errors only
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self.workers = workers
        self.texts_embedded = 0  # how many texts went through the model, for tests and benches

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row of DIMENSIONS per text, in order.

        Each text runs alone: the int8 model quantizes its activations per run, so in a
        batch a text's vector would shift a little with its neighbours and their padding.
        """
        if len(texts) > 1 and self.workers > 1:
            with ThreadPoolExecutor(self.workers) as pool:
                rows = list(pool.map(self._embed_one, texts))
        else:
            rows = [self._embed_one(text) for text in texts]
        self.texts_embedded += len(texts)
        return np.stack(rows) if rows else np.zeros((0, DIMENSIONS), dtype=np.float32)

    def _embed_one(self, text: str) -> np.ndarray:
        encoding = self._tokenizer.encode(text)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.ones_like(ids)
        (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        pooled = hidden[0].mean(axis=0)  # every token is real: no padding to leave out
        return (pooled / max(float(np.linalg.norm(pooled)), 1e-12)).astype(np.float32)
