"""FNC-1 headline-body pairs, read straight from git mirrors of the two public repositories that hold them.

FNC-1 (Fake News Challenge, stage 1): real headlines paired with real article bodies, each pair labelled
agree, disagree, discuss (the body reports the headline's claim without taking a side) or unrelated (the
pair was made by matching the headline with another story's body). Neither repository states a licence,
so the data is measured here, never copied into this repository or trained on.

  test   github.com/FakeNewsChallenge/fnc-1 at 29d473af2d15278f0464d5e41e4cbe7eb58231f2:
         competition_test_stances.csv, competition_test_bodies.csv (904 bodies, 25,413 pairs)
  train  github.com/vijay-14/Fake-News-Stance-Detection at dc49890d683d9c4f5f04e3d0c26b0e8495fa09d5:
         train_stances.csv (stances as numbers: 0 agree, 1 disagree, 2 discuss, 3 unrelated; header
         Body_ID), train_bodies.csv. FNC-1's own train_stances.csv is stored outside git (the mirror
         lacks its blob), so the train split is read from this copy of it (its train_bodies.csv is
         the same 1,683 bodies, text for text, as FNC-1's).

The dev split is a fixed sample of DEV_BODIES train bodies (those with the lowest SHA-256 of
"fnc-dev:<body id>") with every train pair of those bodies: 300 bodies, 8,941 pairs, 1,575 headlines. Its
corpus is smaller than the test's 904 bodies, so retrieval there has fewer distractors.

Mirrors: ``<mirrors>/FakeNewsChallenge+fnc-1/repo`` and ``<mirrors>/vijay-14+Fake-News-Stance-Detection/repo``,
each a clone (bare or not) holding the commit above:

    git clone --bare https://github.com/FakeNewsChallenge/fnc-1 <mirrors>/FakeNewsChallenge+fnc-1/repo
    git clone https://github.com/vijay-14/Fake-News-Stance-Detection <mirrors>/vijay-14+Fake-News-Stance-Detection/repo
"""

from __future__ import annotations

import csv
import hashlib
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

LABELS = ("agree", "disagree", "discuss", "unrelated")
RELATED = frozenset({"agree", "disagree", "discuss"})
DEFAULT_MIRRORS = Path("var/mirrors")  # relative to the repository root; --mirrors for elsewhere
DEV_BODIES = 300


@dataclass(frozen=True, slots=True)
class Source:
    mirror: str  # folder under the mirrors root
    commit: str
    stances: str
    bodies: str


TEST = Source(
    "FakeNewsChallenge+fnc-1",
    "29d473af2d15278f0464d5e41e4cbe7eb58231f2",
    "competition_test_stances.csv",
    "competition_test_bodies.csv",
)
TRAIN = Source(
    "vijay-14+Fake-News-Stance-Detection",
    "dc49890d683d9c4f5f04e3d0c26b0e8495fa09d5",
    "train_stances.csv",
    "train_bodies.csv",
)
_NUMERIC_STANCES = dict(zip(("0", "1", "2", "3"), LABELS, strict=True))


@dataclass(frozen=True, slots=True)
class StancePair:
    headline: str
    body_id: str
    label: str  # one of LABELS


@dataclass(frozen=True, slots=True)
class FncSplit:
    name: str
    bodies: dict[str, str]  # body id -> article text, in the split's order
    pairs: tuple[StancePair, ...]


def load_split(mirrors: Path, split: str, limit_bodies: int | None = None) -> FncSplit:
    """The bodies and pairs of "dev" or "test"; with `limit_bodies`, the first N bodies and their pairs."""
    source = TEST if split == "test" else TRAIN
    bodies = _bodies(_read(mirrors, source, source.bodies))
    pairs = _pairs(_read(mirrors, source, source.stances))
    if split == "dev":
        chosen = sorted(bodies, key=_dev_rank)[:DEV_BODIES]
        bodies = {body_id: bodies[body_id] for body_id in chosen}
    if limit_bodies is not None:
        bodies = dict(list(bodies.items())[:limit_bodies])
    return FncSplit(split, bodies, tuple(p for p in pairs if p.body_id in bodies))


def _dev_rank(body_id: str) -> bytes:
    return hashlib.sha256(f"fnc-dev:{body_id}".encode()).digest()


def _read(mirrors: Path, source: Source, name: str) -> str:
    repo = mirrors / source.mirror / "repo"
    git_dir = repo / ".git" if (repo / ".git").is_dir() else repo
    if not git_dir.is_dir():
        raise FileNotFoundError(f"no FNC-1 mirror at {repo} (see evaluation/fnc_data.py for how to fetch it)")
    result = subprocess.run(
        ["git", "--git-dir", str(git_dir), "show", f"{source.commit}:{name}"],
        capture_output=True,
        check=False,
    )
    if result.returncode != 0:
        raise FileNotFoundError(
            f"{git_dir} has no {name} at {source.commit}: {result.stderr.decode(errors='replace').strip()}"
        )
    return result.stdout.decode("utf-8")


def _bodies(text: str) -> dict[str, str]:
    rows = csv.DictReader(io.StringIO(text, newline=""))
    return {_body_id(row): row["articleBody"] for row in rows}


def _pairs(text: str) -> list[StancePair]:
    pairs = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        label = _NUMERIC_STANCES.get(row["Stance"], row["Stance"])
        if label not in LABELS:
            raise ValueError(f"unknown FNC-1 stance {row['Stance']!r}")
        pairs.append(StancePair(row["Headline"], _body_id(row), label))
    return pairs


def _body_id(row: dict[str, str]) -> str:
    """The body id column: "Body ID" in FNC-1's files, "Body_ID" in the train copy."""
    return (row.get("Body ID") or row["Body_ID"]).strip()
