"""Groups load in one statement: their places counted and their facilitators in order."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from groups.bootstrap import Container, bootstrap
from groups.config import Settings
from groups.domain.placement import PlacementStatus
from groups.service_layer import placements
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


async def test_a_group_loads_with_members_offers_and_facilitators_in_order(
    container: Container,
) -> None:
    area = f"load-{uuid.uuid4().hex[:6]}"
    group = await open_group(container, area, capacity=3)
    empty = await open_group(container, area, capacity=2, name="Later")
    second = uuid.uuid4()
    async with container.uow() as uow:
        # After the group's own facilitator, on the clock that assigned them: the module's
        # NOW is taken at import, which can be minutes before this test runs.
        await uow.groups.assign(group.id, second, container.ctx.now() + timedelta(minutes=1))
        await uow.commit()
    placed = [
        await placements.on_referral_accepted(
            accepted(area, 60 - n), meta("accepted"), container.uow(), container.ctx
        )
        for n in range(2)
    ]
    assert [p.status for p in placed if p] == [PlacementStatus.OFFERED] * 2
    offered_in_group = [p for p in placed if p and p.group_id == group.id]
    await placements.accept(
        offered_in_group[0].referral_id, container.uow(), container.ctx, any_area
    )

    async with container.uow() as uow:
        loaded = {g.id: g for g in await uow.groups.in_areas([area])}
        locked = await uow.groups.lock(group.id)
    assert locked is not None
    for g in (loaded[group.id], locked):
        assert (g.members, g.offers) == (1, len(offered_in_group) - 1)
        assert g.facilitator_ids == [*group.facilitator_ids, second]
        assert all(isinstance(v, uuid.UUID) for v in g.facilitator_ids)
    assert loaded[empty.id].facilitator_ids == empty.facilitator_ids
