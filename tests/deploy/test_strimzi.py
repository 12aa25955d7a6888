"""Strimzi resources of every overlay, checked structurally (no schema is bundled for them):
the Kafka cluster's durability and security, a KafkaTopic for exactly the contract's topics,
and KafkaUser ACLs that keep the contacts topics to their owner and notifications.

An overlay for a region on an external Kafka leaves deploy/components/strimzi-kafka out;
its checks are skipped once it is shown to point the services elsewhere.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from conftest import Build

API = "kafka.strimzi.io/v1beta2"
PREFIX = "t2t."
DAY_MS = 24 * 3600 * 1000
PUBLISHERS = ["referrals", "groups", "volunteers", "notifications"]
CONTACT_OWNERS = ["referrals", "volunteers"]
CONSUMERS = ["referrals", "groups", "volunteers", "notifications", "ops"]
# Who consumes which public event topics (DESIGN.md §1).
CONSUMES = {
    "referrals": ["groups", "notifications"],
    "groups": ["referrals", "volunteers"],
    "volunteers": ["groups"],
    "notifications": PUBLISHERS,
    "ops": PUBLISHERS,
}
EVENTS = {f"{PREFIX}{s}.events": s for s in PUBLISHERS}
CONTACTS = {f"{PREFIX}{s}.contacts": s for s in CONTACT_OWNERS}
RETRY = {f"{PREFIX}{c}.retry": c for c in CONSUMERS}
DLQ = {f"{PREFIX}{c}.dlq": c for c in CONSUMERS}
OWNER = EVENTS | CONTACTS | RETRY | DLQ  # topic -> the only user that may write it

# Kafka's ACL semantics: these operations imply Describe; All implies everything.
IMPLIED = {op: {op, "Describe"} for op in ("Read", "Write", "Delete", "Alter")}


def granted(user: dict[str, Any], kind: str, name: str) -> set[str]:
    """The operations `user`'s allow-ACLs grant on one resource, prefix and `*` rules included."""
    ops: set[str] = set()
    for acl in user["spec"]["authorization"]["acls"]:
        resource = acl["resource"]
        if acl.get("type", "allow") != "allow" or resource["type"] != kind:
            continue
        pattern, rule = resource.get("patternType", "literal"), resource.get("name", "*")
        if rule == "*" or (name.startswith(rule) if pattern == "prefix" else name == rule):
            for op in acl["operations"]:
                ops |= {"All"} if op == "All" else IMPLIED.get(op, {op})
    return ops


def can(user: dict[str, Any], op: str, topic: str) -> bool:
    ops = granted(user, "topic", topic)
    return "All" in ops or op in ops


@pytest.fixture
def cluster(overlay: Build) -> Build:
    """The overlay, if it runs its own Strimzi Kafka cluster."""
    if not overlay.of_kind("Kafka"):
        bootstrap = overlay.config_map("t2t-config")["data"]["T2T_KAFKA_BOOTSTRAP"]
        assert not bootstrap.startswith("t2t-kafka-bootstrap"), "no Strimzi cluster to reach"
        pytest.skip(f"{overlay.overlay} uses an external Kafka at {bootstrap}")
    return overlay


def users_who(users: dict[str, dict[str, Any]], op: str, topic: str) -> set[str]:
    return {name for name, user in users.items() if can(user, op, topic)}


def test_strimzi_resources_use_v1beta2_and_belong_to_the_cluster(cluster: Build) -> None:
    strimzi = [d for d in cluster.docs if d["apiVersion"].startswith("kafka.strimzi.io/")]
    assert {d["kind"] for d in strimzi} == {"Kafka", "KafkaNodePool", "KafkaTopic", "KafkaUser"}
    assert all(d["apiVersion"] == API for d in strimzi)
    (kafka_name,) = cluster.named("Kafka")
    for doc in strimzi:
        if doc["kind"] != "Kafka":
            assert doc["metadata"]["labels"]["strimzi.io/cluster"] == kafka_name, doc["metadata"]
        assert "spec" in doc


def test_kafka_is_kraft_replicated_and_secured(cluster: Build) -> None:
    (kafka,) = cluster.of_kind("Kafka")
    assert kafka["metadata"]["annotations"]["strimzi.io/kraft"] == "enabled"
    assert kafka["metadata"]["annotations"]["strimzi.io/node-pools"] == "enabled"
    spec = kafka["spec"]["kafka"]
    assert spec["config"]["default.replication.factor"] == 3
    assert spec["config"]["min.insync.replicas"] == 2
    assert spec["config"]["auto.create.topics.enable"] is False
    assert spec["listeners"], "at least one listener"
    for listener in spec["listeners"]:
        assert listener["tls"] is True, f"listener {listener['name']} is not TLS"
        assert listener["authentication"]["type"] == "scram-sha-512"
    assert spec["authorization"]["type"] == "simple"
    assert {"topicOperator", "userOperator"} <= set(kafka["spec"]["entityOperator"])

    roles = [(p["spec"]["replicas"], p["spec"]["roles"]) for p in cluster.of_kind("KafkaNodePool")]
    assert sum(n for n, r in roles if "broker" in r) >= 3
    assert sum(n for n, r in roles if "controller" in r) >= 3


def test_there_is_a_kafka_topic_for_exactly_the_contracts_topics(cluster: Build) -> None:
    assert set(cluster.named("KafkaTopic")) == set(OWNER)


def test_topics_are_partitioned_replicated_and_retained_by_their_role(cluster: Build) -> None:
    partitions = int(cluster.config_map("t2t-config")["data"]["T2T_TOPIC_PARTITIONS"])
    for name, topic in cluster.named("KafkaTopic").items():
        spec, config = topic["spec"], topic["spec"]["config"]
        assert spec["replicas"] == 3, name
        assert spec["partitions"] == partitions, f"{name}: the services create it that way too"
        if name in CONTACTS:
            assert config["cleanup.policy"] == "compact", name
            assert "retention.ms" not in config, "compaction, not time, bounds contacts"
        else:
            assert config["cleanup.policy"] == "delete", name
        if name in EVENTS:
            assert config["retention.ms"] == 30 * DAY_MS, name
        if name in DLQ:
            assert config["retention.ms"] == 90 * DAY_MS, name


def test_there_is_a_scram_user_with_simple_authorization_per_consumer(cluster: Build) -> None:
    users = cluster.named("KafkaUser")
    assert set(users) == set(CONSUMERS)
    for user in users.values():
        assert user["spec"]["authentication"]["type"] == "scram-sha-512"
        assert user["spec"]["authorization"]["type"] == "simple"


def test_only_the_owner_and_notifications_can_read_contacts(cluster: Build) -> None:
    users = cluster.named("KafkaUser")
    for topic, owner in CONTACTS.items():
        assert users_who(users, "Read", topic) == {owner, "notifications"}, topic
        # Describe alone leaks no data, but nobody else has any business with the topic.
        assert users_who(users, "Describe", topic) == {owner, "notifications"}, topic


def test_every_acl_is_literal_so_no_prefix_can_reach_a_restricted_topic(cluster: Build) -> None:
    for name, user in cluster.named("KafkaUser").items():
        for acl in user["spec"]["authorization"]["acls"]:
            resource = acl["resource"]
            assert resource.get("patternType") == "literal", (name, resource)
            assert resource.get("name") not in (None, "*"), (name, resource)
            assert "All" not in acl["operations"], (name, resource)


def test_each_topic_is_written_only_by_its_owner(cluster: Build) -> None:
    users = cluster.named("KafkaUser")
    for topic, owner in OWNER.items():
        assert users_who(users, "Write", topic) == {owner}, topic


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_each_consumer_reads_what_it_consumes_in_its_own_group(
    cluster: Build, consumer: str
) -> None:
    user = cluster.named("KafkaUser")[consumer]
    for service in CONSUMES[consumer]:
        assert can(user, "Read", f"{PREFIX}{service}.events"), service
    assert can(user, "Read", f"{PREFIX}{consumer}.retry")
    assert "Read" in granted(user, "group", consumer)
    joinable = {c for c in CONSUMERS if "Read" in granted(user, "group", c)}
    assert joinable == {consumer}, "a user joins no other service's consumer group"


@pytest.mark.parametrize("name", PUBLISHERS)
def test_each_service_authenticates_as_its_kafka_user(cluster: Build, name: str) -> None:
    (app,) = [
        c
        for c in cluster.named("Deployment")[name]["spec"]["template"]["spec"]["containers"]
        if c["name"] == "app"
    ]
    env = {e["name"]: e for e in app["env"]}
    assert env["T2T_KAFKA_SASL_USERNAME"]["value"] == name
    # Strimzi's User Operator writes the password into a Secret named after the user.
    ref = env["T2T_KAFKA_SASL_PASSWORD"]["valueFrom"]["secretKeyRef"]
    assert (ref["name"], ref["key"]) == (name, "password")
    assert name in cluster.named("KafkaUser")


def test_the_acl_check_catches_a_prefix_rule_over_the_contacts_topics() -> None:
    groups = {
        "spec": {
            "authorization": {
                "acls": [
                    {
                        "resource": {"type": "topic", "name": PREFIX, "patternType": "prefix"},
                        "operations": ["Read"],
                    }
                ]
            }
        }
    }
    users = {"groups": groups}
    assert users_who(users, "Read", f"{PREFIX}referrals.contacts") == {"groups"}
    groups["spec"]["authorization"]["acls"][0]["resource"] = {"type": "topic", "name": "*"}
    groups["spec"]["authorization"]["acls"][0]["operations"] = ["All"]
    assert users_who(users, "Read", f"{PREFIX}volunteers.contacts") == {"groups"}
