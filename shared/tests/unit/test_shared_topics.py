"""Topic names from the deployment's prefix, and the topics a service owns."""

from __future__ import annotations

from typing import ClassVar

import pytest
import sqlalchemy as sa

from t2t_shared.runtime import ServiceRuntime
from t2t_shared.settings import ServiceSettings
from t2t_shared.topics import (
    RETENTION_30_DAYS_MS,
    RETENTION_90_DAYS_MS,
    Topics,
    TopicSpec,
    owned_topics,
)
from t2t_shared.uow import SqlUnitOfWork


def test_names_use_the_default_prefix() -> None:
    topics = Topics()

    assert topics.events("referrals") == "t2t.referrals.events"
    assert topics.contacts("referrals") == "t2t.referrals.contacts"
    assert topics.retry("notifications") == "t2t.notifications.retry"
    assert topics.dlq("notifications") == "t2t.notifications.dlq"


def test_names_use_a_regional_prefix() -> None:
    topics = Topics("wy.")

    assert topics.events("groups") == "wy.groups.events"
    assert topics.dlq("groups") == "wy.groups.dlq"


def test_a_plain_publisher_owns_only_its_event_topic() -> None:
    specs = owned_topics(Topics(), service="groups", partitions=6)

    assert specs == [
        TopicSpec("t2t.groups.events", 6, {"retention.ms": RETENTION_30_DAYS_MS}),
    ]


def test_contacts_are_owned_and_compacted_only_when_asked() -> None:
    specs = owned_topics(Topics(), service="referrals", partitions=3, publishes_contacts=True)

    assert [s.name for s in specs] == ["t2t.referrals.events", "t2t.referrals.contacts"]
    assert specs[1].config["cleanup.policy"] == "compact"
    assert specs[1].partitions == 3


def test_an_erased_contact_record_is_compacted_away_within_a_day() -> None:
    [_, contacts] = owned_topics(
        Topics(), service="volunteers", partitions=3, publishes_contacts=True
    )

    day_ms = 24 * 3600 * 1000
    # The broker rolls and compacts a segment at the latest this long after a tombstone
    # landed on it, whatever the traffic.
    assert int(contacts.config["max.compaction.lag.ms"]) == day_ms
    assert int(contacts.config["segment.ms"]) <= day_ms
    assert int(contacts.config["min.compaction.lag.ms"]) < day_ms
    # A tombstone outlives the compaction for as long as events topics keep their records, so
    # a reader that can still catch up on events also sees every erasure.
    assert contacts.config["delete.retention.ms"] == RETENTION_30_DAYS_MS


def test_a_consumer_owns_its_retry_and_dlq() -> None:
    specs = owned_topics(
        Topics("ne."), service="notifications", partitions=4, consumer="notifications"
    )

    by_name = {s.name: s for s in specs}
    assert list(by_name) == [
        "ne.notifications.events",
        "ne.notifications.retry",
        "ne.notifications.dlq",
    ]
    assert by_name["ne.notifications.dlq"].config == {"retention.ms": RETENTION_90_DAYS_MS}
    assert all(s.partitions == 4 for s in specs)


def test_everything_at_once() -> None:
    specs = owned_topics(
        Topics(), service="referrals", partitions=3, publishes_contacts=True, consumer="referrals"
    )

    assert [s.name for s in specs] == [
        "t2t.referrals.events",
        "t2t.referrals.contacts",
        "t2t.referrals.retry",
        "t2t.referrals.dlq",
    ]


def test_retention_values_are_in_milliseconds() -> None:
    assert RETENTION_30_DAYS_MS == "2592000000"
    assert RETENTION_90_DAYS_MS == "7776000000"


def test_a_service_that_publishes_nothing_owns_no_events_topic() -> None:
    class Console(ServiceSettings):
        service: ClassVar[str] = "console"
        default_port: ClassVar[int] = 8000

    runtime = ServiceRuntime(
        Console(database_url="postgresql://nobody@127.0.0.1:1/none"), outbox_table=None
    )
    assert runtime.topic_specs == []
    assert runtime.relay is None
    with pytest.raises(RuntimeError, match="publishes nothing"):
        runtime.unit_of_work(SqlUnitOfWork, inbox_table=sa.Table("t", sa.MetaData()))
