"""The learned claim-evidence judge: reads (passage with context, claim), says entails / contradicts / neutral.

A cross-encoder fine-tuned from all-MiniLM-L6-v2 on licence-clean contrasts (training/judge/), shipped as a
dynamic int8 ONNX model with its tokenizer and checksum, and run by onnxruntime on the CPU. Similarity
says two sentences are about the same thing; only a model that reads both together can tell whether one
settles, contradicts or merely discusses the other (sentence-transformers' own advice: retrieve, then
classify).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from scoring.errors import ModelUnavailable

LABELS = ("entails", "contradicts", "neutral")
ENTAILS, CONTRADICTS, NEUTRAL = range(3)
META_FILE = "judge.json"
PACKAGED_DIR = "data/judge"
# Pairs per onnxruntime call: one. Dynamic int8 quantisation scales each call's activations by what is in
# the batch, so in batches of 16 a pair's probabilities moved by up to 0.10 with its batch-mates: enough to
# flip a decision, and to give a claim one verdict alone and another inside a draft. Alone, each pair reads
# the same wherever it is scored.
DEFAULT_BATCH_SIZE = 1
# One pair is too small a matrix for onnxruntime to split across cores, so each call gets one thread and
# calls run side by side, one per core: 158 pairs/s on two cores against 100 for one call at a time on two
# threads (bench/judge_bench.py; docs/performance.md). session.run is thread-safe and releases the GIL.


class Judge(Protocol):
    """Anything that reads (premise, claim) pairs and returns label probabilities."""

    @property
    def model_id(self) -> str: ...

    def judge(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        """Probabilities of shape (len(pairs), 3), columns in LABELS order, rows summing to 1."""
        ...


@dataclass(frozen=True, slots=True)
class OnnxJudge:
    session: Any
    tokenizer: Any
    model_id: str
    batch_size: int = DEFAULT_BATCH_SIZE
    parallel_runs: int = 1

    @classmethod
    def load(
        cls,
        model_dir: Path,
        *,
        threads: int | None = None,
        max_length: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> OnnxJudge:
        """Load the model `model_dir/judge.json` names, refusing one whose sha256 does not match it.

        `threads` (default: every core) is how many single-threaded calls run at once.
        """
        meta_path = model_dir / META_FILE
        if not meta_path.is_file():
            raise ModelUnavailable(f"no judge model description at {meta_path}")
        meta = json.loads(meta_path.read_text(encoding="utf-8"))
        model_path = model_dir / meta["model_file"]
        tokenizer_path = model_dir / "tokenizer.json"
        for path in (model_path, tokenizer_path):
            if not path.is_file():
                raise ModelUnavailable(f"judge model file missing: {path}")
        digest = file_sha256(model_path)
        if digest != meta["sha256"]:
            raise ModelUnavailable(f"judge model {model_path} does not match its recorded sha256")
        # Another tokenizer would feed the model word pieces it was never trained on, silently.
        if file_sha256(tokenizer_path) != meta["tokenizer_sha256"]:
            raise ModelUnavailable(f"judge tokenizer {tokenizer_path} does not match its recorded sha256")
        if tuple(meta["labels"]) != LABELS:
            raise ModelUnavailable(f"judge labels {meta['labels']} are not {LABELS}")
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable(f"the judge needs onnxruntime and tokenizers: {exc}") from exc
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = 1
        # No busy-waiting between calls, as for the embedder: spinning threads would take the cores.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(model_path), options, providers=["CPUExecutionProvider"])
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(
            max_length=max_length or int(meta["max_length"]), strategy="longest_first"
        )
        tokenizer.enable_padding()
        return cls(session, tokenizer, f"judge@{digest[:12]}", batch_size, threads or os.cpu_count() or 1)

    @classmethod
    def load_packaged(cls, **kwargs: Any) -> OnnxJudge:
        """The judge shipped inside the package (scoring/data/judge)."""
        with resources.as_file(resources.files("scoring").joinpath(PACKAGED_DIR)) as path:
            return cls.load(Path(path), **kwargs)

    def judge(self, pairs: Sequence[tuple[str, str]]) -> NDArray[np.float32]:
        out = np.zeros((len(pairs), len(LABELS)), dtype=np.float32)
        # Similar lengths together, so little of each batch is padding.
        order = sorted(range(len(pairs)), key=lambda i: len(pairs[i][0]) + len(pairs[i][1]))
        batches = [order[start : start + self.batch_size] for start in range(0, len(order), self.batch_size)]
        workers = min(self.parallel_runs, len(batches))
        if workers <= 1:
            results = [self._run([pairs[i] for i in rows]) for rows in batches]
        else:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="judge") as pool:
                results = list(pool.map(lambda rows: self._run([pairs[i] for i in rows]), batches))
        for rows, probabilities in zip(batches, results, strict=True):
            out[rows] = probabilities
        return out

    def _run(self, batch: list[tuple[str, str]]) -> NDArray[np.float32]:
        encodings = self.tokenizer.encode_batch(batch)
        feeds = {
            "input_ids": np.array([e.ids for e in encodings], dtype=np.int64),
            "attention_mask": np.array([e.attention_mask for e in encodings], dtype=np.int64),
            "token_type_ids": np.array([e.type_ids for e in encodings], dtype=np.int64),
        }
        logits = self.session.run(None, feeds)[0].astype(np.float32)
        logits -= logits.max(axis=1, keepdims=True)
        weights = np.exp(logits)
        probabilities: NDArray[np.float32] = weights / weights.sum(axis=1, keepdims=True)
        return probabilities


def file_sha256(path: Path) -> str:
    """The hex sha256 of a file, read in blocks (the judge's model is 23 MB)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()
