"""The console measures lag through its probe, flags rising lag and exports it as metrics."""

from __future__ import annotations

from datetime import timedelta

from prometheus_client import REGISTRY

from ops.domain.lag import PartitionPosition
from ops.domain.topic_selection import TopicSelection
from ops.service_layer.console import Console

from .support import NOW, FakeAudit, FakePublisher


class FakeProbe:
    def __init__(self) -> None:
        self.behind = 0
        self.asked: list[list[str]] = []

    async def positions(self, groups: list[str]) -> dict[str, list[PartitionPosition]]:
        self.asked.append(groups)
        oldest = NOW - timedelta(seconds=12)
        return {
            g: [PartitionPosition("t2t.referrals.events", 0, 10, 10 + self.behind, oldest)]
            for g in groups
        }


async def test_lag_is_measured_for_each_consumer_group_and_flagged_when_rising() -> None:
    probe = FakeProbe()
    console = Console(
        selection=TopicSelection("t2t.x."),
        publisher=FakePublisher(),
        audit=FakeAudit(),
        lag_probe=probe,
        consumers=("groups", "notifications"),
        clock=lambda: NOW,
    )
    for behind in (0, 3, 7):
        probe.behind = behind
        await console.refresh_lag()
    assert probe.asked[0] == ["t2t.x.groups", "t2t.x.notifications"]
    assert [lag.rising for lag in console.lag] == [False, False]
    probe.behind = 20
    (groups, _) = await console.refresh_lag()
    assert (groups.group, groups.messages, groups.seconds, groups.rising) == (
        "t2t.x.groups",
        20,
        12.0,
        True,
    )
    labels = {"group": "t2t.x.groups"}
    assert REGISTRY.get_sample_value("t2t_ops_consumer_lag_messages", labels) == 20
    assert REGISTRY.get_sample_value("t2t_ops_consumer_lag_rising", labels) == 1
