"""Placements racing for the last places, and sweeps, on the real database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, time, timedelta

import pytest

from groups.bootstrap import Container, bootstrap
from groups.config import Settings
from groups.consumed_events import FacilitatorTrained, ReferralAccepted
from groups.domain.commands import CreateGroup
from groups.domain.model import Format, Group, Venue
from groups.domain.placement import PlacementStatus
from groups.domain.schedule import Frequency, Schedule
from groups.service_layer import group_lifecycle, offer_expiry, placements, roster
from groups.service_layer.context import any_area
from t2t_shared.kernel.event_meta import EventMeta
from tests.fixtures.services import Infra, unique_prefix

pytestmark = pytest.mark.integration

NOW = datetime.now(UTC)


def meta(ce_type: str) -> EventMeta:
    return EventMeta(id=str(uuid.uuid4()), source="/t2t/dev/test", type=ce_type)


@pytest.fixture(scope="module")
async def container(infra: Infra) -> AsyncIterator[Container]:
    url = await infra.migrated_database("groups")
    c = bootstrap(Settings(**infra.settings_kwargs(url, unique_prefix())))
    yield c
    await c.runtime.engine.dispose()


async def open_group(c: Container, area: str, capacity: int) -> Group:
    volunteer_id = uuid.uuid4()
    trained = FacilitatorTrained(
        volunteer_id=volunteer_id,
        area=area,
        course="core_facilitator",
        completed_at=NOW,
        valid_until=date.today() + timedelta(days=365),
    )
    await roster.on_facilitator_trained(trained, meta("trained"), c.uow(), c.ctx)
    group = await group_lifecycle.create_group(
        CreateGroup(
            name="Kirkstall Wednesdays",
            area=area,
            format=Format.IN_PERSON,
            schedule=Schedule(Frequency.WEEKLY, 2, time(10, 0), 90, date.today()),
            capacity=capacity,
            venue=Venue("Kirkstall Library", "Kirkstall Lane, Leeds", "LS5 3BQ"),
            facilitator_ids=[volunteer_id],
        ),
        c.uow(),
        c.ctx,
    )
    return await group_lifecycle.open_group(group.id, c.uow(), c.ctx, any_area)


def accepted(area: str, n: int) -> ReferralAccepted:
    return ReferralAccepted(
        referral_id=uuid.uuid4(),
        person_id=uuid.uuid4(),
        area=area,
        postcode_district="LS5",
        received_at=NOW - timedelta(minutes=60 - n),
        accepted_at=NOW,
    )


async def test_five_placements_racing_for_two_places_give_exactly_two_offers(
    container: Container,
) -> None:
    area = f"race-{uuid.uuid4().hex[:6]}"
    group = await open_group(container, area, capacity=2)
    results = await asyncio.gather(
        *(
            placements.on_referral_accepted(
                accepted(area, n), meta("accepted"), container.uow(), container.ctx
            )
            for n in range(5)
        )
    )
    statuses = sorted(p.status.value for p in results if p is not None)
    assert statuses == ["offered", "offered", "waiting", "waiting", "waiting"]
    waiting = await placements.waiting_list(area, container.uow())
    assert [p.received_at for p in waiting] == sorted(p.received_at for p in waiting)
    async with container.uow() as uow:
        [stored] = [g for g in await uow.groups.in_areas([area]) if g.id == group.id]
    assert (stored.offers, stored.free_places, stored.status.value) == (2, 0, "full")


async def test_two_freed_places_racing_go_to_two_different_people(container: Container) -> None:
    area = f"race-{uuid.uuid4().hex[:6]}"
    await open_group(container, area, capacity=2)
    placed = [
        await placements.on_referral_accepted(
            accepted(area, n), meta("accepted"), container.uow(), container.ctx
        )
        for n in range(4)
    ]
    offered = [p for p in placed if p is not None and p.status is PlacementStatus.OFFERED]
    await asyncio.gather(
        *(
            placements.decline(p.referral_id, container.uow(), container.ctx, any_area)
            for p in offered
        )
    )
    waiting_before = [p for p in placed if p is not None and p.status is PlacementStatus.WAITING]
    now_offered = [
        await placements.get(p.referral_id, container.uow(), any_area) for p in waiting_before
    ]
    assert [p.status for p in now_offered] == [PlacementStatus.OFFERED] * 2


async def test_the_sweep_expires_offers_due_and_passes_the_place_on(container: Container) -> None:
    area = f"sweep-{uuid.uuid4().hex[:6]}"
    await open_group(container, area, capacity=1)
    first, second = [
        await placements.on_referral_accepted(
            accepted(area, n), meta("accepted"), container.uow(), container.ctx
        )
        for n in range(2)
    ]
    assert first is not None
    assert second is not None
    later = container.ctx.__class__(
        topics=container.ctx.topics,
        distances=container.ctx.distances,
        clock=lambda: datetime.now(UTC) + timedelta(days=8),
    )
    assert await offer_expiry.expire_offers(container.uow, later) >= 1
    expired = await placements.get(first.referral_id, container.uow(), any_area)
    promoted = await placements.get(second.referral_id, container.uow(), any_area)
    assert (expired.status, promoted.status) == (PlacementStatus.EXPIRED, PlacementStatus.OFFERED)
