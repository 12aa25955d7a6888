"""Use cases of sessions: the calendar kept ahead, changes to it, and the register."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from groups import events
from groups.domain.attendance import (
    SNOMED_CODES,
    Attendance,
    first_attended,
    regular_attender,
)
from groups.domain.commands import RegisterLine
from groups.domain.errors import Conflict, IllegalTransition, NotFound, RuleBroken
from groups.domain.model import Group
from groups.domain.placement import PlacementStatus
from groups.domain.sessions import Session
from groups.service_layer import messages
from groups.service_layer.context import AreaCheck, Context
from groups.service_layer.unit_of_work import UnitOfWork


@dataclass(frozen=True)
class RegisterEntry:
    referral_id: uuid.UUID
    person_id: uuid.UUID
    attendance: Attendance
    first_attended: bool
    regular_attender: bool

    @classmethod
    def of(
        cls, referral_id: uuid.UUID, person_id: uuid.UUID, history: list[Attendance]
    ) -> RegisterEntry:
        """`history`: the member's lines oldest first, ending with this session's."""
        return cls(
            referral_id=referral_id,
            person_id=person_id,
            attendance=history[-1],
            first_attended=first_attended(history),
            regular_attender=regular_attender(history),
        )


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
            await ctx.publish(uow, messages.session_scheduled(group, session))
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
        await ctx.publish(uow, messages.session_scheduled(group, session))
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


async def _session_and_group(
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
        session, group = await _session_and_group(session_id, uow, check)
        await cancel(session, group, reason, uow, ctx)
        await uow.commit()
    return session


async def reschedule_session(
    session_id: uuid.UUID, starts_at: datetime, uow: UnitOfWork, ctx: Context, check: AreaCheck
) -> Session:
    async with uow:
        session, group = await _session_and_group(session_id, uow, check)
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


async def record_attendance(
    session_id: uuid.UUID,
    lines: Sequence[RegisterLine],
    uow: UnitOfWork,
    ctx: Context,
    check: AreaCheck,
) -> list[RegisterEntry]:
    """One register line per member: every line is checked before any is written."""
    async with uow:
        session, group = await _session_and_group(session_id, uow, check)
        session.check_register(ctx.now())
        members = {
            p.referral_id: p
            for p in await uow.placements.in_group(group.id, PlacementStatus.MEMBER)
        }
        seen: set[uuid.UUID] = set()
        for index, line in enumerate(lines):
            if line.referral_id not in members:
                raise RuleBroken(
                    f"{index}.referral_id",
                    f"{line.referral_id} is not a member of this group",
                    "not_a_member",
                )
            if line.referral_id in seen:
                raise RuleBroken(f"{index}.referral_id", "listed twice", "duplicate")
            seen.add(line.referral_id)
        recorded = []
        for line in lines:
            await uow.sessions.record(session.id, line.referral_id, line.attendance, ctx.now())
            history = await uow.sessions.history(line.referral_id, session.starts_at)
            member = members[line.referral_id]
            entry = RegisterEntry.of(member.referral_id, member.person_id, history)
            await ctx.publish(
                uow,
                events.AttendanceRecorded(
                    referral_id=member.referral_id,
                    person_id=member.person_id,
                    area=member.area,
                    group_id=group.id,
                    session_id=session.id,
                    session_starts_at=session.starts_at,
                    attendance=entry.attendance.value,
                    first_attended=entry.first_attended,
                    regular_attender=entry.regular_attender,
                    snomed_code=SNOMED_CODES.get(entry.attendance),
                ),
            )
            recorded.append(entry)
        await uow.commit()
    return recorded


async def register(session_id: uuid.UUID, uow: UnitOfWork, check: AreaCheck) -> list[RegisterEntry]:
    async with uow:
        session, _ = await _session_and_group(session_id, uow, check)
        entries = []
        for referral_id in await uow.sessions.register(session.id):
            placement = await uow.placements.get(referral_id)
            assert placement is not None
            history = await uow.sessions.history(referral_id, session.starts_at)
            entries.append(RegisterEntry.of(referral_id, placement.person_id, history))
    return entries
