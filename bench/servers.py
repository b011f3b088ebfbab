"""The app (or a bare baseline) under uvicorn in a child process on a free loopback port, for benchmarks."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
UVICORN_FLAGS = ("--workers", "1", "--no-server-header", "--no-access-log", "--log-level", "warning")
READY_TIMEOUT_S = 900.0  # the 100k corpus splits and attributes every passage at start (minutes on 2 cores)


@dataclass
class Server:
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    ready_s: float = 0.0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def start_server(target: str, env: dict[str, str], log_dir: Path, *, factory: bool = True) -> Server:
    port = free_port()
    log = log_dir / f"server-{port}.log"
    command = [sys.executable, "-m", "uvicorn", target, *(["--factory"] if factory else [])]
    command += ["--host", "127.0.0.1", "--port", str(port), *UVICORN_FLAGS]
    full_env = os.environ | {"HF_HUB_OFFLINE": "1", "PYTHONPATH": str(ROOT)} | env
    with log.open("wb") as handle:
        process = subprocess.Popen(command, cwd=ROOT, env=full_env, stdout=handle, stderr=subprocess.STDOUT)
    return Server(process, port, log)


def wait_ready(server: Server, started: float, timeout_s: float = READY_TIMEOUT_S) -> float:
    """Seconds from `started` until /readyz answers 200; raises if the process dies or time runs out."""
    deadline = started + timeout_s
    with httpx.Client(timeout=2.0) as client:
        while time.perf_counter() < deadline:
            if server.process.poll() is not None:
                raise RuntimeError(f"server exited: {server.log.read_text()[-2000:]}")
            try:
                if client.get(f"{server.url}/readyz").status_code == 200:
                    server.ready_s = time.perf_counter() - started
                    return server.ready_s
            except httpx.TransportError:
                pass
            time.sleep(0.05)
    raise TimeoutError(f"server not ready after {timeout_s:.0f}s")


def stop(server: Server) -> None:
    server.process.terminate()
    try:
        server.process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        server.process.kill()
        server.process.wait(timeout=10)


def rss_mib(pid: int) -> tuple[float, float]:
    """(current RSS, peak RSS) of a process, from /proc."""
    fields = dict(
        line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line
    )
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
