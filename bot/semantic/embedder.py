"""Sentence embeddings from the bundled model, as sentence-transformers computes them.

The text is cut into word pieces by the model's own tokenizer (`tokenizer.json`), run
through the int8 ONNX encoder by ONNX Runtime, mean-pooled over its real tokens and
L2-normalised, so the dot product of two embeddings is their cosine similarity.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import onnxruntime
from tokenizers import Tokenizer

from bot.semantic.model import MODEL, SUMS, TOKENIZER

DIMENSIONS = 384
# Chat messages are short: 128 word pieces is about 90 words; the rest of a longer one is cut.
MAX_TOKENS = 128
BATCH = 32


class ModelError(Exception):
    """The bundled model is missing or is not the file we shipped; the message says what to do."""


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(path: Path, sums: Path = SUMS) -> str:
    """`path`'s SHA-256; ModelError unless it is the one `sums` (sha256sum's format) gives."""
    try:
        listed = dict(
            reversed(line.split(maxsplit=1))
            for line in sums.read_text(encoding="utf-8").splitlines()
            if line.strip()
        )
        found = sha256(path)
    except OSError as error:
        raise ModelError(
            f"cannot read the semantic model ({error.strerror}: {error.filename}); "
            "reinstall the bot, or set AFTERCARE_RANKER=off"
        ) from None
    expected = listed.get(path.name.lstrip("*"))
    if found != expected:
        raise ModelError(
            f"{path} has SHA-256 {found[:12]}..., expected {str(expected)[:12]}... "
            f"(from {sums.name}): reinstall the bot, or set AFTERCARE_RANKER=off"
        )
    return found


class Embedder:
    """One ONNX Runtime session over the bundled model; `embed` texts into unit vectors.

    `threads` is ONNX Runtime's intra-op thread count: one keeps a single message's
    latency steady on a small shared machine and leaves the other core to the bot.
    """

    def __init__(
        self,
        model: Path = MODEL,
        tokenizer: Path = TOKENIZER,
        *,
        threads: int = 1,
        max_tokens: int = MAX_TOKENS,
        sums: Path = SUMS,
    ) -> None:
        digest = check_file(model, sums)
        check_file(tokenizer, sums)
        # What an embedding depends on: cached vectors made under another key are not reused.
        self.key = f"{digest}:{max_tokens}"
        self._tokenizer = Tokenizer.from_file(str(tokenizer))
        self._tokenizer.enable_truncation(max_tokens)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")  # to the batch's longest
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3  # errors only
        self._session = onnxruntime.InferenceSession(
            str(model), options, providers=["CPUExecutionProvider"]
        )
        self.texts_embedded = 0  # how many texts went through the model, for tests and benches

    def embed(self, texts: Sequence[str]) -> np.ndarray:
        """One L2-normalised float32 row of DIMENSIONS per text, in order."""
        result = np.zeros((len(texts), DIMENSIONS), dtype=np.float32)
        # Similar lengths batched together waste little on padding.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        for start in range(0, len(order), BATCH):
            chunk = order[start : start + BATCH]
            result[chunk] = self._embed_batch([texts[i] for i in chunk])
        self.texts_embedded += len(texts)
        return result

    def _embed_batch(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
        (hidden,) = self._session.run(None, {"input_ids": ids, "attention_mask": mask})
        weights = mask[:, :, None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.maximum(weights.sum(axis=1), 1e-9)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return pooled / np.maximum(norms, 1e-12)
