"""Fifty placements racing across areas while places free: leavers, declines, closed
referrals and a group that grows.

Ten times the concurrency of the five-for-two race, over real PostgreSQL. Afterwards:
no group holds more people than its capacity, no free place is left while someone who
fits it waits, and nobody was offered a place ahead of a person waiting before them.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass
from datetime import datetime

import pytest
import sqlalchemy as sa

from groups.adapters import orm
from groups.bootstrap import Container, bootstrap
from groups.config import Settings
from groups.domain.commands import UpdateGroup
from groups.domain.model import Format, Group
from groups.domain.placement import LeaveReason, Placement, PlacementStatus, waiting_order
from groups.service_layer import closures, group_lifecycle, placements
from groups.service_layer.context import any_area
from tests.fixtures.services import Infra, unique_prefix

from .race_setup import accepted, closed, meta, open_group

pytestmark = pytest.mark.integration

ARRIVALS = 50
AREAS = 3
SEED = 20261204


@pytest.fixture(scope="module")
async def container(infra: Infra) -> AsyncIterator[Container]:
    url = await infra.migrated_database("groups")
    c = bootstrap(Settings(**infra.settings_kwargs(url, unique_prefix())))
    yield c
    await c.runtime.engine.dispose()


@dataclass
class Area:
    name: str
    groups: list[Group]
    members: list[uuid.UUID]
    offered: list[uuid.UUID]
    waiting: list[uuid.UUID]


async def seeded_area(c: Container, rng: random.Random) -> Area:
    """Two in-person groups and one online group, full, with three people waiting."""
    name = f"scale-{uuid.uuid4().hex[:6]}"
    groups = [
        await open_group(c, name, 3, postcode="LS5 3BQ", name="Kirkstall"),
        await open_group(c, name, 2, postcode="LS6 3HN", name="Headingley"),
        await open_group(c, name, 2, format_=Format.ONLINE, name="Online"),
    ]
    placed = [
        await placements.on_referral_accepted(
            accepted(name, 600 - n), meta("accepted"), c.uow(), c.ctx
        )
        for n in range(7)
    ]
    held = [p.referral_id for p in placed if p is not None]
    assert len(held) == 7
    for referral_id in held[:4]:
        await placements.accept(referral_id, c.uow(), c.ctx, any_area)
    waiting = []
    for n in range(3):
        preference = rng.choice([None, Format.IN_PERSON, Format.ONLINE])
        p = await placements.on_referral_accepted(
            accepted(name, 300 - 10 * n, preference), meta("accepted"), c.uow(), c.ctx
        )
        assert p is not None
        assert p.status is PlacementStatus.WAITING
        waiting.append(p.referral_id)
    return Area(name, groups, members=held[:4], offered=held[4:], waiting=waiting)


def race(c: Container, areas: list[Area], rng: random.Random) -> list[Awaitable[object]]:
    """Arrivals (some referred before people already waiting), places freeing, a group growing."""
    ops: list[Awaitable[object]] = []
    for n in range(ARRIVALS):
        area = areas[n % len(areas)]
        preference = rng.choice([None, None, Format.IN_PERSON, Format.ONLINE])
        district = rng.choice(["LS5", "LS6", "LS11"])
        event = accepted(area.name, rng.uniform(0, 400), preference, district)
        ops.append(placements.on_referral_accepted(event, meta("accepted"), c.uow(), c.ctx))
    for area in areas:
        for referral_id in area.members[:2]:
            ops.append(
                placements.leave(referral_id, LeaveReason.MOVED_AWAY, c.uow(), c.ctx, any_area)
            )
        for referral_id in area.offered[:2]:
            ops.append(placements.decline(referral_id, c.uow(), c.ctx, any_area))
        news = closed(area.waiting[0])
        ops.append(closures.on_referral_closed(news, meta("closed"), c.uow(), c.ctx))
        grown = area.groups[0]
        ops.append(
            group_lifecycle.update_group(
                grown.id, UpdateGroup(capacity=grown.capacity + 2), c.uow(), c.ctx, any_area
            )
        )
    rng.shuffle(ops)
    return ops


async def stored(c: Container, area: Area) -> tuple[list[Group], list[Placement]]:
    async with c.uow() as uow:
        groups = await uow.groups.in_areas([area.name])
        rows = await uow.session.execute(
            sa.select(orm.placements.c.referral_id).where(orm.placements.c.area == area.name)
        )
        found = [await uow.placements.get(r.referral_id) for r in rows]
    return groups, [p for p in found if p is not None]


def queue_jumps(group_of: dict[uuid.UUID, Group], people: list[Placement]) -> list[str]:
    """Offers made while someone ahead of the person, who fits the group, was waiting."""
    jumps = []
    for q in people:
        if q.offered_at is None or q.group_id is None:
            continue
        group = group_of[q.group_id]
        for p in people:
            if p is q or p.waiting_since is None or p.status is PlacementStatus.CANCELLED:
                continue
            waited_then = p.waiting_since < q.offered_at
            passed_over = p.offered_at is None or p.offered_at > q.offered_at
            ahead = q.waiting_since is None or waiting_order(p) < waiting_order(q)
            if waited_then and passed_over and ahead and p.fits(group):
                jumps.append(f"{q.referral_id} offered {group.name} ahead of {p.referral_id}")
    return jumps


def free_places_left_over(groups: list[Group], people: list[Placement]) -> list[str]:
    waiting = [p for p in people if p.status is PlacementStatus.WAITING]
    return [
        f"{g.name} has {g.free_places} free while {len(fits)} who fit it wait"
        for g in groups
        if g.takes_people and g.free_places > 0
        for fits in [[p for p in waiting if p.fits(g)]]
        if fits
    ]


async def test_fifty_placements_racing_with_leavers_keep_capacity_and_list_order(
    container: Container,
) -> None:
    rng = random.Random(SEED)
    areas = [await seeded_area(container, rng) for _ in range(AREAS)]
    ops = race(container, areas, rng)
    started = time.perf_counter()
    await asyncio.gather(*ops)
    elapsed = time.perf_counter() - started
    print(
        f"\nplacement race: {ARRIVALS} placements and {len(ops) - ARRIVALS} leaves, declines, "
        f"closures and capacity changes over {AREAS} areas in {elapsed:.2f} s: "
        f"{ARRIVALS / elapsed:.1f} placements/s"
    )
    for index, area in enumerate(areas):
        groups, people = await stored(container, area)
        assert len(people) == 7 + 3 + len(range(index, ARRIVALS, AREAS))
        for g in groups:
            held = [
                p
                for p in people
                if p.group_id == g.id
                and p.status in (PlacementStatus.MEMBER, PlacementStatus.OFFERED)
            ]
            assert len(held) <= g.capacity, f"{g.name} holds {len(held)} of {g.capacity}"
        assert free_places_left_over(groups, people) == []
        assert queue_jumps({g.id: g for g in groups}, people) == []
        waiting = await placements.waiting_list(area.name, container.uow())
        assert [waiting_order(p) for p in waiting] == sorted(waiting_order(p) for p in waiting)


def test_a_queue_jump_is_seen() -> None:
    """The check itself can fail: an offer made over the head of someone waiting."""
    group = Group.__new__(Group)
    group.id, group.name, group.format = uuid.uuid4(), "Kirkstall", Format.IN_PERSON
    t = [datetime(2026, 12, 4, 9, m) for m in range(4)]
    ahead = accepted("x", 30)
    behind = accepted("x", 10)
    p = _placement(ahead.referral_id, ahead.received_at, waiting_since=t[0])
    q = _placement(behind.referral_id, behind.received_at, waiting_since=t[1], offered_at=t[2])
    q.group_id, q.status = group.id, PlacementStatus.OFFERED
    assert queue_jumps({group.id: group}, [p, q]) != []
    p.offered_at, p.status, p.group_id = t[1], PlacementStatus.OFFERED, group.id
    assert queue_jumps({group.id: group}, [p, q]) == []


def _placement(
    referral_id: uuid.UUID,
    received_at: datetime,
    *,
    waiting_since: datetime,
    offered_at: datetime | None = None,
) -> Placement:
    return Placement(
        referral_id=referral_id,
        person_id=uuid.uuid4(),
        area="x",
        postcode_district="LS5",
        format_preference=None,
        received_at=received_at,
        accepted_at=received_at,
        waiting_since=waiting_since,
        offered_at=offered_at,
    )
