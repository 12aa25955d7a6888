"""The consumer's side of parked keys: is this key waiting, park a failed head, release.

While one event of a key waits on the retry topic, the key's later events wait behind it
in the consumer's database (`ParkedKeys`); once the head is handled or dead-lettered they
run in order.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from t2t_shared.envelope import header_value
from t2t_shared.messaging.failures import ORIGINAL_OFFSET, ORIGINAL_PARTITION
from t2t_shared.messaging.infra import InPlace
from t2t_shared.messaging.outcomes import HANDLED, Mode, Outcome, event_ids
from t2t_shared.messaging.parking import ParkedKeys, ParkedRecord
from t2t_shared.messaging.received import ReceivedEvent

log = logging.getLogger(__name__)

Release = Callable[[ParkedRecord, float], Awaitable[Outcome]]


class ParkingGate:
    def __init__(self, parking: ParkedKeys, consumer: str, in_place: InPlace) -> None:
        self.parking = parking
        self._consumer = consumer
        self._in_place = in_place

    async def parked_keys(self, records: Iterable[Any], deadline: float) -> set[tuple[str, str]]:
        """The batch's keys that have events parked, in one look.

        Nearly every key is free; looking per record cost every event a transaction.
        """
        parking = self.parking
        keys = {(r.topic, r.key.decode()) for r in records if r.key is not None}
        return await self._in_place.run(
            lambda: parking.parked_among(keys), {"topic": None, "aggregate_id": None}, deadline
        )

    async def admit(
        self,
        record: Any,
        event: ReceivedEvent,
        mode: Mode,
        deadline: float,
        parked: set[tuple[str, str]] | None,
    ) -> Mode | None:
        """None if a fresh event was parked behind its key's failed one; else how to run it.

        `parked`: the batch's keys known to have events parked; None to look in the database.
        """
        if mode != "fresh" or event.key is None:
            return mode
        if parked is not None and (event.topic, event.key) not in parked:
            return mode
        parking = self.parking
        where = await self._in_place.run(
            lambda: parking.park_if_waiting(event.topic, record), event_ids(event), deadline
        )
        if where == "behind":
            ce_type = event.ce.type if event.ce else "tombstone"
            HANDLED.labels(self._consumer, ce_type, "parked").inc()
            log.info("event parked behind an earlier failed event", extra=event_ids(event))
            return None
        # A head redelivered (its retry record was never published) runs again as the head.
        return "released" if where == "head" else mode

    async def park_head(
        self,
        record: Any,
        event: ReceivedEvent,
        deadline: float,
        parked: set[tuple[str, str]] | None,
    ) -> None:
        """The record failed on its first delivery: its key waits until it is settled."""
        assert event.key is not None
        parking, topic = self.parking, event.topic
        await self._in_place.run(
            lambda: parking.park_head(topic, record), event_ids(event), deadline
        )
        if parked is not None:
            parked.add((topic, event.key))

    async def release_after(
        self, event: ReceivedEvent, mode: Mode, deadline: float, release: Release
    ) -> None:
        """The head was handled or dead-lettered: run the events waiting behind it."""
        assert event.key is not None
        partition, offset = event.partition, event.offset
        if mode == "retry":
            partition = int(header_value(event.headers, ORIGINAL_PARTITION) or partition)
            offset = int(header_value(event.headers, ORIGINAL_OFFSET) or offset)
        parking, topic, key, ids = self.parking, event.topic, event.key, event_ids(event)
        await self._in_place.run(
            lambda: parking.settle(topic, key, partition, offset), ids, deadline
        )
        async with parking.releasing(topic, key) as mine:
            while mine and (
                waiting := await self._in_place.run(
                    lambda: parking.next_waiting(topic, key), ids, deadline
                )
            ):
                deadline = self._in_place.deadline()
                if await release(waiting, deadline) == "retry":
                    break
