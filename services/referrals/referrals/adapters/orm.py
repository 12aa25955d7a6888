"""Tables of the referrals database (SQLAlchemy Core; the domain knows nothing of them)."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from t2t_shared.db import define_messaging_tables

metadata = sa.MetaData()

outbox, processed_messages = define_messaging_tables(metadata)

# The practice register (migration 0005): a practice from the ODS file, or one known only
# from referrals made before the register (registered_at null). `email` is the receipt
# mailbox, set by an admin only.
referrers = sa.Table(
    "referrers",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("ods_code", sa.String(6), nullable=False, unique=True),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("area", sa.Text),
    sa.Column("email", sa.Text),
    sa.Column("status", sa.Text, nullable=False, server_default="active"),
    sa.Column("postcode", sa.Text),
    sa.Column("registered_at", sa.DateTime(timezone=True)),
    sa.Index("ix_referrers_area", "area"),
)

practice_outreach = sa.Table(
    "practice_outreach",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("ods_code", sa.String(6), sa.ForeignKey("referrers.ods_code"), nullable=False),
    sa.Column("area", sa.Text),
    sa.Column("kind", sa.Text, nullable=False),
    sa.Column("engaged_at", sa.DateTime(timezone=True), nullable=False),
    # Free text a coordinator typed: it may name practice staff, so it never leaves referrals.
    sa.Column("note", sa.Text),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    sa.Index("ix_practice_outreach_practice", "ods_code", "engaged_at"),
)

people = sa.Table(
    "people",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("given_name", sa.Text, nullable=False),
    sa.Column("family_name", sa.Text, nullable=False),
    sa.Column("date_of_birth", sa.Date, nullable=False),
    sa.Column("postcode", sa.Text, nullable=False),
    sa.Column("nhs_number", sa.String(10)),
    sa.Column("email", sa.Text),
    sa.Column("mobile", sa.Text),
    sa.Column("preferred_channel", sa.Text, nullable=False),
    # Intake's duplicate check and erasure find a person's other referrals by NHS number
    # or by identity. The family name is in the identity index because many people can
    # share a birth date (a practice's placeholder date, the bench's made-up people).
    sa.Index("ix_people_nhs_number", "nhs_number"),
)
sa.Index("ix_people_identity", people.c.date_of_birth, sa.func.lower(people.c.family_name))

referrals = sa.Table(
    "referrals",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("reference_code", sa.String(10), nullable=False, unique=True),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("source", sa.Text, nullable=False),
    sa.Column("area", sa.Text, nullable=False),
    # No foreign key: the opaque id outlives the person's row (erasure), for statistics.
    sa.Column("person_id", UUID(as_uuid=True)),
    sa.Column("referrer_id", UUID(as_uuid=True), sa.ForeignKey("referrers.id")),
    sa.Column("consent_to_contact", sa.Boolean, nullable=False),
    sa.Column("notes", sa.Text),
    sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("postcode_district", sa.Text),
    sa.Column("age_band", sa.Text),
    sa.Column("format_preference", sa.Text),
    sa.Column("accepted_at", sa.DateTime(timezone=True)),
    sa.Column("rejected_at", sa.DateTime(timezone=True)),
    sa.Column("rejection_reason", sa.Text),
    sa.Column("rejection_comment", sa.Text),
    sa.Column("contacted_at", sa.DateTime(timezone=True)),
    sa.Column("attempts_made", sa.Integer, nullable=False, server_default="0"),
    sa.Column("failed_attempts", sa.Integer, nullable=False, server_default="0"),
    sa.Column("group_id", UUID(as_uuid=True)),
    sa.Column("placed_at", sa.DateTime(timezone=True)),
    sa.Column("joined_at", sa.DateTime(timezone=True)),
    sa.Column("attended_at", sa.DateTime(timezone=True)),
    sa.Column("closed_at", sa.DateTime(timezone=True)),
    sa.Column("close_outcome", sa.Text),
    sa.Column("close_comment", sa.Text),
    sa.Column("erased_at", sa.DateTime(timezone=True)),
    sa.Index("ix_referrals_area_status", "area", "status"),
    sa.Index("ix_referrals_received_at", "received_at"),
    sa.Index("ix_referrals_referrer_received", "referrer_id", "received_at"),
    sa.Index("ix_referrals_person", "person_id"),
)

contact_attempts = sa.Table(
    "contact_attempts",
    metadata,
    sa.Column("referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), primary_key=True),
    sa.Column("number", sa.Integer, primary_key=True),
    sa.Column("channel", sa.Text, nullable=False),
    sa.Column("outcome", sa.Text, nullable=False),
    sa.Column("recorded_by", sa.Text, nullable=False),
    sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
    # Free text a coordinator typed: it may name the person, so erasure clears it.
    sa.Column("note", sa.Text),
)

idempotency_keys = sa.Table(
    "idempotency_keys",
    metadata,
    sa.Column("caller", sa.Text, primary_key=True),
    sa.Column("key", sa.Text, primary_key=True),
    sa.Column("request_hash", sa.String(64), nullable=False),
    sa.Column("referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), nullable=False),
    sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now()),
)

# One counter per contacts-topic key (a person or a referrer id): the version of the next
# record under that key. Kept after an erasure (an id and a number are not personal data),
# so a key's versions never go back.
contact_versions = sa.Table(
    "contact_versions",
    metadata,
    sa.Column("key", UUID(as_uuid=True), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)

# Who asked for an erasure, when, and what it did: counts and opaque ids, never the
# person's data (the person id is the id that was asked about).
erasure_requests = sa.Table(
    "erasure_requests",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("person_id", UUID(as_uuid=True), nullable=False, index=True),
    sa.Column("requested_by", sa.Text, nullable=False),
    sa.Column("requested_role", sa.Text, nullable=False),
    sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("referrals_erased", sa.Integer, nullable=False),
    sa.Column("referrals_closed", sa.Integer, nullable=False),
    sa.Column("persons_tombstoned", sa.Integer, nullable=False),
    sa.Column("outbox_rows_blanked", sa.Integer, nullable=False),
)

# Two open referrals that may be the same person, one row each way: a self-referral that
# matched an open referral, or a referral that matched an open self-referral.
possible_duplicates = sa.Table(
    "possible_duplicates",
    metadata,
    sa.Column("referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), primary_key=True),
    sa.Column("other_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), primary_key=True),
    sa.Column("matched_by", sa.Text, nullable=False),
    sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
)
