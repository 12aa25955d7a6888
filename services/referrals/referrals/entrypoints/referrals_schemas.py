"""The HTTP shapes of a referral: what callers send and what they get back."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    JsonValue,
    ValidationInfo,
    field_validator,
)

from referrals.domain import validation
from referrals.domain.codes import CloseOutcome, FormatPreference, MatchedBy, RejectionReason
from referrals.domain.model import DuplicateFlag, Referral, Source, Status
from referrals.entrypoints.people_schemas import PersonIn, PersonPublic, person_public
from t2t_shared.http.contact_fields import Email, PersonName
from t2t_shared.http.models import Closed

OdsCode = Annotated[str, AfterValidator(validation.normalise_ods_code)]


class ReferrerIn(Closed):
    ods_code: OdsCode = Field(
        description="ODS code of the practice; it must be in the practice register and not closed",
        examples=["B82005"],
    )
    # Kept so that older clients' bodies stay valid; the register's values are used instead.
    name: PersonName | None = Field(
        None,
        description="Ignored: the practice's name comes from the register",
        examples=["Hyde Park Surgery"],
    )
    email: Email | None = Field(
        None,
        description="Ignored: receipts go to the practice's receipt email in the register "
        "(set by an admin)",
        examples=["hyde.park@nhs.net"],
    )


class ConsentIn(Closed):
    contact: bool = Field(description="The person agreed to be contacted about peer support")


EXAMPLE_REFERRAL: dict[str, JsonValue] = {
    "source": "gp",
    "area": "leeds",
    "referrer": {"ods_code": "B82005"},
    "person": {
        "given_name": "Sam",
        "family_name": "Taylor",
        "nhs_number": "943 476 5919",
        "date_of_birth": "1961-04-12",
        "postcode": "LS6 2AB",
        "preferred_channel": "sms",
        "email": "sam@example.org",
        "mobile": "07700 900123",
    },
    "consent": {"contact": True},
    "notes": "Newly diagnosed, keen on a group",
}


class ReferralCreate(Closed):
    model_config = ConfigDict(
        extra="forbid",
        str_strip_whitespace=True,
        json_schema_extra={"examples": [EXAMPLE_REFERRAL]},
    )

    source: Source = Field(examples=["gp"])
    area: str = Field(min_length=1, max_length=60, examples=["leeds"])
    referrer: ReferrerIn | None = Field(
        None, validate_default=True, description="Required for GP referrals"
    )
    person: PersonIn
    consent: ConsentIn
    notes: str | None = Field(None, max_length=2000, examples=["Newly diagnosed, keen on a group"])
    format_preference: FormatPreference | None = Field(
        None, description="In-person or online group, if the person said", examples=["in_person"]
    )

    @field_validator("referrer")
    @classmethod
    def _gp_has_referrer(cls, value: ReferrerIn | None, info: ValidationInfo) -> ReferrerIn | None:
        if value is None and info.data.get("source") is Source.GP:
            raise ValueError("referrer is required for a GP referral")
        return value


class ReferrerPublic(BaseModel):
    id: UUID
    ods_code: str
    name: str


class PossibleDuplicate(BaseModel):
    referral_id: UUID = Field(description="The other referral, perhaps of the same person")
    matched_by: MatchedBy = Field(examples=["nhs_number"])
    flagged_at: datetime

    @classmethod
    def of(cls, flag: DuplicateFlag) -> PossibleDuplicate:
        return cls(
            referral_id=flag.referral_id, matched_by=flag.matched_by, flagged_at=flag.flagged_at
        )


class ReferralPublic(BaseModel):
    id: UUID = Field(examples=["0b6f5f0e-5d2a-4a8e-9d55-2f5bb1d3c7a1"])
    reference_code: str = Field(examples=["T2T-4F7K2Q"])
    status: Status = Field(examples=["received"])
    source: Source
    area: str
    received_at: datetime
    consent_to_contact: bool
    referrer: ReferrerPublic | None
    person_id: UUID | None = Field(None, description="Opaque id of the person")
    person: PersonPublic | None = Field(
        None,
        description="Shown to coordinators, admins and the referrer who sent it; null for "
        "`ops` and once the person's data was erased",
    )
    postcode_district: str = Field("", examples=["LS6"])
    age_band: str = Field("", examples=["60-69"])
    format_preference: FormatPreference | None = Field(None, examples=["online"])
    accepted_at: datetime | None = None
    rejected_at: datetime | None = None
    rejection_reason: RejectionReason | None = Field(None, examples=["out_of_area"])
    contacted_at: datetime | None = None
    attempts_made: int = Field(0, examples=[2])
    failed_attempts: int = Field(0, examples=[1])
    group_id: UUID | None = None
    placed_at: datetime | None = None
    joined_at: datetime | None = None
    attended_at: datetime | None = None
    closed_at: datetime | None = None
    close_outcome: CloseOutcome | None = Field(None, examples=["completed"])
    erased: bool = Field(False, description="The person's data was erased")
    possible_duplicates: list[PossibleDuplicate] = Field(
        default_factory=list,
        description="Other open referrals in the area that may be the same person (same NHS "
        "number, or same name, date of birth and postcode), flagged when the later one "
        "arrived: a self-referral never learns of an earlier referral, so a coordinator "
        "reviews them. Shown to coordinators and admins; always empty for others",
    )

    @classmethod
    def of(
        cls, referral: Referral, *, with_person: bool, with_duplicates: bool = False
    ) -> ReferralPublic:
        r = referral.referrer
        return cls(
            id=referral.id,
            reference_code=referral.reference_code,
            status=referral.status,
            source=referral.source,
            area=referral.area,
            received_at=referral.received_at,
            consent_to_contact=referral.consent_to_contact,
            referrer=ReferrerPublic(id=r.id, ods_code=r.ods_code, name=r.name) if r else None,
            person_id=referral.person_id,
            person=person_public(referral.person) if with_person else None,
            postcode_district=referral.postcode_district,
            age_band=referral.age_band,
            format_preference=referral.format_preference,
            accepted_at=referral.accepted_at,
            rejected_at=referral.rejected_at,
            rejection_reason=referral.rejection_reason,
            contacted_at=referral.contacted_at,
            attempts_made=referral.attempts_made,
            failed_attempts=referral.failed_attempts,
            group_id=referral.group_id,
            placed_at=referral.placed_at,
            joined_at=referral.joined_at,
            attended_at=referral.attended_at,
            closed_at=referral.closed_at,
            close_outcome=referral.close_outcome,
            erased=referral.erased_at is not None,
            possible_duplicates=[PossibleDuplicate.of(f) for f in referral.possible_duplicates]
            if with_duplicates
            else [],
        )


class DuplicateConflict(BaseModel):
    """409: the person already has an open referral in this area."""

    detail: str = Field(examples=["This person already has an open referral in this area"])
    existing_referral_id: UUID
