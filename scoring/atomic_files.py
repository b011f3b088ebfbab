"""Writing so that a crash never leaves a half-written file or directory that a later start would trust.

Both functions build beside the target (same file system, so the final rename is atomic) and rename into
place only once the content is complete. Used for the dense index and embedding cache (corpus/), the
corpus store's versions and CURRENT pointer and the ONNX export (service/adapters/).
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


class StagedDirectory:
    """A directory being built beside its target; see `staged_directory`."""

    __slots__ = ("path", "is_discarded")

    def __init__(self, path: Path) -> None:
        self.path = path
        self.is_discarded = False

    def discard(self) -> None:
        """Leave the target as it is: the staged content is removed instead of renamed into place."""
        self.is_discarded = True


def fsync_directory(directory: Path) -> None:
    """Flush `directory`'s entries to disk: after a rename into it, so the rename survives a power cut."""
    descriptor = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@contextmanager
def staged_directory(target: Path, *, is_durable: bool = False) -> Iterator[StagedDirectory]:
    """A fresh directory beside `target` to build in; when the block ends without an error (and without
    `discard`), it replaces `target` whole with one rename. The staging directory never outlives the block.

    Replacing an existing `target` removes it first, so a reader can see no directory for an instant, never
    a mixture; a rename that loses a race to another writer raises OSError, which the caller may accept.

    `is_durable` also flushes the staged directory's entries before the rename and the parent's after it
    (the caller fsyncs the files it writes), so a write acknowledged after the block survives a power cut.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = StagedDirectory(Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name}-")))
    try:
        yield staged
        if not staged.is_discarded:
            if target.exists():
                shutil.rmtree(target)  # stale or interrupted content is not trusted
            if is_durable:
                fsync_directory(staged.path)
            os.replace(staged.path, target)
            if is_durable:
                fsync_directory(target.parent)
    finally:
        shutil.rmtree(staged.path, ignore_errors=True)


def write_file_atomically(
    path: Path, content: bytes | Callable[[IO[bytes]], None], *, is_durable: bool = False
) -> None:
    """Write `path` (the bytes, or whatever `content(handle)` writes) through a uniquely named temporary
    file beside it, then rename it into place.

    `is_durable` also flushes the content to disk before the rename (fsync) and the directory after it, for
    files whose loss after a power cut would lose data rather than a cache entry.
    """
    with tempfile.NamedTemporaryFile(
        dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
    ) as handle:
        try:
            if isinstance(content, bytes):
                handle.write(content)
            else:
                content(handle)
            if is_durable:
                handle.flush()
                os.fsync(handle.fileno())
        except BaseException:
            handle.close()
            os.unlink(handle.name)
            raise
    os.replace(handle.name, path)
    if is_durable:
        fsync_directory(path.parent)
