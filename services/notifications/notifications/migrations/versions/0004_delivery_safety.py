"""delivery safety: quarantined outbox rows, parked consumer keys, retention indexes

Revision ID: 0004_delivery
Revises: 0003
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from t2t_shared.migrations import add_delivery_safety, drop_delivery_safety

revision: str = "0004_delivery"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    add_delivery_safety()


def downgrade() -> None:
    drop_delivery_safety()
