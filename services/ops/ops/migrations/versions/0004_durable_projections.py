"""durable projections: the console's read models, their offsets, practices and lag history

Revision ID: 0004_projections
Revises: 0003_delivery
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0004_projections"
down_revision: str | None = "0003_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TS = sa.DateTime(timezone=True)
TABLES = (
    "lag_samples",
    "practice_engagements",
    "practices",
    "session_attendance",
    "notification_outcomes",
    "provider_states",
    "volunteer_states",
    "group_states",
    "journeys",
    "event_counts",
    "projection_seen",
    "projection_offsets",
)


def upgrade() -> None:
    op.create_table(
        "projection_offsets",
        sa.Column("topic", sa.Text, primary_key=True),
        sa.Column("partition", sa.Integer, primary_key=True),
        sa.Column("next_offset", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "projection_seen",
        sa.Column("event_key", UUID(as_uuid=False), primary_key=True),
    )
    op.create_table(
        "event_counts",
        sa.Column("type", sa.Text, primary_key=True),
        sa.Column("count", sa.BigInteger, nullable=False),
    )
    op.create_table(
        "journeys",
        sa.Column("referral_id", sa.Text, primary_key=True),
        sa.Column("area", sa.Text),
        sa.Column("source", sa.Text),
        sa.Column("ods_code", sa.Text),
        sa.Column("received_at", TS),
        sa.Column("accepted_at", TS),
        sa.Column("contacted_at", TS),
        sa.Column("placed_at", TS),
        sa.Column("joined_at", TS),
        sa.Column("attended_at", TS),
        sa.Column("regular_at", TS),
        sa.Column("waitlisted_at", TS),
        sa.Column("left_waitlist_at", TS),
        sa.Column("closed_at", TS),
        sa.Column("outcome", sa.Text),
        sa.Column("seconds_to_first_contact", sa.Float),
        sa.Column("within_target", sa.Boolean),
    )
    op.create_index("ix_journeys_area_received", "journeys", ["area", "received_at"])
    op.create_index("ix_journeys_ods_received", "journeys", ["ods_code", "received_at"])
    op.create_table(
        "group_states",
        sa.Column("group_id", sa.Text, primary_key=True),
        sa.Column("area", sa.Text),
        sa.Column("status", sa.Text, nullable=False),
        sa.Column("capacity", sa.Integer, nullable=False),
        sa.Column("free_places", sa.Integer, nullable=False),
        sa.Column("described", sa.Boolean, nullable=False),
        sa.Column("opened_at", TS),
        sa.Column("closed_at", TS),
    )
    op.create_table(
        "volunteer_states",
        sa.Column("volunteer_id", sa.Text, primary_key=True),
        sa.Column("area", sa.Text),
        sa.Column("furthest", sa.Integer, nullable=False),
        sa.Column("left_reason", sa.Text),
        sa.Column("applied_at", TS),
        sa.Column("screened_at", TS),
        sa.Column("trained_at", TS),
        sa.Column("assigned_at", TS),
        sa.Column("paused_at", TS),
        sa.Column("left_at", TS),
    )
    op.create_table(
        "provider_states",
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
    op.create_table(
        "notification_outcomes",
        sa.Column("notification_id", sa.Text, primary_key=True),
        sa.Column("outcome", sa.Text, primary_key=True),
        sa.Column("area", sa.Text),
        sa.Column("channel", sa.Text, nullable=False),
        sa.Column("reason", sa.Text),
    )
    op.create_table(
        "session_attendance",
        sa.Column("session_id", sa.Text, primary_key=True),
        sa.Column("area", sa.Text),
        sa.Column("day", sa.Date, nullable=False),
        sa.Column("present", sa.Integer, nullable=False),
        sa.Column("lines", sa.Integer, nullable=False),
    )
    op.create_index("ix_session_attendance_area_day", "session_attendance", ["area", "day"])
    op.create_table(
        "practices",
        sa.Column("ods_code", sa.Text, primary_key=True),
        sa.Column("name", sa.Text),
        sa.Column("area", sa.Text),
        sa.Column("status", sa.Text),
        sa.Column("postcode_district", sa.Text),
        sa.Column("registered_at", TS),
    )
    op.create_index("ix_practices_area", "practices", ["area"])
    op.create_table(
        "practice_engagements",
        sa.Column("outreach_id", sa.Text, primary_key=True),
        sa.Column("ods_code", sa.Text, nullable=False),
        sa.Column("area", sa.Text),
        sa.Column("kind", sa.Text),
        sa.Column("engaged_at", TS, nullable=False),
    )
    op.create_index("ix_practice_engagements_ods_code", "practice_engagements", ["ods_code"])
    op.create_table(
        "lag_samples",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("at", TS, nullable=False),
        sa.Column("consumer_group", sa.Text, nullable=False),
        sa.Column("lag", sa.BigInteger, nullable=False),
    )
    op.create_index("ix_lag_samples_at", "lag_samples", ["at"])


def downgrade() -> None:
    for table in TABLES:
        op.drop_table(table)
