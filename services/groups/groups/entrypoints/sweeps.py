"""Work on a timer: expired offers, calendars kept ahead, facilitators whose training lapsed."""

from __future__ import annotations

import structlog

from groups.entrypoints.container import Services
from groups.service_layer import offer_expiry, roster, sessions
from t2t_shared.periodic import Periodic

log = structlog.get_logger(__name__)


def build_sweeps(container: Services) -> list[Periodic]:
    settings, ctx = container.settings, container.ctx

    async def expire_offers() -> None:
        expired = await offer_expiry.expire_offers(container.uow, ctx)
        if expired:
            log.info("offers_expired", count=expired)

    async def keep_calendars() -> None:
        await sessions.sweep_schedules(container.uow, ctx)
        await roster.sweep_lapses(container.uow, ctx)

    return [
        Periodic("expire-offers", settings.offer_sweep_interval_s, expire_offers),
        Periodic("keep-calendars", settings.calendar_sweep_interval_s, keep_calendars),
    ]
