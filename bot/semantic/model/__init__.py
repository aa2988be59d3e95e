"""all-MiniLM-L6-v2 as int8 ONNX, its tokenizer, licence and checksums, shipped as package data.

`bench/export_model.py` in the repository rebuilds the model from the published weights
(export time only, not shipped); README.md says how.
"""

from __future__ import annotations

from pathlib import Path

FOLDER = Path(__file__).resolve().parent
MODEL = FOLDER / "minilm-l6-v2-int8.onnx"
TOKENIZER = FOLDER / "tokenizer.json"
SUMS = FOLDER / "SHA256SUMS"
