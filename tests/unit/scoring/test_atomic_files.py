"""Build beside, rename into place: a target is whole or untouched, and no staging outlives a failure."""

from __future__ import annotations

from pathlib import Path

import pytest

from scoring.atomic_files import staged_directory, write_file_atomically


def test_a_staged_directory_replaces_the_target_whole(tmp_path: Path) -> None:
    target = tmp_path / "index"
    target.mkdir()
    (target / "old.bin").write_text("old")
    with staged_directory(target) as staged:
        (staged.path / "new.bin").write_text("new")
        assert not (target / "new.bin").exists()  # nothing shows before the block ends
    assert [p.name for p in target.iterdir()] == ["new.bin"]
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_a_failed_build_leaves_the_target_and_no_staging(tmp_path: Path) -> None:
    target = tmp_path / "index"
    target.mkdir()
    (target / "old.bin").write_text("old")
    with pytest.raises(RuntimeError), staged_directory(target) as staged:
        (staged.path / "half.bin").write_text("half")
        raise RuntimeError("killed mid-build")
    assert [p.name for p in target.iterdir()] == ["old.bin"]
    assert [p.name for p in tmp_path.iterdir()] == ["index"]


def test_a_discarded_build_keeps_the_target(tmp_path: Path) -> None:
    target = tmp_path / "nested" / "export"
    with staged_directory(target) as staged:
        (staged.path / "model.onnx").write_text("mine")
        staged.discard()
    assert not target.exists() and list(target.parent.iterdir()) == []


def test_a_file_is_replaced_whole_and_a_failed_write_leaves_it(tmp_path: Path) -> None:
    path = tmp_path / "CURRENT"
    write_file_atomically(path, b"v1", is_durable=True)
    write_file_atomically(path, lambda handle: handle.write(b"v2"))
    assert path.read_bytes() == b"v2"

    def fail(handle: object) -> None:
        raise OSError("disk full")

    with pytest.raises(OSError):
        write_file_atomically(path, fail)
    assert path.read_bytes() == b"v2"
    assert [p.name for p in tmp_path.iterdir()] == ["CURRENT"]
