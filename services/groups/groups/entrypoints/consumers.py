"""Kafka entrypoints: translate records into handler calls, nothing more."""

from __future__ import annotations

from groups import consumed_events as inbound
from groups.entrypoints.container import Services
from groups.service_layer import closures, placements, roster
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.messaging.consumer import ReceivedEvent, Routes
from t2t_shared.messaging.failures import PermanentHandlerError

VOLUNTEER_NEWS = (
    inbound.VOLUNTEER_SCREENED,
    inbound.VOLUNTEER_PAUSED,
    inbound.VOLUNTEER_RESUMED,
    inbound.VOLUNTEER_LEFT,
)


def _meta(event: ReceivedEvent) -> EventMeta:
    if event.ce is None:
        raise PermanentHandlerError("record has no CloudEvents envelope")
    ce = event.ce
    return EventMeta(id=ce.id, source=ce.source, type=ce.type, time=ce.time, subject=ce.subject)


def build_routes(container: Services) -> Routes:
    routes = Routes()
    referrals = container.ctx.topics.events("referrals")
    volunteers = container.ctx.topics.events("volunteers")
    ctx = container.ctx

    @routes.on(referrals, inbound.REFERRAL_ACCEPTED)
    async def referral_accepted(event: ReceivedEvent) -> None:
        accepted = event.parse(inbound.ReferralAccepted)
        await placements.on_referral_accepted(accepted, _meta(event), container.uow(), ctx)

    @routes.on(referrals, inbound.REFERRAL_CLOSED)
    async def referral_closed(event: ReceivedEvent) -> None:
        closed = event.parse(inbound.ReferralClosed)
        await closures.on_referral_closed(closed, _meta(event), container.uow(), ctx)

    @routes.on(volunteers, inbound.FACILITATOR_TRAINED)
    async def facilitator_trained(event: ReceivedEvent) -> None:
        trained = event.parse(inbound.FacilitatorTrained)
        await roster.on_facilitator_trained(trained, _meta(event), container.uow(), ctx)

    @routes.on(volunteers, inbound.TRAINING_EXPIRED)
    async def training_expired(event: ReceivedEvent) -> None:
        expired = event.parse(inbound.TrainingExpired)
        await roster.on_volunteer_event(expired, _meta(event), container.uow(), ctx)

    async def volunteer_news(event: ReceivedEvent) -> None:
        news = event.parse(inbound.VolunteerEvent)
        await roster.on_volunteer_event(news, _meta(event), container.uow(), ctx)

    for ce_type in VOLUNTEER_NEWS:
        routes.add(volunteers, ce_type, volunteer_news)
    return routes
