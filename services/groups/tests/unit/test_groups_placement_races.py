"""A placement that loses the race for the group it chose rolls back and chooses again.

The fakes run one use case at a time, so the lost race is staged: the group's lock hands
back the group as another transaction would have left it, full.
"""

from __future__ import annotations

import dataclasses
import uuid

import pytest

from groups.domain.errors import Contended
from groups.domain.model import Group
from groups.domain.placement import PlacementStatus
from groups.service_layer import places
from groups.service_layer.context import Context

from .conftest import make_group, refer
from .fakes import FakeGroups, FakeUnitOfWork


def full_for(times: int, monkeypatch: pytest.MonkeyPatch) -> list[uuid.UUID]:
    """The next `times` locks find their group full; returns the ids locked."""
    locked: list[uuid.UUID] = []
    real_lock = FakeGroups.lock

    async def lock(self: FakeGroups, group_id: uuid.UUID) -> Group | None:
        locked.append(group_id)
        found = await real_lock(self, group_id)
        if found is not None and len(locked) <= times:
            return dataclasses.replace(found, offers=found.capacity - found.members)
        return found

    monkeypatch.setattr(FakeGroups, "lock", lock)
    return locked


async def test_a_lost_race_is_rolled_back_and_the_placement_tries_again(
    uow: FakeUnitOfWork, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    group = await make_group(uow, ctx, capacity=2)
    commits = uow.commits
    locked = full_for(1, monkeypatch)

    placed = await refer(uow, ctx)

    assert locked == [group.id, group.id]
    assert (placed.status, placed.group_id) == (PlacementStatus.OFFERED, group.id)
    assert uow.commits == commits + 1
    assert [type(e).__name__ for e in uow.outbox.events[-1:]] == ["PlaceOffered"]


async def test_races_lost_again_and_again_give_up_with_nothing_written(
    uow: FakeUnitOfWork, ctx: Context, monkeypatch: pytest.MonkeyPatch
) -> None:
    await make_group(uow, ctx, capacity=2)
    placements_before, events_before = dict(uow.store.placements), len(uow.outbox.events)
    locked = full_for(places.ATTEMPTS, monkeypatch)

    with pytest.raises(Contended):
        await refer(uow, ctx)

    assert len(locked) == places.ATTEMPTS
    assert uow.store.placements == placements_before
    assert len(uow.outbox.events) == events_before
