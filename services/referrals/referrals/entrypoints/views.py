"""What callers get back about a referral."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from referrals.domain.codes import CloseOutcome, FormatPreference, MatchedBy, RejectionReason
from referrals.domain.model import Channel, DuplicateFlag, Person, Referral, Source, Status


class PersonPublic(BaseModel):
    id: UUID
    given_name: str
    family_name: str
    nhs_number: str | None
    date_of_birth: date
    postcode: str
    email: str | None
    mobile: str | None
    preferred_channel: Channel


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


def person_public(p: Person | None) -> PersonPublic | None:
    if p is None:
        return None
    return PersonPublic(
        id=p.id,
        given_name=p.given_name,
        family_name=p.family_name,
        nhs_number=p.nhs_number,
        date_of_birth=p.date_of_birth,
        postcode=p.postcode,
        email=p.email,
        mobile=p.mobile,
        preferred_channel=p.preferred_channel,
    )
