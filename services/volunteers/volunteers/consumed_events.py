"""Our tolerant view of other services' events: only the fields volunteers reads."""

from __future__ import annotations

from typing import ClassVar
from uuid import UUID

from t2t_shared.events import ConsumedEvent

FACILITATOR_ASSIGNED = "t2t.groups.FacilitatorAssigned.v1"


class FacilitatorAssigned(ConsumedEvent):
    CE_TYPE: ClassVar[str] = FACILITATOR_ASSIGNED
    group_id: UUID
    volunteer_id: UUID
    area: str
