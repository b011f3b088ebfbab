"""wrk (Debian package `wrk`) posting one body at a fixed concurrency, and what its report says."""

from __future__ import annotations

import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

WRK_THREADS = 1
WRK_CONNECTIONS = 8
WRK_SECONDS = 10

_WRK_LUA = """
local f = assert(io.open("{body}", "rb"))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/json"
"""
_UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}


@dataclass
class WrkResult:
    requests_per_s: float
    p50_ms: float
    p99_ms: float
    requests: int
    bad_responses: int
    command: str


def wrk_command(url: str, script: Path, seconds: int = WRK_SECONDS) -> list[str]:
    return [
        "wrk", f"-t{WRK_THREADS}", f"-c{WRK_CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s", "--latency",
        "-s", str(script), url,
    ]  # fmt: skip


def run_wrk(url: str, body: bytes, work_dir: Path, seconds: int = WRK_SECONDS) -> WrkResult:
    body_path = work_dir / "wrk-body.json"
    body_path.write_bytes(body)
    script = work_dir / "post.lua"
    script.write_text(_WRK_LUA.format(body=body_path))
    command = wrk_command(url, script, seconds)
    out = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    total = int(re.search(r"(\d+) requests in", out).group(1))  # type: ignore[union-attr]
    bad = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    errors = re.search(r"Socket errors:.*?timeout (\d+)", out)

    def percentile(p: str) -> float:
        value, unit = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s|m)\s*$", out, re.M).groups()  # type: ignore[union-attr]
        return float(value) * _UNITS[unit]

    return WrkResult(
        requests_per_s=rps,
        p50_ms=percentile("50"),
        p99_ms=percentile("99"),
        requests=total,
        bad_responses=(int(bad.group(1)) if bad else 0) + (int(errors.group(1)) if errors else 0),
        command=shlex.join(command),
    )
