"""Bodies of the coordinators' actions on a volunteer."""

from __future__ import annotations

from typing import Annotated, Literal, Self

from pydantic import AfterValidator, ConfigDict, Field, model_validator

from t2t_shared.http.models import Closed
from t2t_shared.http.types import StrictDate
from volunteers.domain.checks import DbsLevel, normalise_dbs_certificate
from volunteers.domain.stages import LeaveReason

DbsCertificate = Annotated[str, AfterValidator(normalise_dbs_certificate)]


class ReferenceIn(Closed):
    """Record a reference received (with `received_on` and `satisfactory`), or re-request one."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"received_on": "2026-12-03", "satisfactory": True}]},
    )

    requested_on: StrictDate | None = Field(None, description="Defaults to when screening started")
    received_on: StrictDate | None = None
    satisfactory: bool | None = None

    @model_validator(mode="after")
    def _received_with_verdict(self) -> Self:
        if (self.received_on is None) != (self.satisfactory is None):
            raise ValueError("received_on and satisfactory go together")
        return self


class DbsIn(Closed):
    """A DBS check: `pending` (applied for) or `complete` (certificate seen)."""

    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={
            "examples": [
                {
                    "status": "complete",
                    "level": "enhanced",
                    "certificate_number": "001234567890",
                    "issued_on": "2026-12-01",
                    "renewal_due": "2029-12-01",
                }
            ]
        },
    )

    status: Literal["pending", "complete"] = Field(examples=["complete"])
    level: DbsLevel | None = Field(None, examples=["enhanced"])
    certificate_number: DbsCertificate | None = Field(
        None, description="12 digits", examples=["001234567890"]
    )
    issued_on: StrictDate | None = None
    renewal_due: StrictDate | None = None

    @model_validator(mode="after")
    def _complete_has_certificate(self) -> Self:
        if self.status == "complete":
            missing = [
                f
                for f in ("level", "certificate_number", "issued_on", "renewal_due")
                if getattr(self, f) is None
            ]
            if missing:
                raise ValueError(f"a complete DBS check needs {', '.join(missing)}")
        return self


class TrainingStartIn(Closed):
    started_on: StrictDate | None = Field(
        None, description="Defaults to today", examples=["2027-01-10"]
    )


class TrainingCompleteIn(Closed):
    model_config = ConfigDict(
        extra="forbid",
        json_schema_extra={"examples": [{"sessions_attended": 4, "completed_on": "2027-02-14"}]},
    )

    sessions_attended: int = Field(ge=0, le=100, examples=[4])
    completed_on: StrictDate | None = Field(None, description="Defaults to today")


class SupervisorIn(Closed):
    # `pattern`: something other than spaces, since spaces are stripped before the length
    # is checked.
    name: str = Field(min_length=1, max_length=200, pattern=r"\S", examples=["Dr Asha Patel"])
    role: str = Field(
        min_length=1, max_length=200, pattern=r"\S", examples=["Diabetes specialist nurse"]
    )
    organisation: str = Field(
        min_length=1,
        max_length=200,
        pattern=r"\S",
        examples=["Leeds Teaching Hospitals NHS Trust"],
    )


class PauseIn(Closed):
    until: StrictDate | None = Field(
        None, description="Expected return, if known", examples=["2027-09-01"]
    )


class LeaveIn(Closed):
    reason: LeaveReason = Field(examples=["moved"])
