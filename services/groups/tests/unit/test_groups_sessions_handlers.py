"""Sessions through the service layer: the calendar, changes to it, and the register."""

from __future__ import annotations

import uuid
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from groups import events
from groups.adapters.bank_holidays import EnglandAndWalesBankHolidays
from groups.domain.attendance import Attendance
from groups.domain.commands import RegisterLine
from groups.domain.errors import Conflict, IllegalTransition, RuleBroken
from groups.domain.placement import Placement
from groups.service_layer import attendance, placements, sessions
from groups.service_layer.context import Context, any_area

from .conftest import MovableClock, make_group, refer
from .fakes import FakeUnitOfWork

P, A, X = Attendance.PRESENT, Attendance.APOLOGIES, Attendance.ABSENT


async def members(uow: FakeUnitOfWork, ctx: Context, n: int) -> tuple[uuid.UUID, list[Placement]]:
    group = await make_group(uow, ctx, capacity=n)
    joined = []
    for _ in range(n):
        p = await refer(uow, ctx)
        joined.append(await placements.accept(p.referral_id, uow, ctx, any_area))
    return group.id, joined


def calendar(uow: FakeUnitOfWork, group_id: uuid.UUID) -> list[uuid.UUID]:
    found = [s for s in uow.store.sessions.values() if s.group_id == group_id]
    return [s.id for s in sorted(found, key=lambda s: s.starts_at)]


async def test_opening_puts_eight_weeks_on_the_calendar_and_the_sweep_adds_no_twins(
    uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    group = await make_group(uow, ctx)
    assert len(calendar(uow, group.id)) == 8
    assert await sessions.sweep_schedules(uow, ctx) == 0
    clock.advance(weeks=1)
    assert await sessions.sweep_schedules(uow, ctx) == 1
    assert len(uow.outbox.of(events.SessionScheduled)) == 9


async def test_moved_and_cancelled_sessions_are_not_put_back(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group = await make_group(uow, ctx)
    first, second = calendar(uow, group.id)[:2]
    moved = await sessions.reschedule_session(
        first, ctx.now() + timedelta(days=3), uow, ctx, any_area
    )
    await sessions.cancel_session(second, "holiday", uow, ctx, any_area)
    assert await sessions.sweep_schedules(uow, ctx) == 0
    [rescheduled] = uow.outbox.of(events.SessionRescheduled)
    assert (rescheduled.starts_at, rescheduled.ends_at - rescheduled.starts_at) == (
        moved.starts_at,
        timedelta(minutes=90),
    )
    with pytest.raises(IllegalTransition) as refused:
        await sessions.cancel_session(second, None, uow, ctx, any_area)
    assert refused.value.current == "cancelled"


async def test_the_register_refuses_a_non_member_and_writes_nothing(
    uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    group_id, (member,) = await members(uow, ctx, 1)
    session = calendar(uow, group_id)[0]
    stranger = uuid.uuid4()
    lines = [RegisterLine(member.referral_id, P), RegisterLine(stranger, P)]
    with pytest.raises(RuleBroken) as early:
        await attendance.record_attendance(session, lines[:1], uow, ctx, any_area)
    assert early.value.kind == "session_not_started"
    clock.advance(days=8)
    with pytest.raises(RuleBroken) as refused:
        await attendance.record_attendance(session, lines, uow, ctx, any_area)
    assert refused.value.field == "1.referral_id"
    assert str(stranger) in refused.value.reason
    assert uow.store.attendance == {}


async def test_first_attendance_and_regular_attenders(
    uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    group_id, (keen, patchy) = await members(uow, ctx, 2)
    clock.advance(weeks=5)
    marks = {keen.referral_id: [A, P, P, P], patchy.referral_id: [P, X, X, P]}
    for week, session in enumerate(calendar(uow, group_id)[:4]):
        register = [RegisterLine(rid, marks[rid][week]) for rid in marks]
        await attendance.record_attendance(session, register, uow, ctx, any_area)
    recorded = uow.outbox.of(events.AttendanceRecorded)
    keen_lines = [
        (e.first_attended, e.regular_attender)
        for e in recorded
        if e.referral_id == keen.referral_id
    ]
    assert keen_lines == [(False, False), (True, False), (False, False), (False, True)]
    patchy_lines = [e.first_attended for e in recorded if e.referral_id == patchy.referral_id]
    assert patchy_lines == [True, False, False, False]
    # Absent lines carry SNOMED CT 281399006 |Did not attend|; present and apologies none.
    dna = "281399006"
    assert [e.snomed_code for e in recorded if e.referral_id == patchy.referral_id] == [
        None,
        dna,
        dna,
        None,
    ]
    assert [e.snomed_code for e in recorded if e.referral_id == keen.referral_id] == [None] * 4
    assert all(e.group_id == group_id and e.area == "leeds" for e in recorded)
    register = await attendance.register(calendar(uow, group_id)[3], uow, any_area)
    assert {(e.referral_id, e.regular_attender) for e in register} == {
        (keen.referral_id, True),
        (patchy.referral_id, False),
    }


async def test_a_held_session_in_the_past_takes_a_register_and_a_future_one_is_refused(
    uow: FakeUnitOfWork, ctx: Context
) -> None:
    group_id, [member] = await members(uow, ctx, 1)
    started = ctx.now() - timedelta(days=7)
    held = await sessions.record_held_session(group_id, started, None, uow, ctx, any_area)
    assert (held.starts_at, held.ends_at - held.starts_at) == (started, timedelta(minutes=90))
    [entry] = await attendance.record_attendance(
        held.id, [RegisterLine(member.referral_id, P)], uow, ctx, any_area
    )
    assert entry.first_attended
    with pytest.raises(RuleBroken) as future:
        await sessions.record_held_session(
            group_id, ctx.now() + timedelta(hours=1), None, uow, ctx, any_area
        )
    assert future.value.kind == "session_in_future"
    with pytest.raises(Conflict):
        await sessions.record_held_session(group_id, started, None, uow, ctx, any_area)


async def test_a_group_not_yet_open_records_no_session(uow: FakeUnitOfWork, ctx: Context) -> None:
    group = await make_group(uow, ctx, opened=False)
    with pytest.raises(IllegalTransition):
        await sessions.record_held_session(
            group.id, ctx.now() - timedelta(days=1), None, uow, ctx, any_area
        )


async def test_the_calendar_skips_a_bank_holiday_and_never_puts_it_back(
    uow: FakeUnitOfWork, ctx: Context, clock: MovableClock
) -> None:
    """Boxing Day 2027 is a Sunday: Tuesday 28 December is the bank holiday in lieu."""
    clock.now = datetime(2027, 12, 1, 9, 0, tzinfo=UTC)
    ctx = replace(ctx, bank_holidays=EnglandAndWalesBankHolidays())
    group = await make_group(uow, ctx)  # weekly on Tuesdays, 18:30
    days = [uow.store.sessions[s].starts_at.date() for s in calendar(uow, group.id)]
    assert date(2027, 12, 21) in days
    assert date(2027, 12, 28) not in days
    assert len(days) == 7  # eight Tuesdays in the eight weeks ahead, one of them a holiday
    clock.advance(weeks=4)
    await sessions.sweep_schedules(uow, ctx)
    days = [uow.store.sessions[s].starts_at.date() for s in calendar(uow, group.id)]
    assert date(2027, 12, 28) not in days
    assert days[-1] == date(2028, 2, 22)
