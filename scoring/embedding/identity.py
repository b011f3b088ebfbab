"""Which model a vector came from: a content-derived id for a model directory, part of every cache key."""

from __future__ import annotations

import hashlib
from pathlib import Path


def model_identity(path: Path) -> str:
    """A stable id for a model directory: its name plus a digest of its config and weight file sizes.

    Content-derived so that swapping the weights under the same path changes every cache key.
    """
    digest = hashlib.sha256()
    for file in sorted(p for p in path.rglob("*") if p.is_file()):
        rel = file.relative_to(path).as_posix()
        digest.update(rel.encode())
        if file.suffix in {".json", ".txt"}:
            digest.update(file.read_bytes())
        else:
            digest.update(str(file.stat().st_size).encode())
    return f"{path.name}@{digest.hexdigest()[:12]}"
