"""durable projections: the console's read models, their offsets, practices and lag history

Revision ID: 0004_projections
Revises: 0003_delivery
Create Date: 2026-12-04
"""

from collections.abc import Sequence

from alembic import op

from ops.adapters.projection_tables import DERIVED, lag_samples

revision: str = "0004_projections"
down_revision: str | None = "0003_delivery"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# The tables are defined once, with the code that writes them; this revision creates them as
# they stand at 0004 (a later change to them gets its own revision).
TABLES = (*DERIVED, lag_samples)


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        table.create(bind)


def downgrade() -> None:
    bind = op.get_bind()
    for table in reversed(TABLES):
        table.drop(bind)
