"""Tables of the volunteers database (SQLAlchemy Core; the domain knows nothing of them).

Personal data sits in `applicants` and `supervisors` (and the DBS certificate number), so
erasure deletes those and keeps the anonymised pipeline record in `volunteers`.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import JSONB, UUID

from t2t_shared.db import define_messaging_tables

metadata = sa.MetaData()

outbox, processed_messages = define_messaging_tables(metadata)

volunteers = sa.Table(
    "volunteers",
    metadata,
    sa.Column("id", UUID(as_uuid=True), primary_key=True),
    sa.Column("area", sa.Text, nullable=False),
    sa.Column("stage", sa.Text, nullable=False),
    sa.Column("stage_entered_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("lived_experience", sa.Boolean, nullable=False),
    sa.Column("availability", JSONB, nullable=False),
    sa.Column("screened_at", sa.DateTime(timezone=True)),
    sa.Column("paused_from", sa.Text),
    sa.Column("paused_until", sa.Date),
    sa.Column("left_reason", sa.Text),
    sa.Column("left_at", sa.DateTime(timezone=True)),
    sa.Column("stage_left_from", sa.Text),
    # Denormalised from the training records, so the sweep and list filters read one row.
    sa.Column("training_valid_until", sa.Date),
    sa.Column("training_reminded_for", sa.Date),
    sa.Column("training_expired_for", sa.Date),
    sa.Column("erased_at", sa.DateTime(timezone=True)),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Index("ix_volunteers_area_stage", "area", "stage"),
)

applicants = sa.Table(
    "applicants",
    metadata,
    sa.Column(
        "volunteer_id",
        UUID(as_uuid=True),
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("given_name", sa.Text, nullable=False),
    sa.Column("family_name", sa.Text, nullable=False),
    sa.Column("email", sa.Text, nullable=False),
    sa.Column("mobile", sa.Text),
    sa.Column("preferred_channel", sa.Text, nullable=False),
    sa.Column("consent_to_contact", sa.Boolean, nullable=False),
    sa.Column("motivation", sa.Text, nullable=False),
)

supervisors = sa.Table(
    "supervisors",
    metadata,
    sa.Column(
        "volunteer_id",
        UUID(as_uuid=True),
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("name", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("organisation", sa.Text, nullable=False),
)

references = sa.Table(
    "volunteer_references",
    metadata,
    sa.Column(
        "volunteer_id",
        UUID(as_uuid=True),
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("slot", sa.SmallInteger, primary_key=True),
    sa.Column("requested_on", sa.Date, nullable=False),
    sa.Column("received_on", sa.Date),
    sa.Column("satisfactory", sa.Boolean),
)

dbs_checks = sa.Table(
    "dbs_checks",
    metadata,
    sa.Column(
        "volunteer_id",
        UUID(as_uuid=True),
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("status", sa.Text, nullable=False),
    sa.Column("level", sa.Text),
    sa.Column("certificate_number", sa.String(12)),
    sa.Column("issued_on", sa.Date),
    sa.Column("renewal_due", sa.Date),
    sa.Column("reminded_for", sa.Date),
    sa.Column("expired_for", sa.Date),
)

training_records = sa.Table(
    "training_records",
    metadata,
    sa.Column(
        "volunteer_id",
        UUID(as_uuid=True),
        sa.ForeignKey("volunteers.id", ondelete="CASCADE"),
        primary_key=True,
    ),
    sa.Column("seq", sa.SmallInteger, primary_key=True),
    sa.Column("course", sa.Text, nullable=False),
    sa.Column("started_on", sa.Date, nullable=False),
    sa.Column("sessions_attended", sa.SmallInteger, nullable=False),
    sa.Column("completed_on", sa.Date),
    sa.Column("valid_until", sa.Date),
)

# One counter per volunteer id: the version of the next record on the contacts topic. Kept
# after an erasure (an id and a number are not personal data), so versions never go back.
contact_versions = sa.Table(
    "contact_versions",
    metadata,
    sa.Column("key", UUID(as_uuid=True), primary_key=True),
    sa.Column("version", sa.BigInteger, nullable=False),
)
