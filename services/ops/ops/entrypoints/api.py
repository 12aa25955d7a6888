"""The console's JSON API: thin routes over the console's use cases. Roles ops and admin."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, HTTPException, Query, Request

from ops.bootstrap import Container
from ops.domain.feed import FeedFilter
from ops.domain.since import InvalidSince
from ops.entrypoints import schemas as s
from ops.service_layer.redrive import (
    AlreadyRedriven,
    CannotRedrive,
    NothingToRedrive,
    RedriveRequest,
)
from t2t_shared.auth import Principal
from t2t_shared.http.errors import STANDARD_ERRORS, Problem
from t2t_shared.http.security import require_roles

router = APIRouter(prefix="/api", tags=["console"], responses=STANDARD_ERRORS)


async def container(request: Request) -> Container:
    return request.app.state.container  # type: ignore[no-any-return]


Deps = Annotated[Container, Depends(container)]
Operator = Annotated[Principal, Depends(require_roles("ops", "admin"))]


def unprocessable(field: str, reason: str) -> HTTPException:
    """A 422 in the shared shape, naming the field and the reason."""
    return HTTPException(
        422,
        {
            "detail": "The request is not valid",
            "errors": [{"field": field, "reason": reason, "type": "value_error"}],
        },
    )


async def area_filter(deps: Deps, area: str | None = Query(None, examples=["leeds"])) -> str | None:
    if area in (None, ""):
        return None
    if area not in deps.settings.areas:
        known = ", ".join(deps.settings.areas)
        raise unprocessable("area", f"unknown area '{area}'; this deployment has: {known}")
    return area


Area = Annotated[str | None, Depends(area_filter)]


@router.get("/status", response_model=s.StatusPublic, summary="Rebuild progress and event counts")
async def status(_: Operator, deps: Deps) -> s.StatusPublic:
    progress = deps.observer.progress()
    return s.StatusPublic(
        read=progress.read,
        target=progress.target,
        share=round(progress.share, 4),
        caught_up=progress.caught_up,
        partitions=progress.partitions,
        events_by_type=dict(sorted(deps.console.models.by_type.items())),
        areas=list(deps.settings.areas),
        services=list(deps.settings.observed_services),
    )


@router.get(
    "/feed",
    response_model=s.FeedPublic,
    summary="The latest events: time, type, area and subject id",
    description="Poll with `after` = the `last_seq` of the previous answer to get only newer "
    "events. `type` is a full ce_type or an event name.",
)
async def feed(
    _: Operator,
    deps: Deps,
    area: Area,
    service: str | None = Query(None, examples=["referrals"]),
    type: str | None = Query(None, examples=["ReferralReceived"]),
    after: int = Query(0, ge=0),
    limit: int = Query(100, ge=1, le=500),
) -> s.FeedPublic:
    if service and service not in deps.settings.observed_services:
        known = ", ".join(deps.settings.observed_services)
        raise unprocessable("service", f"unknown service '{service}'; one of: {known}")
    which = FeedFilter(service or None, type or None, area)
    model = deps.console.models.feed
    items = model.query(which, after=after, limit=limit)
    return s.FeedPublic(
        last_seq=model.last_seq, items=[s.FeedItemPublic.model_validate(i) for i in items]
    )


@router.get(
    "/funnel",
    response_model=s.FunnelPublic,
    summary="Referral funnel per source, and time to first contact",
    description="Counts referrals received since `since` (`30d`, `12h`, `2w`, or an ISO date) "
    "that reached each stage or a later one; conversion is against the previous stage.",
)
async def funnel(
    _: Operator, deps: Deps, area: Area, since: str | None = Query(None, examples=["30d"])
) -> s.FunnelPublic:
    try:
        report = deps.console.funnel(area=area, since=since)
    except InvalidSince as exc:
        raise unprocessable("since", str(exc)) from exc
    return s.FunnelPublic.model_validate(report)


@router.get(
    "/capacity", response_model=list[s.AreaCapacityPublic], summary="Groups and places per area"
)
async def capacity(_: Operator, deps: Deps, area: Area) -> list[s.AreaCapacityPublic]:
    rows = deps.console.models.capacity.report(area)
    return [s.AreaCapacityPublic.model_validate(r) for r in rows]


@router.get(
    "/volunteers",
    response_model=s.VolunteersPublic,
    summary="Volunteers by stage, and leavers by reason",
)
async def volunteers(_: Operator, deps: Deps, area: Area) -> s.VolunteersPublic:
    return s.VolunteersPublic.model_validate(deps.console.models.volunteers.report(area))


@router.get(
    "/notifications",
    response_model=list[s.ChannelCountsPublic],
    summary="Notifications sent, delivered and failed by channel",
)
async def notifications(_: Operator, deps: Deps, area: Area) -> list[s.ChannelCountsPublic]:
    rows = deps.console.models.notifications.report(area)
    return [s.ChannelCountsPublic.model_validate(r) for r in rows]


@router.get(
    "/lag",
    response_model=list[s.GroupLagPublic],
    summary="Consumer lag per group, in events and in time",
    description="Measured every few seconds: committed offsets against the fetch high-water "
    "mark; `seconds` is the age of the oldest unprocessed event; `rising` flags growth.",
)
async def lag(_: Operator, deps: Deps) -> list[s.GroupLagPublic]:
    return [s.GroupLagPublic.model_validate(g) for g in deps.console.lag]


@router.get(
    "/dlq",
    response_model=s.DlqPublic,
    summary="Dead letters waiting, grouped by error",
    description="Values are masked; contact records are never shown.",
)
async def dlq(_: Operator, deps: Deps) -> s.DlqPublic:
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
    message_id: str, _: Operator, deps: Deps, reveal: bool = False
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
    body: s.RedriveRequestBody, principal: Operator, deps: Deps
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
    _: Operator, deps: Deps, limit: int = Query(50, ge=1, le=500)
) -> list[s.AuditEntryPublic]:
    return [s.AuditEntryPublic.model_validate(e) for e in await deps.console.audit.recent(limit)]
