"""The judges an evaluation compares: the packaged int8 model, another model directory, and an fp32 twin.

The fp32 twin is the same classifier before quantisation (``python -m training.judge.export ... --fp32
PATH`` keeps it), run through the int8 judge's tokenizer and session options, so a difference between
the two is the cost of int8 and nothing else. It is for measurement only: it carries no checksum, and the
service never loads it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

from scoring.judgement.judge import OnnxJudge

FP32_HOW_TO = (
    "python -m training.judge.export --init <model dir> --trained <variant>.safetensors "
    "--log <variant>.log.json --recipe <data dir>/recipe.json --out <dir> --fp32 PATH"
)


def load_judge(model_dir: Path | None) -> OnnxJudge:
    """The judge in `model_dir`, or the packaged one; either is refused when its sha256 does not match."""
    return OnnxJudge.load(model_dir) if model_dir is not None else OnnxJudge.load_packaged()


def fp32_twin(judge: OnnxJudge, fp32_model: Path) -> OnnxJudge:
    """`judge` with its ONNX session replaced by one over `fp32_model` (same tokenizer, threads, batches)."""
    import onnxruntime

    if not fp32_model.is_file():
        raise FileNotFoundError(f"no fp32 judge model at {fp32_model}; make one with: {FP32_HOW_TO}")
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = 1  # as the int8 judge's: one thread a call, calls side by side
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    session = onnxruntime.InferenceSession(str(fp32_model), options, providers=["CPUExecutionProvider"])
    return dataclasses.replace(judge, session=session, model_id=f"{judge.model_id}-fp32")
