"""The console's DLQ API: dead letters grouped and masked, redrive with a dry run first."""

from __future__ import annotations

from fastapi import APIRouter, HTTPException, Query

from ops.entrypoints import dlq_schemas as s
from ops.entrypoints.deps import Deps, EveryArea
from ops.service_layer.redrive import (
    AlreadyRedriven,
    CannotRedrive,
    NothingToRedrive,
    RedriveRequest,
)
from t2t_shared.http.errors import STANDARD_ERRORS, Problem

router = APIRouter(prefix="/api", tags=["dead letters"], responses=STANDARD_ERRORS)


@router.get(
    "/dlq",
    response_model=s.DlqPublic,
    summary="Dead letters waiting, grouped by error",
    description="Values are masked; contact records are never shown.",
)
async def dlq(_: EveryArea, deps: Deps) -> s.DlqPublic:
    letters = deps.console.models.dead_letters
    return s.DlqPublic(
        groups=[s.DlqGroupPublic.model_validate(g) for g in letters.groups()],
        messages=[s.DeadLetterPublic.model_validate(e.view()) for e in letters.waiting()],
    )


@router.get(
    "/dlq/messages/{message_id}",
    response_model=s.DeadLetterPublic,
    summary="One dead letter; `reveal` shows the value of a public event (never of a contact)",
    responses={404: {"model": Problem, "description": "No such dead letter"}},
)
async def dlq_message(
    message_id: str, _: EveryArea, deps: Deps, reveal: bool = False
) -> s.DeadLetterPublic:
    letter = deps.console.models.dead_letters.entries.get(message_id)
    if letter is None:
        raise HTTPException(404, f"No dead letter '{message_id}'")
    return s.DeadLetterPublic.model_validate(letter.view(reveal=reveal))


@router.post(
    "/dlq/redrive",
    response_model=s.RedriveResultPublic,
    summary="Send dead letters back to their original topic (dry run unless dry_run is false)",
    description="Name the messages (`ids`), an error `group` or a `dlq_topic`. A dry run lists "
    "what would be sent; both are written to the audit log with who asked.",
    responses={
        404: {"model": Problem, "description": "Nothing waiting matches"},
        409: {
            "model": Problem,
            "description": "A message does not say where it came from, or another redrive "
            "took it first",
        },
    },
)
async def redrive(
    body: s.RedriveRequestBody, principal: EveryArea, deps: Deps
) -> s.RedriveResultPublic:
    request = RedriveRequest(tuple(body.ids), body.group, body.dlq_topic, body.dry_run)
    try:
        result = await deps.console.redrive(request, actor=principal.subject, role=principal.role)
    except NothingToRedrive as exc:
        raise HTTPException(404, str(exc)) from exc
    except (CannotRedrive, AlreadyRedriven) as exc:
        raise HTTPException(409, str(exc)) from exc
    return s.RedriveResultPublic.model_validate(result)


@router.get(
    "/dlq/audit", response_model=list[s.AuditEntryPublic], summary="Recent redrives and dry runs"
)
async def audit(
    _: EveryArea, deps: Deps, limit: int = Query(50, ge=1, le=500)
) -> list[s.AuditEntryPublic]:
    return [s.AuditEntryPublic.model_validate(e) for e in await deps.console.audit.recent(limit)]
