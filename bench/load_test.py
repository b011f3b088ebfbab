"""Load test: 32 concurrent clients for 60 s against the real app over loopback, hits and misses mixed.

Reports throughput, p50/p95/p99 latency, errors (target 0) and the server's RSS at start and end
(target: flat). The load generator is wrk (Debian package `wrk`) with a Lua script that sends a
cache hit (one of HIT_POOL claims scored beforehand) with probability HIT_SHARE and otherwise a claim
never seen before. Bounded: wrk stops itself after --seconds.

Run: python -m bench.load_test [--seconds 60] [--connections 32] [--hit-share 0.8]
"""

from __future__ import annotations

import argparse
import json
import shlex
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.inputs import unique_claims
from bench.servers import rss_mib, start_server, stop, wait_ready

HIT_POOL = 50
_LUA = """
local hits = {}
for line in io.lines("%(hits)s") do hits[#hits + 1] = line end
local counter = 0
local thread_id = 0
setup = function(thread) thread:set("id", thread_id); thread_id = thread_id + 1 end
init = function(args) counter = 0 end
request = function()
  counter = counter + 1
  local body
  if math.random() < %(hit_share)f then
    body = hits[math.random(#hits)]
  else
    body = string.format('{"claim": "Officials said %%d residents of district %%d were evacuated on day %%d"}',
                         counter, id, math.random(1000000))
  end
  return wrk.format("POST", "/score", {["Content-Type"] = "application/json"}, body)
end
done = function(summary, latency, requests)
  local out = io.open("%(out)s", "w")
  out:write(string.format('{"requests": %%d, "duration_us": %%d, "p50_us": %%d, "p95_us": %%d, "p99_us": %%d, ' ..
    '"status_errors": %%d, "socket_errors": %%d}',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  out:close()
end
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--hit-share", type=float, default=0.8)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        env = {"SCORER_STATE_DIR": str(work / "state"), "SCORER_CORPUS_STORE_ENABLED": "false"}
        server = start_server("service.app:create_app", env, work)
        try:
            wait_ready(server, time.perf_counter())
            hits = [json.dumps({"claim": claim}) for claim in unique_claims(HIT_POOL)]
            with httpx.Client(base_url=server.url, timeout=60) as client:
                for body in hits:  # score the hit pool once so it is cached
                    client.post("/score", content=body, headers={"content-type": "application/json"})
            (work / "hits.txt").write_text("\n".join(hits) + "\n")
            out = work / "result.json"
            script = work / "load.lua"
            script.write_text(_LUA % {"hits": work / "hits.txt", "hit_share": args.hit_share, "out": out})
            rss_start, _ = rss_mib(server.process.pid)
            command = [
                "wrk", "-t2", f"-c{args.connections}", f"-d{args.seconds}s", "--timeout", "30s",
                "-s", str(script), server.url,
            ]  # fmt: skip
            subprocess.run(command, capture_output=True, text=True, timeout=args.seconds + 120, check=True)
            rss_end, rss_peak = rss_mib(server.process.pid)
            result = json.loads(out.read_text())
        finally:
            stop(server)

    seconds = result["duration_us"] / 1e6
    errors = result["status_errors"] + result["socket_errors"]
    print(f"load test: {args.connections} connections, {args.seconds} s, {args.hit_share:.0%} cache hits")
    print(f"  requests        {result['requests']}  ({result['requests'] / seconds:.1f} req/s)")
    print(
        f"  latency ms      p50 {result['p50_us'] / 1e3:.1f}  p95 {result['p95_us'] / 1e3:.1f}  "
        f"p99 {result['p99_us'] / 1e3:.1f}"
    )
    print(
        f"  errors          {errors}  (non-2xx {result['status_errors']}, socket {result['socket_errors']})"
    )
    print(f"  server RSS MiB  start {rss_start:.0f}  end {rss_end:.0f}  peak {rss_peak:.0f}")
    print(f"  wrk command     {shlex.join(command)}")
    print(
        f"  reproduce       python -m bench.load_test --seconds {args.seconds} --connections {args.connections}"
    )
    return 0 if errors == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
