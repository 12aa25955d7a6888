"""The answer to an erasure request: what was erased where, and what others were asked."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from t2t_shared.http.erasure import Requested, asked_by_event, asked_by_tombstones
from t2t_shared.topics import Topics
from volunteers.service_layer.people import ErasureReport


class VolunteersErased(BaseModel):
    erased: list[UUID] = Field(
        description="Volunteers whose personal data was erased now (empty when it already was)"
    )
    left: list[UUID] = Field(
        description="Of those, the ones still in the pipeline, who left it (reason `other`)"
    )


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
    requested: Requested

    @classmethod
    def of(cls, report: ErasureReport, topics: Topics) -> ErasurePublic:
        vid = report.volunteer_id
        left = asked_by_event(
            "t2t.volunteers.VolunteerLeft.v1 (reason: other)",
            topics.events("volunteers"),
            [vid] if report.left else [],
            {
                "groups": "marks them as left on the facilitator roster, so they are not "
                "assigned to lead a group",
                "ops": "counts them as left in the volunteer figures",
            },
        )
        forgotten = asked_by_tombstones(topics.contacts("volunteers"), report.tombstoned)
        return cls(
            person_id=vid,
            requested_at=report.requested_at,
            volunteers=VolunteersErased(
                erased=[vid] if report.erased else [], left=[vid] if report.left else []
            ),
            persons_tombstoned=report.tombstoned,
            outbox_rows_blanked=report.outbox_rows_blanked,
            requested=left + forgotten,
        )
