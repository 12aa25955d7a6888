"""Kubernetes manifests: every regional overlay builds, its built-in kinds pass strict
schema validation, and each service's Deployment, Service and PDB follow the contracts.

The Strimzi resources have no bundled schema; test_strimzi.py checks them.
"""

from __future__ import annotations

import copy
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Build

K8S_VERSION = "1.31"  # the oldest Kubernetes the overlays must apply to
STRIMZI_GROUP = "kafka.strimzi.io/"
SERVICES = {
    "referrals": 8001,
    "groups": 8002,
    "volunteers": 8003,
    "notifications": 8004,
    "ops": 8000,
    "portal": 8005,
}
# What the Ingress may send in from the internet: the portal's pages, the Notify callback.
PUBLIC = {"portal", "notifications"}
SECRET_WORDS = ("SECRET", "PASSWORD", "API_KEY", "DATABASE_URL", "DSN")


@pytest.fixture(scope="module")
def kubernetes_validate() -> ModuleType:
    return pytest.importorskip(
        "kubernetes_validate", reason="kubernetes-validate is not installed (dev group)"
    )


def pod(deployment: dict[str, Any]) -> dict[str, Any]:
    spec: dict[str, Any] = deployment["spec"]["template"]["spec"]
    return spec


def only(items: list[dict[str, Any]], name: str) -> dict[str, Any]:
    (found,) = [i for i in items if i["name"] == name]
    return found


def test_there_is_an_overlay_per_region(overlay_names: list[str]) -> None:
    assert {"west-yorkshire", "north-east-cumbria"} <= set(overlay_names)


def test_built_in_kinds_pass_strict_validation(
    overlay: Build, kubernetes_validate: ModuleType
) -> None:
    failures = []
    built_in = [d for d in overlay.docs if not d["apiVersion"].startswith(STRIMZI_GROUP)]
    for doc in built_in:
        try:
            kubernetes_validate.validate(doc, K8S_VERSION, strict=True)
        except kubernetes_validate.SchemaNotFoundError as e:
            failures.append(f"no schema, so unchecked: {e.message}")
        except kubernetes_validate.ValidationError as e:
            path = ".".join(str(p) for p in e.path)
            failures.append(f"{doc['kind']}/{doc['metadata']['name']}: {path}: {e.message}")
    assert not failures, "\n".join(failures)
    assert {"Namespace", "ConfigMap", "Deployment", "Service", "PodDisruptionBudget"} <= {
        d["kind"] for d in built_in
    }


def test_strict_validation_rejects_a_misspelt_field(
    overlay: Build, kubernetes_validate: ModuleType
) -> None:
    deployment = copy.deepcopy(overlay.named("Deployment")["referrals"])
    app = only(pod(deployment)["containers"], "app")
    app["readinesProbe"] = app.pop("readinessProbe")
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(deployment, K8S_VERSION, strict=True)


def test_everything_lives_in_the_regions_namespace(overlay: Build) -> None:
    assert overlay.namespace in overlay.named("Namespace")
    for doc in overlay.docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"].get("namespace") == overlay.namespace, doc["metadata"]["name"]


def test_the_shared_config_names_the_region_and_runs_in_production(overlay: Build) -> None:
    config = overlay.config_map("t2t-config")["data"]
    assert config["T2T_DEPLOYMENT"] == overlay.overlay
    assert config["T2T_ENVIRONMENT"] == "production"
    assert config["T2T_HOST"] == "0.0.0.0"
    assert config["T2T_TOPIC_PREFIX"] == "t2t."
    assert config["T2T_KAFKA_ENABLE_IDEMPOTENCE"] == "true"
    assert config["T2T_KAFKA_REPLICATION_FACTOR"] == "3"
    assert (config["T2T_KAFKA_SECURITY_PROTOCOL"], config["T2T_KAFKA_SASL_MECHANISM"]) == (
        "SASL_SSL",
        "SCRAM-SHA-512",
    )


def test_no_secret_is_kept_in_a_config_map(overlay: Build) -> None:
    for config_map in overlay.of_kind("ConfigMap"):
        leaked = [k for k in config_map.get("data", {}) if any(w in k for w in SECRET_WORDS)]
        assert not leaked, f"{config_map['metadata']['name']} holds {leaked}: use a Secret"
    assert not overlay.of_kind("Secret"), "Secrets are created per region, not kept in git"


def test_every_service_is_deployed_and_nothing_else(overlay: Build) -> None:
    assert set(overlay.named("Deployment")) == set(SERVICES)
    assert set(overlay.named("Service")) == set(SERVICES)
    assert set(overlay.named("PodDisruptionBudget")) == set(SERVICES)


@pytest.mark.parametrize(("name", "port"), SERVICES.items())
def test_deployment_serves_with_two_replicas_after_migrating(
    overlay: Build, name: str, port: int
) -> None:
    deployment = overlay.named("Deployment")[name]
    assert deployment["spec"]["replicas"] == 2
    labels = deployment["spec"]["template"]["metadata"]["labels"]
    assert deployment["spec"]["selector"]["matchLabels"].items() <= labels.items()

    app = only(pod(deployment)["containers"], "app")
    migrate = only(pod(deployment)["initContainers"], "migrate")
    assert app["command"] == ["python", "-m", name, "serve"]
    assert migrate["command"] == ["python", "-m", name, "migrate"]
    assert migrate["image"] == app["image"]
    image, _, tag = app["image"].rpartition(":")
    assert image.endswith(f"t2t-{name}")
    assert tag not in ("", "latest"), f"the overlay pins a tag: {app['image']}"

    assert only(app["ports"], "http")["containerPort"] == port
    assert {"name": f"T2T_{name.upper()}_PORT", "value": str(port)} in app["env"]


@pytest.mark.parametrize("name", SERVICES)
def test_deployment_probes_liveness_and_readiness(overlay: Build, name: str) -> None:
    app = only(pod(overlay.named("Deployment")[name])["containers"], "app")
    assert app["readinessProbe"]["httpGet"] == {"path": "/readyz", "port": "http"}
    assert app["livenessProbe"]["httpGet"] == {"path": "/healthz", "port": "http"}
    assert app["startupProbe"]["httpGet"]["path"] == "/healthz"


@pytest.mark.parametrize("name", SERVICES)
def test_deployment_runs_non_root_on_a_read_only_root(overlay: Build, name: str) -> None:
    spec = pod(overlay.named("Deployment")[name])
    assert spec["securityContext"]["runAsNonRoot"] is True
    assert spec["securityContext"]["runAsUser"] != 0
    assert spec["securityContext"]["seccompProfile"] == {"type": "RuntimeDefault"}
    volumes = {v["name"] for v in spec["volumes"]}
    for container in spec["containers"] + spec["initContainers"]:
        context = container["securityContext"]
        assert context["readOnlyRootFilesystem"] is True
        assert context["allowPrivilegeEscalation"] is False
        assert context["capabilities"]["drop"] == ["ALL"]
        assert {"cpu", "memory"} <= set(container["resources"]["requests"])
        assert "memory" in container["resources"]["limits"]
        mounts = {m["mountPath"]: m["name"] for m in container["volumeMounts"]}
        assert "/tmp" in mounts
        assert set(mounts.values()) <= volumes
    home = overlay.config_map("t2t-config")["data"]["T2T_HOME"]
    app = only(spec["containers"], "app")
    assert home in {m["mountPath"] for m in app["volumeMounts"]}, "T2T_HOME must be writable"


@pytest.mark.parametrize("name", SERVICES)
def test_deployment_takes_env_from_config_maps_and_secrets(overlay: Build, name: str) -> None:
    spec = pod(overlay.named("Deployment")[name])
    config_maps = set(overlay.named("ConfigMap"))
    for container in (only(spec["containers"], "app"), only(spec["initContainers"], "migrate")):
        sources = container["envFrom"]
        maps = [s["configMapRef"]["name"] for s in sources if "configMapRef" in s]
        secrets = [s["secretRef"]["name"] for s in sources if "secretRef" in s]
        assert set(maps) <= config_maps, "every ConfigMap it names is generated"
        assert any(m.startswith("t2t-config-") for m in maps)
        assert secrets == ["t2t-secrets", f"{name}-secrets"]


@pytest.mark.parametrize(("name", "port"), SERVICES.items())
def test_service_and_disruption_budget_select_the_deployments_pods(
    overlay: Build, name: str, port: int
) -> None:
    deployment = overlay.named("Deployment")[name]
    labels = deployment["spec"]["template"]["metadata"]["labels"]

    service = overlay.named("Service")[name]
    assert service["spec"]["selector"].items() <= labels.items()
    assert service["spec"]["ports"] == [{"name": "http", "port": port, "targetPort": "http"}]

    budget = overlay.named("PodDisruptionBudget")[name]
    assert budget["spec"]["selector"]["matchLabels"].items() <= labels.items()
    assert 1 <= budget["spec"]["minAvailable"] < deployment["spec"]["replicas"]


def test_the_ingress_exposes_only_the_portals_pages_and_the_notify_callback(
    overlay: Build, repo: Path
) -> None:
    (ingress,) = overlay.of_kind("Ingress")
    (rule,) = ingress["spec"]["rules"]
    assert rule["host"] == f"portal.{overlay.overlay}.type2together.org.uk"
    assert ingress["spec"]["tls"][0]["hosts"] == [rule["host"]]
    paths = {p["path"]: p for p in rule["http"]["paths"]}
    backends = {p["backend"]["service"]["name"] for p in paths.values()}
    assert backends == PUBLIC
    callback = paths.pop("/callbacks/notify")
    assert (callback["pathType"], callback["backend"]["service"]["name"]) == (
        "Exact",
        "notifications",
    )
    assert {p["backend"]["service"]["name"] for p in paths.values()} == {"portal"}
    for hidden in ("/metrics", "/readyz", "/healthz", "/docs", "/openapi.json", "/api"):
        assert hidden not in paths, f"{hidden} must not be public"
    assert paths["/"]["pathType"] == "Exact", "a Prefix / would expose everything"
    assert set(paths) >= {"/self-referral", "/volunteer", "/offer", "/sign-in", "/static"}
    config = overlay.config_map("notifications-config")["data"]
    assert config["T2T_PORTAL_URL"] == f"https://{rule['host']}", "offer links point here"


def test_every_page_the_portal_serves_is_routed_by_the_ingress(overlay: Build) -> None:
    """A portal page whose path the Ingress does not list would be unreachable."""
    from portal.entrypoints.app import create_app

    (ingress,) = overlay.of_kind("Ingress")
    routed = [
        (p["path"], p["pathType"])
        for p in ingress["spec"]["rules"][0]["http"]["paths"]
        if p["backend"]["service"]["name"] == "portal"
    ]
    internal = {"/healthz", "/readyz", "/metrics", "/docs", "/redoc", "/openapi.json"}
    for route in create_app().routes:
        path = getattr(route, "path", "")
        if not path or path in internal or path.startswith(("/docs", "/static-offline-docs")):
            continue
        covered = any(
            path == prefix if kind == "Exact" else path == prefix or path.startswith(prefix + "/")
            for prefix, kind in routed
        )
        assert covered, f"the portal serves {path} but the Ingress does not route it"


@pytest.mark.parametrize("name", ["portal", "ops"])
def test_staff_sign_in_is_configured_for_the_portal_and_the_console(
    overlay: Build, name: str
) -> None:
    """Both sign staff in with OIDC; in production a missing session secret stops them."""
    app = only(pod(overlay.named("Deployment")[name])["containers"], "app")
    maps = [s["configMapRef"]["name"] for s in app["envFrom"] if "configMapRef" in s]
    (signin,) = [m for m in maps if m.startswith("signin-config-")]
    config = overlay.config_map("signin-config")["data"]
    assert signin == overlay.config_map("signin-config")["metadata"]["name"]
    assert config["T2T_OIDC_METADATA_URL"].endswith("/.well-known/openid-configuration")
    assert {"T2T_OIDC_CLAIM_ROLE", "T2T_OIDC_CLAIM_AREAS"} <= set(config)
