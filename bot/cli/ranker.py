"""The semantic ranker for the commands that answer (`ask`, `chat`, `run`), or a setup error."""

from __future__ import annotations

from pathlib import Path

from bot.core.ranking import SemanticRanker
from bot.settings import ConfigError


def load_semantic_ranker(state_dir: Path) -> SemanticRanker:
    """The bundled model, its phrasing cache in `state_dir` (if that folder exists).

    Imports numpy and ONNX Runtime only now, so commands that do not answer stay light.
    Raises ConfigError, saying what to do, if the model file is not the one shipped.
    """
    from bot.semantic.embedder import ModelError
    from bot.semantic.ranker import load_ranker

    try:
        return load_ranker(state_dir)
    except ModelError as error:
        raise ConfigError(str(error)) from None
