"""The kustomize overlays render, pass the Kubernetes schemas, and keep the deploy conventions."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest

from tests.deploy.manifests import (
    Manifest,
    all_containers,
    container,
    find,
    of_kind,
    pod_labels,
    selects,
)
from tests.deploy.tools import missing_tool

# The oldest Kubernetes still in mainstream support when this was written, and the newest schema bundled.
KUBERNETES_VERSIONS = ("1.30.0", "1.37.0")
SCORER = "scorer"
REDIS = "redis"
API_KEYS_ENV = "SCORER_API_KEYS"
STATE_DIR_ENV = "SCORER_STATE_DIR"
REDIS_PORT = 6379
# The spaCy pipeline, the judge and a 100k-passage index hold about 1.1 GiB in steady use, and a corpus
# switch builds a second index while the first serves: requests below this overcommit the node.
MIN_SCORER_MEMORY_REQUEST_MIB = 1536
MIN_SCORER_MEMORY_LIMIT_MIB = 3072
NAMESPACES = {"dev": "reliability-dev", "prod": "reliability", "distributed": "reliability"}
# Overlays that run several scorer replicas on a shared corpus store.
REPLICATED = frozenset({"prod", "distributed"})
ENGINE_SECRET = "engine-object-store"
MINIO_PORT = 9000
CLUSTER_SCOPED_KINDS = frozenset({"Namespace"})


def app_route_paths() -> frozenset[str]:
    """Paths the app serves: every route in `service.api.routes.ROUTES`."""
    from service.api.routes import ROUTES

    return frozenset(getattr(route, "path", "") for route in ROUTES)


def mebibytes(quantity: str) -> float:
    units = {"Ki": 1 / 1024, "Mi": 1.0, "Gi": 1024.0, "K": 1e3 / 2**20, "M": 1e6 / 2**20, "G": 1e9 / 2**20}
    number, unit = re.fullmatch(r"([0-9.]+)([A-Za-z]*)", quantity).groups()  # type: ignore[union-attr]
    return float(number) * units[unit] if unit else float(number) / 2**20


def pod_specs(manifests: tuple[Manifest, ...]) -> list[tuple[str, Manifest]]:
    """Every pod template: Deployments, and the object store's StatefulSet and Job where an overlay has them."""
    workloads = [m for kind in ("Deployment", "StatefulSet", "Job") for m in of_kind(manifests, kind)]
    return [(w["metadata"]["name"], w["spec"]["template"]["spec"]) for w in workloads]


def config_env(manifests: tuple[Manifest, ...]) -> dict[str, str]:
    data: dict[str, str] = find(manifests, "ConfigMap", "scorer-env")["data"]
    return data


@pytest.mark.parametrize("kubernetes_version", KUBERNETES_VERSIONS)
def test_every_rendered_object_passes_the_strict_schema(
    rendered: tuple[Manifest, ...], kubernetes_version: str
) -> None:
    try:
        import kubernetes_validate
    except ImportError:
        missing_tool("kubernetes-validate is not installed")
    assert rendered, "the overlay rendered nothing"
    for manifest in rendered:
        where = f"{manifest['kind']}/{manifest['metadata']['name']}"
        try:
            kubernetes_validate.validate(manifest, kubernetes_version, strict=True)
        except kubernetes_validate.ValidationError as error:
            pytest.fail(
                f"{where} fails the {kubernetes_version} schema at {list(error.path)}: {error.message}"
            )


def test_overlay_renders_the_whole_stack(rendered: tuple[Manifest, ...]) -> None:
    for kind, name in [
        ("Deployment", SCORER),
        ("Service", SCORER),
        ("HorizontalPodAutoscaler", SCORER),
        ("PodDisruptionBudget", SCORER),
        ("NetworkPolicy", SCORER),
        ("ConfigMap", "scorer-env"),
        ("Deployment", REDIS),
        ("Service", REDIS),
        ("NetworkPolicy", REDIS),
        ("ConfigMap", "redis-config"),
    ]:
        find(rendered, kind, name)


def test_every_object_lives_in_the_overlay_namespace(overlay: str, rendered: tuple[Manifest, ...]) -> None:
    namespace = NAMESPACES[overlay]
    find(rendered, "Namespace", namespace)
    for manifest in rendered:
        if manifest["kind"] not in CLUSTER_SCOPED_KINDS:
            assert manifest["metadata"].get("namespace") == namespace, manifest["metadata"]["name"]


def test_every_container_is_hardened(rendered: tuple[Manifest, ...]) -> None:
    for deployment_name, pod_spec in pod_specs(rendered):
        pod_security = pod_spec.get("securityContext", {})
        assert pod_spec.get("automountServiceAccountToken") is False, deployment_name
        for spec in all_containers(pod_spec):
            where = f"{deployment_name}/{spec['name']}"
            security = spec.get("securityContext", {})
            run_as_non_root = security.get("runAsNonRoot", pod_security.get("runAsNonRoot"))
            run_as_user = security.get("runAsUser", pod_security.get("runAsUser"))
            seccomp = security.get("seccompProfile", pod_security.get("seccompProfile", {}))
            assert run_as_non_root is True, where
            # runAsNonRoot can only be verified by the kubelet for a numeric user.
            assert isinstance(run_as_user, int) and run_as_user > 0, where
            assert security.get("readOnlyRootFilesystem") is True, where
            assert security.get("allowPrivilegeEscalation") is False, where
            assert security.get("privileged", False) is False, where
            assert security.get("capabilities", {}).get("drop") == ["ALL"], where
            assert not security.get("capabilities", {}).get("add"), where
            assert seccomp.get("type") == "RuntimeDefault", where
            assert "limits" in spec.get("resources", {}), where
            assert "requests" in spec.get("resources", {}), where


def test_scorer_probes_hit_real_routes(rendered: tuple[Manifest, ...]) -> None:
    scorer = container(find(rendered, "Deployment", SCORER), SCORER)
    port_names = {port["name"] for port in scorer["ports"]}
    # Liveness on /healthz, which fails only when the process cannot recover; readiness on /readyz, which
    # stays 503 while a corpus is loading or being retried, without a restart. A startup probe on /healthz
    # would pass at once (it answers while the model loads) and hold nothing back.
    expected = {"readinessProbe": "/readyz", "livenessProbe": "/healthz"}
    assert scorer.get("startupProbe", {}).get("httpGet", {}).get("path") != "/healthz"
    routes = app_route_paths()
    for probe_name, path in expected.items():
        probe = scorer[probe_name]["httpGet"]
        assert probe["path"] == path, probe_name
        assert probe["path"] in routes, f"{probe_name} {probe['path']} is not a route of the app: {routes}"
        assert probe["port"] in port_names | {port["containerPort"] for port in scorer["ports"]}
    # The process binds its port within seconds (the model loads after): liveness tolerates far more.
    liveness = scorer["livenessProbe"]
    assert liveness["periodSeconds"] * liveness["failureThreshold"] >= 60


def test_scorer_runs_the_images_single_worker_command(rendered: tuple[Manifest, ...]) -> None:
    scorer = container(find(rendered, "Deployment", SCORER), SCORER)
    command_line = [*scorer.get("command", []), *scorer.get("args", [])]
    if "--workers" in command_line:
        assert command_line[command_line.index("--workers") + 1] == "1"
    assert not any(part.startswith("--workers=") and part != "--workers=1" for part in command_line)
    assert not any("WEB_CONCURRENCY" == env["name"] for env in scorer.get("env", []))


def test_scorer_memory_request_fits_the_model(rendered: tuple[Manifest, ...]) -> None:
    scorer = container(find(rendered, "Deployment", SCORER), SCORER)
    resources = scorer["resources"]
    assert mebibytes(resources["requests"]["memory"]) >= MIN_SCORER_MEMORY_REQUEST_MIB
    assert mebibytes(resources["limits"]["memory"]) >= MIN_SCORER_MEMORY_LIMIT_MIB


def test_scorer_has_writable_tmp_and_state_dir(overlay: str, rendered: tuple[Manifest, ...]) -> None:
    deployment = find(rendered, "Deployment", SCORER)
    volumes = {v["name"]: v for v in deployment["spec"]["template"]["spec"]["volumes"]}
    mounts = {m["mountPath"]: m["name"] for m in container(deployment, SCORER)["volumeMounts"]}
    assert "emptyDir" in volumes[mounts["/tmp"]]
    state_volume = volumes[mounts[config_env(rendered)[STATE_DIR_ENV]]]
    if overlay in REPLICATED:
        # Replicas must see the same ingested corpus versions.
        claim = find(rendered, "PersistentVolumeClaim", state_volume["persistentVolumeClaim"]["claimName"])
        assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
        assert "emptyDir" not in state_volume
    else:
        assert "emptyDir" in state_volume


def test_api_keys_come_from_a_secret_key_named_like_the_variable(
    overlay: str, rendered: tuple[Manifest, ...]
) -> None:
    scorer = container(find(rendered, "Deployment", SCORER), SCORER)
    (api_keys,) = [env for env in scorer["env"] if env["name"] == API_KEYS_ENV]
    reference = api_keys["valueFrom"]["secretKeyRef"]
    assert reference["key"] == API_KEYS_ENV
    assert reference.get("optional", False) is False, "the scorer must not start without its keys"
    assert API_KEYS_ENV not in config_env(rendered), "keys belong in the Secret, never the ConfigMap"
    secrets = of_kind(rendered, "Secret")
    if overlay == "dev":
        (secret,) = secrets
        assert secret["metadata"]["name"] == reference["name"]
        assert API_KEYS_ENV in secret["data"]
    else:
        assert secrets == [], "production keys are created with kubectl, never committed"
        assert reference["name"] == "scorer-api-keys"


def test_scorer_env_points_at_the_redis_service(rendered: tuple[Manifest, ...]) -> None:
    env = config_env(rendered)
    redis_url = urlsplit(env["SCORER_REDIS_URL"])
    service = find(rendered, "Service", redis_url.hostname or "")
    assert redis_url.scheme == "redis"
    assert redis_url.port in {port["port"] for port in service["spec"]["ports"]}
    assert env["HF_HUB_OFFLINE"] == "1"
    scorer = find(rendered, "Deployment", SCORER)
    env_from = container(scorer, SCORER)["envFrom"]
    config_map_name = find(rendered, "ConfigMap", "scorer-env")["metadata"]["name"]
    assert {"configMapRef": {"name": config_map_name}} in env_from


def test_services_select_their_pods_on_named_ports(rendered: tuple[Manifest, ...]) -> None:
    for name in (SCORER, REDIS):
        service = find(rendered, "Service", name)
        deployment = find(rendered, "Deployment", name)
        assert selects({"matchLabels": service["spec"]["selector"]}, pod_labels(deployment))
        port_names = {
            p["name"] for c in all_containers(deployment["spec"]["template"]["spec"]) for p in c["ports"]
        }
        for port in service["spec"]["ports"]:
            assert port["targetPort"] in port_names


def test_hpa_scales_the_scorer_deployment(overlay: str, rendered: tuple[Manifest, ...]) -> None:
    hpa = find(rendered, "HorizontalPodAutoscaler", SCORER)
    assert hpa["apiVersion"] == "autoscaling/v2"
    target = hpa["spec"]["scaleTargetRef"]
    deployment = find(rendered, target["kind"], target["name"])
    assert (target["kind"], target["apiVersion"]) == ("Deployment", deployment["apiVersion"])
    assert target["name"] == SCORER
    spec = hpa["spec"]
    assert 1 <= spec["minReplicas"] <= spec["maxReplicas"]
    # A fixed count would reset the HPA's choice on every apply; without one the HPA raises it to its floor.
    assert "replicas" not in deployment["spec"], "the HPA owns the replica count"
    # CPU utilisation is measured against requests: without one the HPA never acts.
    assert "cpu" in container(deployment, SCORER)["resources"]["requests"]
    if overlay in REPLICATED:
        assert spec["minReplicas"] >= 2, "a single pod is a single point of failure"


def test_pdb_covers_the_scorer_pods(rendered: tuple[Manifest, ...]) -> None:
    pdb = find(rendered, "PodDisruptionBudget", SCORER)
    assert selects(pdb["spec"]["selector"], pod_labels(find(rendered, "Deployment", SCORER)))
    assert pdb["spec"].get("maxUnavailable") == 1


def test_only_scorer_pods_reach_redis(rendered: tuple[Manifest, ...]) -> None:
    policy = find(rendered, "NetworkPolicy", REDIS)["spec"]
    redis_pods = pod_labels(find(rendered, "Deployment", REDIS))
    scorer_pods = pod_labels(find(rendered, "Deployment", SCORER))
    assert selects(policy["podSelector"], redis_pods)
    assert not selects(policy["podSelector"], scorer_pods)
    assert "Ingress" in policy["policyTypes"]
    assert policy["ingress"], "an empty ingress list would deny the scorer too"
    for rule in policy["ingress"]:
        assert rule["ports"] == [{"protocol": "TCP", "port": REDIS_PORT}]
        assert rule["from"], "a rule with no `from` admits every pod"
        for peer in rule["from"]:
            # Only a podSelector within the namespace: no namespaceSelector or ipBlock widening it.
            assert set(peer) == {"podSelector"}, peer
            assert selects(peer["podSelector"], scorer_pods)
            assert not selects(peer["podSelector"], redis_pods)


def test_scorer_network_policy_allows_http_in_and_redis_out(rendered: tuple[Manifest, ...]) -> None:
    policy = find(rendered, "NetworkPolicy", SCORER)["spec"]
    scorer = find(rendered, "Deployment", SCORER)
    assert selects(policy["podSelector"], pod_labels(scorer))
    http_port = container(scorer, SCORER)["ports"][0]["containerPort"]
    assert any({"protocol": "TCP", "port": http_port} in rule.get("ports", []) for rule in policy["ingress"])
    redis_pods = pod_labels(find(rendered, "Deployment", REDIS))
    assert any(
        any(selects(peer.get("podSelector", {}), redis_pods) for peer in rule.get("to", []))
        and {"protocol": "TCP", "port": REDIS_PORT} in rule["ports"]
        for rule in policy["egress"]
    )


def test_redis_is_a_bounded_cache_checked_with_redis_cli(rendered: tuple[Manifest, ...]) -> None:
    config = find(rendered, "ConfigMap", "redis-config")["data"]["redis.conf"]
    directives = dict(
        line.split(maxsplit=1) for line in config.splitlines() if line.strip() and not line.startswith("#")
    )
    assert directives["maxmemory-policy"] == "allkeys-lru"
    assert mebibytes(directives["maxmemory"].replace("mb", "Mi")) > 0
    assert directives["save"] == '""'
    assert directives["appendonly"] == "no"
    deployment = find(rendered, "Deployment", REDIS)
    redis = container(deployment, REDIS)
    assert "redis-cli" in " ".join(redis["readinessProbe"]["exec"]["command"])
    assert "ping" in " ".join(redis["readinessProbe"]["exec"]["command"])
    (config_volume,) = [v for v in deployment["spec"]["template"]["spec"]["volumes"] if "configMap" in v]
    config_map_name = find(rendered, "ConfigMap", "redis-config")["metadata"]["name"]
    assert config_volume["configMap"]["name"] == config_map_name
    (config_mount,) = [m for m in redis["volumeMounts"] if m["name"] == config_volume["name"]]
    assert f"{config_mount['mountPath']}/redis.conf" in redis["command"] + redis.get("args", [])
    # Memory limit above maxmemory, or eviction never gets a chance before the OOM killer.
    assert mebibytes(redis["resources"]["limits"]["memory"]) > mebibytes(
        directives["maxmemory"].replace("mb", "Mi")
    )


def test_overlays_pin_their_image_tags(overlay: str, rendered: tuple[Manifest, ...]) -> None:
    image = container(find(rendered, "Deployment", SCORER), SCORER)["image"]
    repository, _, tag = image.rpartition(":")
    assert repository.endswith("source-reliability")
    assert tag not in {"", "latest"}
    assert (tag == "dev") is (overlay == "dev")


def test_only_the_distributed_overlay_moves_the_engine_to_object_storage(
    overlay: str, rendered: tuple[Manifest, ...]
) -> None:
    env = config_env(rendered)
    if overlay != "distributed":
        assert "SCORER_ENGINE_URI" not in env  # the engine stays in state_dir/engine
        assert not [m for m in rendered if m["metadata"]["name"] == "minio"]
        return
    assert urlsplit(env["SCORER_ENGINE_URI"]).scheme == "s3" and urlsplit(env["SCORER_ENGINE_URI"]).path
    endpoint = urlsplit(env["SCORER_ENGINE_ENDPOINT"])
    service = find(rendered, "Service", endpoint.hostname or "")
    assert endpoint.port == MINIO_PORT and service["spec"]["ports"][0]["port"] == MINIO_PORT
    assert env["SCORER_ENGINE_ALLOW_HTTP"] == "true" and endpoint.scheme == "http"
    minio = find(rendered, "StatefulSet", "minio")
    assert selects({"matchLabels": service["spec"]["selector"]}, pod_labels(minio))
    assert minio["spec"]["replicas"] == 1 and minio["spec"]["serviceName"] == "minio"
    (claim,) = minio["spec"]["volumeClaimTemplates"]
    server = container(minio, "minio")
    assert {"name": claim["metadata"]["name"], "mountPath": server["args"][1]} in server["volumeMounts"]
    assert server["readinessProbe"]["httpGet"]["path"] == "/minio/health/ready"
    # The bucket the scorer opens is the one the Job creates.
    bucket = urlsplit(env["SCORER_ENGINE_URI"]).netloc
    job = find(rendered, "Job", "minio-bucket")
    assert f"engine/{bucket}" in " ".join(container(job, "mc")["command"])


def test_object_store_credentials_come_from_a_secret_never_the_config_map(
    overlay: str, rendered: tuple[Manifest, ...]
) -> None:
    assert not [key for key in config_env(rendered) if key.startswith("AWS_") or "SECRET" in key]
    if overlay != "distributed":
        return
    assert not [m for m in of_kind(rendered, "Secret") if m["metadata"]["name"] == ENGINE_SECRET]
    for name, pod_spec in pod_specs(rendered):
        for spec in all_containers(pod_spec):
            for variable in spec.get("env", []):
                if variable["name"] in {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "MINIO_ROOT_PASSWORD"}:
                    assert "value" not in variable, f"{name}/{spec['name']}"
                    assert variable["valueFrom"]["secretKeyRef"]["name"] == ENGINE_SECRET
    scorer_env = {v["name"] for v in container(find(rendered, "Deployment", SCORER), SCORER)["env"]}
    assert {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"} <= scorer_env


def test_only_the_scorer_and_the_bucket_job_reach_minio(overlay: str, rendered: tuple[Manifest, ...]) -> None:
    if overlay != "distributed":
        return
    policy = find(rendered, "NetworkPolicy", "minio")["spec"]
    assert selects(policy["podSelector"], pod_labels(find(rendered, "StatefulSet", "minio")))
    admitted = [peer["podSelector"] for rule in policy["ingress"] for peer in rule["from"]]
    scorer_pods = pod_labels(find(rendered, "Deployment", SCORER))
    job_pods = find(rendered, "Job", "minio-bucket")["spec"]["template"]["metadata"]["labels"]
    assert any(selects(s, scorer_pods) for s in admitted) and any(selects(s, job_pods) for s in admitted)
    assert not any(selects(s, pod_labels(find(rendered, "Deployment", REDIS))) for s in admitted)
    scorer_policy = find(rendered, "NetworkPolicy", SCORER)["spec"]
    assert any(
        any(
            selects(peer.get("podSelector", {}), pod_labels(find(rendered, "StatefulSet", "minio")))
            for peer in rule.get("to", [])
        )
        and {"protocol": "TCP", "port": MINIO_PORT} in rule["ports"]
        for rule in scorer_policy["egress"]
    )
