"""How many CPUs this process may use: the container's CPU limit, not the node's cores.

os.cpu_count() counts the node's cores; a pod limited to two CPUs on a 64-core node that sized its model
threads from it would run 64 threads on two CPUs' worth of time and be throttled. The limit is cgroup v2's
cpu.max (quota and period, or "max" for none); without one, the CPUs this process is allowed to run on.
"""

from __future__ import annotations

import math
import os
from pathlib import Path

from service.settings import Settings

CGROUP_ROOT = Path("/sys/fs/cgroup")


def usable_cpus(cgroup_root: Path = CGROUP_ROOT, proc_cgroup: Path = Path("/proc/self/cgroup")) -> int:
    """The CPU quota of this process's cgroup rounded up, capped by its CPU affinity; at least 1."""
    allowed = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    quota = _cgroup_cpu_quota(cgroup_root, proc_cgroup)
    if quota is not None:
        allowed = min(allowed, math.ceil(quota))
    return max(1, allowed)


def model_threads(settings: Settings) -> int:
    """SCORER_MODEL_THREADS, or the CPUs this process may use."""
    return settings.model_threads or usable_cpus()


def _cgroup_cpu_quota(cgroup_root: Path, proc_cgroup: Path) -> float | None:
    """CPUs' worth of time per period that cpu.max grants, or None without a limit (or without cgroup v2)."""
    for cpu_max in _cpu_max_files(cgroup_root, proc_cgroup):
        try:
            fields = cpu_max.read_text(encoding="ascii").split()
        except (OSError, UnicodeDecodeError):
            continue
        if len(fields) != 2 or fields[0] == "max":
            return None
        try:
            quota, period = int(fields[0]), int(fields[1])
        except ValueError:
            return None
        return quota / period if quota > 0 and period > 0 else None
    return None


def _cpu_max_files(cgroup_root: Path, proc_cgroup: Path) -> list[Path]:
    """This process's own cgroup's cpu.max (from /proc/self/cgroup), then the root's (a container's own
    cgroup namespace shows its cgroup as the root)."""
    files = []
    try:
        for line in proc_cgroup.read_text(encoding="utf-8").splitlines():
            if line.startswith("0::"):
                relative = line[3:].strip().lstrip("/")
                if relative:
                    files.append(cgroup_root / relative / "cpu.max")
    except OSError:
        pass
    files.append(cgroup_root / "cpu.max")
    return files
