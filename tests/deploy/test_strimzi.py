"""Strimzi resources of every overlay, checked structurally (no schema is bundled for them):
the Kafka cluster's durability and security, a KafkaTopic for exactly the contract's topics,
and KafkaUser ACLs that keep the contacts topics to their owner and notifications, let each
consumer join only its own groups and let the ops console redrive to the events topics only.

An overlay for a region on an external Kafka leaves deploy/components/strimzi-kafka out;
its checks are skipped once it is shown to point the services elsewhere.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ops.domain.topic_selection import TopicSelection
from t2t_shared.messaging.consumer import EventConsumer
from t2t_shared.messaging.routes import Routes
from t2t_shared.topics import CONTACTS_CONFIG, Topics

if TYPE_CHECKING:
    from conftest import Build

REPO = Path(__file__).resolve().parents[2]
API = "kafka.strimzi.io/v1beta2"
PREFIX = "t2t."
DAY_MS = 24 * 3600 * 1000
PUBLISHERS = ["referrals", "groups", "volunteers", "notifications"]
CONTACT_OWNERS = ["referrals", "volunteers"]
# The services with a consumer group (an entrypoints/consumers.py), hence a retry and a DLQ.
CONSUMERS = ["referrals", "groups", "volunteers", "notifications"]
# The ops console reads with assign + seek and no consumer group; it owns no topic.
CONSOLE = "ops"
USERS = [*CONSUMERS, CONSOLE]
# The national MirrorMaker 2 (deploy/national) reads the region's public events only.
MIRROR = "national-mirror"
# The topics each consumer group subscribes to, as its bootstrap wires its consumer
# (test_the_consumes_table_is_what_the_services_subscribe_to keeps the two together).
CONSUMES = {
    "referrals": [f"{PREFIX}groups.events", f"{PREFIX}notifications.events"],
    "groups": [f"{PREFIX}referrals.events", f"{PREFIX}volunteers.events"],
    "volunteers": [f"{PREFIX}groups.events"],
    "notifications": [
        *(f"{PREFIX}{s}.events" for s in ("referrals", "groups", "volunteers")),
        *(f"{PREFIX}{s}.contacts" for s in CONTACT_OWNERS),
    ],
}
EVENTS = {f"{PREFIX}{s}.events": s for s in PUBLISHERS}
CONTACTS = {f"{PREFIX}{s}.contacts": s for s in CONTACT_OWNERS}
RETRY = {f"{PREFIX}{c}.retry": c for c in CONSUMERS}
DLQ = {f"{PREFIX}{c}.dlq": c for c in CONSUMERS}
OWNER = EVENTS | CONTACTS | RETRY | DLQ  # topic -> the service that owns (creates) it


def group_ids(consumer: str) -> set[str]:
    """The consumer groups the shared EventConsumer joins: its topics' and its retry topic's."""
    main = EventConsumer(
        name=consumer, topics=Topics(PREFIX), routes=Routes(), producer_factory=lambda: None
    ).group_id
    return {main, f"{main}.retry"}  # EventConsumer.register: the retry subscriber's group


GROUPS = {g: c for c in CONSUMERS for g in group_ids(consumer=c)}  # group id -> its consumer
# The groups whose lag the console measures, as it names them.
LAG_GROUPS = {TopicSelection(PREFIX).group_id(c) for c in PUBLISHERS}

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
            # The cluster compacts erased records away as the services' own topics do.
            assert {k: str(v) for k, v in config.items()} == CONTACTS_CONFIG, name
        else:
            assert config["cleanup.policy"] == "delete", name
        if name in EVENTS:
            assert config["retention.ms"] == 30 * DAY_MS, name
        if name in DLQ:
            assert config["retention.ms"] == 90 * DAY_MS, name


def test_there_is_a_scram_user_with_simple_authorization_per_consumer(cluster: Build) -> None:
    users = cluster.named("KafkaUser")
    assert set(users) == {*USERS, MIRROR}
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


def test_each_topic_is_written_only_by_its_owner_and_events_also_by_the_console(
    cluster: Build,
) -> None:
    users = cluster.named("KafkaUser")
    for topic, owner in OWNER.items():
        # The console redrives dead letters to the public events topic they came from.
        writers = {owner, CONSOLE} if topic in EVENTS else {owner}
        assert users_who(users, "Write", topic) == writers, topic


def test_the_console_redrives_to_events_topics_only_and_never_reads_contacts(
    cluster: Build,
) -> None:
    ops = cluster.named("KafkaUser")[CONSOLE]
    for topic in EVENTS:
        assert can(ops, "Write", topic), topic
    for topic in CONTACTS:
        assert not granted(ops, "topic", topic), f"ops has rights on the restricted {topic}"
    for topic in RETRY | DLQ:
        assert not can(ops, "Write", topic), topic


def test_the_console_may_do_exactly_what_it_needs(cluster: Build) -> None:
    ops = cluster.named("KafkaUser")[CONSOLE]
    acls = ops["spec"]["authorization"]["acls"]
    assert {acl["resource"]["type"] for acl in acls} <= {"topic", "group"}, "no cluster rights"
    assert not any("Create" in acl["operations"] for acl in acls), "it owns no topic"
    for topic in OWNER:
        wanted = {"Read", "Describe", "Write"} if topic in EVENTS else set()
        wanted |= {"Read", "Describe"} if topic in DLQ else set()
        assert granted(ops, "topic", topic) == wanted, topic
    named = {acl["resource"]["name"] for acl in acls if acl["resource"]["type"] == "group"}
    assert named == LAG_GROUPS
    for group in named:
        # Describe fetches a group's committed offsets (lag); Read would let it join or commit.
        assert granted(ops, "group", group) == {"Describe"}, group


def subscriptions(service: str) -> set[str]:
    """The topics a service's consumer really subscribes to, from its composition root."""
    config = importlib.import_module(f"{service}.config")
    bootstrap = importlib.import_module(f"{service}.bootstrap")
    settings = config.Settings(
        database_url="postgresql://nobody@127.0.0.1:1/none", topic_prefix=PREFIX
    )
    consumer = bootstrap.bootstrap(settings).runtime.consumer
    return set(consumer.routes.by_topic) if consumer is not None else set()


def test_the_consumes_table_is_what_the_services_subscribe_to() -> None:
    found = {p.parents[2].name for p in REPO.glob("services/*/*/entrypoints/consumers.py")}
    assert found == set(CONSUMERS)
    for consumer in CONSUMERS:
        assert subscriptions(consumer) == set(CONSUMES[consumer]), consumer


@pytest.mark.parametrize("consumer", CONSUMERS)
def test_each_consumer_reads_what_it_consumes_in_its_own_groups(
    cluster: Build, consumer: str
) -> None:
    user = cluster.named("KafkaUser")[consumer]
    for topic in CONSUMES[consumer]:
        assert can(user, "Read", topic), topic
    assert can(user, "Read", f"{PREFIX}{consumer}.retry")
    for group in group_ids(consumer):
        assert "Read" in granted(user, "group", group), group
    joinable = {g for g in GROUPS if "Read" in granted(user, "group", g)}
    assert joinable == group_ids(consumer), "a user joins no other service's consumer group"


def test_nobody_but_its_consumer_joins_a_group(cluster: Build) -> None:
    users = cluster.named("KafkaUser")
    for group, consumer in GROUPS.items():
        joiners = {n for n, u in users.items() if "Read" in granted(u, "group", group)}
        assert joiners == {consumer}, group


def test_the_national_mirror_reads_the_public_events_and_nothing_else(cluster: Build) -> None:
    mirror = cluster.named("KafkaUser")[MIRROR]
    topics = set(EVENTS) | set(CONTACTS) | set(RETRY) | set(DLQ)
    readable = {t for t in topics if "Read" in granted(mirror, "topic", t)}
    assert readable == set(EVENTS)
    for topic in topics:
        assert not granted(mirror, "topic", topic) & {"Write", "Create", "Delete", "Alter", "All"}
    for group in GROUPS:
        assert not granted(mirror, "group", group), "the mirror joins no service's group"


@pytest.mark.parametrize("name", USERS)
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
