"""An erasure answer's downstream requests: one per service an event asks, one for the
contacts tombstones, and none for a record the erasure did not publish."""

from __future__ import annotations

from uuid import uuid4

from t2t_shared.http.erasure import (
    NOTIFICATIONS_FORGET,
    TOMBSTONE,
    DownstreamRequest,
    asked_by_event,
    asked_by_tombstones,
)


def test_an_event_asks_each_service_that_reads_it() -> None:
    keys = [uuid4(), uuid4()]
    asked = asked_by_event("t2t.x.Gone.v1", "t2t.x.events", keys, {"groups": "g", "ops": "o"})
    assert asked == [
        DownstreamRequest(
            service="groups", by="t2t.x.Gone.v1", topic="t2t.x.events", keys=keys, effect="g"
        ),
        DownstreamRequest(
            service="ops", by="t2t.x.Gone.v1", topic="t2t.x.events", keys=keys, effect="o"
        ),
    ]


def test_tombstones_ask_notifications_to_forget() -> None:
    keys = [uuid4()]
    (asked,) = asked_by_tombstones("t2t.x.contacts", keys)
    assert (asked.service, asked.by, asked.topic, asked.keys) == (
        "notifications",
        TOMBSTONE,
        "t2t.x.contacts",
        keys,
    )
    assert asked.effect == NOTIFICATIONS_FORGET


def test_a_record_not_published_asks_nobody() -> None:
    assert asked_by_event("t2t.x.Gone.v1", "t2t.x.events", [], {"groups": "g"}) == []
    assert asked_by_tombstones("t2t.x.contacts", []) == []
