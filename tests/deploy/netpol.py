"""Kubernetes NetworkPolicy semantics, enough to ask "may A open a connection to B:port?".

A pod selected by any policy of a direction is isolated in it; a connection is allowed when
the source may send it (egress) and the destination may take it (ingress). Only what the
manifests use is modelled: pod and namespace selectors, ipBlocks, numbered and named ports.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from typing import Any

Doc = dict[str, Any]


@dataclass(frozen=True)
class Endpoint:
    """A pod (namespace, labels, named ports) or an address outside the cluster."""

    namespace: str | None
    labels: dict[str, str] = field(default_factory=dict)
    namespace_labels: dict[str, str] = field(default_factory=dict)
    ip: str = "10.255.0.1"
    ports: dict[str, int] = field(default_factory=dict)

    @property
    def in_cluster(self) -> bool:
        return self.namespace is not None


def selects(selector: Doc | None, labels: dict[str, str]) -> bool:
    if selector is None:
        return True
    if any(labels.get(k) != v for k, v in selector.get("matchLabels", {}).items()):
        return False
    for expr in selector.get("matchExpressions", []):
        key, op, values = expr["key"], expr["operator"], expr.get("values", [])
        present = key in labels
        ok = {
            "In": present and labels.get(key) in values,
            "NotIn": not present or labels.get(key) not in values,
            "Exists": present,
            "DoesNotExist": not present,
        }[op]
        if not ok:
            return False
    return True


def peer_matches(peer: Doc, other: Endpoint, policy_namespace: str) -> bool:
    if "ipBlock" in peer:
        block = peer["ipBlock"]
        address = ipaddress.ip_address(other.ip)
        if address not in ipaddress.ip_network(block["cidr"]):
            return False
        return not any(address in ipaddress.ip_network(e) for e in block.get("except", []))
    if not other.in_cluster:
        return False
    if "namespaceSelector" in peer:
        if not selects(peer["namespaceSelector"], other.namespace_labels):
            return False
    elif other.namespace != policy_namespace:
        return False
    return selects(peer.get("podSelector"), other.labels)


def port_matches(ports: list[Doc] | None, target: Endpoint, port: int, protocol: str) -> bool:
    if not ports:
        return True
    for entry in ports:
        if entry.get("protocol", "TCP") != protocol:
            continue
        wanted = entry.get("port")
        if wanted is None or wanted == port or target.ports.get(str(wanted)) == port:
            return True
    return False


def _allowed(
    policies: list[Doc],
    pod: Endpoint,
    other: Endpoint,
    direction: str,
    dest: Endpoint,
    port: int,
    protocol: str,
) -> bool:
    kind = "Ingress" if direction == "ingress" else "Egress"
    peer_key = "from" if direction == "ingress" else "to"
    mine = [
        p
        for p in policies
        if p["metadata"]["namespace"] == pod.namespace
        and kind in p["spec"].get("policyTypes", ["Ingress"])
        and selects(p["spec"]["podSelector"], pod.labels)
    ]
    if not mine:
        return True  # not isolated in this direction
    for policy in mine:
        for rule in policy["spec"].get(direction, []):
            peers = rule.get(peer_key)
            if (
                not peers
                or any(peer_matches(p, other, policy["metadata"]["namespace"]) for p in peers)
            ) and port_matches(rule.get("ports"), dest, port, protocol):
                return True
    return False


def may_connect(
    policies: list[Doc], source: Endpoint, dest: Endpoint, port: int, protocol: str = "TCP"
) -> bool:
    """Whether `source` may open a connection to `dest` on `port` under `policies`."""
    out = not source.in_cluster or _allowed(policies, source, dest, "egress", dest, port, protocol)
    into = not dest.in_cluster or _allowed(policies, dest, source, "ingress", dest, port, protocol)
    return out and into


def may_send(policies: list[Doc], source: Endpoint, dest: Endpoint, port: int) -> bool:
    """The egress side only: for destinations whose ingress another party governs (Strimzi's
    generated policy for the brokers)."""
    return _allowed(policies, source, dest, "egress", dest, port, "TCP")
