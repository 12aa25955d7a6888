"""What every use case needs besides its unit of work: topics, clock, distances, policy."""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from groups.domain.distance import DistanceProvider, venue_point
from groups.domain.model import Format, Group
from groups.domain.placement import Placement
from groups.service_layer.unit_of_work import UnitOfWork
from t2t_shared.events import IntegrationEvent
from t2t_shared.kernel.clock import Clock, utc_now
from t2t_shared.topics import Topics

AreaCheck = Callable[[str], None]
"""Raises when the caller may not act in an area; called once the thing's area is known."""


def any_area(_: str) -> None:
    """For consumers and sweeps: they act for every area."""


@dataclass(frozen=True)
class Context:
    topics: Topics
    distances: DistanceProvider
    clock: Clock = utc_now
    offer_valid_for: timedelta = timedelta(days=7)
    weeks_ahead: int = 8
    bank_holidays: Container[date] = frozenset()
    """Days no session is put on the calendar (bootstrap gives England and Wales's)."""

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    async def publish(self, uow: UnitOfWork, event: IntegrationEvent) -> None:
        await uow.outbox.add_event(event, topic=self.topics.events("groups"))

    def distance_km(self, placement: Placement, group: Group) -> float | None:
        """From the centre of the person's postcode district to the venue; None online."""
        if group.format is Format.ONLINE or not placement.postcode_district or group.venue is None:
            return None
        person = self.distances.locate_district(placement.postcode_district)
        venue = venue_point(self.distances, group.venue.postcode, group.venue.district)
        if person is None or venue is None:
            return None
        return round(person.km_to(venue), 1)
