"""Folding a batch of events into the durable read models' rows (no database)."""

from __future__ import annotations

from datetime import timedelta

from ops.domain.journey import Journey
from ops.domain.practices import engagement_status
from ops.domain.projection_batch import ProjectionBatch, keys_of
from ops.domain.topic_selection import TopicSelection
from services.ops.tests.synthetic import Catalogue

from .support import NOW, observe


def test_a_journey_keeps_the_first_time_of_each_stage_and_where_it_came_from() -> None:
    records = Catalogue().referral(
        area="leeds", at=NOW, reach="regular_attender", ods_code="B86001"
    )
    batch = ProjectionBatch()
    batch.apply(observe(records))
    [journey] = batch.journeys.values()
    assert (journey.area, journey.source, journey.ods_code) == ("leeds", "gp", "B86001")
    assert journey.received_at == NOW
    assert journey.contacted_at == NOW + timedelta(days=1)
    assert journey.regular_at is not None
    assert journey.within_target is True
    assert batch.counts["t2t.referrals.ReferralReceived.v1"] == 1


def test_a_batch_continues_the_rows_it_loaded() -> None:
    cat = Catalogue()
    received, accepted, *_ = cat.referral(area="leeds", at=NOW, reach="contacted")
    loaded = Journey(received.key, area="leeds", source="gp", received_at=NOW - timedelta(days=3))
    batch = ProjectionBatch(journeys={loaded.referral_id: loaded})
    batch.apply(observe([received, accepted]))
    assert loaded.received_at == NOW - timedelta(days=3)
    assert loaded.accepted_at == NOW


def test_waiting_list_entry_and_exit_and_erasure() -> None:
    cat = Catalogue()
    waiting = cat.waitlisted(area="leeds", at=NOW)
    rid = waiting.key
    closed = cat.example(
        "referrals",
        "ReferralClosed",
        rid,
        {"referral_id": rid, "area": "leeds", "outcome": "other", "erased": True},
        at=NOW,
    )
    batch = ProjectionBatch()
    batch.apply(observe([waiting, closed]))
    journey = batch.journeys[rid]
    assert (journey.waitlisted_at, journey.left_waitlist_at) == (NOW, NOW)
    assert batch.erased() == [rid]


def test_the_keys_a_batch_must_load() -> None:
    cat = Catalogue()
    records = cat.group(area="leeds") + cat.volunteer(area="leeds") + cat.referral(area="leeds")
    records.append(cat.provider_paused("smtp", channel="email"))
    keys = keys_of(observe(records))
    assert (len(keys.groups), len(keys.volunteers), len(keys.referrals)) == (1, 1, 1)
    assert keys.providers == {"smtp"}


def test_notifications_attendance_and_the_register() -> None:
    cat = Catalogue()
    note = cat.notification(area="leeds", channel="sms", failed="no_address")
    records = [note, note, cat.practice_registered("B82005", area="leeds", status="dormant")]
    records += cat.referral(area="leeds", reach="attended_first_session")
    batch = ProjectionBatch()
    batch.apply(observe(records))
    [outcome] = batch.notifications.values()
    assert (outcome.outcome, outcome.channel, outcome.reason) == ("failed", "sms", "no_address")
    [session] = batch.sessions.values()
    assert (session.area, session.present, session.lines) == ("leeds", 1, 1)
    assert batch.practices["B82005"].status == "dormant"


def test_engagement_status_by_the_last_referral() -> None:
    assert engagement_status(None, NOW) == "never"
    assert engagement_status(NOW - timedelta(days=91), NOW) == "lapsed"
    assert engagement_status(NOW - timedelta(days=89), NOW) == "active"


def test_national_mode_qualifies_areas_by_the_region_of_the_topic() -> None:
    selection = TopicSelection("t2t.", regions=(("north-east", "ne.t2t."), ("wy", "wy.t2t.")))
    [event] = observe([Catalogue("ne.t2t.").notification(area="newcastle")])
    assert selection.kind("ne.t2t.referrals.events") == "events"
    assert selection.kind("t2t.referrals.events") is None
    assert selection.region_of("wy.t2t.groups.events") == "wy"
    assert selection.qualify(event).area == "north-east/newcastle"
    assert TopicSelection("t2t.").qualify(event).area == "newcastle"


def test_news_of_an_erased_referral_starts_no_row_unless_it_is_the_referrals_own() -> None:
    records = Catalogue().referral(area="leeds", at=NOW, reach="joined")
    rid = records[0].key
    received, *_, offered, joined = observe(records)
    late = ProjectionBatch(erased_before={rid})
    late.apply([offered, joined])
    assert late.journeys == {}
    assert late.counts[joined.type] == 1  # still counted as an event
    # A rebuild replays the referral's own events first: they build the row the erasure re-keys.
    replayed = ProjectionBatch(erased_before={rid})
    replayed.apply([received, offered])
    assert replayed.journeys[rid].placed_at == NOW
