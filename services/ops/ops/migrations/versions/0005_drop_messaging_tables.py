"""drop the outbox, inbox and parked-event tables: the console publishes nothing, joins no group

Revision ID: 0005_no_messaging
Revises: 0004_projections
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

from t2t_shared.migrations import add_delivery_safety, create_messaging_tables

revision: str = "0005_no_messaging"
down_revision: str | None = "0004_projections"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.drop_table("parked_events")
    op.drop_table("processed_messages")
    op.drop_table("outbox")


def downgrade() -> None:
    create_messaging_tables()
    add_delivery_safety()
