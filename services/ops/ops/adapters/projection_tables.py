"""Tables of the durable read models: rebuildable from the topics, resumed from their offsets.

The one definition of these tables: migration 0004 created them as they were then, and a
test compares every migrated database with this metadata. Every table here is derived from
the public topics (a rebuild truncates and replays them), except `lag_samples`, which the
console measures itself, and `erased_referrals`, which outlives rebuilds. Nothing is keyed
by a person: a referral's row loses its referral id when the referral is erased, and keeps
its counts.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

metadata = sa.MetaData()

TS = sa.DateTime(timezone=True)

projection_offsets = sa.Table(
    "projection_offsets",
    metadata,
    sa.Column("topic", sa.Text, primary_key=True),
    sa.Column("partition", sa.Integer, primary_key=True),
    sa.Column("next_offset", sa.BigInteger, nullable=False),
)

projection_seen = sa.Table(
    "projection_seen",
    metadata,
    # md5 of "ce_source ce_id" as a uuid: a quarter of the index of the two texts.
    sa.Column("event_key", UUID(as_uuid=False), primary_key=True),
)

event_counts = sa.Table(
    "event_counts",
    metadata,
    sa.Column("type", sa.Text, primary_key=True),
    sa.Column("count", sa.BigInteger, nullable=False),
)

JOURNEY_TIMES = (
    "received_at",
    "accepted_at",
    "contacted_at",
    "placed_at",
    "joined_at",
    "attended_at",
    "regular_at",
    "waitlisted_at",
    "left_waitlist_at",
    "closed_at",
)

journeys = sa.Table(
    "journeys",
    metadata,
    sa.Column("referral_id", sa.Text, primary_key=True),  # erased-<uuid> once erased
    sa.Column("area", sa.Text),
    sa.Column("source", sa.Text),
    sa.Column("ods_code", sa.Text),
    *(sa.Column(name, TS) for name in JOURNEY_TIMES),
    sa.Column("outcome", sa.Text),
    sa.Column("seconds_to_first_contact", sa.Float),
    sa.Column("within_target", sa.Boolean),
    sa.Index("ix_journeys_area_received", "area", "received_at"),
    sa.Index("ix_journeys_ods_received", "ods_code", "received_at"),
)

group_states = sa.Table(
    "group_states",
    metadata,
    sa.Column("group_id", sa.Text, primary_key=True),
    sa.Column("area", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("free_places", sa.Integer, nullable=False),
    sa.Column("described", sa.Boolean, nullable=False),
    sa.Column("opened_at", TS),
    sa.Column("closed_at", TS),
)

VOLUNTEER_TIMES = (
    "applied_at",
    "screened_at",
    "trained_at",
    "assigned_at",
    "paused_at",
    "left_at",
)

volunteer_states = sa.Table(
    "volunteer_states",
    metadata,
    sa.Column("volunteer_id", sa.Text, primary_key=True),
    sa.Column("area", sa.Text),
    sa.Column("furthest", sa.Integer, nullable=False),
    sa.Column("left_reason", sa.Text),
    *(sa.Column(name, TS) for name in VOLUNTEER_TIMES),
)

provider_states = sa.Table(
    "provider_states",
    metadata,
    sa.Column("provider", sa.Text, primary_key=True),
    sa.Column("channel", sa.Text),
    sa.Column("paused", sa.Boolean, nullable=False),
    sa.Column("since", TS, nullable=False),
    sa.Column("reason", sa.Text),
    sa.Column("retry_at", TS),
    sa.Column("paused_for_s", sa.Float),
    sa.Column("pauses", sa.Integer, nullable=False),
    sa.Column("last_report", TS),
)

notification_outcomes = sa.Table(
    "notification_outcomes",
    metadata,
    sa.Column("notification_id", sa.Text, primary_key=True),
    sa.Column("outcome", sa.Text, primary_key=True),
    sa.Column("area", sa.Text),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("reason", sa.Text),
)

session_attendance = sa.Table(
    "session_attendance",
    metadata,
    sa.Column("session_id", sa.Text, primary_key=True),
    sa.Column("area", sa.Text),
    sa.Column("day", sa.Date, nullable=False),
    sa.Column("present", sa.Integer, nullable=False),
    sa.Column("lines", sa.Integer, nullable=False),
    sa.Index("ix_session_attendance_area_day", "area", "day"),
)

practices = sa.Table(
    "practices",
    metadata,
    sa.Column("ods_code", sa.Text, primary_key=True),
    sa.Column("name", sa.Text),
    sa.Column("area", sa.Text),
    sa.Column("status", sa.Text),
    sa.Column("postcode_district", sa.Text),
    sa.Column("registered_at", TS),
    sa.Index("ix_practices_area", "area"),
)

practice_engagements = sa.Table(
    "practice_engagements",
    metadata,
    sa.Column("outreach_id", sa.Text, primary_key=True),
    sa.Column("ods_code", sa.Text, nullable=False, index=True),
    sa.Column("area", sa.Text),
    sa.Column("kind", sa.Text),
    sa.Column("engaged_at", TS, nullable=False),
)

lag_samples = sa.Table(
    "lag_samples",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("at", TS, nullable=False, index=True),
    sa.Column("consumer_group", sa.Text, nullable=False),
    sa.Column("lag", sa.BigInteger, nullable=False),
)

erased_referrals = sa.Table(
    "erased_referrals",
    metadata,
    # SHA-256 of an erased referral's id, never the id: a placement event that arrives after
    # the erasure must not bring the id back (groups' topic is in no order with referrals').
    sa.Column("digest", sa.Text, primary_key=True),
)

DERIVED = (
    projection_offsets,
    projection_seen,
    event_counts,
    journeys,
    group_states,
    volunteer_states,
    provider_states,
    notification_outcomes,
    session_attendance,
    practices,
    practice_engagements,
)
"""Everything a rebuild truncates: what the topics can give back."""
