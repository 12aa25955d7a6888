"""fenced claims, unresolved sends, provider pauses, contact versions, pruning index

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-04 14:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "notifications", sa.Column("claim", sa.BigInteger(), server_default="0", nullable=False)
    )
    op.add_column(
        "notifications", sa.Column("unresolved_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index(
        "ix_notifications_settled",
        "notifications",
        ["created_at"],
        postgresql_where=sa.text("status IN ('sent', 'delivered', 'failed', 'cancelled')"),
    )
    op.create_index(
        "ix_notification_attempts_attempted_at", "notification_attempts", ["attempted_at"]
    )
    op.create_table(
        "provider_pauses",
        sa.Column("provider", sa.Text(), primary_key=True),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("paused_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("probes", sa.Integer(), server_default="0", nullable=False),
    )
    op.create_table(
        "contact_versions",
        sa.Column("topic", sa.Text(), primary_key=True),
        sa.Column("person_id", postgresql.UUID(as_uuid=True), primary_key=True),
        sa.Column("version", sa.BigInteger(), nullable=False),
        sa.Column("erased", sa.Boolean(), server_default=sa.false(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("contact_versions")
    op.drop_table("provider_pauses")
    op.drop_index("ix_notification_attempts_attempted_at", table_name="notification_attempts")
    op.drop_index("ix_notifications_settled", table_name="notifications")
    op.drop_column("notifications", "unresolved_at")
    op.drop_column("notifications", "claim")
