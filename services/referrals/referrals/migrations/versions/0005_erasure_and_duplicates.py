"""erasure audit rows and possible-duplicate flags

Revision ID: 0005_erasure
Revises: 0004_delivery
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0005_erasure"
down_revision: str | None = "0004_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "erasure_requests",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("person_id", UUID(as_uuid=True), nullable=False),
        sa.Column("requested_by", sa.Text, nullable=False),
        sa.Column("requested_role", sa.Text, nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("referrals_erased", sa.Integer, nullable=False),
        sa.Column("referrals_closed", sa.Integer, nullable=False),
        sa.Column("persons_tombstoned", sa.Integer, nullable=False),
        sa.Column("outbox_rows_blanked", sa.Integer, nullable=False),
    )
    op.create_index("ix_erasure_requests_person_id", "erasure_requests", ["person_id"])
    op.create_table(
        "possible_duplicates",
        sa.Column(
            "referral_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), primary_key=True
        ),
        sa.Column("other_id", UUID(as_uuid=True), sa.ForeignKey("referrals.id"), primary_key=True),
        sa.Column("matched_by", sa.Text, nullable=False),
        sa.Column("flagged_at", sa.DateTime(timezone=True), nullable=False),
    )
    # Erasure finds a person's other referrals by NHS number or by identity.
    op.create_index("ix_people_nhs_number", "people", ["nhs_number"])
    op.create_index("ix_people_date_of_birth", "people", ["date_of_birth"])


def downgrade() -> None:
    op.drop_index("ix_people_date_of_birth", table_name="people")
    op.drop_index("ix_people_nhs_number", table_name="people")
    op.drop_table("possible_duplicates")
    op.drop_index("ix_erasure_requests_person_id", table_name="erasure_requests")
    op.drop_table("erasure_requests")
