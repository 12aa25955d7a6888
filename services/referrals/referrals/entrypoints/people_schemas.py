"""The HTTP shapes of a person: their details in a referral, and the answer to an erasure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, ValidationInfo, field_validator

from referrals.domain import validation
from referrals.domain.codes import Channel
from referrals.domain.erasure import ErasureReport
from referrals.domain.model import Person
from t2t_shared.http.erasure import Requested, asked_by_event, asked_by_tombstones
from t2t_shared.http.models import Closed
from t2t_shared.http.types import StrictDate
from t2t_shared.kernel import contact
from t2t_shared.topics import Topics

NhsNumber = Annotated[str, AfterValidator(validation.normalise_nhs_number)]
UkMobile = Annotated[str, AfterValidator(contact.normalise_uk_mobile)]
Email = Annotated[str, AfterValidator(contact.normalise_email)]
Postcode = Annotated[str, AfterValidator(contact.normalise_postcode)]
Name = Annotated[str, Field(min_length=1, max_length=100)]


class PersonIn(Closed):
    given_name: Name = Field(examples=["Sam"])
    family_name: Name = Field(examples=["Taylor"])
    nhs_number: NhsNumber | None = Field(
        None, description="Checked with modulus 11", examples=["9434765919"]
    )
    date_of_birth: StrictDate = Field(examples=["1961-04-12"])
    postcode: Postcode = Field(examples=["LS6 2AB"])
    # Declared before the addresses, so their checks can see which one is needed.
    preferred_channel: Channel = Field(Channel.EMAIL, examples=["sms"])
    email: Email | None = Field(None, validate_default=True, examples=["sam.taylor@example.org"])
    mobile: UkMobile | None = Field(
        None, validate_default=True, description="UK mobile", examples=["07700 900123"]
    )

    @field_validator("date_of_birth")
    @classmethod
    def _plausible_birth(cls, value: date) -> date:
        today = date.today()
        if value >= today:
            raise ValueError("date_of_birth must be in the past")
        if today.year - value.year > 120:
            raise ValueError("date_of_birth is more than 120 years ago")
        return value

    @field_validator("email")
    @classmethod
    def _email_when_preferred(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("preferred_channel") is Channel.EMAIL:
            raise ValueError("email is required when preferred_channel is email")
        return value

    @field_validator("mobile")
    @classmethod
    def _mobile_when_preferred(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is None and info.data.get("preferred_channel") is Channel.SMS:
            raise ValueError("mobile is required when preferred_channel is sms")
        return value


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


class ReferralsErased(BaseModel):
    erased: list[UUID] = Field(description="Referrals whose person data was erased now")
    closed: list[UUID] = Field(description="Of those, the ones that were open and are closed")


class ErasurePublic(BaseModel):
    person_id: UUID
    requested_at: datetime
    audit_id: UUID = Field(description="The audit row of this request")
    referrals: ReferralsErased
    persons_tombstoned: list[UUID] = Field(
        description="Person ids linked to this one (itself included) whose contact records "
        "got a tombstone now"
    )
    outbox_rows_blanked: int = Field(
        description="Copies of their contact records in the referrals outbox whose value "
        "was deleted (published or not)"
    )
    requested: Requested

    @classmethod
    def of(cls, report: ErasureReport, topics: Topics) -> ErasurePublic:
        closed = asked_by_event(
            "t2t.referrals.ReferralClosed.v1 (erased: true)",
            topics.events("referrals"),
            report.referrals_closed,
            {
                "groups": "withdraws an open offer, takes them off the waiting list, ends a "
                "membership, and forgets the placement's location",
                "ops": "deletes the read-model rows keyed by the person",
            },
        )
        forgotten = asked_by_tombstones(topics.contacts("referrals"), report.persons_tombstoned)
        return cls(
            person_id=report.person_id,
            requested_at=report.requested_at,
            audit_id=report.audit_id,
            referrals=ReferralsErased(
                erased=report.referrals_erased, closed=report.referrals_closed
            ),
            persons_tombstoned=report.persons_tombstoned,
            outbox_rows_blanked=report.outbox_rows_blanked,
            requested=closed + forgotten,
        )
