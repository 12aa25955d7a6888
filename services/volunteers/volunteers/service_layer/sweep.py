"""The daily expiry sweep: reminders before training or DBS expire, notices when they do."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import structlog

from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics
from volunteers.service_layer.publishing import publish_events
from volunteers.service_layer.unit_of_work import UnitOfWork

log = structlog.get_logger(__name__)


@dataclass(frozen=True)
class ExpirySweep:
    uow_factory: Callable[[], UnitOfWork]
    topics: Topics
    notice_days: int = 30
    batch_size: int = 100
    clock: Clock = utc_now

    async def __call__(self) -> int:
        """Sweep until nothing is owed; returns how many notices were published."""
        sent = 0
        while True:
            batch_sent, found = await self._batch()
            sent += batch_sent
            # A full batch that owed nothing would come back unchanged: stop rather than spin.
            if found < self.batch_size or batch_sent == 0:
                break
        if sent:
            log.info("expiry_sweep_done", notices=sent)
        return sent

    async def _batch(self) -> tuple[int, int]:
        today = self.clock().date()
        sent = 0
        async with self.uow_factory() as uow:
            ids = await uow.queries.due_for_sweep(
                today, today + timedelta(days=self.notice_days), self.batch_size
            )
            for volunteer_id in ids:
                volunteer = await uow.volunteers.get(volunteer_id)
                if volunteer is None:
                    continue
                sent += len(volunteer.sweep(today, self.notice_days))
                await publish_events(uow, self.topics, volunteer)
                await uow.volunteers.save(volunteer)
            await uow.commit()
        return sent, len(ids)
