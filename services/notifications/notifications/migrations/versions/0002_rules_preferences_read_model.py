"""preferences, the groups and referrals read model, and notification area/category

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column(
        "recipients",
        sa.Column(
            "details",
            postgresql.JSONB(astext_type=sa.Text()),
            server_default=sa.text("'{}'::jsonb"),
            nullable=False,
        ),
    )
    op.add_column("recipients", sa.Column("area", sa.Text(), nullable=True))
    op.add_column("notifications", sa.Column("area", sa.Text(), server_default="", nullable=False))
    op.add_column(
        "notifications",
        sa.Column("category", sa.Text(), server_default="service", nullable=False),
    )
    op.add_column(
        "notifications", sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True)
    )
    op.create_index("ix_notifications_recipient", "notifications", ["recipient_id"])
    op.create_table(
        "preferences",
        sa.Column("recipient_id", sa.UUID(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=True),
        sa.Column("service", sa.Boolean(), nullable=False),
        sa.Column("reminders", sa.Boolean(), nullable=False),
        sa.Column(
            "updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=True
        ),
        sa.PrimaryKeyConstraint("recipient_id"),
    )
    op.create_table(
        "referral_facts",
        sa.Column("referral_id", sa.UUID(), nullable=False),
        sa.Column("person_id", sa.UUID(), nullable=False),
        sa.Column("reference_code", sa.Text(), nullable=False),
        sa.Column("referrer_id", sa.UUID(), nullable=True),
        sa.Column("ods_code", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("referral_id"),
    )
    op.create_table(
        "groups",
        sa.Column("group_id", sa.UUID(), nullable=False),
        sa.Column("area", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("format", sa.Text(), nullable=False),
        sa.Column("schedule_text", sa.Text(), nullable=False),
        sa.Column("venue_name", sa.Text(), nullable=True),
        sa.Column("venue_address", sa.Text(), nullable=True),
        sa.Column("joining_link", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("group_id"),
    )
    op.create_table(
        "group_members",
        sa.Column("group_id", sa.UUID(), nullable=False),
        sa.Column("person_id", sa.UUID(), nullable=False),
        sa.PrimaryKeyConstraint("group_id", "person_id"),
    )
    op.create_index("ix_group_members_person", "group_members", ["person_id"])
    op.create_table(
        "group_facilitators",
        sa.Column("group_id", sa.UUID(), nullable=False),
        sa.Column("volunteer_id", sa.UUID(), nullable=False),
        sa.PrimaryKeyConstraint("group_id", "volunteer_id"),
    )
    op.create_table(
        "group_sessions",
        sa.Column("session_id", sa.UUID(), nullable=False),
        sa.Column("group_id", sa.UUID(), nullable=False),
        sa.Column("starts_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("ends_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("venue_name", sa.Text(), nullable=True),
        sa.Column("joining_link", sa.Text(), nullable=True),
        sa.Column("cancelled", sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.PrimaryKeyConstraint("session_id"),
    )
    op.create_index(
        op.f("ix_group_sessions_group_id"), "group_sessions", ["group_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_group_sessions_group_id"), table_name="group_sessions")
    op.drop_table("group_sessions")
    op.drop_table("group_facilitators")
    op.drop_index("ix_group_members_person", table_name="group_members")
    op.drop_table("group_members")
    op.drop_table("groups")
    op.drop_table("referral_facts")
    op.drop_table("preferences")
    op.drop_index("ix_notifications_recipient", table_name="notifications")
    op.drop_column("notifications", "delivered_at")
    op.drop_column("notifications", "category")
    op.drop_column("notifications", "area")
    op.drop_column("recipients", "area")
    op.drop_column("recipients", "details")
