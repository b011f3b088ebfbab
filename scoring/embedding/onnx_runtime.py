"""The onnxruntime adapter: a sentence-transformers model exported to ONNX, run without torch."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from scoring.embedding.identity import model_identity
from scoring.errors import ModelUnavailable

DEFAULT_FILE_NAME = "model_quantized.onnx"
TOKENIZER_FILE = "tokenizer.json"
# all-MiniLM-L6-v2 was trained on 128-token pieces and sentence-transformers caps it at 256 (its
# sentence_bert_config.json); the same cap keeps both backends' vectors comparable.
DEFAULT_MAX_TOKENS = 256
# Batches of 16: onnxruntime keeps the buffers of the largest batch it has run, and against 64 (the torch
# adapter's) a 58-sentence draft left 140 MB less resident and embedded faster, and passages ran at the same
# rate (one run each of 8, 16, 32 and 64 on this machine's 2 cores; docs/performance.md).
DEFAULT_BATCH_SIZE = 16
# Guards the mean and the norm against all-padding rows.
_EPSILON = 1e-12


@dataclass(frozen=True, slots=True)
class OnnxEmbedder:
    """Tokenise, run the transformer, mean-pool over the attention mask, L2-normalise."""

    session: Any
    tokenizer: Any
    input_names: frozenset[str]
    model_id: str
    dimension: int
    batch_size: int = DEFAULT_BATCH_SIZE

    @classmethod
    def load(
        cls,
        model_dir: Path,
        *,
        file_name: str = DEFAULT_FILE_NAME,
        threads: int | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
    ) -> OnnxEmbedder:
        """Load `model_dir/file_name` and `model_dir/tokenizer.json`; onnxruntime is imported here."""
        model_path = model_dir / file_name
        tokenizer_path = model_dir / TOKENIZER_FILE
        missing = [str(p) for p in (model_path, tokenizer_path) if not p.is_file()]
        if missing:
            raise ModelUnavailable(f"ONNX embedding model files missing: {', '.join(missing)}")
        try:
            import onnxruntime
            from tokenizers import Tokenizer
        except ImportError as exc:
            raise ModelUnavailable(f"the ONNX backend needs onnxruntime and tokenizers: {exc}") from exc

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        # No busy-waiting between runs: idle spinning threads would take the cores from the event loop,
        # the scoring thread and, in benchmarks, the backend measured next.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        try:
            session = onnxruntime.InferenceSession(
                str(model_path), options, providers=["CPUExecutionProvider"]
            )
        except Exception as exc:  # onnxruntime raises its own untyped errors for corrupt files
            raise ModelUnavailable(f"could not load ONNX model {model_path}: {exc}") from exc
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
        tokenizer.enable_truncation(max_length=_max_tokens(model_dir))
        tokenizer.enable_padding()
        return cls(
            session=session,
            tokenizer=tokenizer,
            input_names=frozenset(i.name for i in session.get_inputs()),
            model_id=f"{model_identity(model_dir)}+{file_name}",
            dimension=_dimension(session, model_dir),
            batch_size=batch_size,
        )

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        """Vectors of shape (len(texts), dimension), unit length, in the order of `texts`."""
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        # Longest first in length-sorted batches, as sentence-transformers does, so padding stays small.
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        for start in range(0, len(order), self.batch_size):
            rows = order[start : start + self.batch_size]
            encodings = self.tokenizer.encode_batch([texts[i] for i in rows])
            ids = np.array([e.ids for e in encodings], dtype=np.int64)
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            feeds = {"input_ids": ids, "attention_mask": mask}
            if "token_type_ids" in self.input_names:
                feeds["token_type_ids"] = np.zeros_like(ids)
            hidden = self.session.run(None, feeds)[0]
            weights = mask[..., None].astype(np.float32)
            pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), _EPSILON, None)
            out[rows] = pooled / np.clip(np.linalg.norm(pooled, axis=1, keepdims=True), _EPSILON, None)
        return out


def _max_tokens(model_dir: Path) -> int:
    """The sentence-transformers sequence cap if the directory declares one, else the MiniLM default."""
    config = model_dir / "sentence_bert_config.json"
    if config.is_file():
        value = json.loads(config.read_text()).get("max_seq_length")
        if isinstance(value, int) and value > 0:
            return value
    return DEFAULT_MAX_TOKENS


def _dimension(session: Any, model_dir: Path) -> int:
    """The hidden size from the model's output shape, falling back to config.json when it is symbolic."""
    shape = session.get_outputs()[0].shape
    if shape and isinstance(shape[-1], int):
        return int(shape[-1])
    config = model_dir / "config.json"
    if config.is_file():
        value = json.loads(config.read_text()).get("hidden_size")
        if isinstance(value, int):
            return value
    raise ModelUnavailable(f"cannot tell the embedding dimension of the ONNX model in {model_dir}")
