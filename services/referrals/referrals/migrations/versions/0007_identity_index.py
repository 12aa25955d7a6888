"""people: match by birth date and family name through one index

Revision ID: 0007_identity_index
Revises: 0006_practice_register
Create Date: 2026-12-05
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_identity_index"
down_revision: str | None = "0006_practice_register"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # Leads with the birth date, so it serves every lookup the old index served. Many
    # people can share a birth date (a practice's placeholder date, a cohort): the family
    # name keeps the duplicate check at intake from reading them all.
    op.create_index(
        "ix_people_identity", "people", ["date_of_birth", sa.text("lower(family_name)")]
    )
    op.drop_index("ix_people_date_of_birth", "people")


def downgrade() -> None:
    op.create_index("ix_people_date_of_birth", "people", ["date_of_birth"])
    op.drop_index("ix_people_identity", "people")
