"""Locking the group a person holds a place in, before changing their placement.

A placement that holds a place (offered, member) changes only under its group's lock, so
the group's counts and the person's state move together. The person's group is read
before the lock is taken; if they were moved meanwhile, the attempt is undone and made
again with the group they are in now.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from groups.domain.errors import Contended, IllegalTransition, NotFound
from groups.domain.model import Group
from groups.domain.placement import Placement
from groups.service_layer.context import AreaCheck, any_area
from groups.service_layer.places import ATTEMPTS
from groups.service_layer.unit_of_work import UnitOfWork


@dataclass
class Held:
    placement: Placement
    groups: dict[uuid.UUID, Group]

    @property
    def holding(self) -> Group | None:
        """The group the person holds a place in, locked; None when they hold none."""
        return self.groups.get(self.placement.group_id) if self.placement.group_id else None

    def group(self, action: str) -> Group:
        """The group the person holds a place in; 409 when they hold none."""
        if self.holding is None:
            raise IllegalTransition("the placement", self.placement.status.value, action)
        return self.holding


async def holding(
    referral_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck, also: Sequence[uuid.UUID] = ()
) -> Held:
    """The placement read again under the lock of its group (and of the groups in `also`)."""
    for _ in range(ATTEMPTS):
        found = await uow.placements.get(referral_id)
        if found is None:
            raise NotFound(f"no placement for referral {referral_id}")
        check(found.area)
        wanted = {*also, *([found.group_id] if found.group_id else [])}
        async with uow.attempt() as attempt:
            groups = await uow.groups.lock_many(sorted(wanted)) if wanted else []
            placement = await uow.placements.get(referral_id)
            assert placement is not None
            if placement.group_id == found.group_id:
                return Held(placement, {g.id: g for g in groups})
            await attempt.undo()  # moved (or offered) meanwhile: lock its group instead
    raise Contended(f"the placement of referral {referral_id} kept changing: try again")


async def pending(referral_id: uuid.UUID, uow: UnitOfWork) -> Held:
    """The placement locked for cancelling: a waiting one by its own row (it holds no
    place), one holding a place by its group's lock; settled ones come back unlocked."""
    for _ in range(ATTEMPTS):
        waiting = await uow.placements.claim_waiting(referral_id)
        if waiting is not None:
            return Held(waiting, {})
        held = await holding(referral_id, uow, any_area)
        if held.holding is not None or not held.placement.pending:
            return held
        # Waiting again (an offer withdrawn meanwhile): claim its row this time.
    raise Contended(f"the placement of referral {referral_id} kept changing: try again")
