"""Loading the parser in a fresh process: torch stays out of it, and torch still imports afterwards."""

from __future__ import annotations

import subprocess
import sys

import pytest

pytestmark = pytest.mark.integration

SCRIPT = """
import sys
from scoring.text.spacy_parser import SpacyParser
parser = SpacyParser.load()
parse = parser.parse_many(["The Pentagon said in a statement that two soldiers died."])[0]
assert any(t.dep == "ROOT" and t.text == "said" for t in parse.tokens)
assert not any(m == "torch" or m.startswith("torch.") for m in sys.modules), "torch was imported"
import torch
print(torch.__version__)
"""


def test_the_parser_loads_without_importing_torch() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300, check=False
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip()
