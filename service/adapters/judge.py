"""The claim-evidence judge the settings pick: the packaged int8 model, another directory, or none."""

from __future__ import annotations

from scoring import Judge, OnnxJudge
from service.adapters.cpus import model_threads
from service.settings import Settings


def load_judge(settings: Settings) -> Judge | None:
    """None when the judge is disabled; a judge whose files fail their checksum is never loaded."""
    if not settings.judge_enabled:
        return None
    if settings.judge_model_dir is not None:
        return OnnxJudge.load(settings.judge_model_dir, threads=model_threads(settings))
    return OnnxJudge.load_packaged(threads=model_threads(settings))
