"""Use cases of sessions: the calendar kept ahead, and sessions held, cancelled or moved."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from groups import events
from groups.domain.errors import Conflict, IllegalTransition, NotFound
from groups.domain.model import Group
from groups.domain.sessions import Session
from groups.service_layer import publishing
from groups.service_layer.context import AreaCheck, Context
from groups.service_layer.unit_of_work import UnitOfWork


async def schedule_ahead(group: Group, uow: UnitOfWork, ctx: Context) -> list[Session]:
    """Put the schedule's next weeks on the calendar; slots already there are left alone."""
    now = ctx.now()
    added = []
    until = now + timedelta(weeks=ctx.weeks_ahead)
    for occurrence in group.schedule.occurrences(now, until, closed=ctx.bank_holidays):
        session = Session(
            id=uuid.uuid4(),
            group_id=group.id,
            slot_at=occurrence.starts_at,
            starts_at=occurrence.starts_at,
            ends_at=occurrence.ends_at,
        )
        if await uow.sessions.add_if_new(session):
            await ctx.publish(uow, publishing.session_scheduled(group, session))
            added.append(session)
    return added


async def record_held_session(
    group_id: uuid.UUID,
    starts_at: datetime,
    minutes: int | None,
    uow: UnitOfWork,
    ctx: Context,
    check: AreaCheck,
) -> Session:
    async with uow:
        group = await uow.groups.get(group_id)
        if group is None:
            raise NotFound(f"no group {group_id}")
        check(group.area)
        if not group.takes_people:
            raise IllegalTransition("the group", group.status.value, "record a session")
        length = minutes or group.schedule.duration_minutes
        session = Session.held(group.id, starts_at, length, ctx.now())
        if not await uow.sessions.add_if_new(session):
            raise Conflict("the group already has a session starting at this time")
        await ctx.publish(uow, publishing.session_scheduled(group, session))
        await uow.commit()
    return session


async def sweep_schedules(make: Callable[[], UnitOfWork], ctx: Context) -> int:
    """The periodic job: every open or full group's calendar, one transaction per group."""
    async with make() as uow:
        groups = await uow.groups.taking_people()
    added = 0
    for group in groups:
        async with make() as uow:
            added += len(await schedule_ahead(group, uow, ctx))
            await uow.commit()
    return added


async def cancel(
    session: Session, group: Group, reason: str | None, uow: UnitOfWork, ctx: Context
) -> None:
    session.cancel(reason)
    await uow.sessions.save(session)
    await ctx.publish(
        uow,
        events.SessionCancelled(
            group_id=group.id,
            area=group.area,
            session_id=session.id,
            starts_at=session.starts_at,
            reason=reason,
        ),
    )


async def session_and_group(
    session_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck
) -> tuple[Session, Group]:
    session = await uow.sessions.get(session_id, lock=True)
    if session is None:
        raise NotFound(f"no session {session_id}")
    group = await uow.groups.get(session.group_id)
    assert group is not None
    check(group.area)
    return session, group


async def cancel_session(
    session_id: uuid.UUID, reason: str | None, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Session:
    async with uow:
        session, group = await session_and_group(session_id, uow, check)
        await cancel(session, group, reason, uow, ctx)
        await uow.commit()
    return session


async def reschedule_session(
    session_id: uuid.UUID, starts_at: datetime, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Session:
    async with uow:
        session, group = await session_and_group(session_id, uow, check)
        previous = session.reschedule(starts_at, ctx.now())
        await uow.sessions.save(session)
        await ctx.publish(
            uow,
            events.SessionRescheduled(
                group_id=group.id,
                area=group.area,
                session_id=session.id,
                previous_starts_at=previous,
                starts_at=session.starts_at,
                ends_at=session.ends_at,
            ),
        )
        await uow.commit()
    return session
