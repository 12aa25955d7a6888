"""practice register: ODS status, postcode and registration time on referrers; outreach log

Revision ID: 0006_practice_register
Revises: 0005_erasure
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0006_practice_register"
down_revision: str | None = "0005_erasure"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # A practice whose postcode lies in no configured area is kept, with no area.
    op.alter_column("referrers", "area", nullable=True)
    op.add_column(
        "referrers", sa.Column("status", sa.Text, nullable=False, server_default="active")
    )
    op.add_column("referrers", sa.Column("postcode", sa.Text))
    # Null for practices known only from referrals made before the register existed.
    op.add_column("referrers", sa.Column("registered_at", sa.DateTime(timezone=True)))
    op.create_index("ix_referrers_area", "referrers", ["area"])
    op.create_table(
        "practice_outreach",
        sa.Column("id", UUID(as_uuid=True), primary_key=True),
        sa.Column("ods_code", sa.String(6), sa.ForeignKey("referrers.ods_code"), nullable=False),
        sa.Column("area", sa.Text),
        sa.Column("kind", sa.Text, nullable=False),
        sa.Column("engaged_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text),
        sa.Column("recorded_by", sa.Text, nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index(
        "ix_practice_outreach_practice", "practice_outreach", ["ods_code", "engaged_at"]
    )


def downgrade() -> None:
    op.drop_table("practice_outreach")
    op.drop_index("ix_referrers_area", table_name="referrers")
    op.drop_column("referrers", "registered_at")
    op.drop_column("referrers", "postcode")
    op.drop_column("referrers", "status")
    op.execute("UPDATE referrers SET area = '' WHERE area IS NULL")
    op.alter_column("referrers", "area", nullable=False)
