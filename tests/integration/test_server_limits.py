"""The server against slow and greedy clients: header and body timeouts, and the connection cap.

Each test runs the real uvicorn server that `reliability serve` runs (service.server.server_config) on a
loopback port, with the app over the test corpus, and talks to it through raw sockets.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from service.adapters.cache import InMemoryScoreCache
from service.app import create_app
from service.server import connection_cap, raise_open_file_limit, server_config
from tests.conftest import make_settings
from tests.fakes import fake_scorer
from tests.live_server import free_port

pytestmark = pytest.mark.integration

CLAIM = b'{"claim": "Floods in the river valley killed 12 people"}'


@contextmanager
def guarded_server(tmp_path: Path, **overrides: Any) -> Iterator[tuple[str, int]]:
    settings = make_settings(tmp_path, **overrides)
    app = create_app(settings, scorer=fake_scorer(), cache=InMemoryScoreCache())
    port = free_port()
    server = uvicorn.Server(
        server_config(app, settings, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "server did not start"
        time.sleep(0.02)
    try:
        yield "127.0.0.1", port
    finally:
        server.should_exit = True
        thread.join(timeout=10)


Connect = Callable[[tuple[str, int], bytes], socket.socket]


@pytest.fixture()
def connect() -> Iterator[Connect]:
    """Open a client socket (sending `sent` first); every one is closed after the test."""
    opened: list[socket.socket] = []

    def open_one(address: tuple[str, int], sent: bytes = b"") -> socket.socket:
        sock = socket.create_connection(address, timeout=5)
        opened.append(sock)
        if sent:
            sock.sendall(sent)
        return sock

    yield open_one
    for sock in opened:
        sock.close()


def read_until_closed(sock: socket.socket, within: float) -> tuple[bytes, float]:
    """Everything the server sends before it closes the connection, and how long that took."""
    started = time.monotonic()
    sock.settimeout(within)
    received = b""
    try:
        while chunk := sock.recv(65536):
            received += chunk
    except ConnectionResetError:
        pass
    return received, time.monotonic() - started


def test_a_request_whose_headers_stall_gets_408_and_is_closed(tmp_path: Path, connect: Connect) -> None:
    with guarded_server(tmp_path, header_timeout_seconds=0.5) as address:
        partial = connect(address, b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/")
        silent = connect(address, b"")
        answer, waited = read_until_closed(partial, within=5)
        assert answer.startswith(b"HTTP/1.1 408 ") and b'"code":"request_timeout"' in answer
        assert b"connection: close" in answer.lower() and 0.4 < waited < 3
        nothing, waited = read_until_closed(silent, within=5)
        assert nothing == b"" and waited < 3, "a connection that never sends is closed too"
        assert httpx.get(f"http://{address[0]}:{address[1]}/healthz").status_code == 200


def test_a_second_request_on_a_kept_alive_connection_is_timed_out_too(
    tmp_path: Path, connect: Connect
) -> None:
    with guarded_server(tmp_path, header_timeout_seconds=0.5) as address:
        sock = connect(address, b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        first = sock.recv(65536)
        assert first.startswith(b"HTTP/1.1 200 ")
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHo")
        answer, waited = read_until_closed(sock, within=5)
        assert answer.startswith(b"HTTP/1.1 408 ") and waited < 3


def test_a_body_that_stalls_gets_408_and_is_closed(tmp_path: Path, connect: Connect) -> None:
    with guarded_server(tmp_path, body_timeout_seconds=0.5) as address:
        head = b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 200\r\n\r\n"
        sock = connect(address, head + CLAIM[:20])
        answer, waited = read_until_closed(sock, within=5)
        assert answer.startswith(b"HTTP/1.1 408 ") and b'"code":"request_timeout"' in answer
        assert 0.4 < waited < 3


def test_connections_past_the_cap_are_closed_at_once_and_the_rest_keep_working(
    tmp_path: Path, connect: Connect
) -> None:
    cap = 20
    with guarded_server(tmp_path, max_connections=cap, header_timeout_seconds=30) as address:
        held = [connect(address, b"") for _ in range(cap)]
        time.sleep(0.2)  # let the server accept them all
        extra = connect(address, b"")
        nothing, waited = read_until_closed(extra, within=5)
        assert nothing == b"" and waited < 1, "over the cap: closed, not left waiting"
        # A request on a connection inside the cap is served as usual.
        held[0].sendall(b"POST /score HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n")
        held[0].sendall(b"Content-Length: %d\r\n\r\n%s" % (len(CLAIM), CLAIM))
        assert held[0].recv(65536).startswith(b"HTTP/1.1 200 ")
        for sock in held:
            sock.close()
        extra.close()
        time.sleep(0.2)
        assert httpx.get(f"http://{address[0]}:{address[1]}/healthz").status_code == 200


def test_the_cap_leaves_room_under_the_open_file_limit() -> None:
    assert connection_cap(10_000, 1_024) == 1_024 - 256
    assert connection_cap(10_000, 1_048_576) == 10_000
    assert raise_open_file_limit() >= 1_024


STALLED = 5_000


@pytest.mark.slow
def test_thousands_of_stalled_connections_do_not_stop_normal_requests(
    tmp_path: Path, connect: Connect
) -> None:
    if raise_open_file_limit() < 2 * STALLED + 1_000:
        pytest.skip("the open-file limit cannot hold both ends of the stalled connections in one process")
    with guarded_server(tmp_path, header_timeout_seconds=6, max_connections=STALLED + 500) as address:
        base = f"http://{address[0]}:{address[1]}"
        stalled = []
        for number in range(STALLED):
            # Half send nothing, half a request line and part of a header, as slowloris does.
            stalled.append(connect(address, b"" if number % 2 else b"POST /score HTTP/1.1\r\nHost: x\r\nX-"))
        held_at = time.monotonic()
        served = failed = 0
        with httpx.Client(base_url=base, timeout=10) as client:
            # Normal traffic across the moment the server reaps the stalled connections.
            while time.monotonic() - held_at < 9:
                claim = f"Floods in the river valley killed {served % 50} people"
                response = client.post("/score", json={"claim": claim})
                served += 1
                failed += response.status_code != 200
        assert served > 50 and failed == 0
        for sock in stalled:
            sock.settimeout(5)
        closed = sum(read_until_closed(sock, within=5)[1] < 5 for sock in stalled[:200])
        assert closed == 200, "the server closed the stalled connections after the header timeout"


def _score_as(base: str, forwarded_for: str) -> int:
    return httpx.post(
        f"{base}/score",
        content=CLAIM,
        headers={"content-type": "application/json", "X-Forwarded-For": forwarded_for},
    ).status_code


def test_clients_behind_a_trusted_proxy_get_their_own_rate_limit(tmp_path: Path) -> None:
    with guarded_server(tmp_path, rate_limit_per_minute=1, forwarded_allow_ips=["127.0.0.1"]) as address:
        base = f"http://{address[0]}:{address[1]}"
        assert [_score_as(base, "203.0.113.7"), _score_as(base, "203.0.113.8")] == [200, 200]
        assert _score_as(base, "203.0.113.7") == 429


def test_forwarded_addresses_are_ignored_unless_the_proxy_is_trusted(tmp_path: Path) -> None:
    with guarded_server(tmp_path, rate_limit_per_minute=1) as address:
        base = f"http://{address[0]}:{address[1]}"
        assert [_score_as(base, "203.0.113.7"), _score_as(base, "203.0.113.8")] == [200, 429]
