"""The HTTP shapes of a practice's outreach log."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from referrals.domain.outreach import Outreach, OutreachKind
from t2t_shared.http.models import Closed


class OutreachIn(Closed):
    kind: OutreachKind = Field(description="visit, call or email", examples=["visit"])
    date: dt.date = Field(
        description="The UK day it happened (not in the future)", examples=["2026-12-03"]
    )
    note: str | None = Field(
        None,
        max_length=2000,
        description="Stays in referrals; never published",
        examples=["Met the practice manager; leaflets left"],
    )


class OutreachPublic(BaseModel):
    id: UUID
    ods_code: str = Field(examples=["B82005"])
    area: str | None = Field(examples=["leeds"])
    kind: OutreachKind = Field(examples=["visit"])
    engaged_at: datetime
    note: str | None = Field(description="Hidden from `ops`")
    recorded_by: str
    recorded_at: datetime

    @classmethod
    def of(cls, o: Outreach, *, with_note: bool = True) -> OutreachPublic:
        return cls(
            id=o.id,
            ods_code=o.ods_code,
            area=o.area,
            kind=o.kind,
            engaged_at=o.engaged_at,
            note=o.note if with_note else None,
            recorded_by=o.recorded_by,
            recorded_at=o.recorded_at,
        )
