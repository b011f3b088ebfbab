"""The build script, run as a process, reproduces the shipped outlet files byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO_ROOT

pytestmark = pytest.mark.integration  # the build script as a process

SHIPPED = REPO_ROOT / "scoring" / "data" / "outlets"


BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_outlet_priors.py"


def test_rebuild_reproduces_shipped_files_byte_for_byte(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, str(BUILD_SCRIPT), "--out-dir", str(tmp_path)], check=True, capture_output=True
    )
    for name in ("outlet_priors.csv", "aliases.csv", "README.md", "NOTICE.md", "LICENSE-Apache-2.0.txt"):
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), name
