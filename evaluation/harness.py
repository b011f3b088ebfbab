"""Every measurement in one run: retrieval, stance probe, judge, attribution and the verdict dev set.

    python -m evaluation --data ../shared/data/eval               dev splits (what thresholds are tuned on)
    python -m evaluation --data ../shared/data/eval --quick       skip CheckThat (~6 min to embed once) and FNC-1 (~10 min)
    python -m evaluation --data ../shared/data/eval --split test  held-out test splits: once per design

Each section prints its own table; the command line that reproduces a section on its own is printed
above it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from evaluation import (
    attribution_set,
    checkthat,
    checkworthiness,
    climate_fever,
    devset,
    fnc,
    fnc_data,
    newsroom,
    polnear,
    stance_probe,
)


def _section(title: str, command: str, run: Callable[[], object]) -> None:
    print(f"\n## {title}\n$ {command}", flush=True)
    started = time.perf_counter()
    run()
    print(f"({time.perf_counter() - started:.1f} s)", flush=True)


def run(
    data: Path, *, split: str = "dev", quick: bool = False, cache_dir: Path = checkthat.DEFAULT_CACHE_DIR
) -> None:
    if not quick:
        retrieval_args = [
            "--data",
            str(data / "checkthat-claim-retrieval"),
            "--split",
            split,
            "--cache-dir",
            str(cache_dir),
        ]
        _section(
            "Claim retrieval, CheckThat! 2020 / 2021 / 2022 (MAP@5, MAP@1, R@5, R@10)",
            "python -m evaluation.checkthat " + " ".join(retrieval_args),
            lambda: checkthat.main(retrieval_args),
        )
    probe_args = ["--data", str(data), "--split", split]
    _section(
        "Stance: contradiction probe on edited CLIMATE-FEVER and CheckThat! pairs",
        "python -m evaluation.stance_probe " + " ".join(probe_args),
        lambda: stance_probe.main(probe_args),
    )
    climate_args = ["--data", str(data), "--split", split]
    _section(
        "Claim-evidence judge, zero-shot: CLIMATE-FEVER pairs (3-way macro-F1)",
        "python -m evaluation.climate_fever " + " ".join(climate_args),
        lambda: climate_fever.main(climate_args),
    )
    if quick:
        print("\n## FNC-1 headline-body stance: skipped (--quick)")
    elif not (
        fnc_data.DEFAULT_MIRRORS / (fnc_data.TEST if split == "test" else fnc_data.TRAIN).mirror
    ).is_dir():
        print(f"\n## FNC-1 headline-body stance: skipped (no mirrors under {fnc_data.DEFAULT_MIRRORS})")
    else:
        fnc_args = ["--split", split]
        _section(
            "FNC-1 headline-body stance, from the documents of the service's answer",
            "python -m evaluation.fnc " + " ".join(fnc_args),
            lambda: fnc.main(fnc_args),
        )
    polnear_args = ["--data", str(data / "polnear"), "--split", split]
    _section(
        "Attribution: PolNeAR source and cue spans",
        "python -m evaluation.polnear " + " ".join(polnear_args),
        lambda: polnear.main(polnear_args),
    )
    set_args = ["--split", split]
    _section(
        "Attribution kind: the project's labelled sentences",
        "python -m evaluation.attribution_set " + " ".join(set_args),
        lambda: attribution_set.main(set_args),
    )
    _section(
        "Check-worthiness: labelled PolNeAR sentences",
        "python -m evaluation.checkworthiness " + " ".join(polnear_args),
        lambda: checkworthiness.main(polnear_args),
    )
    newsroom_args = ["--split", split]
    _section(
        f"Verdicts: the newsroom set's {split} split (claims in a reporter's own words)",
        "python -m evaluation.newsroom " + " ".join(newsroom_args),
        lambda: newsroom.main(newsroom_args),
    )
    devset_args = ["--test"] if split == "test" else []
    _section(
        f"Verdicts: labelled {split} set about the seed corpus",
        " ".join(["python -m evaluation.devset", *devset_args]),
        lambda: devset.main(devset_args),
    )
