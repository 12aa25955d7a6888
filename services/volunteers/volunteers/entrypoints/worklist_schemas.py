"""What the worklist and the statistics show."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from volunteers.domain.checks import CheckStatus
from volunteers.domain.stages import Stage
from volunteers.domain.views import Stats, VolunteerSummary
from volunteers.domain.worklist import Flag, StageTargets, flag


class VolunteerListItem(BaseModel):
    id: UUID
    status: Stage
    area: str
    applied_at: datetime
    stage_entered_at: datetime
    days_in_stage: int = Field(examples=[12])
    flag: Flag | None = Field(examples=["amber"])
    name: str | None = Field(description="Coordinators and admins only", examples=["Jo Okafor"])
    training_valid_until: date | None
    dbs_status: CheckStatus | None
    dbs_renewal_due: date | None

    @classmethod
    def of(
        cls, s: VolunteerSummary, *, now: datetime, targets: StageTargets, with_person: bool
    ) -> VolunteerListItem:
        named = with_person and s.given_name is not None
        return cls(
            id=s.id,
            status=s.stage,
            area=s.area,
            applied_at=s.applied_at,
            stage_entered_at=s.stage_entered_at,
            days_in_stage=(now - s.stage_entered_at).days,
            flag=flag(s.stage, s.stage_entered_at, now, targets),
            name=f"{s.given_name} {s.family_name}" if named else None,
            training_valid_until=s.training_valid_until,
            dbs_status=s.dbs_status,
            dbs_renewal_due=s.dbs_renewal_due,
        )


class VolunteerPage(BaseModel):
    items: list[VolunteerListItem]
    total: int = Field(examples=[42])
    limit: int = Field(examples=[50])
    offset: int = Field(examples=[0])


class StatsOut(BaseModel):
    areas: list[str] | None = Field(
        description="The areas counted; null for all", examples=[["leeds"]]
    )
    by_stage: dict[str, int] = Field(
        examples=[
            {
                "applied": 4,
                "screening": 3,
                "training": 2,
                "trained": 5,
                "active": 20,
                "paused": 1,
                "left": 6,
            }
        ]
    )
    leaving_reasons: dict[str, int] = Field(examples=[{"moved": 2, "resigned": 3, "other": 1}])

    @classmethod
    def of(cls, stats: Stats, areas: tuple[str, ...] | None) -> StatsOut:
        return cls(
            areas=list(areas) if areas is not None else None,
            by_stage=stats.by_stage,
            leaving_reasons=stats.leaving_reasons,
        )
