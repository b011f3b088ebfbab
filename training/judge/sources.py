"""Where the judge's training data comes from: pinned public snapshots, each with its licence and use.

The data itself is never committed: `build_data` reads it from git mirrors of the repositories below
(`<mirrors>/<owner>+<name>/repo`, bare), at the commits given, so anyone can rebuild the same set.
Only sources whose licence allows training a model we ship are listed; the sets that are only measured
are pinned by the evaluation modules that read them (evaluation/fnc_data.py for FNC-1).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Source:
    name: str
    repository: str  # owner/name on GitHub
    commit: str
    paths: tuple[str, ...]
    licence: str
    use: str  # "train" or "measure"


TRAINING_SOURCES = (
    Source(
        "fever-rte-dev",
        "asaakyan/covidfact",
        "ceeb613cde5a6c19dea4f2c165654e510ff52b10",
        (
            "RTE-Fever/processed/dev.raw.input0",
            "RTE-Fever/processed/dev.raw.input1",
            "RTE-Fever/processed/dev.label",
        ),
        "CC BY-SA 3.0 (FEVER, Wikipedia-derived)",
        "train",
    ),
    Source(
        "fever-symmetric-dev",
        "TalSchuster/FeverSymmetric",
        "fa25d17e73ea0694edc78133ec654b9f32f6db73",
        ("symmetric_v0.2/fever_symmetric_dev.jsonl",),
        "CC BY-SA 3.0 (DATA_LICENSE)",
        "train",
    ),
    Source(
        "taxinli",
        "microsoft/TaxiNLI",
        "60d89b03293c47b99288e24853a4cd3426bea437",
        ("taxinli10k.tsv",),
        "MultiNLI text (OANC; fiction CC BY-SA 3.0 / CC BY 3.0 / public domain); TaxiNLI columns C-UDA 1.0, "
        "which allows computational use and places no restriction on results",
        "train",
    ),
    Source(
        "snli-dev",
        "OanaMariaCamburu/e-SNLI",
        "7b585a3f077fdea899780eb0473940522ae44a2e",
        ("dataset/eSNLI/s1.dev", "dataset/eSNLI/s2.dev", "dataset/eSNLI/labels.dev"),
        "SNLI: CC BY-SA 4.0 (repository code: MIT)",
        "train",
    ),
    Source(
        "onestopenglish",
        "nishkalavallabhi/OneStopEnglishCorpus",
        "37f8db3945cd2f3cc0caafe45674147b224349be",
        (
            "Texts-SeparatedByReadingLevel/",
            "Sentence-Aligned/ADV-ELE.txt",
            "Sentence-Aligned/ADV-INT.txt",
            "Sentence-Aligned/ELE-INT.txt",
        ),
        "CC BY-SA 4.0 (README.md, LICENSE.markdown)",
        "train",
    ),
)


class Mirror:
    """Reads files of one bare git mirror at a pinned commit."""

    def __init__(self, mirrors: Path, source: Source) -> None:
        repo = mirrors / source.repository.replace("/", "+") / "repo"
        # A mirror is a bare repository, or a clone whose git directory is repo/.git.
        self.git_dir = repo / ".git" if (repo / ".git").is_dir() else repo
        self.source = source
        if not self.git_dir.is_dir():
            raise FileNotFoundError(f"no mirror of {source.repository} at {self.git_dir}")

    def read(self, path: str) -> str:
        blob = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", "show", f"{self.source.commit}:{path}"],
            check=True,
            capture_output=True,
        ).stdout
        return blob.decode("utf-8-sig", errors="replace")

    def list(self, folder: str) -> list[str]:
        names = subprocess.run(
            ["git", f"--git-dir={self.git_dir}", "ls-tree", "-r", "--name-only", self.source.commit, folder],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        return [n for n in names.splitlines() if n]
