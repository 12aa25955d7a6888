"""volunteers, applicants, supervisors, references, DBS checks, training records

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _owned_by_volunteer() -> list[sa.ForeignKeyConstraint]:
    return [sa.ForeignKeyConstraint(["volunteer_id"], ["volunteers.id"], ondelete="CASCADE")]


def upgrade() -> None:
    op.create_table(
        "volunteers",
        sa.Column("id", sa.UUID(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("stage", sa.Text(), nullable=False),
        sa.Column("stage_entered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("lived_experience", sa.Boolean(), nullable=False),
        sa.Column("availability", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("screened_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_from", sa.Text(), nullable=True),
        sa.Column("paused_until", sa.Date(), nullable=True),
        sa.Column("left_reason", sa.Text(), nullable=True),
        sa.Column("left_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("stage_left_from", sa.Text(), nullable=True),
        sa.Column("training_valid_until", sa.Date(), nullable=True),
        sa.Column("training_reminded_for", sa.Date(), nullable=True),
        sa.Column("training_expired_for", sa.Date(), nullable=True),
        sa.Column("erased_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_volunteers_area_stage", "volunteers", ["area", "stage"], unique=False)
    op.create_table(
        "applicants",
        sa.Column("volunteer_id", sa.UUID(), nullable=False),
        sa.Column("given_name", sa.Text(), nullable=False),
        sa.Column("family_name", sa.Text(), nullable=False),
        sa.Column("email", sa.Text(), nullable=False),
        sa.Column("mobile", sa.Text(), nullable=True),
        sa.Column("preferred_channel", sa.Text(), nullable=False),
        sa.Column("consent_to_contact", sa.Boolean(), nullable=False),
        sa.Column("motivation", sa.Text(), nullable=False),
        *_owned_by_volunteer(),
        sa.PrimaryKeyConstraint("volunteer_id"),
    )
    op.create_table(
        "supervisors",
        sa.Column("volunteer_id", sa.UUID(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", sa.Text(), nullable=False),
        sa.Column("organisation", sa.Text(), nullable=False),
        *_owned_by_volunteer(),
        sa.PrimaryKeyConstraint("volunteer_id"),
    )
    op.create_table(
        "volunteer_references",
        sa.Column("volunteer_id", sa.UUID(), nullable=False),
        sa.Column("slot", sa.SmallInteger(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=True),
        sa.Column("satisfactory", sa.Boolean(), nullable=True),
        *_owned_by_volunteer(),
        sa.PrimaryKeyConstraint("volunteer_id", "slot"),
    )
    op.create_table(
        "dbs_checks",
        sa.Column("volunteer_id", sa.UUID(), nullable=False),
        sa.Column("status", sa.Text(), nullable=False),
        sa.Column("level", sa.Text(), nullable=True),
        sa.Column("certificate_number", sa.String(length=12), nullable=True),
        sa.Column("issued_on", sa.Date(), nullable=True),
        sa.Column("renewal_due", sa.Date(), nullable=True),
        sa.Column("reminded_for", sa.Date(), nullable=True),
        sa.Column("expired_for", sa.Date(), nullable=True),
        *_owned_by_volunteer(),
        sa.PrimaryKeyConstraint("volunteer_id"),
    )
    op.create_table(
        "training_records",
        sa.Column("volunteer_id", sa.UUID(), nullable=False),
        sa.Column("seq", sa.SmallInteger(), nullable=False),
        sa.Column("course", sa.Text(), nullable=False),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("sessions_attended", sa.SmallInteger(), nullable=False),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("valid_until", sa.Date(), nullable=True),
        *_owned_by_volunteer(),
        sa.PrimaryKeyConstraint("volunteer_id", "seq"),
    )


def downgrade() -> None:
    op.drop_table("training_records")
    op.drop_table("dbs_checks")
    op.drop_table("volunteer_references")
    op.drop_table("supervisors")
    op.drop_table("applicants")
    op.drop_index("ix_volunteers_area_stage", table_name="volunteers")
    op.drop_table("volunteers")
