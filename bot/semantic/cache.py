"""The knowledge base's phrasings as embeddings, kept by their text.

A knowledge reload embeds only the phrasings staff added or changed. With a file (under
the state folder), a restart embeds none: the file holds the model's digest, and one made
by another model is ignored. Only staff-written phrasings are stored, never a client's
message.
"""

from __future__ import annotations

import logging
import os
import tempfile
import zipfile
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from bot.semantic.embedder import DIMENSIONS, Embedder

log = logging.getLogger(__name__)


class PhrasingCache:
    """Text -> unit vector, filled by the embedder on demand, optionally saved to `path`."""

    def __init__(self, embedder: Embedder, path: Path | None = None) -> None:
        self.embedder = embedder
        self.path = path
        self._vectors: dict[str, np.ndarray] = {}
        if path is not None:
            self._vectors = _read(path, embedder.key)

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """One row per text, in order; only texts never seen before go through the model."""
        missing = [t for t in dict.fromkeys(texts) if t not in self._vectors]
        if missing:
            for text, vector in zip(missing, self.embedder.embed(missing), strict=True):
                self._vectors[text] = vector
            if self.path is not None:
                _write(self.path, self.embedder.key, {t: self._vectors[t] for t in texts})
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        return np.stack([self._vectors[t] for t in texts])


def _read(path: Path, key: str) -> dict[str, np.ndarray]:
    try:
        with np.load(path, allow_pickle=False) as data:
            if str(data["key"]) != key:
                return {}
            texts, vectors = data["texts"], data["vectors"]
            if vectors.shape != (len(texts), DIMENSIONS):
                return {}
            return {str(t): v for t, v in zip(texts, vectors.astype(np.float32), strict=True)}
    except FileNotFoundError:
        return {}
    # Damaged (cut short, overwritten, not ours): embed again, then rewrite it.
    except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile) as error:
        log.warning("Ignoring the phrasing cache %s: %s", path, error)
        return {}


def _write(path: Path, key: str, vectors: dict[str, np.ndarray]) -> None:
    """Replace the file in one step, so a crash never leaves half of one."""
    texts = list(vectors)
    matrix = np.stack([vectors[t] for t in texts]) if texts else np.zeros((0, DIMENSIONS))
    temporary: Path | None = None
    try:
        with tempfile.NamedTemporaryFile(dir=path.parent, suffix=".tmp", delete=False) as file:
            temporary = Path(file.name)
            np.savez(file, key=np.array(key), texts=np.array(texts, dtype=str), vectors=matrix)
        os.replace(temporary, path)
    except OSError as error:  # a read-only state folder only costs the next start's time
        log.warning("Cannot save the phrasing cache %s: %s", path, error)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
