"""The HTTP shapes of the practice register: an import's summary, a practice, its email."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from referrals.domain.model import Referrer
from referrals.service_layer.register import ImportSummary
from t2t_shared.http.contact_fields import Email
from t2t_shared.http.models import Closed


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


class ReceiptEmailIn(Closed):
    email: Email | None = Field(
        description="Where the practice's receipts and outcome messages go; null for none",
        examples=["hyde.park@nhs.net"],
    )


class ReceiptEmailPublic(BaseModel):
    ods_code: str = Field(examples=["B82005"])
    email: str | None = Field(examples=["hyde.park@nhs.net"])
