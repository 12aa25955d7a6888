"""The answer to an erasure request: what was erased where, and what others were asked."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from t2t_shared.topics import Topics
from volunteers.service_layer.people import ErasureReport


class VolunteersErased(BaseModel):
    erased: list[UUID] = Field(
        description="Volunteers whose personal data was erased now (empty when it already was)"
    )
    left: list[UUID] = Field(
        description="Of those, the ones still in the pipeline, who left it (reason `other`)"
    )


class DownstreamRequest(BaseModel):
    service: str = Field(examples=["notifications"])
    by: str = Field(
        description="The record that asks it", examples=["t2t.volunteers.VolunteerLeft.v1"]
    )
    topic: str = Field(examples=["t2t.volunteers.events"])
    keys: list[UUID] = Field(description="The record keys (volunteer ids)")
    effect: str


class ErasurePublic(BaseModel):
    person_id: UUID = Field(description="The volunteer's id")
    requested_at: datetime
    volunteers: VolunteersErased
    persons_tombstoned: list[UUID] = Field(
        description="Volunteer ids whose contact records got a tombstone now"
    )
    outbox_rows_blanked: int = Field(
        description="Copies of their contact records in the volunteers outbox whose value "
        "was deleted (published or not)"
    )
    requested: list[DownstreamRequest] = Field(
        description="What other services were asked to do, by the records this erasure "
        "published (empty when nothing new was erased)"
    )

    @classmethod
    def of(cls, report: ErasureReport, topics: Topics) -> ErasurePublic:
        vid = report.volunteer_id
        requested = []
        if report.left:
            left = "t2t.volunteers.VolunteerLeft.v1 (reason: other)"
            events = topics.events("volunteers")
            requested += [
                DownstreamRequest(
                    service="groups",
                    by=left,
                    topic=events,
                    keys=[vid],
                    effect="marks them as left on the facilitator roster, so they are not "
                    "assigned to lead a group",
                ),
                DownstreamRequest(
                    service="ops",
                    by=left,
                    topic=events,
                    keys=[vid],
                    effect="counts them as left in the volunteer figures",
                ),
            ]
        if report.tombstoned:
            requested.append(
                DownstreamRequest(
                    service="notifications",
                    by="tombstone (null value)",
                    topic=topics.contacts("volunteers"),
                    keys=report.tombstoned,
                    effect="deletes its copy of the contact details and what it keeps by the "
                    "person, and cancels pending and scheduled sends to them",
                )
            )
        return cls(
            person_id=vid,
            requested_at=report.requested_at,
            volunteers=VolunteersErased(
                erased=[vid] if report.erased else [], left=[vid] if report.left else []
            ),
            persons_tombstoned=report.tombstoned,
            outbox_rows_blanked=report.outbox_rows_blanked,
            requested=requested,
        )
