"""deploy/national: a national Kafka cluster fed by a Strimzi KafkaMirrorMaker2 that copies
each region's public events topics, and never a contacts, retry or dead-letter topic.

MirrorMaker 2 matches its patterns as Java regexes against the whole topic name
(`Pattern.matcher(name).matches()`); `re.fullmatch` has the same meaning for these patterns.
"""

from __future__ import annotations

import re
from types import ModuleType
from typing import Any

import pytest

from t2t_shared.topics import Topics

from .conftest import OVERLAYS, REPO, Build, kustomize

NATIONAL = REPO / "deploy" / "national"
API = "kafka.strimzi.io/v1beta2"
PREFIX = "t2t."
SERVICES = ["referrals", "groups", "volunteers", "notifications", "ops", "portal"]


@pytest.fixture(scope="module")
def national() -> Build:
    return Build("national", kustomize(NATIONAL))


@pytest.fixture(scope="module")
def mirror(national: Build) -> dict[str, Any]:
    (found,) = national.of_kind("KafkaMirrorMaker2")
    return found


def mirrored(mirror_spec: dict[str, Any], topic: str) -> bool:
    return all(
        re.fullmatch(m["topicsPattern"], topic)
        and not re.fullmatch(m.get("topicsExcludePattern", "(?!)"), topic)
        for m in [mirror_spec]
    )


def regional_topics() -> dict[str, list[str]]:
    """Every topic each region creates (its KafkaTopics), by overlay."""
    return {
        o: [t["spec"].get("topicName", t["metadata"]["name"]) for t in built.of_kind("KafkaTopic")]
        for o in OVERLAYS
        for built in [Build(o, kustomize(REPO / "deploy" / "overlays" / o))]
    }


def test_every_region_is_mirrored_into_the_national_cluster(mirror: dict[str, Any]) -> None:
    spec = mirror["spec"]
    aliases = {c["alias"]: c for c in spec["clusters"]}
    assert spec["connectCluster"] == "national"
    assert set(aliases) == {"national", *OVERLAYS}
    sources = {m["sourceCluster"] for m in spec["mirrors"]}
    assert sources == set(OVERLAYS)
    assert {m["targetCluster"] for m in spec["mirrors"]} == {"national"}
    for region in OVERLAYS:
        cluster = aliases[region]
        assert cluster["bootstrapServers"] == f"t2t-kafka-bootstrap.t2t-{region}.svc:9093"
        assert cluster["authentication"]["type"] == "scram-sha-512"
        assert cluster["authentication"]["username"] == "national-mirror"
        assert cluster["tls"]["trustedCertificates"], "TLS to the region's listener"


def test_the_patterns_take_every_events_topic_and_no_restricted_one(
    mirror: dict[str, Any],
) -> None:
    by_region = regional_topics()
    for region, topics in by_region.items():
        assert topics, region
        for spec in mirror["spec"]["mirrors"]:
            for topic in topics:
                assert mirrored(spec, topic) == topic.endswith(".events"), (region, topic)


@pytest.mark.parametrize("name", [*SERVICES, "events", "contacts", "national", "x"])
def test_no_contacts_retry_or_dlq_name_can_match_whatever_the_service(
    mirror: dict[str, Any], name: str
) -> None:
    """Also for services and consumer groups that do not exist yet."""
    topics = Topics(PREFIX)
    for spec in mirror["spec"]["mirrors"]:
        if name in SERVICES:
            assert mirrored(spec, topics.events(name))
        for restricted in (topics.contacts(name), topics.retry(name), topics.dlq(name)):
            assert not mirrored(spec, restricted), restricted
            assert not mirrored(spec, restricted + ".events"), "a suffix does not sneak in"


def test_the_pattern_check_catches_a_careless_pattern() -> None:
    assert mirrored({"topicsPattern": r"t2t\..*"}, "t2t.referrals.contacts")
    assert mirrored({"topicsPattern": r"t2t\..*\.events"}, "t2t.a.contacts.events")


def test_groups_acls_and_region_writes_are_not_mirrored(mirror: dict[str, Any]) -> None:
    for spec in mirror["spec"]["mirrors"]:
        assert "groupsPattern" not in spec
        assert "checkpointConnector" not in spec
        config = spec["sourceConnector"]["config"]
        assert config["offset-syncs.topic.location"] == "target", "nothing written to a region"
        assert config["sync.topic.acls.enabled"] == "false"
        assert config["replication.policy.separator"] == "."
        assert config["replication.factor"] == 3


def test_the_national_cluster_is_replicated_and_secured(national: Build) -> None:
    (kafka,) = national.of_kind("Kafka")
    spec = kafka["spec"]["kafka"]
    assert spec["config"]["min.insync.replicas"] == 2
    assert spec["config"]["default.replication.factor"] == 3
    assert spec["config"]["auto.create.topics.enable"] is False
    assert spec["authorization"]["type"] == "simple"
    (listener,) = spec["listeners"]
    assert listener["tls"] is True
    assert listener["authentication"]["type"] == "scram-sha-512"
    assert all(d["apiVersion"] == API for d in national.docs if "strimzi" in d["apiVersion"])
    for doc in national.docs:
        if doc["kind"] != "Namespace":
            assert doc["metadata"]["namespace"] == "t2t-national"


def test_each_region_admits_the_mirror_to_its_listener(overlay: Build) -> None:
    (kafka,) = overlay.of_kind("Kafka")
    (listener,) = kafka["spec"]["kafka"]["listeners"]
    peers = listener["networkPolicyPeers"]
    assert {
        "namespaceSelector": {"matchLabels": {"kubernetes.io/metadata.name": "t2t-national"}},
        "podSelector": {"matchLabels": {"strimzi.io/kind": "KafkaMirrorMaker2"}},
    } in peers


def test_national_built_in_kinds_pass_strict_validation(national: Build) -> None:
    kubernetes_validate: ModuleType = pytest.importorskip("kubernetes_validate")
    built_in = [d for d in national.docs if not d["apiVersion"].startswith("kafka.strimzi.io/")]
    assert {d["kind"] for d in built_in} == {"Namespace", "NetworkPolicy"}
    for doc in built_in:
        kubernetes_validate.validate(doc, "1.31", strict=True)


def test_the_mirror_may_reach_every_regions_brokers_and_ops_reads_every_copy(
    national: Build,
) -> None:
    policy = national.named("NetworkPolicy")["mirror-maker"]
    (regional, _) = policy["spec"]["egress"][0]["to"]
    (expression,) = regional["namespaceSelector"]["matchExpressions"]
    assert set(expression["values"]) == {f"t2t-{o}" for o in OVERLAYS}
    ops = national.named("KafkaUser")["ops"]
    prefixes = {acl["resource"]["name"] for acl in ops["spec"]["authorization"]["acls"]}
    assert prefixes == {f"{o}.t2t." for o in OVERLAYS}
