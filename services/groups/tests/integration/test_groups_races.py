"""Placements racing for the last places, and sweeps, on the real database."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest

from groups.bootstrap import Container, bootstrap
from groups.config import Settings
from groups.domain.placement import PlacementStatus
from groups.service_layer import offer_expiry, placements
from groups.service_layer.context import any_area
from tests.fixtures.services import Infra, unique_prefix

from .race_setup import accepted, meta, open_group

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
async def container(infra: Infra) -> AsyncIterator[Container]:
    url = await infra.migrated_database("groups")
    c = bootstrap(Settings(**infra.settings_kwargs(url, unique_prefix())))
    yield c
    await c.runtime.engine.dispose()


async def test_five_placements_racing_for_two_places_give_exactly_two_offers(
    container: Container,
) -> None:
    area = f"race-{uuid.uuid4().hex[:6]}"
    group = await open_group(container, area, capacity=2)
    results = await asyncio.gather(
        *(
            placements.on_referral_accepted(
                accepted(area, 60 - n), meta("accepted"), container.uow(), container.ctx
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
            accepted(area, 60 - n), meta("accepted"), container.uow(), container.ctx
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
            accepted(area, 60 - n), meta("accepted"), container.uow(), container.ctx
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
