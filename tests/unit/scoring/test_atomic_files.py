"""Build beside, rename into place: a target is whole or untouched, and no staging outlives a failure."""

from __future__ import annotations

import os
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


def _record_fsyncs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, bool]]:
    """Each fsync as (path, whether the path then existed): a power cut cannot be caused in a test, so the
    flushes that would keep a rename are observed instead."""
    calls: list[tuple[str, bool]] = []
    real_fsync = os.fsync

    def recording_fsync(descriptor: int) -> None:
        path = os.readlink(f"/proc/self/fd/{descriptor}")
        calls.append((path, os.path.exists(path)))
        real_fsync(descriptor)

    monkeypatch.setattr(os, "fsync", recording_fsync)
    return calls


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names descriptors through /proc")
def test_a_durable_write_flushes_the_directory_after_the_rename(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _record_fsyncs(monkeypatch)
    write_file_atomically(tmp_path / "CURRENT", b"v2", is_durable=True)
    assert calls[-1] == (str(tmp_path), True)
    assert (tmp_path / "CURRENT").read_bytes() == b"v2"


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="names descriptors through /proc")
def test_a_durable_staged_directory_flushes_its_entries_and_its_parent(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls = _record_fsyncs(monkeypatch)
    with staged_directory(tmp_path / "version", is_durable=True) as staged:
        (staged.path / "documents.jsonl").write_text("{}\n")
        staged_path = str(staged.path)
    assert calls == [(staged_path, True), (str(tmp_path), True)]
    assert (tmp_path / "version" / "documents.jsonl").is_file()
