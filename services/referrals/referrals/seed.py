"""The local stack's sample register, imported at `migrate` when a seed file is configured.

It goes through the same use case as `t2t practices import` (idempotent; the events wait in
the outbox until the service's relay runs).
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from pathlib import Path

from referrals.bootstrap import Container, bootstrap
from referrals.config import Settings
from referrals.service_layer.policy import NotFound
from referrals.service_layer.register import (
    ImportSummary,
    get_practice,
    import_register,
    set_receipt_email,
)

log = logging.getLogger(__name__)


async def import_seed(container: Container) -> ImportSummary | None:
    """The seed register, then the seed receipt emails where none is set yet."""
    path = container.settings.practice_register_seed
    if path is None:
        return None
    summary = await import_register(
        await asyncio.to_thread(path.read_bytes),
        container.uow(),
        container.topics,
        container.postcode_areas,
        clock=container.policy.clock,
    )
    emails = container.settings.practice_receipt_emails_seed
    if emails is not None:
        await _seed_emails(container, emails)
    log.info(
        "practice register seeded",
        extra={"practices": summary.practices, "added": summary.added, "changed": summary.changed},
    )
    return summary


async def _seed_emails(container: Container, path: Path) -> None:
    # An email an admin already set (or cleared to another) is theirs: seeds fill gaps only.
    for row in csv.DictReader(io.StringIO(await asyncio.to_thread(path.read_text))):
        try:
            practice = await get_practice(row["ods_code"], container.uow())
        except NotFound:
            continue
        if practice.email is None:
            await set_receipt_email(
                practice.ods_code, row["email"], container.uow(), container.topics
            )


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
