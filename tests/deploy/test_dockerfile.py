"""The Dockerfile lints clean and keeps the image conventions: CPU torch, non-root, one worker."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.deploy.tools import REPO_ROOT, missing_tool, require_executable, run_tool

DOCKERFILE = REPO_ROOT / "Dockerfile"
PYTORCH_CPU_INDEX = "https://download.pytorch.org/whl/cpu"
TORCH_PIN = "2.13.0"
RUNTIME_LOCK = "requirements/runtime.lock"
APP_PORT = "8000"


def instructions() -> list[dict[str, Any]]:
    try:
        from dockerfile_parse import DockerfileParser
    except ImportError:
        missing_tool("dockerfile-parse is not installed")
    parsed: list[dict[str, Any]] = DockerfileParser(str(DOCKERFILE), env_replace=False).structure
    return [i for i in parsed if i["instruction"] != "COMMENT"]


def stages() -> list[list[dict[str, Any]]]:
    """Instructions grouped by build stage (anything before the first FROM is dropped)."""
    grouped: list[list[dict[str, Any]]] = []
    for instruction in instructions():
        if instruction["instruction"] == "FROM":
            grouped.append([])
        if grouped:
            grouped[-1].append(instruction)
    return grouped


def values(stage: list[dict[str, Any]], name: str) -> list[str]:
    return [i["value"] for i in stage if i["instruction"] == name]


def exec_form(value: str) -> list[str]:
    parsed = json.loads(value)
    assert isinstance(parsed, list) and all(isinstance(part, str) for part in parsed), value
    return parsed


def build_args() -> dict[str, str]:
    return dict(value.split("=", 1) for value in values(instructions(), "ARG") if "=" in value)


def test_hadolint_reports_nothing() -> None:
    hadolint = require_executable("hadolint")
    result = run_tool([hadolint, "--no-color", "--failure-threshold", "info", str(DOCKERFILE)])
    assert result.returncode == 0, result.stdout + result.stderr


def test_hadolint_catches_a_bad_dockerfile(tmp_path: Path) -> None:
    # Guards the previous test against a hadolint that silently passes everything.
    hadolint = require_executable("hadolint")
    bad = tmp_path / "Dockerfile"
    bad.write_text("FROM python:latest\nRUN pip install torch\n")
    assert run_tool([hadolint, "--no-color", str(bad)]).returncode != 0


def test_both_stages_use_one_pinned_slim_python_311() -> None:
    froms = [value.split()[0] for value in values(instructions(), "FROM")]
    assert len(froms) >= 2, "multi-stage: a builder and a runtime"
    base_images = {build_args().get(ref.strip("${}"), ref) for ref in froms}
    assert len(base_images) == 1, base_images
    (image,) = base_images
    assert re.fullmatch(r"python:3\.11\.\d+-slim(-\w+)?", image), image


def test_the_builder_installs_the_runtime_lock_with_hashes_before_the_package() -> None:
    runs = values(stages()[0], "RUN")
    assert build_args()["TORCH_INDEX_URL"] == PYTORCH_CPU_INDEX
    lock_step = next(i for i, run in enumerate(runs) if f"-r {RUNTIME_LOCK}" in run)
    assert "--require-hashes" in runs[lock_step] and "--no-deps" in runs[lock_step]
    assert "${TORCH_INDEX_URL}" in runs[lock_step] and "--index-url" not in runs[lock_step].replace(
        "--extra-index-url", ""
    ), "PyPI stays the main index; PyTorch's only adds the CPU wheel"
    package_step = next(
        i for i, run in enumerate(runs) if re.search(r"pip install --no-deps [^.]*\.(\s|$)", run)
    )
    assert lock_step < package_step
    copies = " ".join(values(stages()[0], "COPY"))
    assert f"{RUNTIME_LOCK} {RUNTIME_LOCK}" in copies


def test_the_runtime_lock_pins_the_cpu_build_of_torch_by_hash() -> None:
    lock = (REPO_ROOT / RUNTIME_LOCK).read_text()
    pin = re.search(r"^torch==(\S+) \\\n((?:\s+--hash=sha256:[0-9a-f]{64}(?: \\)?\n)+)", lock, re.MULTILINE)
    assert pin is not None, "torch is pinned with its hashes"
    assert pin.group(1) == f"{TORCH_PIN}+cpu"
    assert "nvidia" not in lock, "no CUDA wheels"


def test_builder_proves_the_packaged_model_is_baked_in_and_loads_offline() -> None:
    runs = " ".join(values(stages()[0], "RUN"))
    assert "get_model_path()" in runs
    assert "HF_HUB_OFFLINE=1" in runs and "SentenceTransformer(" in runs


def test_runtime_is_non_root_offline_and_single_worker() -> None:
    runtime = stages()[-1]
    assert values(runtime, "FROM")[0].split()[0].strip("${}") in build_args()
    (user,) = values(runtime, "USER")
    uid = user.split(":")[0]
    assert uid.isdigit() and int(uid) != 0, "a numeric non-root UID, so runAsNonRoot can verify it"
    env = " ".join(values(runtime, "ENV"))
    assert "HF_HUB_OFFLINE=1" in env and "TRANSFORMERS_OFFLINE=1" in env
    assert values(runtime, "EXPOSE") == [APP_PORT]
    assert values(runtime, "STOPSIGNAL") == ["SIGTERM"]
    (cmd,) = values(runtime, "CMD")
    argv = exec_form(cmd)  # exec form: the server is PID 1 and receives SIGTERM itself
    assert argv[:2] == ["reliability", "serve"]
    assert argv[argv.index("--port") + 1] == APP_PORT
    from service import cli

    assert cli.WORKERS == 1
    assert cli.GRACEFUL_SHUTDOWN_SECONDS < 30, "under the pod's grace period"
    assert "COPY" in {i["instruction"] for i in runtime}
    assert not any("pip install" in run for run in values(runtime, "RUN")), (
        "the runtime stage installs nothing"
    )


def test_healthcheck_probes_healthz_with_python() -> None:
    (healthcheck,) = values(stages()[-1], "HEALTHCHECK")
    options, _, command = healthcheck.partition("CMD")
    argv = exec_form(command.strip())
    assert argv[0] == "python", "slim images have no curl"
    assert f"http://127.0.0.1:{APP_PORT}/healthz" in argv[-1]
    assert "--start-period" in options


def test_dockerignore_keeps_local_state_out_of_the_context() -> None:
    patterns = {
        line.strip()
        for line in (REPO_ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }
    # evaluation/ is a development tool above the service (the service never imports it): not shipped.
    for required in (".git", ".venv", "var/", "tests/", "evaluation/", ".pytest_cache/", "**/__pycache__"):
        assert required in patterns, required
    for needed in ("pyproject.toml", "README.md", "requirements", "scoring", "service"):
        assert not {needed, f"{needed}/", f"/{needed}"} & patterns, f"{needed} is needed by the build"
