"""Sentence embeddings: the Embedder port (port.py) and its adapters, one file per backend.

onnx_runtime.py runs the model's int8 ONNX export (the default backend; no torch), made by onnx_export.py;
sentence_transformer.py runs the model in sentence-transformers (torch). identity.py names a model
directory by its content, so another model's vectors are never reused. Only the adapters touch an ML
framework, and only inside their load functions; they are imported by module path
(scoring.embedding.onnx_runtime, scoring.embedding.sentence_transformer), never through this package, so
the stages that take an Embedder never depend on a framework.
"""

from scoring.embedding.identity import model_identity
from scoring.embedding.port import Embedder

__all__ = ["Embedder", "model_identity"]
