"""A benchmark figure, set against its baseline and target, and the table the benchmarks print."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    ratio: float | None = None
    target: str = ""
    met: bool | None = None
    command: str = ""
    detail: dict[str, object] = field(default_factory=dict)


def table(figures: Sequence[Figure]) -> str:
    rows = [("figure", "value", "baseline", "ratio", "target", "met")]
    for f in figures:
        rows.append((
            f.name, f"{f.value:.1f} {f.unit}", "" if f.baseline is None else f"{f.baseline:.1f} {f.unit}",
            "" if f.ratio is None else f"{f.ratio:.2f}", f.target, "" if f.met is None else ("yes" if f.met else "NO"),
        ))  # fmt: skip
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    commands = [f"  {f.name}: {f.command}" for f in figures if f.command]
    details = [f"  {f.name}: {json.dumps(f.detail)}" for f in figures if f.detail]
    return "\n".join([*lines, "", "reproduce:", *commands, "", "detail:", *details])
