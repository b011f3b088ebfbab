"""`python -m evaluation --data ../shared/data/eval [--split dev|test] [--quick]`: every measurement.

The evaluation sits above the service (it builds its scorer with service.app.build_scorer); the
service never imports it, so the image ships without it and its dependencies.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from evaluation.harness import run


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m evaluation", description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, required=True, help="The public evaluation datasets folder.")
    parser.add_argument("--split", choices=("dev", "test"), default="dev", help="test: once per design.")
    parser.add_argument(
        "--quick", action="store_true", help="Skip CheckThat retrieval and FNC-1 (slow on a first run)."
    )
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        parser.error(f"{args.data} is not a folder")
    # The model is packaged; never reach for a hub at run time.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    run(args.data, split=args.split, quick=args.quick)


if __name__ == "__main__":
    main()
