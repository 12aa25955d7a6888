"""Who may read a group or take its register: coordinators by area, facilitators by roster.

A facilitator's token names their volunteer id. They reach only the groups they lead
(their roster) and those groups' sessions and registers; anything else is 403.
"""

from __future__ import annotations

import uuid
from typing import Annotated

from fastapi import Depends, HTTPException

from groups.entrypoints.deps import Deps, area_check
from groups.service_layer import facilitation
from groups.service_layer.context import AreaCheck, any_area
from groups.service_layer.queries import GroupView
from t2t_shared.auth import Principal
from t2t_shared.http.security import require_roles

Viewer = Annotated[Principal, Depends(require_roles("coordinator", "ops", "admin", "facilitator"))]
Recorder = Annotated[Principal, Depends(require_roles("coordinator", "admin", "facilitator"))]

NOT_THEIRS = "A facilitator may only see and record the groups they lead"


def volunteer_of(principal: Principal) -> uuid.UUID:
    try:
        return uuid.UUID(principal.volunteer_id or "")
    except ValueError:
        raise HTTPException(403, "This facilitator token names no valid volunteer id") from None


async def for_group(principal: Principal, group_id: uuid.UUID, deps: Deps) -> AreaCheck:
    """The check the use case applies: the caller's areas, or, for a facilitator, the roster."""
    if principal.role != "facilitator":
        return area_check(principal)
    if not await facilitation.leads(volunteer_of(principal), group_id, deps.uow()):
        raise HTTPException(403, NOT_THEIRS)
    return any_area


async def for_session(principal: Principal, session_id: uuid.UUID, deps: Deps) -> AreaCheck:
    if principal.role != "facilitator":
        return area_check(principal)
    group_id = await facilitation.group_of_session(session_id, deps.uow())
    return await for_group(principal, group_id, deps)


async def led_groups(principal: Principal, deps: Deps) -> list[GroupView]:
    return await facilitation.led_groups(volunteer_of(principal), deps.uow())
