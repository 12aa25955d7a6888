"""Use cases of a session's register: lines taken, and who came when."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from groups import events
from groups.domain.attendance import (
    SNOMED_CODES,
    Attendance,
    first_attended,
    regular_attender,
)
from groups.domain.commands import RegisterLine
from groups.domain.errors import RuleBroken
from groups.domain.placement import PlacementStatus
from groups.service_layer import sessions
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


async def record_attendance(
    session_id: uuid.UUID,
    lines: Sequence[RegisterLine],
    uow: UnitOfWork,
    ctx: Context,
    check: AreaCheck,
) -> list[RegisterEntry]:
    """One register line per member: every line is checked before any is written."""
    async with uow:
        session, group = await sessions.session_and_group(session_id, uow, check)
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
        session, _ = await sessions.session_and_group(session_id, uow, check)
        entries = []
        for referral_id in await uow.sessions.register(session.id):
            placement = await uow.placements.get(referral_id)
            assert placement is not None
            history = await uow.sessions.history(referral_id, session.starts_at)
            entries.append(RegisterEntry.of(referral_id, placement.person_id, history))
    return entries
