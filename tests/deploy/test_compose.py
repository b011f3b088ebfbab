"""docker-compose.yml passes Compose's own validation and wires the scorer to a cache-only Redis."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.deploy.tools import REPO_ROOT, compose_command, missing_tool, run_tool

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
STATE_DIR = "/var/lib/reliability"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return parsed


def test_compose_validates_the_file() -> None:
    command = compose_command()
    if command is None:
        missing_tool("neither `docker compose` nor `docker-compose` is on PATH")
    result = run_tool([*command, "--file", str(COMPOSE_FILE), "config", "--quiet"])
    assert result.returncode == 0, result.stdout + result.stderr


def test_compose_rejects_an_unknown_key(tmp_path: Path) -> None:
    # Guards the previous test: the validator must actually check the schema.
    command = compose_command()
    if command is None:
        missing_tool("neither `docker compose` nor `docker-compose` is on PATH")
    bad = tmp_path / "docker-compose.yml"
    bad.write_text("services:\n  scorer:\n    image: x\n    workers: 4\n")
    assert run_tool([*command, "--file", str(bad), "config", "--quiet"], cwd=tmp_path).returncode != 0


def test_redis_is_a_bounded_cache_without_persistence(compose: dict[str, Any]) -> None:
    redis = compose["services"]["redis"]
    assert redis["image"] == "redis:7-alpine"
    argv = redis["command"]
    options = dict(zip(argv[1::2], argv[2::2], strict=True))
    assert argv[0] == "redis-server"
    assert options == {
        "--maxmemory": "256mb",
        "--maxmemory-policy": "allkeys-lru",
        "--save": "",
        "--appendonly": "no",
    }
    assert "redis-cli ping" in " ".join(redis["healthcheck"]["test"])


def test_scorer_waits_for_a_healthy_redis_and_checks_itself(compose: dict[str, Any]) -> None:
    scorer = compose["services"]["scorer"]
    assert scorer["depends_on"] == {"redis": {"condition": "service_healthy"}}
    test = scorer["healthcheck"]["test"]
    assert test[:2] == ["CMD", "python"]
    assert "/healthz" in test[-1]
    assert scorer["environment"]["SCORER_REDIS_URL"] == "redis://redis:6379/0"


def test_scorer_state_lives_on_a_named_volume(compose: dict[str, Any]) -> None:
    scorer = compose["services"]["scorer"]
    assert scorer["environment"]["SCORER_STATE_DIR"] == STATE_DIR
    volumes = dict(mount.split(":", 1)[::-1] for mount in scorer["volumes"])
    assert volumes[STATE_DIR] in compose["volumes"], "a named volume, not a bind mount"


def test_both_services_run_hardened(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service["read_only"] is True, name
        assert service["cap_drop"] == ["ALL"], name
        assert "no-new-privileges:true" in service["security_opt"], name
        assert service.get("user") not in {None, "root", "0", "0:0"}, name
    assert compose["services"]["scorer"]["tmpfs"] == ["/tmp"]
