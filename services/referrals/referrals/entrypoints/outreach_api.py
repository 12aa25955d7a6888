"""The outreach log over HTTP: coordinators record a visit, call or email to a practice."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException

from referrals.domain.outreach import OutreachInFuture
from referrals.entrypoints.deps import Deps, invalid, scope
from referrals.entrypoints.outreach_schemas import OutreachIn, OutreachPublic
from referrals.entrypoints.register_api import NO_PRACTICE, OdsCode
from referrals.service_layer import outreach
from referrals.service_layer.policy import NotFound, OutOfScope
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS
from t2t_shared.http.security import require_roles

router = APIRouter(tags=["practice register"], responses=STANDARD_ERRORS)

Recorder = Annotated[Principal, Depends(require_roles("coordinator", "admin"))]
Reader = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin"))]


@router.post(
    "/practices/{ods_code}/outreach",
    status_code=201,
    response_model=OutreachPublic,
    summary="Record a visit, call or email to a practice",
    description=(
        "A coordinator of the practice's area (or `admin`) records how they engaged the "
        "practice, on which UK day. Publishes `PracticeEngaged` (no note: it stays here). A "
        "practice in no configured area is `admin`'s only."
    ),
    responses=NO_PRACTICE,
)
async def record_outreach(
    ods_code: OdsCode, body: OutreachIn, principal: Recorder, deps: Deps
) -> OutreachPublic:
    command = outreach.RecordOutreach(
        ods_code=ods_code,
        kind=body.kind,
        on=body.date,
        note=body.note,
        recorded_by=principal.subject,
        areas=scope(principal),
    )
    with _errors():
        entry = await outreach.record_outreach(
            command, deps.uow(), deps.topics, clock=deps.policy.clock
        )
    return OutreachPublic.of(entry)


@router.get(
    "/practices/{ods_code}/outreach",
    response_model=list[OutreachPublic],
    summary="A practice's outreach log, newest first",
    description="Coordinators of the practice's area and `admin`; `ops` without the notes.",
    responses=NO_PRACTICE,
)
async def outreach_log(ods_code: OdsCode, principal: Reader, deps: Deps) -> list[OutreachPublic]:
    with _errors():
        entries = await outreach.outreach_log(ods_code, scope(principal), deps.uow())
    return [OutreachPublic.of(e, with_note=principal.role != "ops") for e in entries]


@contextmanager
def _errors() -> Iterator[None]:
    try:
        yield
    except NotFound as exc:
        raise HTTPException(404, "No practice with this ODS code in the register") from exc
    except OutOfScope as exc:
        raise HTTPException(403, f"Your token does not cover the area '{exc}'") from exc
    except OutreachInFuture as exc:
        raise invalid("date", str(exc)) from exc
