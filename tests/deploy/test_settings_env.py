"""The environment the deploy files set is one the service's Settings accept, key by key."""

from __future__ import annotations

import importlib
import importlib.util
import re
from typing import Any

import pytest
import yaml

from tests.deploy.manifests import Manifest, find
from tests.deploy.tools import REPO_ROOT

SETTINGS_MODULE = "service.settings"
PREFIX = "SCORER_"
# Variables read by libraries rather than by Settings.
LIBRARY_ENV = frozenset(
    {
        "HF_HUB_OFFLINE",
        "TRANSFORMERS_OFFLINE",
        "OMP_NUM_THREADS",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
    }
)


def settings_class() -> Any:
    if importlib.util.find_spec(SETTINGS_MODULE) is None:
        pytest.skip(f"{SETTINGS_MODULE} is not written yet")
    return importlib.import_module(SETTINGS_MODULE).Settings


def check_env(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    settings = settings_class()
    unknown = {key for key in env if key.startswith(PREFIX)} - {
        PREFIX + field.upper() for field in settings.model_fields
    }
    assert not unknown, f"Settings has no field for {sorted(unknown)}"
    assert set(env) - LIBRARY_ENV <= {key for key in env if key.startswith(PREFIX)}
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    settings()  # raises pydantic's ValidationError on a value it does not accept


def test_rendered_config_map_is_valid_settings(
    rendered: tuple[Manifest, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    env = dict(find(rendered, "ConfigMap", "scorer-env")["data"])
    env["SCORER_API_KEYS"] = "placeholder-from-the-secret"
    check_env(env, monkeypatch)


@pytest.mark.parametrize("service", ["scorer", "scorer-distributed"])
def test_compose_environment_is_valid_settings(service: str, monkeypatch: pytest.MonkeyPatch) -> None:
    compose = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text())
    env = {
        key: value.split(":-", 1)[1].rstrip("}") if value.startswith("${") else value
        for key, value in compose["services"][service]["environment"].items()
    }
    check_env(env, monkeypatch)


def test_the_readme_table_lists_every_setting_and_no_other() -> None:
    settings = settings_class()
    fields = set()
    for name, field in settings.model_fields.items():
        nested = getattr(field.annotation, "__dataclass_fields__", None)
        fields |= (
            {f"{PREFIX}{name.upper()}__{sub.upper()}" for sub in nested}
            if nested
            else {PREFIX + name.upper()}
        )
    readme = (REPO_ROOT / "README.md").read_text()
    documented = set(re.findall(r"^\| `(SCORER_[A-Z0-9_]+)` \|", readme, re.MULTILINE))
    assert documented == fields, {"undocumented": fields - documented, "not settings": documented - fields}
