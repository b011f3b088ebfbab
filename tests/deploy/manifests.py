"""Queries over rendered Kubernetes objects: find by kind and name, walk containers, match selectors."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

Manifest = dict[str, Any]
# kustomize appends "-" and a 10-character hash to generated ConfigMap and Secret names.
GENERATED_SUFFIX = r"(-[a-z0-9]{10})?"


def find(manifests: tuple[Manifest, ...], kind: str, name: str) -> Manifest:
    """The one object of `kind` named `name` (or `name-<hash>` when kustomize generated it)."""
    pattern = re.compile(re.escape(name) + GENERATED_SUFFIX)
    matches = [m for m in manifests if m["kind"] == kind and pattern.fullmatch(m["metadata"]["name"])]
    assert len(matches) == 1, (
        f"expected one {kind} {name!r}, found {[m['metadata']['name'] for m in matches]}"
    )
    return matches[0]


def of_kind(manifests: tuple[Manifest, ...], kind: str) -> list[Manifest]:
    return [m for m in manifests if m["kind"] == kind]


def all_containers(pod_spec: Manifest) -> Iterator[Manifest]:
    yield from pod_spec.get("initContainers", [])
    yield from pod_spec["containers"]


def container(deployment: Manifest, name: str) -> Manifest:
    matches: list[Manifest] = [
        c for c in deployment["spec"]["template"]["spec"]["containers"] if c["name"] == name
    ]
    assert len(matches) == 1, f"expected one container {name!r}"
    return matches[0]


def selects(selector: Manifest, labels: dict[str, str]) -> bool:
    """Whether a matchLabels selector matches `labels`; an empty selector is rejected, not "select all"."""
    assert "matchExpressions" not in selector, "teach selects() matchExpressions before using them"
    match_labels: dict[str, str] = selector.get("matchLabels", {})
    return bool(match_labels) and all(labels.get(key) == value for key, value in match_labels.items())


def pod_labels(deployment: Manifest) -> dict[str, str]:
    labels: dict[str, str] = deployment["spec"]["template"]["metadata"]["labels"]
    return labels
