"""The console's read API: thin routes over the read models. Roles ops and admin, each
answer narrowed to the areas of the caller's token."""

from __future__ import annotations

from fastapi import APIRouter, Query

from ops.domain.feed import FeedFilter
from ops.domain.since import SINCE_PATTERN, InvalidSince
from ops.domain.topic_selection import OBSERVED_SERVICES
from ops.entrypoints import console_schemas as s
from ops.entrypoints.deps import Area, Deps, Operator, unprocessable
from ops.entrypoints.provider_schemas import FollowUpPublic, ProviderPublic
from t2t_shared.http.errors import STANDARD_ERRORS

router = APIRouter(prefix="/api", tags=["console"], responses=STANDARD_ERRORS)


@router.get(
    "/status",
    response_model=s.StatusPublic,
    summary="Rebuild progress, event counts, paused providers and failures to follow up",
)
async def status(principal: Operator, deps: Deps) -> s.StatusPublic:
    progress, views = deps.observer.progress(), deps.console.views
    providers = await views.providers()
    return s.StatusPublic(
        read=progress.read,
        target=progress.target,
        share=round(progress.share, 4),
        caught_up=progress.caught_up,
        partitions=progress.partitions,
        # Counts by type are not split by area: only a token for every area sees them.
        events_by_type=await views.events_by_type() if principal.all_areas else {},
        areas=[a for a in deps.settings.areas if principal.covers_area(a)],
        services=list(deps.settings.observed_services),
        providers=[ProviderPublic.of(p) for p in providers],
        sending_paused=[p.provider for p in providers if p.paused],
        follow_up=FollowUpPublic(**await views.follow_up()),
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
    service: str | None = Query(
        None, examples=["referrals"], json_schema_extra={"enum": list(OBSERVED_SERVICES)}
    ),
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
    _: Operator,
    deps: Deps,
    area: Area,
    since: str | None = Query(None, examples=["30d"], pattern=SINCE_PATTERN),
) -> s.FunnelPublic:
    try:
        report = await deps.console.funnel(area=area, since=since)
    except InvalidSince as exc:
        raise unprocessable("since", str(exc)) from exc
    return s.FunnelPublic.model_validate(report)


@router.get(
    "/capacity", response_model=list[s.AreaCapacityPublic], summary="Groups and places per area"
)
async def capacity(_: Operator, deps: Deps, area: Area) -> list[s.AreaCapacityPublic]:
    rows = await deps.console.views.capacity(area)
    return [s.AreaCapacityPublic.model_validate(r) for r in rows]


@router.get(
    "/volunteers",
    response_model=s.VolunteersPublic,
    summary="Volunteers by stage, and leavers by reason",
)
async def volunteers(_: Operator, deps: Deps, area: Area) -> s.VolunteersPublic:
    return s.VolunteersPublic.model_validate(await deps.console.views.volunteers(area))


@router.get(
    "/notifications",
    response_model=list[s.ChannelCountsPublic],
    summary="Notifications sent, delivered and failed by channel",
)
async def notifications(_: Operator, deps: Deps, area: Area) -> list[s.ChannelCountsPublic]:
    rows = await deps.console.views.notifications(area)
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
