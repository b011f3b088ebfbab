"""The claim-evidence judge the settings pick (the packaged int8 model, another directory, or none), and
the decision fitted for it."""

from __future__ import annotations

from scoring import DecisionModel, Judge, OnnxJudge
from scoring.judgement.decision import DECISION_FILE, PACKAGED_DECISION
from service.adapters.cpus import model_threads
from service.settings import Settings


def load_judge(settings: Settings) -> Judge | None:
    """None when the judge is disabled; a judge whose files fail their checksum is never loaded."""
    if not settings.judge_enabled:
        return None
    if settings.judge_model_dir is not None:
        return OnnxJudge.load(settings.judge_model_dir, threads=model_threads(settings))
    return OnnxJudge.load_packaged(threads=model_threads(settings))


def load_decision(settings: Settings) -> DecisionModel:
    """The decision beside the judge (`decision.json` in its directory), else the packaged one.

    A decision is fitted on one judge's readings; another judge directory should ship its own."""
    if settings.judge_model_dir is not None and (settings.judge_model_dir / DECISION_FILE).is_file():
        return DecisionModel.load(settings.judge_model_dir / DECISION_FILE)
    return DecisionModel.load(PACKAGED_DECISION)
