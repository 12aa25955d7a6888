"""Tables of the ops database: the read models' (`projection_tables`) and the redrive audit log.

The console publishes nothing and consumes through no consumer group, so it has no outbox and
no inbox: its events topics' offsets are stored with the read models they built.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import UUID

from ops.adapters.projection_tables import metadata

__all__ = ["metadata", "redrive_audit"]

redrive_audit = sa.Table(
    "redrive_audit",
    metadata,
    sa.Column("id", sa.BigInteger, sa.Identity(), primary_key=True),
    sa.Column("redrive_id", UUID(as_uuid=False), nullable=False, index=True),
    sa.Column("at", sa.DateTime(timezone=True), nullable=False),
    sa.Column("actor", sa.Text, nullable=False),
    sa.Column("role", sa.Text, nullable=False),
    sa.Column("dry_run", sa.Boolean, nullable=False),
    sa.Column("message_id", sa.Text, nullable=False, comment="dlq topic:partition:offset"),
    sa.Column("event_id", sa.Text, nullable=True),
    sa.Column("target_topic", sa.Text, nullable=False),
    sa.Column("error", sa.Text, nullable=False),
    # A message is redriven once; dry runs may repeat.
    sa.Index(
        "ux_redrive_audit_message",
        "message_id",
        unique=True,
        postgresql_where=sa.text("NOT dry_run"),
    ),
)
