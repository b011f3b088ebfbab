"""docker-compose.yml passes the Compose specification and wires the scorer to a cache-only Redis.

The validator is compose-spec (PyPI; bindings to the Rust compose_spec crate): the specification's schema,
offline, with no Docker engine. It does not follow references, so `compose_problems` adds the two that
`docker compose config` would refuse: a dependency on an undefined service and an undeclared named volume.
"""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from tests.deploy.tools import REPO_ROOT, missing_tool

COMPOSE_FILE = REPO_ROOT / "docker-compose.yml"
STATE_DIR = "/var/lib/reliability"


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    parsed: dict[str, Any] = yaml.safe_load(COMPOSE_FILE.read_text())
    return parsed


def compose_problems(text: str) -> list[str]:
    """What stops Compose from accepting the file: schema errors, then dangling references."""
    try:
        from compose_spec import PyCompose
    except ImportError:
        missing_tool("compose-spec is not installed")
    try:
        PyCompose.from_yaml(text).validate()
    except ValueError as error:
        return [str(error)]
    parsed = yaml.safe_load(text)
    services: dict[str, Any] = parsed.get("services") or {}
    volumes = set(parsed.get("volumes") or {})
    problems = []
    for name, service in services.items():
        problems += [
            f"{name} depends on undefined {dep}"
            for dep in service.get("depends_on", ())
            if dep not in services
        ]
        for mount in service.get("volumes", ()):
            source = mount.split(":", 1)[0] if isinstance(mount, str) and ":" in mount else None
            if source and not source.startswith(("/", ".", "~", "$")) and source not in volumes:
                problems.append(f"{name} mounts undeclared volume {source}")
    return problems


def test_compose_validates_the_file() -> None:
    assert compose_problems(COMPOSE_FILE.read_text()) == []


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("services:\n  scorer:\n    image: x\n    workers: 4\n", id="unknown-key"),
        pytest.param("services:\n  scorer:\n    image: x\n    ports: [abc]\n", id="bad-port"),
        pytest.param("services:\n  s:\n    image: x\n    depends_on: [redis]\n", id="undefined-service"),
        pytest.param("services:\n  s:\n    image: x\n    volumes: [data:/d]\n", id="undeclared-volume"),
    ],
)
def test_compose_validation_rejects_a_broken_file(bad: str) -> None:
    # Guards the previous test: the validator must actually check the file.
    assert compose_problems(bad) != []


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


DISTRIBUTED = {"scorer-distributed", "minio", "minio-bucket"}


def test_the_distributed_form_is_opt_in(compose: dict[str, Any]) -> None:
    for name, service in compose["services"].items():
        assert service.get("profiles") == (["distributed"] if name in DISTRIBUTED else None), name


def test_the_distributed_scorer_finds_its_engine_in_the_bucket_the_one_shot_creates(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    env = services["scorer-distributed"]["environment"]
    bucket = env["SCORER_ENGINE_URI"].removeprefix("s3://").split("/", 1)[0]
    assert env["SCORER_ENGINE_URI"].startswith("s3://") and bucket
    assert env["SCORER_ENGINE_ENDPOINT"] == "http://minio:9000" and env["SCORER_ENGINE_ALLOW_HTTP"] == "true"
    assert f"engine/{bucket}" in services["minio-bucket"]["entrypoint"][-1]
    assert "http://minio:9000" in services["minio-bucket"]["entrypoint"][-1]
    assert services["scorer-distributed"]["depends_on"]["minio-bucket"] == {
        "condition": "service_completed_successfully"
    }
    assert services["minio-bucket"]["depends_on"] == {"minio": {"condition": "service_healthy"}}
    assert "/readyz" in services["scorer-distributed"]["healthcheck"]["test"][-1]
    # The scorer signs with MinIO's root user: the same variables, the same defaults.
    minio = services["minio"]["environment"]
    assert env["AWS_ACCESS_KEY_ID"] == minio["MINIO_ROOT_USER"]
    assert env["AWS_SECRET_ACCESS_KEY"] == minio["MINIO_ROOT_PASSWORD"]
    data = dict(mount.split(":", 1)[::-1] for mount in services["minio"]["volumes"])
    assert data[services["minio"]["command"][1]] in compose["volumes"]
    scorer_volumes = {mount.split(":", 1)[0] for mount in services["scorer"]["volumes"]}
    assert not scorer_volumes & {m.split(":", 1)[0] for m in services["scorer-distributed"]["volumes"]}
