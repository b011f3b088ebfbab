"""The lock files cover pyproject.toml, agree with each other and pin every file by hash.

A dependency added to pyproject.toml without `make lock` fails here, before any install does.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.deploy.tools import REPO_ROOT

LOCKS = REPO_ROOT / "requirements"
PIN = re.compile(
    r"^([A-Za-z0-9][A-Za-z0-9._-]*)==(\S+)((?: \\\n\s+--hash=sha256:[0-9a-f]{64})+)", re.MULTILINE
)


def pins(lock: Path) -> dict[str, Version]:
    text = lock.read_text()
    found = {canonicalize_name(name): Version(version) for name, version, _ in PIN.findall(text)}
    entries = re.findall(r"^[A-Za-z0-9]", text, re.MULTILINE)
    assert len(found) == len(entries), f"{lock.name}: every entry is an exact pin with hashes"
    return found


def declared(extra: str | None) -> list[Requirement]:
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text())["project"]
    listed = project["dependencies"] if extra is None else project["optional-dependencies"][extra]
    return [Requirement(line) for line in listed]


@pytest.mark.parametrize(("lock", "extra"), [("runtime.lock", None), ("dev.lock", None), ("dev.lock", "dev")])
def test_every_declared_dependency_is_locked_at_an_allowed_version(lock: str, extra: str | None) -> None:
    locked = pins(LOCKS / lock)
    for requirement in declared(extra):
        name = canonicalize_name(requirement.name)
        assert name in locked, f"{requirement} is not in {lock}: run `make lock`"
        assert requirement.specifier.contains(locked[name], prereleases=True), (
            f"{lock} pins {name}=={locked[name]}, outside {requirement}: run `make lock`"
        )


def test_the_runtime_lock_is_the_dev_lock_without_the_dev_tools() -> None:
    runtime, dev = pins(LOCKS / "runtime.lock"), pins(LOCKS / "dev.lock")
    assert {name: dev.get(name) for name in runtime} == runtime, "one version of each package in both locks"
    assert "pytest" not in runtime and "pytest" in dev


def test_torch_is_the_cpu_build_and_nothing_pulls_cuda() -> None:
    for lock in ("runtime.lock", "dev.lock"):
        locked = pins(LOCKS / lock)
        assert locked["torch"].local == "cpu", lock
        assert not [name for name in locked if name.startswith("nvidia-")], lock
