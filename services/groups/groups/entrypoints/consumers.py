"""Kafka entrypoints: each handler gets the parsed event and hands it to the service layer."""

from __future__ import annotations

from groups import consumed_events as inbound
from groups.entrypoints.container import Services
from groups.service_layer import closures, placements, roster
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.routes import Routes


def build_routes(container: Services) -> Routes:
    ctx = container.ctx
    routes = Routes(ctx.topics)

    @routes.on(inbound.ReferralAccepted)
    async def referral_accepted(event: inbound.ReferralAccepted, meta: EventMeta) -> None:
        await placements.on_referral_accepted(event, meta, container.uow(), ctx)

    @routes.on(inbound.ReferralClosed)
    async def referral_closed(event: inbound.ReferralClosed, meta: EventMeta) -> None:
        await closures.on_referral_closed(event, meta, container.uow(), ctx)

    @routes.on(inbound.FacilitatorTrained)
    async def facilitator_trained(event: inbound.FacilitatorTrained, meta: EventMeta) -> None:
        await roster.on_facilitator_trained(event, meta, container.uow(), ctx)

    @routes.on(
        inbound.TrainingExpired,
        inbound.VolunteerScreened,
        inbound.VolunteerPaused,
        inbound.VolunteerResumed,
        inbound.VolunteerLeft,
    )
    async def volunteer_news(event: inbound.VolunteerEvent, meta: EventMeta) -> None:
        await roster.on_volunteer_event(event, meta, container.uow(), ctx)

    return routes
