"""The packaged claim-evidence judge: it loads, it is the file its card names, and it reads obvious pairs.

The pairs are written for this test (not taken from the seed corpus or any training set): a sentence and
itself, two casualty figures that cannot both be true, and two sentences about nothing in common.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import resources
from pathlib import Path

import numpy as np
import pytest

from scoring.errors import ModelUnavailable
from scoring.judgement.judge import CONTRADICTS, ENTAILS, LABELS, META_FILE, NEUTRAL, PACKAGED_DIR, OnnxJudge

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def packaged_dir() -> Path:
    return Path(str(resources.files("scoring").joinpath(PACKAGED_DIR)))


@pytest.fixture(scope="module")
def judge() -> OnnxJudge:
    return OnnxJudge.load_packaged()


def test_the_packaged_model_is_the_file_its_card_names(packaged_dir: Path, judge: OnnxJudge) -> None:
    meta = json.loads((packaged_dir / META_FILE).read_text(encoding="utf-8"))
    digest = hashlib.sha256((packaged_dir / meta["model_file"]).read_bytes()).hexdigest()
    assert digest == meta["sha256"]
    assert tuple(meta["labels"]) == LABELS
    assert judge.model_id == f"judge@{digest[:12]}"


def test_a_model_that_does_not_match_its_checksum_is_refused(packaged_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "judge"
    shutil.copytree(packaged_dir, copy)
    assert OnnxJudge.load(copy).model_id  # the untouched copy loads
    meta = json.loads((copy / META_FILE).read_text(encoding="utf-8"))
    meta["sha256"] = hashlib.sha256(b"another model").hexdigest()
    (copy / META_FILE).write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="sha256"):
        OnnxJudge.load(copy)


def test_a_tokenizer_that_does_not_match_its_checksum_is_refused(packaged_dir: Path, tmp_path: Path) -> None:
    copy = tmp_path / "judge"
    shutil.copytree(packaged_dir, copy)
    tokenizer = copy / "tokenizer.json"
    tokenizer.write_text(tokenizer.read_text(encoding="utf-8").replace("[UNK]", "[unk]"), encoding="utf-8")
    with pytest.raises(ModelUnavailable, match="tokenizer"):
        OnnxJudge.load(copy)


def test_a_directory_without_a_card_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable):
        OnnxJudge.load(tmp_path)


OBVIOUS = [
    # (premise, claim, the label that must come out most probable)
    (
        "The city council voted on Tuesday to close the old harbour bridge to lorries.",
        "The city council voted on Tuesday to close the old harbour bridge to lorries.",
        ENTAILS,
    ),
    (
        "Officials said 15 people were killed when the ferry capsized off the northern coast.",
        "Officials said 40 people were killed when the ferry capsized off the northern coast.",
        CONTRADICTS,
    ),
    (
        "The orchestra will play three Brahms symphonies at the spring festival.",
        "The central bank raised interest rates by half a percentage point.",
        NEUTRAL,
    ),
]


@pytest.mark.parametrize(("premise", "claim", "expected"), OBVIOUS)
def test_the_judge_reads_obvious_pairs(judge: OnnxJudge, premise: str, claim: str, expected: int) -> None:
    (probabilities,) = judge.judge([(premise, claim)])
    assert int(np.argmax(probabilities)) == expected, dict(zip(LABELS, probabilities.round(3), strict=True))
    assert probabilities.sum() == pytest.approx(1.0, abs=1e-5)


# The judge runs each pair alone (dynamic int8 would otherwise scale a pair's activations by its batch-mates),
# calls side by side on threads: a pair reads exactly the same alone, in a list, and on one thread or
# several, and no row lands in another's place.
def test_answers_do_not_depend_on_the_batch_or_the_threads(judge: OnnxJudge) -> None:
    pairs = [(premise, claim) for premise, claim, _ in OBVIOUS] * 3
    together = judge.judge(pairs)
    alone = np.vstack([judge.judge([pair]) for pair in pairs])
    one_thread = OnnxJudge.load_packaged(threads=1).judge(pairs)
    four_threads = OnnxJudge.load_packaged(threads=4).judge(pairs)
    assert together.shape == (len(pairs), len(LABELS))
    np.testing.assert_array_equal(together, alone)
    np.testing.assert_array_equal(together, one_thread)
    np.testing.assert_array_equal(together, four_threads)
    assert judge.judge([]).shape == (0, len(LABELS))


def test_the_service_sizes_the_judge_by_its_thread_setting(tmp_path: Path) -> None:
    from service.adapters.judge import load_judge
    from tests.conftest import make_settings

    judge = load_judge(make_settings(tmp_path, model_threads=3))
    assert isinstance(judge, OnnxJudge) and judge.parallel_runs == 3
