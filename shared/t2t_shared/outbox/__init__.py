"""Transactional outbox: rows written with the state change, published by a relay."""

from t2t_shared.outbox.relay import OutboxRelay
from t2t_shared.outbox.writer import OutboxWriter

__all__ = ["OutboxRelay", "OutboxWriter"]
