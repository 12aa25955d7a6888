"""Lag in events and in time, which topics a group reads, and when lag is rising."""

from __future__ import annotations

from datetime import timedelta

from ops.domain.lag import NO_COMMIT, LagHistory, PartitionPosition, group_lag, subscribed_topics

from .support import NOW


def test_lag_sums_events_behind_and_dates_the_oldest_waiting() -> None:
    positions = [
        PartitionPosition("t.referrals.events", 0, 10, 14, NOW - timedelta(seconds=30)),
        PartitionPosition("t.referrals.events", 1, 5, 5, None),
        PartitionPosition("t.groups.events", 0, NO_COMMIT, 3, NOW - timedelta(seconds=90)),
    ]
    lag = group_lag("t.notifications", positions, now=NOW)
    assert lag.messages == 4 + 0 + 3
    assert lag.seconds == 90.0
    assert [(p.topic, p.partition) for p in lag.partitions] == [
        ("t.groups.events", 0),
        ("t.referrals.events", 0),
        ("t.referrals.events", 1),
    ]


def test_a_group_that_is_not_behind_has_no_age() -> None:
    lag = group_lag("g", [PartitionPosition("t", 0, 7, 7, NOW)], now=NOW)
    assert (lag.messages, lag.seconds) == (0, None)


def test_a_group_reads_the_topics_it_has_committed_on() -> None:
    committed = {("a", 0): 3, ("a", 1): NO_COMMIT, ("b", 0): NO_COMMIT}
    assert subscribed_topics(committed) == {"a"}


def test_lag_is_rising_only_when_it_grew_at_each_recent_step() -> None:
    history = LagHistory(window=3)
    assert [history.record("g", n) for n in (0, 5, 9)] == [False, False, False]
    assert history.record("g", 12) is True
    assert history.record("g", 12) is False
    assert history.record("other", 100) is False


def test_the_console_reads_public_events_and_dlqs_of_its_prefix_only() -> None:
    from ops.domain.topic_selection import TopicSelection

    selection = TopicSelection("t2t.west.")
    assert selection.kind("t2t.west.referrals.events") == "events"
    assert selection.kind("t2t.west.notifications.dlq") == "dlq"
    assert selection.kind("t2t.west.referrals.contacts") is None
    assert selection.kind("t2t.west.groups.retry") is None
    assert selection.kind("t2t.east.referrals.events") is None
    assert selection.kind("t2t.west.billing.events") is None
    assert TopicSelection("t2t.west.", kinds=("dlq",)).kind("t2t.west.referrals.events") is None
