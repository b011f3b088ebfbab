"""Fixtures for the deployment checks: each kustomize overlay, rendered once and reused."""

from __future__ import annotations

import pytest

from tests.deploy.manifests import Manifest
from tests.deploy.tools import render_kustomization

OVERLAYS = ("dev", "prod", "distributed")


@pytest.fixture(params=OVERLAYS)
def overlay(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


@pytest.fixture
def rendered(overlay: str) -> tuple[Manifest, ...]:
    return render_kustomization(f"k8s/overlays/{overlay}")
