"""redrive audit log

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects.postgresql import UUID

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "redrive_audit",
        sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
        sa.Column("redrive_id", UUID(as_uuid=False), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("role", sa.Text, nullable=False),
        sa.Column("dry_run", sa.Boolean, nullable=False),
        sa.Column("message_id", sa.Text, nullable=False, comment="dlq topic:partition:offset"),
        sa.Column("event_id", sa.Text, nullable=True),
        sa.Column("target_topic", sa.Text, nullable=False),
        sa.Column("error", sa.Text, nullable=False),
    )
    op.create_index("ix_redrive_audit_redrive_id", "redrive_audit", ["redrive_id"])
    # A message is redriven once; dry runs may repeat.
    op.create_index(
        "ux_redrive_audit_message",
        "redrive_audit",
        ["message_id"],
        unique=True,
        postgresql_where=sa.text("NOT dry_run"),
    )


def downgrade() -> None:
    op.drop_table("redrive_audit")
