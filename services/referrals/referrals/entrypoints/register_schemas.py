"""The HTTP shapes of the practice register and its outreach log."""

from __future__ import annotations

import datetime as dt
from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from referrals.domain import validation
from referrals.domain.model import Referrer
from referrals.domain.outreach import Outreach, OutreachKind
from referrals.service_layer.register import ImportSummary

Email = Annotated[str, AfterValidator(validation.normalise_email)]


class ImportPublic(BaseModel):
    practices: int = Field(description="GP practices in the file", examples=[112])
    added: int = Field(description="New to the register", examples=[3])
    changed: int = Field(description="Name, status or area changed", examples=[1])
    unchanged: int = Field(description="Already registered as the file has them", examples=[108])
    skipped: int = Field(
        description="Rows of other prescribing settings (not GP practices), left out", examples=[0]
    )

    @classmethod
    def of(cls, s: ImportSummary) -> ImportPublic:
        return cls(
            practices=s.practices,
            added=s.added,
            changed=s.changed,
            unchanged=s.unchanged,
            skipped=s.skipped,
        )


class PracticePublic(BaseModel):
    ods_code: str = Field(examples=["B82005"])
    name: str = Field(examples=["Hyde Park Surgery"])
    area: str | None = Field(description="Null: in no area of this deployment", examples=["leeds"])
    status: str = Field(description="active, closed, dormant or proposed", examples=["active"])
    postcode_district: str = Field(examples=["LS6"])
    registered_at: datetime = Field(description="When this version was registered")

    @classmethod
    def of(cls, p: Referrer) -> PracticePublic:
        assert p.registered_at is not None
        return cls(
            ods_code=p.ods_code,
            name=p.name,
            area=p.area,
            status=p.status.value,
            postcode_district=p.postcode_district,
            registered_at=p.registered_at,
        )


class ReceiptEmailIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    email: Email | None = Field(
        description="Where the practice's receipts and outcome messages go; null for none",
        examples=["hyde.park@nhs.net"],
    )


class ReceiptEmailPublic(BaseModel):
    ods_code: str = Field(examples=["B82005"])
    email: str | None = Field(examples=["hyde.park@nhs.net"])


class OutreachIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

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
