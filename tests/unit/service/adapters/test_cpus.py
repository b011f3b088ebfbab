"""The model threads follow the CPUs the container may use, not the node's cores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from service.adapters.cpus import model_threads, usable_cpus
from tests.conftest import make_settings

AFFINITY = len(os.sched_getaffinity(0))


def _cgroup(tmp_path: Path, cpu_max: str | None, own: str = "/") -> tuple[Path, Path]:
    root = tmp_path / "cgroup"
    directory = root / own.lstrip("/")
    directory.mkdir(parents=True)
    if cpu_max is not None:
        (directory / "cpu.max").write_text(cpu_max + "\n")
    proc = tmp_path / "proc-self-cgroup"
    proc.write_text(f"0::{own}\n")
    return root, proc


@pytest.mark.parametrize(
    ("cpu_max", "expected"),
    [
        ("50000 100000", 1),  # half a CPU still runs one thread
        ("100000 100000", 1),
        (f"{AFFINITY * 100000} 100000", AFFINITY),
        (f"{AFFINITY * 100000 + 1} 100000", AFFINITY),  # never more than the CPUs it may run on
        ("max 100000", AFFINITY),
        (None, AFFINITY),
    ],
)
def test_the_cgroup_quota_caps_the_threads(tmp_path: Path, cpu_max: str | None, expected: int) -> None:
    root, proc = _cgroup(tmp_path, cpu_max)
    assert usable_cpus(root, proc) == expected


def test_the_process_own_cgroup_is_read_first(tmp_path: Path) -> None:
    root, proc = _cgroup(tmp_path, "100000 100000", own="/kubepods/pod-1/scorer")
    (root / "cpu.max").write_text("max 100000\n")
    assert usable_cpus(root, proc) == 1


def test_the_setting_wins_over_the_cgroup() -> None:
    assert model_threads(make_settings(model_threads=3)) == 3
    assert model_threads(make_settings()) == usable_cpus()
