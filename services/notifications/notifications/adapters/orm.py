"""Tables of the notifications database."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB, UUID

from t2t_shared.db import define_messaging_tables

metadata = sa.MetaData()

outbox, processed_messages = define_messaging_tables(metadata)

recipients = sa.Table(
    "recipients",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("email", sa.Text),
    sa.Column("mobile", sa.Text),
    sa.Column("preferred_channel", sa.Text, nullable=False),
    sa.Column("consent", sa.Boolean, nullable=False),
    sa.Column("details", JSONB, nullable=False, server_default=sa.text("'{}'::jsonb")),
    sa.Column("area", sa.Text),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

notifications = sa.Table(
    "notifications",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("cause_event_id", sa.Text, nullable=False),
    sa.Column("cause_type", sa.Text, nullable=False),
    sa.Column("subject_id", sa.Text, nullable=False),
    sa.Column("recipient_id", UUID(as_uuid=True), nullable=False),
    sa.Column("recipient_kind", sa.Text, nullable=False),
    sa.Column("template", sa.Text, nullable=False),
    sa.Column("channel", sa.Text),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("data", JSONB, nullable=False),
    sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("claimed_at", sa.DateTime(timezone=True)),
    sa.Column("sent_at", sa.DateTime(timezone=True)),
    sa.Column("last_error", sa.Text),
    sa.Column("area", sa.Text, nullable=False, server_default=""),
    sa.Column("category", sa.Text, nullable=False, server_default="service"),
    sa.Column("delivered_at", sa.DateTime(timezone=True)),
    # The fencing token: bumped by every claim, and every write that settles a send names
    # the claim it holds, so a late sender cannot touch a row another claim now owns.
    sa.Column("claim", sa.BigInteger, nullable=False, server_default="0"),
    # Set while a send whose outcome is unknown waits to be looked up at the provider.
    sa.Column("unresolved_at", sa.DateTime(timezone=True)),
    # Sent at most once per (event, recipient, template), however often the event arrives.
    sa.UniqueConstraint("cause_event_id", "recipient_id", "template", name="uq_notification_once"),
    sa.Index("ix_notifications_due", "due_at", postgresql_where=sa.text("status = 'pending'")),
    sa.Index("ix_notifications_subject", "subject_id"),
    sa.Index("ix_notifications_recipient", "recipient_id"),
    sa.Index(
        "ix_notifications_sending", "claimed_at", postgresql_where=sa.text("status = 'sending'")
    ),
    sa.Index(
        "ix_notifications_settled",
        "created_at",
        postgresql_where=sa.text("status IN ('sent', 'delivered', 'failed', 'cancelled')"),
    ),
)

attempts = sa.Table(
    "notification_attempts",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column(
        "notification_id",
        UUID(as_uuid=True),
        sa.ForeignKey("notifications.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    ),
    sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("provider", sa.Text),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("provider_message_id", sa.Text),
    sa.Column("error", sa.Text),
    sa.Index("ix_notification_attempts_attempted_at", "attempted_at"),
)

# Providers that refuse everyone just now: sending through them waits for a probe.
provider_pauses = sa.Table(
    "provider_pauses",
    metadata,
    sa.Column("provider", sa.Text, primary_key=True),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("reason", sa.Text, nullable=False),
    sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("retry_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("probes", sa.Integer, nullable=False, server_default="0"),
)

# The highest contact-record version seen per owner topic and person; `erased` is final.
contact_versions = sa.Table(
    "contact_versions",
    metadata,
    sa.Column("topic", sa.Text, primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
    sa.Column("erased", sa.Boolean, nullable=False, server_default=sa.false()),
)

# Events that arrived before the contact records of their recipients (the topics are not
# ordered with each other): kept until the last record arrives, then planned.
waiting_events = sa.Table(
    "waiting_events",
    metadata,
    sa.Column("cause_event_id", sa.Text, primary_key=True),
    sa.Column("cause_source", sa.Text, nullable=False),
    sa.Column("cause_type", sa.Text, nullable=False),
    sa.Column("payload", JSONB, nullable=False),
    sa.Column("waiting_for", ARRAY(UUID(as_uuid=True)), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
    sa.Index("ix_waiting_events_for", "waiting_for", postgresql_using="gin"),
)

preferences = sa.Table(
    "preferences",
    metadata,
    sa.Column("recipient_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("channel", sa.Text),
    sa.Column("service", sa.Boolean, nullable=False),
    sa.Column("reminders", sa.Boolean, nullable=False),
    sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# A small read model of other services' events: what later events do not repeat.
referral_facts = sa.Table(
    "referral_facts",
    metadata,
    sa.Column("referral_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False),
    sa.Column("reference_code", sa.Text, nullable=False),
    sa.Column("referrer_id", UUID(as_uuid=True)),
    sa.Column("ods_code", sa.Text),
)

groups = sa.Table(
    "groups",
    metadata,
    sa.Column("group_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("format", sa.Text, nullable=False),
    sa.Column("schedule_text", sa.Text, nullable=False),
    sa.Column("venue_name", sa.Text),
    sa.Column("venue_address", sa.Text),
    sa.Column("joining_link", sa.Text),
)

group_members = sa.Table(
    "group_members",
    metadata,
    sa.Column("group_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), primary_key=True),
    sa.Index("ix_group_members_person", "person_id"),
)

group_facilitators = sa.Table(
    "group_facilitators",
    metadata,
    sa.Column("group_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("volunteer_id", UUID(as_uuid=True), primary_key=True),
)

sessions = sa.Table(
    "group_sessions",
    metadata,
    sa.Column("session_id", UUID(as_uuid=True), primary_key=True),
    sa.Column("group_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("venue_name", sa.Text),
    sa.Column("joining_link", sa.Text),
    sa.Column("cancelled", sa.Boolean, nullable=False, server_default=sa.false()),
)
