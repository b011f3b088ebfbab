"""The embedder the settings pick, and the one-time ONNX export the default backend needs."""

from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

from scoring import Embedder, ModelUnavailable, OnnxEmbedder, SentenceTransformerEmbedder
from scoring.atomic_files import staged_directory
from scoring.embedding.onnx_export import SOURCE_FILE_NAME, is_export_of
from scoring.embedding.onnx_runtime import DEFAULT_FILE_NAME
from service.adapters.cpus import model_threads
from service.settings import Settings

logger = logging.getLogger(__name__)

# The export takes about 10 s on 2 cores; ten minutes still fails a wedged child clearly.
EXPORT_TIMEOUT_SECONDS = 600


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings pick; a missing ONNX export is made once, or named with its command."""
    if settings.embedding_backend == "torch":
        return SentenceTransformerEmbedder.load(settings.resolved_model_dir())
    onnx_dir = settings.resolved_onnx_model_dir()
    model_dir = settings.resolved_model_dir()
    if not is_export_of(onnx_dir, model_dir):
        if not settings.onnx_auto_export:
            # Never serve an export of another model (or one that names none) as this one: its vectors
            # would not match the cached ones' model id, nor the model the settings name.
            raise ModelUnavailable(
                f"{onnx_dir} holds no ONNX export of {model_dir} ({_found_export(onnx_dir)}) and "
                f"SCORER_ONNX_AUTO_EXPORT is false; run `reliability export-onnx --out {onnx_dir} "
                f"--model-dir {model_dir}` or set SCORER_ONNX_AUTO_EXPORT=true"
            )
        export_once(model_dir, onnx_dir)
    try:
        return OnnxEmbedder.load(onnx_dir, threads=model_threads(settings))
    except ModelUnavailable as exc:
        raise ModelUnavailable(
            f"{exc}; run `reliability export-onnx --out {onnx_dir}` or set SCORER_EMBEDDING_BACKEND=torch"
        ) from exc


def _found_export(onnx_dir: Path) -> str:
    """What `onnx_dir` holds instead, in words."""
    source = onnx_dir / SOURCE_FILE_NAME
    if not (onnx_dir / DEFAULT_FILE_NAME).is_file():
        return f"no {DEFAULT_FILE_NAME}"
    if not source.is_file():
        return f"an export with no {SOURCE_FILE_NAME} naming its model"
    return f"an export of {source.read_text(encoding='utf-8').strip()}"


def export_once(model_dir: Path, onnx_dir: Path) -> None:
    """Export beside `onnx_dir`, then rename into place: replicas starting together on one state volume
    each export, the first rename wins, and no process ever loads a half-written model. An export made
    from another model (SCORER_MODEL_DIR changed) is replaced."""
    logger.info("exporting %s to ONNX int8 in %s (once)", model_dir, onnx_dir)
    try:
        with staged_directory(onnx_dir) as staged:
            _export_in_child(model_dir, staged.path)
            if is_export_of(onnx_dir, model_dir):
                staged.discard()  # another replica's export won the race; keep the one being served
    except OSError:
        if not is_export_of(onnx_dir, model_dir):
            raise  # not another replica's rename winning the race: a real failure


def _export_in_child(model_dir: Path, out: Path) -> None:
    """Export in a child process: the export imports torch (about 450 MB resident), which the serving
    process then never holds; an export in-process kept a first start at 590 MiB instead of 200."""
    command = [
        sys.executable,
        "-m",
        "service.cli",
        "export-onnx",
        "--out",
        str(out),
        "--model-dir",
        str(model_dir),
    ]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=EXPORT_TIMEOUT_SECONDS, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise ModelUnavailable(f"exporting {model_dir} to ONNX took over {EXPORT_TIMEOUT_SECONDS} s") from exc
    if done.returncode != 0:
        raise ModelUnavailable(f"exporting {model_dir} to ONNX failed: {done.stderr.strip()[-2000:]}")
