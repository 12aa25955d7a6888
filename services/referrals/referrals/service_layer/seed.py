"""The local stack's sample register, imported at `migrate` when a seed file is configured.

It goes through the same use case as `t2t practices import` (idempotent; the events wait in
the outbox until the service's relay runs).
"""

from __future__ import annotations

import asyncio
import csv
import io
import logging
from collections.abc import Callable
from pathlib import Path

from referrals.service_layer.policy import NotFound
from referrals.service_layer.register import (
    ImportSummary,
    PostcodeAreas,
    get_practice,
    import_register,
    set_receipt_email,
)
from referrals.service_layer.unit_of_work import UnitOfWork
from t2t_shared.kernel.clock import Clock
from t2t_shared.topics import Topics

log = logging.getLogger(__name__)


async def import_seed(
    register: Path,
    receipt_emails: Path | None,
    uow: Callable[[], UnitOfWork],
    topics: Topics,
    areas: PostcodeAreas,
    clock: Clock,
) -> ImportSummary:
    """The seed register, then the seed receipt emails where none is set yet."""
    data = await asyncio.to_thread(register.read_bytes)
    summary = await import_register(data, uow(), topics, areas, clock=clock)
    if receipt_emails is not None:
        await _seed_emails(receipt_emails, uow, topics)
    log.info(
        "practice register seeded",
        extra={"practices": summary.practices, "added": summary.added, "changed": summary.changed},
    )
    return summary


async def _seed_emails(path: Path, uow: Callable[[], UnitOfWork], topics: Topics) -> None:
    # An email an admin already set (or cleared to another) is theirs: seeds fill gaps only.
    for row in csv.DictReader(io.StringIO(await asyncio.to_thread(path.read_text))):
        try:
            practice = await get_practice(row["ods_code"], uow())
        except NotFound:
            continue
        if practice.email is None:
            await set_receipt_email(practice.ods_code, row["email"], uow(), topics)
