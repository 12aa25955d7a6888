"""erased referrals: digests of erased referral ids, so late placement events do not bring them back

Revision ID: 0006_erased
Revises: 0005_no_messaging
Create Date: 2026-12-04
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_erased"
down_revision: str | None = "0005_no_messaging"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table("erased_referrals", sa.Column("digest", sa.Text, primary_key=True))


def downgrade() -> None:
    op.drop_table("erased_referrals")
