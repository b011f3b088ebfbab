"""The sentence-transformers adapter: loads any model directory offline; the only module touching torch."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from scoring.embedding.identity import model_identity
from scoring.errors import ModelUnavailable

# Large enough to amortise per-call overhead, small enough to keep peak memory flat on 2 cores.
DEFAULT_BATCH_SIZE = 64


@dataclass(frozen=True, slots=True)
class SentenceTransformerEmbedder:
    """Wraps a sentence-transformers model loaded from a local directory (never from a hub at run time)."""

    model: Any
    model_id: str
    dimension: int
    batch_size: int = DEFAULT_BATCH_SIZE

    @classmethod
    def load(
        cls,
        path: Path,
        *,
        device: str = "cpu",
        batch_size: int = DEFAULT_BATCH_SIZE,
        backend: Literal["torch", "onnx", "openvino"] = "torch",
    ) -> SentenceTransformerEmbedder:
        """Load any sentence-transformers model directory; torch is imported here, not at module import."""
        if not path.is_dir():
            raise ModelUnavailable(f"embedding model directory not found: {path}")
        from sentence_transformers import SentenceTransformer

        try:
            model = SentenceTransformer(str(path), device=device, backend=backend, local_files_only=True)
        except (OSError, ValueError) as exc:
            raise ModelUnavailable(f"could not load embedding model from {path}: {exc}") from exc
        # Renamed in sentence-transformers 6; keep older releases working too.
        get_dimension = (
            getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        )
        dimension = get_dimension()
        if dimension is None:
            raise ModelUnavailable(f"model at {path} does not declare an embedding dimension")
        return cls(
            model=model, model_id=model_identity(path), dimension=int(dimension), batch_size=batch_size
        )

    def encode(self, texts: Sequence[str]) -> NDArray[np.float32]:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            list(texts),
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)
