"""Load under faults: 32 clients for 60 s while Redis is killed and restarted and 5,000 stalled connections
are held open against the server. Target: 0 failed requests.

What runs, all on loopback and all stopped at the end:
- `reliability serve` (the real server, with its header timeout and connection cap) over the seed corpus
  with the packaged model, caching in a Redis server this script starts on a spare port;
- a holder thread that keeps STALLED connections open, half silent and half with a request line and part
  of a header (slowloris); when the server times one out, the holder opens another in its place;
- CLIENTS concurrent clients posting /score for the whole run, 80 % of them claims scored before (cache
  hits, while Redis is up) and the rest new claims;
- Redis killed with SIGKILL at 15 s, restarted at 30 s, killed again at 40 s and restarted at 50 s.

A request fails if it raises (connection refused, reset, timeout) or answers anything but 200 with a score.
Prints one JSON object: requests, failures (with reasons), throughput, latency percentiles, the stalled
connections held (least and mean), how many the server timed out, and the cache states /readyz reported.

Run: python -m bench.chaos_load [--seconds 60] [--clients 32] [--stalled 5000]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import selectors
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench.servers import free_port, rss_mib

ROOT = Path(__file__).resolve().parent.parent
HIT_POOL = 50
HIT_SHARE = 0.8
READY_TIMEOUT_S = 300
# Redis: (seconds into the run, action), scaled to --seconds from a 60 s plan.
REDIS_PLAN = ((15, "kill"), (30, "start"), (40, "kill"), (50, "start"))
STALL_PREFIX = b"POST /score HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


class RedisServer:
    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
                   "--appendonly", "no", "--dir", str(self.workdir)]  # fmt: skip
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2) as sock:
                    sock.sendall(b"PING\r\n")
                    if sock.recv(16).startswith(b"+PONG"):
                        return
            except OSError:
                time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def kill(self) -> None:
        if self.process is not None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)
            self.process = None


class StallHolder(threading.Thread):
    """Keeps `target` connections open with requests that never complete; replaces those the server closes."""

    def __init__(self, port: int, target: int) -> None:
        super().__init__(name="stall-holder", daemon=True)
        self.port = port
        self.target = target
        self.selector = selectors.DefaultSelector()
        self.open = 0
        self.closed_by_server = 0
        self.refused = 0
        self.samples: list[int] = []
        self.stop = threading.Event()

    def _open_one(self, number: int) -> None:
        try:
            sock = socket.create_connection(("127.0.0.1", self.port), timeout=5)
        except OSError:
            self.refused += 1
            return
        if number % 2:
            sock.sendall(STALL_PREFIX)
        sock.setblocking(False)
        self.selector.register(sock, selectors.EVENT_READ)
        self.open += 1

    def run(self) -> None:
        opened = 0
        while not self.stop.is_set():
            while self.open < self.target and not self.stop.is_set():
                self._open_one(opened)
                opened += 1
            for key, _ in self.selector.select(timeout=0.2):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = sock.recv(4096)
                except OSError:
                    data = b""
                if not data:  # the server closed it (header timeout or cap): hold another in its place
                    self.selector.unregister(sock)
                    sock.close()
                    self.open -= 1
                    self.closed_by_server += 1
            self.samples.append(self.open)
        for key in list(self.selector.get_map().values()):
            key.fileobj.close()  # type: ignore[union-attr]


async def client_loop(
    client: httpx.AsyncClient, worker: int, deadline: float, hits: list[str], stats: dict[str, Any]
) -> None:
    counter = 0
    while time.monotonic() < deadline:
        counter += 1
        if (counter * 7919 + worker) % 100 < HIT_SHARE * 100:
            claim = hits[(counter + worker) % len(hits)]
        else:
            claim = f"Officials said {counter} residents of district {worker} were evacuated on day {time.monotonic_ns()}"
        started = time.perf_counter()
        try:
            response = await client.post("/score", json={"claim": claim})
            ok = response.status_code == 200 and "score" in response.json()
            reason = "" if ok else f"HTTP {response.status_code}"
        except (httpx.HTTPError, ValueError) as exc:
            ok, reason = False, type(exc).__name__
        stats["latencies"].append(time.perf_counter() - started)
        stats["requests"] += 1
        if not ok:
            stats["failures"][reason] += 1


async def chaos(redis: RedisServer, seconds: float, events: list[str]) -> None:
    started = time.monotonic()
    for at, action in REDIS_PLAN:
        await asyncio.sleep(max(0.0, started + at * seconds / 60 - time.monotonic()))
        await asyncio.to_thread(redis.kill if action == "kill" else redis.start)
        events.append(f"{time.monotonic() - started:.1f}s redis {action}")


async def watch_readiness(client: httpx.AsyncClient, deadline: float, seen: Counter[str]) -> None:
    while time.monotonic() < deadline:
        try:
            body = (await client.get("/readyz")).json()
            seen["degraded" if body["cache"]["degraded"] else "healthy"] += 1
        except (httpx.HTTPError, ValueError, KeyError):
            seen["unanswered"] += 1
        await asyncio.sleep(1)


async def run_load(url: str, redis: RedisServer, args: argparse.Namespace) -> dict[str, Any]:
    hits = [
        f"Rescue teams evacuated {n} residents from the lowest villages overnight" for n in range(HIT_POOL)
    ]
    limits = httpx.Limits(max_connections=args.clients + 2, max_keepalive_connections=args.clients + 2)
    async with httpx.AsyncClient(base_url=url, timeout=30, limits=limits) as client:
        for claim in hits:  # scored once, so later requests for them are cache hits
            (await client.post("/score", json={"claim": claim})).raise_for_status()
        stats: dict[str, Any] = {"requests": 0, "failures": Counter(), "latencies": []}
        events: list[str] = []
        cache_states: Counter[str] = Counter()
        started = time.monotonic()
        deadline = started + args.seconds
        await asyncio.gather(
            chaos(redis, args.seconds, events),
            watch_readiness(client, deadline, cache_states),
            *(client_loop(client, worker, deadline, hits, stats) for worker in range(args.clients)),
        )
        elapsed = time.monotonic() - started
    latencies = sorted(stats["latencies"])
    quantiles = statistics.quantiles(latencies, n=100) if len(latencies) > 1 else [0.0] * 99
    return {
        "requests": stats["requests"],
        "failed": sum(stats["failures"].values()),
        "failures": dict(stats["failures"]),
        "requests_per_s": round(stats["requests"] / elapsed, 1),
        "p50_ms": round(quantiles[49] * 1000, 1),
        "p95_ms": round(quantiles[94] * 1000, 1),
        "p99_ms": round(quantiles[98] * 1000, 1),
        "redis_events": events,
        "readyz_cache_samples": dict(cache_states),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--stalled", type=int, default=5_000)
    args = parser.parse_args(argv)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))  # the holder needs one descriptor per connection

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        redis = RedisServer(work)
        redis.start()
        port = free_port()
        env = os.environ | {
            "HF_HUB_OFFLINE": "1",
            "PYTHONPATH": str(ROOT),
            "SCORER_STATE_DIR": str(work / "state"),
            "SCORER_REDIS_URL": f"redis://127.0.0.1:{redis.port}/0",
            "SCORER_LOG_LEVEL": "WARNING",
        }
        log = (work / "server.log").open("wb")
        command = [sys.executable, "-m", "service.cli", "serve", "--host", "127.0.0.1", "--port", str(port)]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        holder = StallHolder(port, args.stalled)
        try:
            url = f"http://127.0.0.1:{port}"
            ready_s = _wait_ready(server, url, work / "server.log")
            holder.start()
            while holder.open < args.stalled * 0.95:
                time.sleep(0.1)
            rss_before, _ = rss_mib(server.pid)
            result = asyncio.run(run_load(url, redis, args))
            rss_after, rss_peak = rss_mib(server.pid)
        finally:
            holder.stop.set()
            holder.join(timeout=30)
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            redis.kill()
            log.close()
    held = holder.samples[len(holder.samples) // 10 :] or [0]
    result |= {
        "seconds": args.seconds,
        "clients": args.clients,
        "stalled_target": args.stalled,
        "stalled_held_min": min(held),
        "stalled_held_mean": round(statistics.fmean(held)),
        "stalled_closed_by_server": holder.closed_by_server,
        "stalled_refused": holder.refused,
        "server_ready_s": round(ready_s, 1),
        "server_rss_mib": {"before": round(rss_before), "after": round(rss_after), "peak": round(rss_peak)},
    }
    print(json.dumps(result, indent=2))
    return 0 if result["failed"] == 0 else 1


def _wait_ready(server: subprocess.Popen[bytes], url: str, log: Path) -> float:
    started = time.perf_counter()
    with httpx.Client(timeout=2) as client:
        while time.perf_counter() - started < READY_TIMEOUT_S:
            if server.poll() is not None:
                raise RuntimeError(f"server exited: {log.read_text()[-2000:]}")
            try:
                if client.get(f"{url}/readyz").status_code == 200:
                    return time.perf_counter() - started
            except httpx.TransportError:
                pass
            time.sleep(0.2)
    raise RuntimeError("server not ready in time")


if __name__ == "__main__":
    sys.exit(main())
