"""The HTTP shapes of a person: their details in a referral, and the answer to an erasure."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import AfterValidator, BaseModel, Field, field_validator

from referrals.domain import validation
from referrals.domain.codes import Channel
from referrals.domain.erasure import ErasureReport
from referrals.domain.model import Person
from t2t_shared.http.contact_fields import (
    EmailIfPreferred,
    MobileIfPreferred,
    PersonName,
    Postcode,
)
from t2t_shared.http.erasure import Requested, asked_by_event, asked_by_tombstones
from t2t_shared.http.models import Closed
from t2t_shared.http.types import StrictDate
from t2t_shared.topics import Topics

NhsNumber = Annotated[str, AfterValidator(validation.normalise_nhs_number)]


class PersonIn(Closed):
    given_name: PersonName = Field(examples=["Sam"])
    family_name: PersonName = Field(examples=["Taylor"])
    nhs_number: NhsNumber | None = Field(
        None, description="Checked with modulus 11", examples=["9434765919"]
    )
    date_of_birth: StrictDate = Field(examples=["1961-04-12"])
    postcode: Postcode = Field(examples=["LS6 2AB"])
    # Declared before the addresses, so their checks can see which one is needed.
    preferred_channel: Channel = Field(Channel.EMAIL, examples=["sms"])
    email: EmailIfPreferred = Field(
        None, validate_default=True, examples=["sam.taylor@example.org"]
    )
    mobile: MobileIfPreferred = Field(
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
