"""scripts/build_outlet_priors.py run in-process: the worked examples, ageing, overrides, no NewsGuard."""

from __future__ import annotations

import csv
import importlib.util
import shutil
import sys
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from scoring.outlets import (
    OutletTable,
)
from tests.conftest import REPO_ROOT

SHIPPED = REPO_ROOT / "scoring" / "data" / "outlets"


DATA = REPO_ROOT / "data" / "outlets"


BUILD_SCRIPT = REPO_ROOT / "scripts" / "build_outlet_priors.py"


TOLERANCE = 0.02


# outlet-priors.md §4.2 worked examples (computed without the recency factor): domain -> (p, conf, prior).
WORKED_EXAMPLES = {
    "reuters.com": (0.91, 0.83, 0.84),
    "uk.reuters.com": (0.91, 0.80, 0.83),
    "theguardian.com": (0.77, 0.83, 0.73),
    "cnn.com": (0.72, 0.83, 0.68),
    "businessinsider.com": (0.80, 0.83, 0.75),
    "hrw.org": (0.82, 0.83, 0.77),
    "amnesty.org": (0.83, 0.83, 0.78),
    "chicagotribune.com": (0.84, 0.83, 0.78),
    "un.org": (0.80, 0.55, 0.67),
    "news.un.org": (0.80, 0.51, 0.65),
    "washingtoninstitute.org": (0.65, 0.69, 0.60),
    "middleeastmonitor.com": (0.57, 0.83, 0.56),
    "thesun.co.uk": (0.43, 0.59, 0.46),
    "almasdarnews.com": (0.41, 0.83, 0.43),
    "dailystar.co.uk": (0.36, 0.83, 0.38),
    "ibtimes.com": (0.51, 0.29, 0.50),
    "inquisitr.com": (0.50, 0.33, 0.50),
    "dailymail.co.uk": (0.31, 0.91, 0.32),
    "rt.com": (0.27, 0.91, 0.29),
    "iraqinews.com": (0.50, 0.00, 0.50),
    "alsumaria.tv": (0.50, 0.00, 0.50),
}


def _load(folder: Path) -> OutletTable:
    return OutletTable.from_csv(folder / "outlet_priors.csv", folder / "aliases.csv")


@pytest.fixture(scope="module")
def table() -> OutletTable:
    return _load(SHIPPED)


@pytest.fixture(scope="module")
def build_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_outlet_priors", BUILD_SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their module by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def build(build_module: ModuleType) -> Callable[..., Path]:
    def run(out_dir: Path, **options: object) -> Path:
        options.setdefault("as_of", build_module.DEFAULT_AS_OF.isoformat())
        options.setdefault("recency", True)
        options.setdefault("data_dir", DATA)
        build_module.main(out_dir=out_dir, **options)
        return out_dir

    return run


@pytest.fixture(scope="module")
def unaged(build: Callable[..., Path], tmp_path_factory: pytest.TempPathFactory) -> OutletTable:
    return _load(build(tmp_path_factory.mktemp("unaged"), recency=False))


@pytest.mark.parametrize("domain", sorted(WORKED_EXAMPLES))
def test_worked_examples_without_recency(unaged: OutletTable, domain: str) -> None:
    p, confidence, prior = WORKED_EXAMPLES[domain]
    rating = unaged.rate(domain)
    assert rating.p == pytest.approx(p, abs=TOLERANCE)
    assert rating.confidence == pytest.approx(confidence, abs=TOLERANCE)
    assert rating.prior == pytest.approx(prior, abs=TOLERANCE)


def test_shipped_table_ages_the_snapshots(table: OutletTable, unaged: OutletTable) -> None:
    for domain in ("reuters.com", "rt.com", "chicagotribune.com"):
        shipped, fresh = table.rate(domain), unaged.rate(domain)
        assert shipped.p == pytest.approx(fresh.p, abs=0.03)
        assert shipped.confidence < fresh.confidence
        assert all(s.weight < f.weight for s, f in zip(shipped.sources, fresh.sources, strict=True))


def test_as_of_date_and_overrides(build: Callable[..., Path], tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "overrides.csv").open("a", encoding="utf-8") as handle:
        handle.write("inquisitr.com,0.3,0.7,https://example.org/review,2026-11-01,editor\n")
    later = _load(build(tmp_path / "out", data_dir=data, as_of="2032-01-01"))
    assert "2032-01-01" in (tmp_path / "out" / "README.md").read_text()
    assert later.rate("reuters.com").confidence < _load(SHIPPED).rate("reuters.com").confidence
    overridden = later.rate("inquisitr.com")
    assert [s.source for s in overridden.sources] == ["override"]
    assert overridden.p == pytest.approx(0.3) and overridden.confidence == pytest.approx(0.7, abs=1e-3)


def test_newsguard_scores_are_not_shipped() -> None:
    text = (SHIPPED / "outlet_priors.csv").read_text()
    assert "newsguard_score" not in text
    with (SHIPPED / "outlet_priors.csv").open(newline="") as handle:
        rows = {row["domain"]: row for row in csv.DictReader(handle)}
    assert "32.5" not in rows["rt.com"]["sources"]  # rt.com's NewsGuard score upstream
    assert "15.0" not in rows["dailymail.co.uk"]["sources"]
