"""scripts/setup.sh never reuses a virtual environment that a failed `python -m venv` left without pip."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(sys.version_info[:2] != (3, 11), reason="setup.sh needs CPython 3.11"),
]


def _python_without_venv_support(tmp_path: Path) -> Path:
    """A python whose `-m venv` fails after making bin/python, as Debian's does without python3-venv."""
    wrapper = tmp_path / "python3.11"
    wrapper.write_text(
        "#!/bin/sh\n"
        'if [ "$1" = "-m" ] && [ "$2" = "venv" ]; then\n'
        f'  "{sys.executable}" -m venv --without-pip "$3"; echo "ensurepip is not available" >&2; exit 1\n'
        "fi\n"
        f'exec "{sys.executable}" "$@"\n'
    )
    wrapper.chmod(0o755)
    return wrapper


def test_a_venv_without_pip_is_made_again_and_the_missing_package_named(tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    env = os.environ | {"VENV": str(venv), "PYTHON": str(_python_without_venv_support(tmp_path))}
    for _ in range(2):  # the second run must not take the broken venv for a working one
        done = subprocess.run(
            ["bash", "scripts/setup.sh"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 1, done.stdout + done.stderr
        assert "python3-venv" in done.stderr
        assert not venv.exists(), "the broken venv is removed"
    # A leftover venv with a python but no pip (from an older setup.sh) is not reused either.
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    done = subprocess.run(
        ["bash", "scripts/setup.sh"], cwd=REPO_ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 1 and "python3-venv" in done.stderr and not venv.exists()
