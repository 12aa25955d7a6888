"""Fixtures of the groups unit tests: a fake unit of work, a clock we move, a toy map."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

import pytest

from groups.consumed_events import FacilitatorTrained, ReferralAccepted
from groups.domain.commands import CreateGroup
from groups.domain.model import Format, Group, Venue
from groups.domain.placement import Placement
from groups.domain.schedule import Frequency, Schedule
from groups.service_layer import group_lifecycle, placements, roster
from groups.service_layer.context import Context, any_area
from t2t_shared.kernel.event_meta import EventMeta
from t2t_shared.topics import Topics
from tests.fixtures.contract_payloads import consumed

from .fakes import FakeDistances, FakeUnitOfWork

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # a Monday


class MovableClock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# Venues east along a line; districts at known kilometres from them.
DISTANCES = FakeDistances(
    districts={"LS6": (0, 0), "LS2": (3, 0), "LS11": (10, 0), "LS28": (-8, 0)},
    postcodes={"LS6 3HN": (1, 0), "LS1 4DY": (4, 0), "LS28 7AA": (-8, 0)},
)


@pytest.fixture
def clock() -> MovableClock:
    return MovableClock()


@pytest.fixture
def uow() -> FakeUnitOfWork:
    return FakeUnitOfWork()


@pytest.fixture
def ctx(clock: MovableClock) -> Context:
    return Context(topics=Topics("t2t."), distances=DISTANCES, clock=clock)


def meta() -> EventMeta:
    return EventMeta(id=str(uuid.uuid4()), source="/t2t/dev/test", type="test")


async def train(
    uow: FakeUnitOfWork, ctx: Context, area: str = "leeds", days: int = 365
) -> uuid.UUID:
    volunteer_id = uuid.uuid4()
    event = consumed(
        FacilitatorTrained,
        "t2t.volunteers.FacilitatorTrained.v1",
        {
            "volunteer_id": volunteer_id,
            "area": area,
            "course": "core_facilitator",
            "completed_at": ctx.now(),
            "valid_until": ctx.today() + timedelta(days=days),
        },
    )
    await roster.on_facilitator_trained(event, meta(), uow, ctx)
    return volunteer_id


def in_person(postcode: str = "LS6 3HN", name: str = "Headingley") -> dict[str, Any]:
    return {
        "format": Format.IN_PERSON,
        "venue": Venue(name + " Centre", "1 Road", postcode),
        "name": name,
    }


def online(name: str = "Online evenings") -> dict[str, Any]:
    return {"format": Format.ONLINE, "joining_link": "https://meet.example/t2t", "name": name}


async def make_group(
    uow: FakeUnitOfWork,
    ctx: Context,
    *,
    capacity: int = 2,
    opened: bool = True,
    area: str = "leeds",
    where: dict[str, Any] | None = None,
    leaders: list[uuid.UUID] | None = None,
) -> Group:
    if leaders is None:
        leaders = [await train(uow, ctx, area)]
    command = CreateGroup(
        area=area,
        schedule=Schedule(Frequency.WEEKLY, 1, time(18, 30), 90, date(2026, 1, 1)),
        capacity=capacity,
        facilitator_ids=leaders,
        **(where or in_person()),
    )
    group = await group_lifecycle.create_group(command, uow, ctx)
    if opened:
        group = await group_lifecycle.open_group(group.id, uow, ctx, any_area)
    return group


async def refer(
    uow: FakeUnitOfWork,
    ctx: Context,
    district: str = "LS6",
    *,
    hours_ago: float = 1,
    preference: Format | None = None,
    area: str = "leeds",
) -> Placement:
    event = consumed(
        ReferralAccepted,
        "t2t.referrals.ReferralAccepted.v1",
        {
            "referral_id": uuid.uuid4(),
            "person_id": uuid.uuid4(),
            "area": area,
            "source": "gp",
            "postcode_district": district,
            "format_preference": preference,
            "received_at": ctx.now() - timedelta(hours=hours_ago),
            "accepted_at": ctx.now(),
        },
    )
    placed = await placements.on_referral_accepted(event, meta(), uow, ctx)
    assert placed is not None
    return placed
