"""NetworkPolicies of every overlay: default deny, then exactly the flows the platform needs.

The policies are evaluated as a CNI would (tests/deploy/netpol.py) over the pods the overlay
deploys and the parties around them: the ingress controller, Prometheus, the cluster DNS,
the region's PostgreSQL and mail relay, the internet.
"""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING, Any

import pytest

from tests.deploy.netpol import Endpoint, may_connect, may_send

if TYPE_CHECKING:
    from conftest import Build

PORTS = {
    "referrals": 8001,
    "groups": 8002,
    "volunteers": 8003,
    "notifications": 8004,
    "ops": 8000,
    "portal": 8005,
}
APIS = ["referrals", "groups", "volunteers", "notifications"]
WITH_DATABASE = ["referrals", "groups", "volunteers", "notifications", "ops"]
KAFKA_CLIENTS = WITH_DATABASE
PLACEHOLDER = ipaddress.ip_network("192.0.2.0/24")

INGRESS_CONTROLLER = Endpoint(
    "ingress-nginx",
    {"app.kubernetes.io/name": "ingress-nginx"},
    {"kubernetes.io/metadata.name": "ingress-nginx"},
)
PROMETHEUS = Endpoint(
    "monitoring",
    {"app.kubernetes.io/name": "prometheus"},
    {"kubernetes.io/metadata.name": "monitoring"},
)
KUBE_DNS = Endpoint(
    "kube-system", {"k8s-app": "kube-dns"}, {"kubernetes.io/metadata.name": "kube-system"}
)
NOTIFY = Endpoint(None, ip="18.135.0.10")  # a public address, like GOV.UK Notify's
METADATA = Endpoint(None, ip="169.254.169.254")  # the cloud's instance metadata
ELSEWHERE_PRIVATE = Endpoint(None, ip="10.99.1.2")


def policies(overlay: Build) -> list[dict[str, Any]]:
    return overlay.of_kind("NetworkPolicy")


def pod(overlay: Build, name: str) -> Endpoint:
    labels = overlay.named("Deployment")[name]["spec"]["template"]["metadata"]["labels"]
    ns = overlay.namespace
    return Endpoint(
        ns, dict(labels), {"kubernetes.io/metadata.name": ns}, ports={"http": PORTS[name]}
    )


def broker(overlay: Build) -> Endpoint:
    ns = overlay.namespace
    labels = {
        "strimzi.io/cluster": "t2t",
        "strimzi.io/kind": "Kafka",
        "strimzi.io/name": "t2t-kafka",
    }
    return Endpoint(ns, labels, {"kubernetes.io/metadata.name": ns})


def stranger(overlay: Build) -> Endpoint:
    """Any other pod someone starts in the namespace (a debug shell, say)."""
    ns = overlay.namespace
    return Endpoint(ns, {"app": "debug"}, {"kubernetes.io/metadata.name": ns})


def address_in(overlay: Build, policy: str) -> Endpoint:
    (block,) = [
        peer["ipBlock"]
        for peer in overlay.named("NetworkPolicy")[policy]["spec"]["egress"][0]["to"]
    ]
    network = ipaddress.ip_network(block["cidr"])
    return Endpoint(None, ip=str(next(iter(network.hosts()), network.network_address)))


def test_everything_is_denied_unless_allowed(overlay: Build) -> None:
    deny = overlay.named("NetworkPolicy")["default-deny"]["spec"]
    assert deny["podSelector"] == {}
    assert set(deny["policyTypes"]) == {"Ingress", "Egress"}
    assert not deny.get("ingress")
    assert not deny.get("egress")


@pytest.mark.parametrize("name", PORTS)
def test_from_the_ingress_controller_only_the_portal_and_notify_callback(
    overlay: Build, name: str
) -> None:
    reachable = may_connect(policies(overlay), INGRESS_CONTROLLER, pod(overlay, name), PORTS[name])
    assert reachable == (name in {"portal", "notifications"})


@pytest.mark.parametrize("source", PORTS)
@pytest.mark.parametrize("dest", PORTS)
def test_only_the_portal_calls_the_services_apis(overlay: Build, source: str, dest: str) -> None:
    allowed = may_connect(policies(overlay), pod(overlay, source), pod(overlay, dest), PORTS[dest])
    assert allowed == (source == "portal" and dest in APIS), (source, dest)


@pytest.mark.parametrize("name", PORTS)
def test_another_pod_in_the_namespace_reaches_no_service(overlay: Build, name: str) -> None:
    assert not may_connect(policies(overlay), stranger(overlay), pod(overlay, name), PORTS[name])


@pytest.mark.parametrize("name", PORTS)
def test_prometheus_scrapes_the_http_port_only(overlay: Build, name: str) -> None:
    target = pod(overlay, name)
    assert may_connect(policies(overlay), PROMETHEUS, target, PORTS[name])
    assert not may_connect(policies(overlay), PROMETHEUS, target, 9999)


@pytest.mark.parametrize("name", PORTS)
def test_every_service_resolves_names_and_nothing_else_in_kube_system(
    overlay: Build, name: str
) -> None:
    source = pod(overlay, name)
    assert may_connect(policies(overlay), source, KUBE_DNS, 53, "UDP")
    assert may_connect(policies(overlay), source, KUBE_DNS, 53, "TCP")
    assert not may_connect(policies(overlay), source, KUBE_DNS, 10250)


@pytest.mark.parametrize("name", PORTS)
def test_the_kafka_listener_is_open_to_the_services_that_use_kafka(
    overlay: Build, name: str
) -> None:
    if not overlay.of_kind("Kafka"):
        pytest.skip("this overlay's Kafka runs elsewhere")
    source = pod(overlay, name)
    assert may_send(policies(overlay), source, broker(overlay), 9093) == (name in KAFKA_CLIENTS)
    assert not may_send(policies(overlay), source, broker(overlay), 9091), "replication port"


@pytest.mark.parametrize("name", PORTS)
def test_postgres_is_reached_by_the_services_with_a_database_only(
    overlay: Build, name: str
) -> None:
    server = address_in(overlay, "postgres")
    source = pod(overlay, name)
    assert may_connect(policies(overlay), source, server, 5432) == (name in WITH_DATABASE)
    assert not may_connect(policies(overlay), source, ELSEWHERE_PRIVATE, 5432)


def test_each_overlay_names_its_postgres_server_and_mail_relay(overlay: Build) -> None:
    for name in ("postgres", "mail-relay"):
        (peer,) = overlay.named("NetworkPolicy")[name]["spec"]["egress"][0]["to"]
        network = ipaddress.ip_network(peer["ipBlock"]["cidr"])
        assert not network.overlaps(PLACEHOLDER), f"{name}: the overlay sets the address"
        assert network.prefixlen >= 24, f"{name}: one server, not a whole network"


@pytest.mark.parametrize("name", PORTS)
def test_only_notifications_sends_mail_and_only_to_the_relay(overlay: Build, name: str) -> None:
    relay = address_in(overlay, "mail-relay")
    source = pod(overlay, name)
    for port in (587, 465):
        assert may_connect(policies(overlay), source, relay, port) == (name == "notifications")
    assert not may_connect(policies(overlay), source, relay, 25), "no plaintext relay port"
    assert not may_connect(policies(overlay), source, NOTIFY, 587), "no other relay"


@pytest.mark.parametrize("name", PORTS)
def test_https_out_reaches_public_addresses_but_not_private_or_metadata(
    overlay: Build, name: str
) -> None:
    source = pod(overlay, name)
    assert may_connect(policies(overlay), source, NOTIFY, 443)
    assert not may_connect(policies(overlay), source, NOTIFY, 80)
    assert not may_connect(policies(overlay), source, METADATA, 80)
    assert not may_connect(policies(overlay), source, METADATA, 443)
    assert not may_connect(policies(overlay), source, ELSEWHERE_PRIVATE, 443)


def test_the_evaluator_denies_without_policies_only_when_isolated() -> None:
    """The evaluator itself: a pod nobody selects is open; default deny closes it."""
    a = Endpoint("ns", {"app": "a"}, {"kubernetes.io/metadata.name": "ns"}, ports={"http": 80})
    b = Endpoint("ns", {"app": "b"}, {"kubernetes.io/metadata.name": "ns"}, ports={"http": 80})
    assert may_connect([], a, b, 80)
    deny = {
        "metadata": {"name": "deny", "namespace": "ns"},
        "spec": {"podSelector": {}, "policyTypes": ["Ingress", "Egress"]},
    }
    assert not may_connect([deny], a, b, 80)
