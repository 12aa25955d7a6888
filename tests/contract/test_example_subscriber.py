"""The example subscriber (confluent-kafka) against the real broker, fed by our own envelope."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from confluent_kafka import Consumer, TopicPartition

from notifications.events import NotificationSent
from referrals.events import ReferralReceived
from t2t_cli.contract.build import build
from t2t_shared.envelope import event_record
from t2t_shared.events import IntegrationEvent
from tests.fixtures.services import publish, unique_prefix

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
SUBSCRIBER = REPO / "examples" / "subscriber" / "subscriber.py"
# Tansu hands a new group its partitions in ~4 s with these, ~24 s with librdkafka's defaults.
FAST_JOIN = ["--option", "heartbeat.interval.ms=100", "--option", "session.timeout.ms=6000"]
Record = tuple[str, bytes | None, bytes | None, list[tuple[str, bytes]]]


def example(event: type[IntegrationEvent], **changes: Any) -> IntegrationEvent:
    """The contract's own example of the event, with a fresh aggregate id."""
    data = build().by_type()[event.ce_type()].example | changes
    return event.model_validate(data)


def record(event: IntegrationEvent, topic: str, **overrides: Any) -> Record:
    made = event_record(
        event,
        topic=topic,
        source="/t2t/test/" + event.service,
        schema_base_url="https://type2together.org.uk/schemas",
        event_id=overrides.pop("event_id", None),
    )
    headers = [(k, overrides.get(k, v)) for k, v in made.headers]
    value = overrides.get("value", made.value)
    return (topic, made.key.encode(), value, headers)


def subscribe(
    bootstrap: str, prefix: str, group: str, count: int, *extra: str
) -> subprocess.CompletedProcess[str]:
    """Run the example as a separate process until it has read `count` records."""
    return subprocess.run(
        [sys.executable, str(SUBSCRIBER), "--bootstrap", bootstrap, "--prefix", prefix,
         "--service", "referrals", "--service", "notifications", "--group", group,
         "--json", "--max-messages", str(count), "--timeout", "60", *FAST_JOIN, *extra],
        capture_output=True, text=True, timeout=90, check=False,
    )  # fmt: skip


@pytest.fixture(scope="module")
def run(kafka_bootstrap: str) -> dict[str, Any]:
    """Publish a mix of records, then run the example once as a separate process."""
    prefix = unique_prefix()
    referrals, notifications = f"{prefix}referrals.events", f"{prefix}notifications.events"
    received = example(ReferralReceived, referral_id=str(uuid.uuid4()))
    sent = example(NotificationSent, notification_id=str(uuid.uuid4()))
    newer = json.loads(received.model_dump_json()) | {"added_later": "an additive field"}
    broken = json.loads(received.model_dump_json())
    del broken["age_band"]
    unknown = [(k, b"t2t.referrals.SomethingNew.v1" if k == "ce_type" else v)
               for k, v in record(received, referrals)[3]]  # fmt: skip
    first = record(received, referrals, event_id=str(uuid.uuid4()))
    records = [
        first,
        record(sent, notifications),
        first,  # redelivered: the same ce_id again
        record(received, referrals, event_id=str(uuid.uuid4()), value=json.dumps(newer).encode()),
        record(received, referrals, value=json.dumps(broken).encode()),
        (referrals, first[1], first[2], unknown),
    ]

    async def setup() -> None:
        admin = AIOKafkaAdminClient(bootstrap_servers=kafka_bootstrap)
        await admin.start()
        try:
            await admin.create_topics([NewTopic(t, 2, 1) for t in (referrals, notifications)])
        finally:
            await admin.close()
        await publish(kafka_bootstrap, records)

    asyncio.run(setup())
    group = f"example-{uuid.uuid4().hex[:6]}"
    done = subscribe(kafka_bootstrap, prefix, group, len(records))
    return {
        "prefix": prefix,
        "done": done,
        "events": [json.loads(line) for line in done.stdout.splitlines()],
        "notes": [json.loads(line) for line in done.stderr.splitlines() if line.startswith("{")],
        "group": group,
        "topics": (referrals, notifications),
        "first_id": dict(first[3])["ce_id"].decode(),
        "received": json.loads(received.model_dump_json()),
        "sent": json.loads(sent.model_dump_json()),
    }


def test_it_prints_each_valid_event_once_decoded(run: dict[str, Any]) -> None:
    assert run["done"].returncode == 0, run["done"].stderr
    by_type: dict[str, list[dict[str, Any]]] = {}
    for event in run["events"]:
        by_type.setdefault(event["ce_type"], []).append(event)
    assert sorted(by_type) == [
        "t2t.notifications.NotificationSent.v1",
        "t2t.referrals.ReferralReceived.v1",
    ]
    assert by_type["t2t.notifications.NotificationSent.v1"][0]["data"] == run["sent"]
    first, newer = sorted(by_type["t2t.referrals.ReferralReceived.v1"],
                          key=lambda e: e["ce_id"] != run["first_id"])  # fmt: skip
    assert first["data"] == run["received"]
    assert first["key"] == run["received"]["referral_id"]
    # A tolerant reader: a field added later (an additive change) does not stop it.
    assert newer["data"]["added_later"] == "an additive field"


def test_it_skips_a_redelivered_event_by_its_ce_id(run: dict[str, Any]) -> None:
    duplicates = [n for n in run["notes"] if n.get("skipped") == "duplicate"]
    assert [d["ce_id"] for d in duplicates] == [run["first_id"]]


def test_it_refuses_a_record_that_breaks_the_schema_and_names_the_field(
    run: dict[str, Any],
) -> None:
    (invalid,) = [n for n in run["notes"] if n.get("skipped") == "invalid"]
    assert "does not match its schema" in invalid["reason"]
    assert "'age_band' is a required property" in invalid["reason"]


def test_it_ignores_event_types_it_does_not_know(run: dict[str, Any]) -> None:
    assert [n["reason"] for n in run["notes"] if n.get("skipped") == "ignored"] == [
        "unknown ce_type"
    ]


def test_it_committed_every_record_it_handled(run: dict[str, Any], kafka_bootstrap: str) -> None:
    # Reading committed offsets does not join the group, so this costs no rebalance.
    consumer = Consumer({"bootstrap.servers": kafka_bootstrap, "group.id": run["group"]})
    try:
        partitions = [TopicPartition(t, p) for t in run["topics"] for p in (0, 1)]
        committed = consumer.committed(partitions, timeout=10)
    finally:
        consumer.close()
    assert sum(max(tp.offset, 0) for tp in committed) == 6


def test_from_beginning_replays_what_the_group_already_committed(
    run: dict[str, Any], kafka_bootstrap: str
) -> None:
    again = subscribe(kafka_bootstrap, run["prefix"], run["group"], 6, "--from-beginning")
    assert again.returncode == 0, again.stderr
    replayed = [json.loads(line) for line in again.stdout.splitlines()]
    assert sorted(e["ce_id"] for e in replayed) == sorted(e["ce_id"] for e in run["events"])
