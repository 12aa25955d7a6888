"""Tables of the groups database (SQLAlchemy Core; the domain knows nothing of them)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from t2t_shared.db import define_messaging_tables

metadata = sa.MetaData()

outbox, processed_messages = define_messaging_tables(metadata)

TS = sa.DateTime(timezone=True)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("venue_name", sa.Text),
    sa.Column("venue_address", sa.Text),
    sa.Column("venue_postcode", sa.Text),
    sa.Column("accessibility_notes", sa.Text),
    sa.Column("joining_link", sa.Text),
    sa.Column("schedule", JSONB, nullable=False),
    sa.Column("capacity", sa.Integer, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("facilitator_lapsed", sa.Boolean, nullable=False, server_default=sa.false()),
    sa.Column("created_at", TS, nullable=False),
    sa.Column("closed_at", TS),
    sa.Column("close_reason", sa.Text),
    sa.Index("ix_groups_area_status", "area", "status"),
)

facilitators = sa.Table(
    "facilitators",
    metadata,
    sa.Column("volunteer_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("valid_until", sa.Date),
    sa.Column("training_expired", sa.Boolean, nullable=False),
    sa.Column("dbs_expired", sa.Boolean, nullable=False),
    sa.Column("paused", sa.Boolean, nullable=False),
    sa.Column("left", sa.Boolean, nullable=False),
)

group_facilitators = sa.Table(
    "group_facilitators",
    metadata,
    sa.Column("group_id", UUID(as_uuid=True), sa.ForeignKey("groups.id"), primary_key=True),
    sa.Column("volunteer_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("assigned_at", TS, nullable=False),
    sa.Index("ix_group_facilitators_volunteer", "volunteer_id"),
)

placements = sa.Table(
    "placements",
    metadata,
    sa.Column("referral_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("postcode_district", sa.Text),
    sa.Column("format_preference", sa.Text),
    sa.Column("received_at", TS, nullable=False),
    sa.Column("accepted_at", TS, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("group_id", UUID(as_uuid=True), sa.ForeignKey("groups.id")),
    sa.Column("waiting_since", TS),
    sa.Column("offered_at", TS),
    sa.Column("offer_expires_at", TS),
    sa.Column("distance_km", sa.Float),
    sa.Column("joined_at", TS),
    sa.Column("left_at", TS),
    sa.Column("left_reason", sa.Text),
    sa.Index(
        "ix_placements_waiting",
        "area",
        "received_at",
        "referral_id",
        postgresql_where=sa.text("status = 'waiting'"),
    ),
    sa.Index("ix_placements_group_status", "group_id", "status"),
    sa.Index(
        "ix_placements_offer_expiry",
        "offer_expires_at",
        postgresql_where=sa.text("status = 'offered'"),
    ),
)

sessions = sa.Table(
    "sessions",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("group_id", UUID(as_uuid=True), sa.ForeignKey("groups.id"), nullable=False),
    sa.Column("slot_at", TS, nullable=False),
    sa.Column("starts_at", TS, nullable=False),
    sa.Column("ends_at", TS, nullable=False),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("cancel_reason", sa.Text),
    # The generator runs on every replica and on every opening: the slot is claimed once.
    sa.UniqueConstraint("group_id", "slot_at", name="uq_sessions_group_slot"),
    sa.Index("ix_sessions_group_starts", "group_id", "starts_at"),
)

attendance = sa.Table(
    "attendance",
    metadata,
    sa.Column("session_id", UUID(as_uuid=True), sa.ForeignKey("sessions.id"), primary_key=True),
    sa.Column(
        "referral_id", UUID(as_uuid=True), sa.ForeignKey("placements.referral_id"), primary_key=True
    ),
    sa.Column("attendance", sa.Text, nullable=False),
    sa.Column("recorded_at", TS, nullable=False),
    sa.Index("ix_attendance_referral", "referral_id"),
)
