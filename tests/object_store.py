"""An S3-compatible object store for tests: moto's `moto_server`, a real HTTP server in its own process on a
free loopback port, so the engine's object-store path runs against the same protocol a bucket speaks.

moto implements the conditional put (`If-None-Match: *`, answered 412) that Lance commits a table version
with on S3, which is what lets several writers share one table there.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.live_server import free_port, wait_until_answers

# moto accepts any credentials; these keep the tests off whatever AWS account the machine may know.
TEST_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-access-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret-key",
    "AWS_REGION": "us-east-1",
    "AWS_CONFIG_FILE": os.devnull,
    "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
}
CLEARED = ("AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3")


@dataclass(frozen=True, slots=True)
class Bucket:
    """One fresh bucket on the server, and what LanceDB needs to reach it besides the credentials."""

    endpoint: str
    name: str

    def uri(self, prefix: str = "engine") -> str:
        return f"s3://{self.name}/{prefix}"

    @property
    def storage_options(self) -> dict[str, str]:
        return {"aws_endpoint": self.endpoint, "aws_region": "us-east-1", "allow_http": "true"}


def moto_server_binary() -> str | None:
    """The `moto_server` of this interpreter's environment (moto[server] in the dev lock), else on PATH."""
    beside = Path(sys.executable).with_name("moto_server")
    return str(beside) if beside.exists() else shutil.which("moto_server")


@contextmanager
def moto_server(workdir: Path) -> Iterator[str]:
    """Run moto_server until the block ends; yields its endpoint URL."""
    binary = moto_server_binary()
    assert binary is not None, "moto_server is not installed (moto[server] in requirements/dev.lock)"
    port = free_port()
    with open(workdir / "moto_server.log", "wb") as log:
        process = subprocess.Popen(
            [binary, "-H", "127.0.0.1", "-p", str(port)], stdout=log, stderr=subprocess.STDOUT
        )
        endpoint = f"http://127.0.0.1:{port}"
        try:
            wait_until_answers(endpoint + "/", timeout_seconds=30)
            yield endpoint
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=5)


def create_bucket(endpoint: str) -> Bucket:
    """A new, empty bucket (moto takes unsigned requests: a bare PUT creates it)."""
    import httpx

    name = f"engine-{uuid.uuid4().hex[:12]}"
    response = httpx.put(f"{endpoint}/{name}", timeout=10)
    response.raise_for_status()
    return Bucket(endpoint, name)
