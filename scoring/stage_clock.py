"""Timing the scoring stages of one batch for whoever asks (the service's metrics, a benchmark)."""

from __future__ import annotations

import time
from collections.abc import Callable

StageHook = Callable[[str, float], None]
"""Told the seconds one batch spent in each stage: "embed", "retrieve", "attribute", "stance" or "combine"."""


class StageClock:
    """Sums the seconds each stage takes over one batch and tells the hook per stage; inert without a hook."""

    __slots__ = ("_hook", "_last", "_totals")

    def __init__(self, hook: StageHook | None) -> None:
        self._hook = hook
        self._totals: dict[str, float] = {}
        self._last = time.perf_counter() if hook is not None else 0.0

    def lap(self, stage: str) -> None:
        """Charge the time since the previous lap to ``stage``."""
        if self._hook is None:
            return
        now = time.perf_counter()
        self._totals[stage] = self._totals.get(stage, 0.0) + (now - self._last)
        self._last = now

    def report(self) -> None:
        if self._hook is not None:
            for stage, seconds in self._totals.items():
                self._hook(stage, seconds)
