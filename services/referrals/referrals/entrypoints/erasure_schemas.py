"""The answer to an erasure request: what was erased where, and what others were asked."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from referrals.domain.erasure import ErasureReport
from t2t_shared.topics import Topics


class ReferralsErased(BaseModel):
    erased: list[UUID] = Field(description="Referrals whose person data was erased now")
    closed: list[UUID] = Field(description="Of those, the ones that were open and are closed")


class DownstreamRequest(BaseModel):
    service: str = Field(examples=["groups"])
    by: str = Field(
        description="The record that asks it", examples=["t2t.referrals.ReferralClosed.v1"]
    )
    topic: str = Field(examples=["t2t.referrals.events"])
    keys: list[UUID] = Field(description="The record keys (referral or person ids)")
    effect: str


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
    requested: list[DownstreamRequest] = Field(
        description="What other services were asked to do, by the records this erasure "
        "published (empty when nothing new was erased)"
    )

    @classmethod
    def of(cls, report: ErasureReport, topics: Topics) -> ErasurePublic:
        events, contacts = topics.events("referrals"), topics.contacts("referrals")
        requested = []
        if report.referrals_closed:
            closed = "t2t.referrals.ReferralClosed.v1 (erased: true)"
            requested += [
                DownstreamRequest(
                    service="groups",
                    by=closed,
                    topic=events,
                    keys=report.referrals_closed,
                    effect="withdraws an open offer, takes them off the waiting list, ends a "
                    "membership, and forgets the placement's location",
                ),
                DownstreamRequest(
                    service="ops",
                    by=closed,
                    topic=events,
                    keys=report.referrals_closed,
                    effect="deletes the read-model rows keyed by the person",
                ),
            ]
        if report.persons_tombstoned:
            requested.append(
                DownstreamRequest(
                    service="notifications",
                    by="tombstone (null value)",
                    topic=contacts,
                    keys=report.persons_tombstoned,
                    effect="deletes its copy of the contact details and what it keeps by the "
                    "person, and cancels pending and scheduled sends to them",
                )
            )
        return cls(
            person_id=report.person_id,
            requested_at=report.requested_at,
            audit_id=report.audit_id,
            referrals=ReferralsErased(
                erased=report.referrals_erased, closed=report.referrals_closed
            ),
            persons_tombstoned=report.persons_tombstoned,
            outbox_rows_blanked=report.outbox_rows_blanked,
            requested=requested,
        )
