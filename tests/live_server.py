"""Run an ASGI app under a real uvicorn server on a free loopback port, in a thread, for one test module."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_answers(
    url: str, timeout_seconds: float, *, poll_seconds: float = 0.05, request_seconds: float = 1
) -> None:
    """Return once `url` answers 200; RuntimeError if it has not within `timeout_seconds`."""
    import httpx

    deadline = time.monotonic() + timeout_seconds
    while True:
        try:
            if httpx.get(url, timeout=request_seconds).status_code == 200:
                return
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"{url} did not answer 200 within {timeout_seconds} s")
        time.sleep(poll_seconds)


@contextmanager
def live_server(
    app: FastAPI, *, port: int | None = None, ready_path: str = "/readyz", timeout_seconds: float = 60
) -> Iterator[str]:
    """Yield the base URL once the server answers 200 on ready_path; stop it afterwards."""
    port = port or free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_answers(base + ready_path, timeout_seconds)
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
