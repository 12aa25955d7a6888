"""the referral journey: triage, contact attempts, placement, closing and erasure

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-26 08:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TIMES = (
    "accepted_at",
    "rejected_at",
    "contacted_at",
    "placed_at",
    "joined_at",
    "attended_at",
    "closed_at",
    "erased_at",
)
TEXTS = (
    "postcode_district",
    "age_band",
    "format_preference",
    "rejection_reason",
    "rejection_comment",
    "close_outcome",
    "close_comment",
)


def upgrade() -> None:
    # The person id outlives the person's row (erasure keeps the anonymised referral).
    op.drop_constraint("referrals_person_id_fkey", "referrals", type_="foreignkey")
    for name in TEXTS:
        op.add_column("referrals", sa.Column(name, sa.Text(), nullable=True))
    for name in TIMES:
        op.add_column("referrals", sa.Column(name, sa.DateTime(timezone=True), nullable=True))
    op.add_column("referrals", sa.Column("group_id", sa.UUID(), nullable=True))
    for name in ("attempts_made", "failed_attempts"):
        op.add_column(
            "referrals", sa.Column(name, sa.Integer(), nullable=False, server_default="0")
        )
    # Referrals taken before this migration: district and band from the person's row.
    op.execute(
        """
        UPDATE referrals r SET
          postcode_district = left(replace(upper(p.postcode), ' ', ''),
                                   length(replace(p.postcode, ' ', '')) - 3),
          age_band = CASE
            WHEN date_part('year', age(r.received_at::date, p.date_of_birth)) < 40 THEN 'under-40'
            WHEN date_part('year', age(r.received_at::date, p.date_of_birth)) < 50 THEN '40-49'
            WHEN date_part('year', age(r.received_at::date, p.date_of_birth)) < 60 THEN '50-59'
            WHEN date_part('year', age(r.received_at::date, p.date_of_birth)) < 70 THEN '60-69'
            ELSE '70-plus' END
        FROM people p WHERE p.id = r.person_id
        """
    )
    op.create_index("ix_referrals_received_at", "referrals", ["received_at"])
    op.create_index("ix_referrals_referrer_received", "referrals", ["referrer_id", "received_at"])
    op.create_index("ix_referrals_person", "referrals", ["person_id"])
    op.create_table(
        "contact_attempts",
        sa.Column("referral_id", sa.UUID(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("channel", sa.Text(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("attempted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["referral_id"], ["referrals.id"]),
        sa.PrimaryKeyConstraint("referral_id", "number"),
    )


def downgrade() -> None:
    op.drop_table("contact_attempts")
    op.drop_index("ix_referrals_person", table_name="referrals")
    op.drop_index("ix_referrals_referrer_received", table_name="referrals")
    op.drop_index("ix_referrals_received_at", table_name="referrals")
    for name in (*TEXTS, *TIMES, "group_id", "attempts_made", "failed_attempts"):
        op.drop_column("referrals", name)
    op.execute("DELETE FROM referrals WHERE person_id NOT IN (SELECT id FROM people)")
    op.create_foreign_key(
        "referrals_person_id_fkey",
        "referrals",
        "people",
        ["person_id"],
        ["id"],
        ondelete="SET NULL",
    )
