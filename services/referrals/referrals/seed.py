"""The local stack's sample register, imported at `migrate` when a seed file is configured.

It goes through the same use case as `t2t practices import` (idempotent; the events wait in
the outbox until the service's relay runs).
"""

from __future__ import annotations

import asyncio
import logging

from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.service_layer.register import ImportSummary, import_register

log = logging.getLogger(__name__)


async def import_seed(container: Container) -> ImportSummary | None:
    path = container.settings.practice_register_seed
    if path is None:
        return None
    summary = await import_register(
        path.read_bytes(),
        container.uow(),
        container.topics,
        container.postcode_areas,
        clock=container.policy.clock,
    )
    log.info(
        "practice register seeded",
        extra={"practices": summary.practices, "added": summary.added, "changed": summary.changed},
    )
    return summary


def seed_register(settings: Settings) -> int:
    if settings.practice_register_seed is None:
        return 0

    async def main() -> None:
        container = bootstrap(settings)
        try:
            await import_seed(container)
        finally:
            await container.runtime.engine.dispose()

    asyncio.run(main())
    return 0
